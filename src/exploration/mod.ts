/**
 * The five exploration variants of the Minigrid learner behind one interface (objective.md §6):
 *
 * | id | α_sac | α_∞ | N | model | λ sets |
 * |---|---|---|---|---|---|
 * | `none` | 0 | 0 | 1 | – | – |
 * | `action` | 0.002 | 0 | 1 | – ("SAC") | α_sac |
 * | `state` | 0 | 0.01 | 1 | MV | α_∞ |
 * | `joint` | 0.002 | 0.01 | 1 | MV ("OPAC+MV") | α_∞ |
 * | `future-kl` | 0.002 | 0.01 | 10 | CV ("OPAC+CV") | α_∞ |
 *
 * @module
 */

import type { Variant } from "../results/schema.ts";
import { ACTION } from "./action.ts";
import type {
  Exploration,
  ExplorationOptions,
  VariantModule,
  VariantWeights,
} from "./exploration.ts";
import { FUTURE_KL } from "./future_kl.ts";
import { JOINT } from "./joint.ts";
import { NONE } from "./none.ts";
import { STATE } from "./state.ts";

export * from "./exploration.ts";
export { FutureKl, futureSource, geometric } from "./future_kl.ts";
export { MarginalVisitation } from "./state.ts";
export { NoVisitationBonus } from "./none.ts";
export { Adam, type AdamSettings, CONSTANT_BIAS, Mlp, type MlpOptions, orthogonal } from "./mlp.ts";
export { Logits, OneHotRows, SymbolicLayout } from "./symbolic.ts";

/** Each variant's module, by suite id. */
export const VARIANT_MODULES: Readonly<Record<Variant, VariantModule>> = {
  none: NONE,
  action: ACTION,
  state: STATE,
  joint: JOINT,
  "future-kl": FUTURE_KL,
};

/**
 * α_sac, α_∞ and N of `variant`; a benchmark's `lambda`, when given, replaces the weight the
 * variant's λ stands for (α_sac for `action`, α_∞ for `state`, `joint` and `future-kl`).
 */
export function variantWeights(variant: Variant, lambda?: number): VariantWeights {
  const mod = VARIANT_MODULES[variant];
  const weights = { ...mod.weights };
  if (lambda !== undefined && mod.lambdaSets) weights[mod.lambdaSets] = lambda;
  return weights;
}

/** Builds `variant`'s bonus model. */
export function createExploration(variant: Variant, options: ExplorationOptions): Exploration {
  return VARIANT_MODULES[variant].create(options);
}
