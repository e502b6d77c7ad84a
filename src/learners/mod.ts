/**
 * Learners: the off-policy actor-critic of the Minigrid runs (future-kl.md) and the small env
 * interface it learns on.
 *
 * @module
 */

export type { LearnerEnv } from "./env.ts";
export * from "./off_policy_ac.ts";
