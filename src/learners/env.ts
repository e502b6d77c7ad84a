/**
 * The environment the off-policy actor-critic learns on: B environments stepped together, with
 * symbolic observations (minigrid-experiments.md §2). A Minigrid adapter implements it on the
 * batched port; the tests implement it on a chain and a tiny gridworld.
 *
 * @module
 */

import type { Checkpointable } from "../checkpoint/mod.ts";

/**
 * B environments with symbolic observations and discrete actions; their whole state (positions,
 * layouts, step counters, random streams) can be saved for checkpoints.
 */
export interface LearnerEnv extends Checkpointable {
  /** Number of environments B. */
  readonly numEnvs: number;
  /** Number of discrete actions. */
  readonly numActions: number;
  /** Cardinality of each observation component. */
  readonly componentSizes: readonly number[];
  /** Components holding the agent's x and y: the feature z of the bonus and the metrics. */
  readonly featureComponents: readonly [number, number];
  /** Current observation of each env: B × C components. */
  readonly observations: Int32Array;
  /** Reward of each env's last step (the learner uses it as given: binarise it in the adapter). */
  readonly rewards: Float32Array;
  /** 1 where the last step ended the episode in a terminal state. */
  readonly terminated: Uint8Array;
  /** 1 where the last step hit the env's own step budget. */
  readonly truncated: Uint8Array;
  /** Starts a new episode in env `envIndex` and writes its first observation. */
  reset(envIndex: number): void;
  /** Applies one action per env; writes observations, rewards and flags. */
  step(actions: Int32Array): void;
}
