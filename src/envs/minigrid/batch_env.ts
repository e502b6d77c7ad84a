/**
 * B Minigrid environments stepped together over typed arrays (Farama Minigrid 3.1.0's
 * `MiniGridEnv.step`, plus the target-pickup success of KeyCorridor and ObstructedMaze).
 *
 * There is no auto-reset here: an episode starts when {@link MinigridBatch.loadLayout} puts a
 * layout into one env, and the caller decides when to load the next one. Stepping an env whose
 * episode has ended carries on exactly as Minigrid does. `MinigridVecEnv` (vec_env.ts) draws the
 * layouts and resets envs itself.
 *
 * @module
 */

import { BatchGrid } from "./grid.ts";
import { assertValidLayout, type MinigridLayout } from "./layout.ts";
import {
  Action,
  DIR_X,
  DIR_Y,
  DoorState,
  NUM_ACTIONS,
  ObjectType,
  PICKABLE,
  WALKABLE,
} from "./objects.ts";
import { OBS_SIZE, ObservationWriter } from "./observation.ts";
import {
  numberField,
  restoreArrays,
  saveArrays,
  type StateArray,
  type StateTree,
} from "../../checkpoint/mod.ts";

/** Size of a {@link MinigridBatch}. */
export interface MinigridBatchOptions {
  /** Number of environments B. */
  numEnvs: number;
  /** Widest layout any env will load. */
  maxWidth: number;
  /** Tallest layout any env will load. */
  maxHeight: number;
}

/** B Minigrid environments with their observations, rewards and flags in preallocated buffers. */
export class MinigridBatch {
  /** Number of environments B. */
  readonly numEnvs: number;
  /** The B grids and their box contents. */
  readonly grid: BatchGrid;
  /** Agent column per env, for visitation statistics. */
  readonly agentX: Int32Array;
  /** Agent row per env. */
  readonly agentY: Int32Array;
  /** Agent direction per env (0 right, 1 down, 2 left, 3 up); also the `direction` observation. */
  readonly agentDir: Int32Array;
  /** Steps taken in the current episode, per env. */
  readonly stepCount: Int32Array;
  /** Step budget per env. */
  readonly maxSteps: Int32Array;
  /** 1 where the env sees its whole 7×7 view (Minigrid's see_through_walls). */
  readonly seeThroughWalls: Uint8Array;
  /** Carried object's `[type, color, state]` per env (B × 3); type 0 means empty-handed. */
  readonly carrying: Uint8Array;
  /** What a carried box holds (B × 3), zeros for nothing. */
  readonly carryingContents: Uint8Array;
  /** 1 where the carried object is the env's target object. */
  readonly carryingTarget: Uint8Array;
  /** Byte index into `grid.cells` of the target object while it lies in the grid, else −1. */
  readonly targetCell: Int32Array;
  /** Images of the last step or load, B × 7 × 7 × 3, env e at `e * 147`. */
  readonly observations: Uint8Array;
  /** Rewards of the last step. */
  readonly rewards: Float32Array;
  /** 1 where the last step reached the goal, the lava or the target. */
  readonly terminated: Uint8Array;
  /** 1 where the last step used up the step budget. */
  readonly truncated: Uint8Array;
  readonly #writer: ObservationWriter;
  /** Cell-index step forward for each direction. */
  readonly #forward: Int32Array;
  #unloaded: number;
  readonly #loaded: Uint8Array;

  /** B envs able to hold layouts up to `maxWidth` × `maxHeight`; load a layout into each first. */
  constructor(options: MinigridBatchOptions) {
    this.grid = new BatchGrid(options);
    const n = this.numEnvs = options.numEnvs;
    this.agentX = new Int32Array(n);
    this.agentY = new Int32Array(n);
    this.agentDir = new Int32Array(n);
    this.stepCount = new Int32Array(n);
    this.maxSteps = new Int32Array(n);
    this.seeThroughWalls = new Uint8Array(n);
    this.carrying = new Uint8Array(n * 3);
    this.carryingContents = new Uint8Array(n * 3);
    this.carryingTarget = new Uint8Array(n);
    this.targetCell = new Int32Array(n).fill(-1);
    this.observations = new Uint8Array(n * OBS_SIZE);
    this.rewards = new Float32Array(n);
    this.terminated = new Uint8Array(n);
    this.truncated = new Uint8Array(n);
    this.#writer = new ObservationWriter(this, this.observations);
    const s = this.grid.stride;
    this.#forward = Int32Array.of(1, s, -1, -s);
    this.#unloaded = n;
    this.#loaded = new Uint8Array(n);
  }

