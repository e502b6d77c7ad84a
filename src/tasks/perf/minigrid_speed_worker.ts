/**
 * Worker side of `perf/minigrid`: one slice of a batch (a {@link MinigridVecEnv} with auto-reset)
 * kept in this worker's module between calls, built by {@link setupSlice} and stepped by
 * {@link stepSlice} with uniform random actions.
 *
 * @module
 */

import { MinigridVecEnv, NUM_ACTIONS } from "../../envs/minigrid/mod.ts";
import { Rng } from "../../rng/mod.ts";
import { workerTask } from "../../workers/pool.ts";

/** What a worker simulates. */
export interface SpeedSetup {
  /** Env id. */
  envId: string;
  /** Envs in this worker's slice. */
  numEnvs: number;
  /** Global index of the slice's first env. */
  firstEnv: number;
  /** The run's seed. */
  seed: number;
}

let env: MinigridVecEnv | null = null;
let actionRng: Rng | null = null;
let actions = new Int32Array(0);
let episodesEnded = 0;

/** Builds this worker's slice; resolves to the episodes ended so far (0). */
export function setupSlice(setup: SpeedSetup): number {
  const root = Rng.fromSeed(setup.seed).child("perf/minigrid", setup.envId);
  env = new MinigridVecEnv({
    envId: setup.envId,
    numEnvs: setup.numEnvs,
    firstEnv: setup.firstEnv,
    rng: root.child("layouts"),
  });
  actionRng = root.child("actions", setup.firstEnv);
  actions = new Int32Array(setup.numEnvs);
  episodesEnded = 0;
  return episodesEnded;
}

/**
 * Steps the slice `rounds` times, drawing every action afresh as a policy would; returns the
 * episodes ended so far.
 */
export function stepSlice(rounds: number): number {
  if (!env || !actionRng) throw new Error("rounds requested before setup");
  const { terminated, truncated } = env;
  for (let r = 0; r < rounds; r++) {
    for (let e = 0; e < actions.length; e++) actions[e] = actionRng.int(NUM_ACTIONS);
    env.step(actions);
    for (let e = 0; e < actions.length; e++) episodesEnded += terminated[e] | truncated[e];
  }
  return episodesEnded;
}

/** {@link setupSlice} as a worker-pool task. */
export const SETUP_SLICE = workerTask(import.meta.url, "setupSlice", setupSlice);

/** {@link stepSlice} as a worker-pool task. */
export const STEP_SLICE = workerTask(import.meta.url, "stepSlice", stepSlice);
