/**
 * B Minigrid environments of one env id that draw their own layouts: a {@link MinigridBatch}
 * plus the layout generators, one random stream per env and episode, optional auto-reset and
 * the optional symbolic observation.
 *
 * **Streams.** Episode k of env e (counting from 0) is laid out from `rng.child(e, k)`, where e
 * is the env's global index `firstEnv + local index`. A layout therefore depends only on the
 * root stream, e and k: not on B, on how envs are split over workers, or on other envs.
 *
 * **Auto-reset** (Gymnasium vector-env style, the "same-step" mode of gymnasium 0.29): when a step
 * ends an env's episode (terminated or truncated), the env starts its next episode within that
 * same step. After `step`, `rewards`, `terminated` and `truncated` are those of the step that
 * ended the episode, while the observation (image, agent position and direction, symbolic values)
 * is already the new episode's first one. The last observation of the ended episode is kept in
 * `finalObservations`, `finalAgentX/Y/Dir` and `finalSymbolic`, valid where the flags are set.
 *
 * @module
 */

import {
  restoreArrays,
  saveArrays,
  type StateArray,
  type StateTree,
  subtree,
} from "../../checkpoint/mod.ts";
import type { Rng } from "../../rng/mod.ts";
import { MinigridBatch } from "./batch_env.ts";
import type { MinigridEnvSpec } from "./env_specs.ts";
import { generatedEnvSpec, generateLayout } from "./generators/mod.ts";
import type { MinigridLayout } from "./layout.ts";
import { OBS_SIZE } from "./observation.ts";
import { SymbolicObservations, symbolicSpec } from "./symbolic.ts";

/** What a {@link MinigridVecEnv} simulates. */
export interface MinigridVecEnvOptions {
  /** Env id, one of the ids `generateLayout` knows. */
  envId: string;
  /** Number of environments B. */
  numEnvs: number;
  /** Root stream; env e's episode k is laid out from `rng.child(e, k)`. */
  rng: Rng;
  /** Global index of the first env, for a slice of a larger batch (default 0). */
  firstEnv?: number;
  /** Start the next episode inside the step that ends one (default true). */
  autoReset?: boolean;
  /** Keep the symbolic observation up to date (default false; Empty, Crossing, FourRooms). */
  symbolic?: boolean;
}

/** B envs of one id with generated layouts; every env has started its first episode. */
export class MinigridVecEnv {
  /** The env id's size, budget and success rule. */
  readonly spec: MinigridEnvSpec;
  /** Number of environments B. */
  readonly numEnvs: number;
  /** Global index of env 0. */
  readonly firstEnv: number;
  /** Whether a step that ends an episode starts the next one. */
  readonly autoReset: boolean;
  /** The simulator: images, agent state, rewards and flags. */
  readonly batch: MinigridBatch;
  /** Episodes started per env, the current one included. */
  readonly episodes: Int32Array;
  /** The symbolic observations, when asked for. */
  readonly symbolic: SymbolicObservations | null;
  /** With auto-reset: the image that ended each episode (B × 147), where a flag is set. */
  readonly finalObservations: Uint8Array;
  /** With auto-reset: the agent's x when its episode ended. */
  readonly finalAgentX: Int32Array;
  /** With auto-reset: the agent's y when its episode ended. */
  readonly finalAgentY: Int32Array;
  /** With auto-reset: the agent's direction when its episode ended. */
  readonly finalAgentDir: Int32Array;
  /** With auto-reset and symbolic: the symbolic observation that ended each episode (B × C). */
  readonly finalSymbolic: Int32Array;
  readonly #rng: Rng;

