/**
 * Two small {@link LearnerEnv}s with exactly known dynamics, for the learner's analytic tests and its
 * speed bench: a chain MDP and an open gridworld with Minigrid's moves.
 *
 * @module
 */

import {
  restoreArrays,
  restoreRng,
  rngState,
  saveArrays,
  type StateArray,
  type StateTree,
} from "../checkpoint/mod.ts";
import type { Rng } from "../rng/mod.ts";
import type { LearnerEnv } from "./env.ts";

/**
 * What both toy envs share: B envs with C observation components, the step's outputs, and a
 * checkpoint of those arrays. `truncated` is never set: the learner's time limit cuts episodes.
 */
abstract class ToyEnv implements LearnerEnv {
  readonly numEnvs: number;
  abstract readonly numActions: number;
  abstract readonly componentSizes: readonly number[];
  abstract readonly featureComponents: readonly [number, number];
  readonly observations: Int32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;

  /** Zeroed arrays for `numEnvs` envs of `components` components. */
  constructor(numEnvs: number, components: number) {
    this.numEnvs = numEnvs;
    this.observations = new Int32Array(components * numEnvs);
    this.rewards = new Float32Array(numEnvs);
    this.terminated = new Uint8Array(numEnvs);
    this.truncated = new Uint8Array(numEnvs);
  }

  abstract reset(envIndex: number): void;
  abstract step(actions: Int32Array): void;

  /** The arrays of the state. */
  #arrays(): Record<string, StateArray> {
    const { observations, rewards, terminated, truncated } = this;
    return { observations, rewards, terminated, truncated };
  }

  /** Observations and the last step's results. */
  saveState(): StateTree {
    return saveArrays(this.#arrays());
  }

  /** Restores a state saved by `saveState`. */
  loadState(state: StateTree): void {
    restoreArrays(this.#arrays(), state);
  }
}

/** A chain's shape. */
export interface ChainOptions {
  /** Number of states n; the agent starts in state 0. */
  states: number;
  /** Probability that an action moves the agent (otherwise it stays). */
  moveProbability: number;
  /** Whether the last state is terminal (reward 1); otherwise the chain is reflecting. */
  terminalEnd: boolean;
  /** Number of chains stepped together. */
  numEnvs: number;
  /** Stream for the slips. */
  rng: Rng;
}

/**
 * A chain of n states, actions 0 = left and 1 = right, each moving with probability
 * `moveProbability` (clamped at the ends). Observation: (x, y) = (state, 0).
 */
export class ChainEnv extends ToyEnv {
  /** Left and right. */
  readonly numActions = 2;
  /** x in 0..n−1, y always 0. */
  readonly componentSizes: readonly number[];
  /** z = (x, y). */
  readonly featureComponents = [0, 1] as const;
  readonly #opts: ChainOptions;

  /** `opts.numEnvs` chains, each to be reset before stepping; reward 1 on entering the end. */
  constructor(opts: ChainOptions) {
    super(opts.numEnvs, 2);
    this.#opts = opts;
    this.componentSizes = [opts.states, 1];
  }

  /** Puts chain `envIndex` in state 0. */
  reset(envIndex: number): void {
    this.observations[2 * envIndex] = 0;
  }

  /** Observations, last step's results and the slip stream. */
  override saveState(): StateTree {
    return { ...super.saveState(), rng: rngState(this.#opts.rng) };
  }

  /** Restores a state saved by {@link ChainEnv.saveState}. */
  override loadState(state: StateTree): void {
    super.loadState(state);
    restoreRng(this.#opts.rng, state, "rng");
  }

  /** Moves each chain left or right with probability `moveProbability`. */
  step(actions: Int32Array): void {
    const { states, moveProbability, terminalEnd, rng } = this.#opts;
    for (let e = 0; e < this.numEnvs; e++) {
      const x = this.observations[2 * e];
      const moved = rng.uniform() < moveProbability;
      const next = moved ? Math.min(states - 1, Math.max(0, x + (actions[e] === 1 ? 1 : -1))) : x;
      this.observations[2 * e] = next;
      const end = terminalEnd && next === states - 1 ? 1 : 0;
      this.terminated[e] = end;
      this.rewards[e] = end;
    }
  }

  /**
   * The exact transition law P(x' | x, a) of one chain, as `P[x][a][x']`; with a terminal end, the
   * last state is absorbing.
   */
  transitionLaw(): number[][][] {
    const { states: n, moveProbability: p, terminalEnd } = this.#opts;
    return Array.from({ length: n }, (_, x) =>
      [0, 1].map((a) => {
        const row = new Array<number>(n).fill(0);
        if (terminalEnd && x === n - 1) {
          row[x] = 1;
          return row;
        }
        row[Math.min(n - 1, Math.max(0, x + (a === 1 ? 1 : -1)))] += p;
        row[x] += 1 - p;
        return row;
      }));
  }
}

/**
 * An open `size` × `size` room with Minigrid's moves: 0 turn left, 1 turn right, 2 forward (walls
 * block), and the other Minigrid actions (3–6) doing nothing. The agent starts at (0, 0) facing
 * east; reaching (size−1, size−1) ends the episode with reward 1. Observation: (dir, x, y), as
 * Minigrid-Empty's symbolic observation.
 */
export class OpenRoomEnv extends ToyEnv {
  /** Minigrid's 7 actions. */
  readonly numActions = 7;
  /** dir (4), x (size), y (size). */
  readonly componentSizes: readonly number[];
  /** z = (x, y). */
  readonly featureComponents = [1, 2] as const;
  readonly #size: number;

  /** `numEnvs` rooms of `size` × `size` cells, each to be reset before stepping. */
  constructor(opts: { size: number; numEnvs: number }) {
    super(opts.numEnvs, 3);
    this.#size = opts.size;
    this.componentSizes = [4, opts.size, opts.size];
  }

  /** Puts room `envIndex`'s agent at (0, 0) facing east. */
  reset(envIndex: number): void {
    this.observations.fill(0, 3 * envIndex, 3 * envIndex + 3);
  }

  /** Turns or moves each agent. */
  step(actions: Int32Array): void {
    const o = this.observations, last = this.#size - 1;
    for (let e = 0; e < this.numEnvs; e++) {
      const dir = o[3 * e];
      if (actions[e] === 0) o[3 * e] = (dir + 3) & 3;
      else if (actions[e] === 1) o[3 * e] = (dir + 1) & 3;
      else if (actions[e] === 2) {
        // Directions as Minigrid: 0 east, 1 south, 2 west, 3 north.
        const dx = dir === 0 ? 1 : dir === 2 ? -1 : 0, dy = dir === 1 ? 1 : dir === 3 ? -1 : 0;
        o[3 * e + 1] = Math.min(last, Math.max(0, o[3 * e + 1] + dx));
        o[3 * e + 2] = Math.min(last, Math.max(0, o[3 * e + 2] + dy));
      }
      const goal = o[3 * e + 1] === last && o[3 * e + 2] === last ? 1 : 0;
      this.terminated[e] = goal;
      this.rewards[e] = goal;
    }
  }
}
