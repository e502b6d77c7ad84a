/**
 * The lockstep learner: R runs of the off-policy actor-critic on one env trained together in
 * batched tensor programs (stacked parameters [R, in + 1, out], one batched product per layer),
 * each run ending exactly as it would alone.
 *
 * @module
 */

export * from "./lockstep_ac.ts";
export { StackedAdam, type StackedAdamSettings, stackedMatMul, StackedMlp } from "./stacked_mlp.ts";