  /**
   * B envs of `envId`, each with its first layout loaded. Throws a UsageError for an unknown id,
   * or for `symbolic` on an id without a symbolic observation.
   */
  constructor(options: MinigridVecEnvOptions) {
    const { envId, numEnvs, rng, firstEnv = 0, autoReset = true } = options;
    if (!Number.isInteger(firstEnv) || firstEnv < 0) {
      throw new RangeError(`firstEnv must be an integer >= 0, got ${firstEnv}`);
    }
    const spec = this.spec = generatedEnvSpec(envId);
    this.numEnvs = numEnvs;
    this.firstEnv = firstEnv;
    this.autoReset = autoReset;
    this.#rng = rng;
    this.batch = new MinigridBatch({
      numEnvs,
      maxWidth: spec.width,
      maxHeight: spec.height,
    });
    this.episodes = new Int32Array(numEnvs);
    this.symbolic = options.symbolic
      ? new SymbolicObservations(symbolicSpec(envId), numEnvs)
      : null;
    this.finalObservations = new Uint8Array(numEnvs * OBS_SIZE);
    this.finalAgentX = new Int32Array(numEnvs);
    this.finalAgentY = new Int32Array(numEnvs);
    this.finalAgentDir = new Int32Array(numEnvs);
    this.finalSymbolic = new Int32Array(this.symbolic ? this.symbolic.values.length : 0);
    for (let e = 0; e < numEnvs; e++) this.reset(e);
  }

  /** The arrays besides the simulator's that a checkpoint restores. */
  #stateArrays(): Record<string, StateArray> {
    return {
      episodes: this.episodes,
      symbolic: this.symbolic?.values ?? new Int32Array(0),
      finalObservations: this.finalObservations,
      finalAgentX: this.finalAgentX,
      finalAgentY: this.finalAgentY,
      finalAgentDir: this.finalAgentDir,
      finalSymbolic: this.finalSymbolic,
    };
  }

  /**
   * A copy of the envs' state. Layouts need no stream state: episode k of env e is laid out from
   * `rng.child(e, k)`, so the episode counters are enough.
   */
  saveState(): StateTree {
    return { batch: this.batch.saveState(), ...saveArrays(this.#stateArrays()) };
  }

  /** Restores a state saved by {@link MinigridVecEnv.saveState} of the same id and size. */
  loadState(state: StateTree): void {
    this.batch.loadState(subtree(state, "batch"));
    restoreArrays(this.#stateArrays(), state);
  }

  /** Images of the current step, B × 7 × 7 × 3. */
  get observations(): Uint8Array {
    return this.batch.observations;
  }

  /** Rewards of the last step. */
  get rewards(): Float32Array {
    return this.batch.rewards;
  }

  /** 1 where the last step reached the goal, the lava or the target. */
  get terminated(): Uint8Array {
    return this.batch.terminated;
  }

  /** 1 where the last step used up the env's step budget. */
  get truncated(): Uint8Array {
    return this.batch.truncated;
  }

  /** The layout env `envIndex`'s next episode would start from (its stream for that episode). */
  nextLayout(envIndex: number): MinigridLayout {
    return generateLayout(
      this.spec.id,
      this.#rng.child(this.firstEnv + envIndex, this.episodes[envIndex]),
    );
  }

  /** Starts env `envIndex`'s next episode from its own stream; clears its reward and flags. */
  reset(envIndex: number): void {
    const layout = this.nextLayout(envIndex);
    this.batch.loadLayout(envIndex, layout);
    this.symbolic?.setLayout(envIndex, layout);
    this.episodes[envIndex]++;
  }

  /**
   * Applies one action per env (0..6); with auto-reset, starts the next episode of every env
   * whose episode this step ended, keeping the step's reward and flags (see the module docs).
   */
  step(actions: Int32Array): void {
    const batch = this.batch, sym = this.symbolic;
    batch.step(actions);
    const { agentX, agentY, agentDir, rewards, terminated, truncated } = batch;
    for (let e = 0; e < this.numEnvs; e++) {
      sym?.setAgent(e, agentX[e], agentY[e], agentDir[e]);
      if (!this.autoReset || (terminated[e] | truncated[e]) === 0) continue;
      this.finalObservations.set(
        batch.observations.subarray(e * OBS_SIZE, (e + 1) * OBS_SIZE),
        e * OBS_SIZE,
      );
      this.finalAgentX[e] = agentX[e];
      this.finalAgentY[e] = agentY[e];
      this.finalAgentDir[e] = agentDir[e];
      if (sym) {
        const c = sym.components;
        this.finalSymbolic.set(sym.values.subarray(e * c, (e + 1) * c), e * c);
      }
      const reward = rewards[e], term = terminated[e], trunc = truncated[e];
      this.reset(e);
      rewards[e] = reward;
      terminated[e] = term;
      truncated[e] = trunc;
    }
  }
}
