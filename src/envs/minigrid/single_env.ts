/**
 * One Minigrid environment with a plain interface, for tests and the trace replay: a
 * {@link MinigridBatch} of one env, read back as positions, encodings and booleans.
 *
 * @module
 */

import { MinigridBatch } from "./batch_env.ts";
import type { CellCode, MinigridLayout, Position } from "./layout.ts";
import { NUM_ACTIONS } from "./objects.ts";
import { OBS_SIZE } from "./observation.ts";

/** What one step returns. */
export interface StepOutcome {
  /** Reward of the step. */
  reward: number;
  /** The episode ended on the goal, lava or the target object. */
  terminated: boolean;
  /** The step budget is used up. */
  truncated: boolean;
}

/** A single env started from a layout. */
export class MinigridEnv {
  /** The batch of one env underneath. */
  readonly batch: MinigridBatch;
  readonly #action = new Int32Array(1);

  /** An env with `layout` loaded. */
  constructor(layout: MinigridLayout) {
    this.batch = new MinigridBatch({
      numEnvs: 1,
      maxWidth: layout.width,
      maxHeight: layout.height,
    });
    this.batch.loadLayout(0, layout);
  }

  /** Starts a new episode from `layout`, which must fit the first layout's size. */
  reset(layout: MinigridLayout): void {
    this.batch.loadLayout(0, layout);
  }

  /** Applies `action` (0..6); throws a RangeError for any other value. */
  step(action: number): StepOutcome {
    if (!Number.isInteger(action)) {
      throw new RangeError(`action ${action} is not one of 0..${NUM_ACTIONS - 1}`);
    }
    this.#action[0] = action;
    this.batch.step(this.#action);
    return {
      reward: this.batch.rewards[0],
      terminated: this.batch.terminated[0] === 1,
      truncated: this.batch.truncated[0] === 1,
    };
  }

  /** The current 7×7×3 image, `image[i][j][c]` at `(i * 7 + j) * 3 + c` (a view, not a copy). */
  get image(): Uint8Array {
    return this.batch.observations.subarray(0, OBS_SIZE);
  }

  /** The agent's position. */
  get agentPos(): Position {
    return [this.batch.agentX[0], this.batch.agentY[0]];
  }

  /** The agent's direction, which is also the `direction` observation. */
  get agentDir(): number {
    return this.batch.agentDir[0];
  }

  /** Steps taken in this episode. */
  get stepCount(): number {
    return this.batch.stepCount[0];
  }

  /** The carried object's encoding, or null. */
  get carrying(): CellCode | null {
    const c = this.batch.carrying;
    return c[0] === 0 ? null : [c[0], c[1], c[2]];
  }

  /** Whether the carried object is the target object. */
  get carryingTarget(): boolean {
    return this.batch.carryingTarget[0] === 1;
  }

  /** The full grid, x-major `width × height × 3` (Minigrid's `grid.encode()`). */
  encodeGrid(out?: Uint8Array): Uint8Array {
    return this.batch.grid.encode(0, out);
  }
}