  /** Every mutable array of the batch, by name (checkpoints). */
  #stateArrays(): Record<string, StateArray> {
    const g = this.grid;
    return {
      cells: g.cells,
      contents: g.contents,
      width: g.width,
      height: g.height,
      agentX: this.agentX,
      agentY: this.agentY,
      agentDir: this.agentDir,
      stepCount: this.stepCount,
      maxSteps: this.maxSteps,
      seeThroughWalls: this.seeThroughWalls,
      carrying: this.carrying,
      carryingContents: this.carryingContents,
      carryingTarget: this.carryingTarget,
      targetCell: this.targetCell,
      observations: this.observations,
      rewards: this.rewards,
      terminated: this.terminated,
      truncated: this.truncated,
      loaded: this.#loaded,
    };
  }

  /** A copy of the whole simulator state: grids, agents, observations, rewards and flags. */
  saveState(): StateTree {
    return { ...saveArrays(this.#stateArrays()), unloaded: this.#unloaded };
  }

  /** Restores a state saved by {@link MinigridBatch.saveState} of a batch of the same size. */
  loadState(state: StateTree): void {
    restoreArrays(this.#stateArrays(), state);
    this.#unloaded = numberField(state, "unloaded");
  }

  /**
   * Starts a new episode in env `envIndex` from `layout`: grid, box contents, agent, target
   * object, step budget; clears its reward and flags and writes its first observation. Throws a
   * RangeError naming the problem when the layout is not a valid Minigrid state.
   */
  loadLayout(envIndex: number, layout: MinigridLayout): void {
    if (!Number.isInteger(envIndex) || envIndex < 0 || envIndex >= this.numEnvs) {
      throw new RangeError(`env index ${envIndex} is not in 0..${this.numEnvs - 1}`);
    }
    assertValidLayout(layout);
    const { width, height, grid: codes, agentPos, agentDir, maxSteps, boxes, targetPos } = layout;
    const g = this.grid;
    if (width > g.maxWidth || height > g.maxHeight) {
      throw new RangeError(
        `layout ${width}×${height} does not fit this batch (${g.maxWidth}×${g.maxHeight})`,
      );
    }

    g.clear(envIndex);
    g.width[envIndex] = width;
    g.height[envIndex] = height;
    for (let x = 0; x < width; x++) {
      for (let y = 0; y < height; y++) {
        const o = (x * height + y) * 3, b = g.index(envIndex, x, y) * 3;
        g.cells[b] = codes[o];
        g.cells[b + 1] = codes[o + 1];
        g.cells[b + 2] = codes[o + 2];
      }
    }
    for (const { pos, contains } of boxes) {
      if (contains) g.contents.set(contains, g.index(envIndex, pos[0], pos[1]) * 3);
    }
    this.agentX[envIndex] = agentPos[0];
    this.agentY[envIndex] = agentPos[1];
    this.agentDir[envIndex] = agentDir;
    this.stepCount[envIndex] = 0;
    this.maxSteps[envIndex] = maxSteps;
    this.seeThroughWalls[envIndex] = layout.seeThroughWalls ? 1 : 0;
    this.carrying.fill(0, envIndex * 3, envIndex * 3 + 3);
    this.carryingContents.fill(0, envIndex * 3, envIndex * 3 + 3);
    this.carryingTarget[envIndex] = 0;
    this.targetCell[envIndex] = targetPos ? g.index(envIndex, targetPos[0], targetPos[1]) * 3 : -1;
    this.rewards[envIndex] = 0;
    this.terminated[envIndex] = 0;
    this.truncated[envIndex] = 0;
    if (!this.#loaded[envIndex]) {
      this.#loaded[envIndex] = 1;
      this.#unloaded--;
    }
    this.#writer.write(envIndex);
  }

  /**
   * Applies one action per env (0 left, 1 right, 2 forward, 3 pickup, 4 drop, 5 toggle, 6 done),
   * then writes `observations`, `rewards`, `terminated` and `truncated`. Throws a RangeError,
   * before changing any env, when an action is outside 0..6 or an env has no layout yet.
   */
  step(actions: Int32Array): void {
    const n = this.numEnvs;
    if (actions.length !== n) {
      throw new RangeError(`step expects ${n} actions, got ${actions.length}`);
    }
    if (this.#unloaded > 0) {
      throw new RangeError(
        `env ${this.#loaded.indexOf(0)} has no layout; call loadLayout for every env first`,
      );
    }
    for (let e = 0; e < n; e++) {
      const a = actions[e];
      if (a < 0 || a >= NUM_ACTIONS) {
        throw new RangeError(`action ${a} of env ${e} is not one of 0..${NUM_ACTIONS - 1}`);
      }
    }
    for (let e = 0; e < n; e++) this.#stepOne(e, actions[e]);
  }

  /** One env's transition, reward and flags, then its observation. */
  #stepOne(e: number, action: number): void {
    const g = this.grid, cells = g.cells, contents = g.contents;
    const carrying = this.carrying, carried = this.carryingContents;
    const steps = ++this.stepCount[e];
    let reward = 0, terminated = 0;
    const dir = this.agentDir[e];
    const front = (g.index(e, this.agentX[e], this.agentY[e]) + this.#forward[dir]) * 3;
    const type = cells[front];
    const c = e * 3;

    switch (action) {
      case Action.left:
        this.agentDir[e] = (dir + 3) & 3;
        break;
      case Action.right:
        this.agentDir[e] = (dir + 1) & 3;
        break;
      case Action.forward:
        if (WALKABLE[type * 3 + cells[front + 2]]) {
          this.agentX[e] += DIR_X[dir];
          this.agentY[e] += DIR_Y[dir];
        }
        if (type === ObjectType.goal) {
          terminated = 1;
          reward = 1 - 0.9 * (steps / this.maxSteps[e]);
        } else if (type === ObjectType.lava) {
          terminated = 1;
        }
        break;
      case Action.pickup:
        if (PICKABLE[type * 3] && carrying[c] === 0) {
          moveCode(cells, front, carrying, c);
          moveCode(contents, front, carried, c);
          cells[front] = ObjectType.empty;
          if (this.targetCell[e] === front) {
            this.targetCell[e] = -1;
            this.carryingTarget[e] = 1;
          }
        }
        break;
      case Action.drop:
        if (type === ObjectType.empty && carrying[c] !== 0) {
          moveCode(carrying, c, cells, front);
          moveCode(carried, c, contents, front);
          if (this.carryingTarget[e]) {
            this.carryingTarget[e] = 0;
            this.targetCell[e] = front;
          }
        }
        break;
      case Action.toggle:
        if (type === ObjectType.door) this.#toggleDoor(front, c);
        else if (type === ObjectType.box) {
          // The box gives way to what it holds; a box that was the target is gone with it.
          moveCode(contents, front, cells, front);
          if (cells[front] === 0) cells[front] = ObjectType.empty;
          if (this.targetCell[e] === front) this.targetCell[e] = -1;
        }
        break;
    }

    // KeyCorridor and ObstructedMaze test the pickup action, not whether this pickup succeeded.
    if (action === Action.pickup && this.carryingTarget[e]) {
      terminated = 1;
      reward = 1 - 0.9 * (steps / this.maxSteps[e]);
    }
    this.rewards[e] = reward;
    this.terminated[e] = terminated;
    this.truncated[e] = steps >= this.maxSteps[e] ? 1 : 0;
    this.#writer.write(e);
  }

  /** Minigrid's Door.toggle: a locked door opens only for a carried key of its colour. */
  #toggleDoor(door: number, c: number): void {
    const cells = this.grid.cells;
    const state = cells[door + 2];
    if (state === DoorState.locked) {
      if (this.carrying[c] === ObjectType.key && this.carrying[c + 1] === cells[door + 1]) {
        cells[door + 2] = DoorState.open;
      }
    } else {
      cells[door + 2] = state === DoorState.open ? DoorState.closed : DoorState.open;
    }
  }
}

/** Moves a 3-byte code from `src[from..]` to `dst[to..]` and zeroes the source. */
function moveCode(src: Uint8Array, from: number, dst: Uint8Array, to: number): void {
  dst[to] = src[from];
  dst[to + 1] = src[from + 1];
  dst[to + 2] = src[from + 2];
  src[from] = 0;
  src[from + 1] = 0;
  src[from + 2] = 0;
}
