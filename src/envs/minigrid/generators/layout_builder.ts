/**
 * What every layout generator builds with: a grid being drawn (walls, doors, objects), Minigrid's
 * random helpers over the suite's {@link Rng}, and its rejection-sampling placement of objects
 * and of the agent (`place_obj`, `place_agent`), ending in a {@link MinigridLayout}.
 *
 * @module
 */

import type { Rng } from "../../../rng/mod.ts";
import type { MinigridEnvSpec } from "../env_specs.ts";
import type { BoxContents, CellCode, MinigridLayout, Position } from "../layout.ts";
import { Color, DoorState, ObjectType } from "../objects.ts";

/** Minigrid's COLOR_NAMES, the list random colours are drawn from: alphabetical by name. */
export const RANDOM_COLORS: readonly number[] = [
  Color.blue,
  Color.green,
  Color.grey,
  Color.purple,
  Color.red,
  Color.yellow,
];

/** A grey wall. */
export const WALL: CellCode = [ObjectType.wall, Color.grey, 0];
/** The green goal square. */
export const GOAL: CellCode = [ObjectType.goal, Color.green, 0];
/** A lava cell. */
export const LAVA: CellCode = [ObjectType.lava, Color.red, 0];
/** An empty cell (Minigrid's None). */
const EMPTY: CellCode = [ObjectType.empty, 0, 0];

/** A key of colour `color`. */
export function key(color: number): CellCode {
  return [ObjectType.key, color, 0];
}

/** A ball of colour `color`. */
export function ball(color: number): CellCode {
  return [ObjectType.ball, color, 0];
}

/** A door of colour `color`, closed, or locked when `locked`. */
export function door(color: number, locked: boolean): CellCode {
  return [ObjectType.door, color, locked ? DoorState.locked : DoorState.closed];
}

/** Where {@link LayoutBuilder.placeObject} may put something, and what else it must avoid. */
export interface PlaceOptions {
  /** Top-left cell of the rectangle to sample in (default: the grid's corner). */
  top?: Position;
  /** Size of that rectangle, clipped to the grid (default: the whole grid). */
  size?: Position;
  /** Further positions to refuse, e.g. next to the agent. */
  reject?: (x: number, y: number) => boolean;
  /** Tries before giving up (Minigrid's max_tries; the default stands for its unbounded loop). */
  maxTries?: number;
}

/** Enough tries that a generator which can place an object at all never runs out. */
const DEFAULT_MAX_TRIES = 100_000;

/** A layout being drawn: an all-empty grid at first, no agent, no boxes and no target. */
export class LayoutBuilder {
  /** Grid width. */
  readonly width: number;
  /** Grid height. */
  readonly height: number;
  /** Cell codes, x-major as in {@link MinigridLayout.grid}. */
  readonly cells: Uint8Array;
  /** The stream every draw comes from. */
  readonly rng: Rng;
  /** Agent position; (−1, −1) until placed, as Minigrid's reset leaves it. */
  agentPos: Position = [-1, -1];
  /** Agent direction. */
  agentDir = 0;
  /** Boxes with something inside. */
  readonly boxes: BoxContents[] = [];
  /** Position of the object whose pickup succeeds, if any. */
  targetPos: Position | null = null;

  /** An empty `width` × `height` grid drawing from `rng`. */
  constructor(size: { width: number; height: number }, rng: Rng) {
    this.width = size.width;
    this.height = size.height;
    this.cells = new Uint8Array(size.width * size.height * 3);
    for (let i = 0; i < this.cells.length; i += 3) this.cells[i] = ObjectType.empty;
    this.rng = rng;
  }

  /** Minigrid's `_rand_int`: uniform integer in [low, high). */
  int(low: number, high: number): number {
    return low + this.rng.int(high - low);
  }

  /** Minigrid's `_rand_elem`: a uniform element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)];
  }

  /** The object type at (x, y). */
  typeAt(x: number, y: number): number {
    return this.cells[(x * this.height + y) * 3];
  }

  /** Whether (x, y) holds nothing (Minigrid's `grid.get(x, y) is None`). */
  isEmpty(x: number, y: number): boolean {
    return this.typeAt(x, y) === ObjectType.empty;
  }

  /** Puts `code` at (x, y), replacing what was there. */
  set(x: number, y: number, code: CellCode): void {
    this.cells.set(code, (x * this.height + y) * 3);
  }

  /** Empties (x, y). */
  clear(x: number, y: number): void {
    this.set(x, y, EMPTY);
  }

  /** `length` cells of `code` from (x, y) rightward (Minigrid's `horz_wall`). */
  horizontalWall(x: number, y: number, length: number, code: CellCode = WALL): void {
    for (let i = 0; i < length; i++) this.set(x + i, y, code);
  }

  /** `length` cells of `code` from (x, y) downward (Minigrid's `vert_wall`). */
  verticalWall(x: number, y: number, length: number, code: CellCode = WALL): void {
    for (let j = 0; j < length; j++) this.set(x, y + j, code);
  }

  /** The walls around a `w` × `h` rectangle whose corner is (x, y) (Minigrid's `wall_rect`). */
  wallRect(x: number, y: number, w: number, h: number): void {
    this.horizontalWall(x, y, w);
    this.horizontalWall(x, y + h - 1, w);
    this.verticalWall(x, y, h);
    this.verticalWall(x + w - 1, y, h);
  }

  /**
   * Minigrid's `place_obj`: draws positions uniformly in the rectangle until one is empty, is not
   * the agent's and is not rejected, then puts `code` there (or leaves it empty for null) and
   * returns it. Throws an Error after `maxTries` refused draws.
   */
  placeObject(code: CellCode | null, options: PlaceOptions = {}): Position {
    const top = options.top ?? [0, 0];
    const x0 = Math.max(top[0], 0), y0 = Math.max(top[1], 0);
    const size = options.size ?? [this.width, this.height];
    const x1 = Math.min(x0 + size[0], this.width), y1 = Math.min(y0 + size[1], this.height);
    const maxTries = options.maxTries ?? DEFAULT_MAX_TRIES;
    for (let tries = 0; tries < maxTries; tries++) {
      const x = this.int(x0, x1), y = this.int(y0, y1);
      if (!this.isEmpty(x, y)) continue;
      if (x === this.agentPos[0] && y === this.agentPos[1]) continue;
      if (options.reject?.(x, y)) continue;
      if (code) this.set(x, y, code);
      return [x, y];
    }
    throw new Error(`no free cell found in ${maxTries} tries (${x0}..${x1 - 1}, ${y0}..${y1 - 1})`);
  }

  /** Minigrid's `place_agent`: an empty cell of the rectangle and a uniform direction. */
  placeAgent(options: Omit<PlaceOptions, "reject"> = {}): Position {
    this.agentPos = [-1, -1];
    this.agentPos = this.placeObject(null, options);
    this.agentDir = this.int(0, 4);
    return this.agentPos;
  }

  /** The finished layout, with the spec's step budget and visibility rule. */
  build(spec: MinigridEnvSpec): MinigridLayout {
    return {
      width: this.width,
      height: this.height,
      grid: this.cells,
      agentPos: this.agentPos,
      agentDir: this.agentDir,
      seeThroughWalls: spec.seeThroughWalls,
      maxSteps: spec.maxSteps,
      boxes: this.boxes,
      targetPos: this.targetPos,
    };
  }
}
