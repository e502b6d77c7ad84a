/**
 * The 1-D hill task of paper 1 (spec hill.md): dynamics, a batched env, the discounted state
 * histogram, and batched rollouts of the linear-Gaussian policy with their per-rollout columns.
 *
 * @module
 */

export * from "./dynamics.ts";
export * from "./density.ts";
export * from "./future_kl.ts";
export { HillBatch } from "./hill_batch.ts";
export * from "./rollouts.ts";
