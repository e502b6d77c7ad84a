/**
 * Worker side of `perf/minigrid`: builds one slice of a batch (a {@link MinigridVecEnv} with
 * auto-reset) on `setup`, then on each `rounds` message steps it that many times with uniform
 * random actions and answers with the number of episodes ended so far.
 *
 * @module
 */

import { MinigridVecEnv, NUM_ACTIONS } from "../../envs/minigrid/mod.ts";
import { Rng } from "../../rng/mod.ts";

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

/** A worker's answer to a message. */
export type SpeedReply = { episodesEnded: number } | { error: string };

let env: MinigridVecEnv | null = null;
let actionRng: Rng | null = null;
let actions = new Int32Array(0);
let episodesEnded = 0;

/** Steps the slice `rounds` times, drawing every action afresh as a policy would. */
function run(rounds: number): void {
  if (!env || !actionRng) throw new Error("rounds requested before setup");
  const { terminated, truncated } = env;
  for (let r = 0; r < rounds; r++) {
    for (let e = 0; e < actions.length; e++) actions[e] = actionRng.int(NUM_ACTIONS);
    env.step(actions);
    for (let e = 0; e < actions.length; e++) episodesEnded += terminated[e] | truncated[e];
  }
}

self.onmessage = (e: MessageEvent<{ setup?: SpeedSetup; rounds?: number }>): void => {
  let reply: SpeedReply;
  try {
    const { setup, rounds } = e.data;
    if (setup) {
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
    } else {
      run(rounds ?? 0);
    }
    reply = { episodesEnded };
  } catch (err) {
    reply = { error: (err as Error).message };
  }
  (self as unknown as Worker).postMessage(reply);
};
