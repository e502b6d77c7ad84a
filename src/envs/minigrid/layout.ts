/**
 * A Minigrid layout as plain data: everything a reset produces (grid, agent, box contents, target
 * object, step budget), so an env can start an episode from it without Minigrid's RNG; and the
 * check that a layout is a state Minigrid can be in.
 *
 * @module
 */

import { cellProblem, ObjectType, PICKABLE, WALKABLE } from "./objects.ts";

/** A grid position `[x, y]`, x the column and y the row (growing downward). */
export type Position = readonly [number, number];

/** A cell encoding `[type, color, state]`. */
export type CellCode = readonly [number, number, number];

/** A box and what it holds. */
export interface BoxContents {
  /** Where the box stands. */
  pos: Position;
  /** Encoding of the object inside, or null for an empty box. */
  contains: CellCode | null;
}

/** The complete initial state of one Minigrid episode. */
export interface MinigridLayout {
  /** Grid width, walls included. */
  width: number;
  /** Grid height, walls included. */
  height: number;
  /** Full-grid encoding, x-major: cell (x, y) at `grid[(x * height + y) * 3 + c]`. */
  grid: ArrayLike<number>;
  /** Where the agent starts; the cell must be walkable. */
  agentPos: Position;
  /** Direction the agent starts facing: 0 right, 1 down, 2 left, 3 up. */
  agentDir: number;
  /**
   * Whether walls and closed doors hide what is behind them (false) or everything in the 7×7 view
   * is visible (true, Minigrid's EmptyEnv).
   */
  seeThroughWalls: boolean;
  /** Step budget; `truncated` is set once `stepCount >= maxSteps`. */
  maxSteps: number;
  /** Contents of the boxes that hold something (box contents are not in the grid encoding). */
  boxes: readonly BoxContents[];
  /**
   * Position of the object whose pickup ends the episode with success (KeyCorridor,
   * ObstructedMaze), or null. The env tracks that object, not its type and colour.
   */
  targetPos: Position | null;
}

/**
 * Throws a RangeError naming the first problem when `layout` is not a state Minigrid can be in:
 * a bad size or cell code, the agent off the grid or on a cell it can't stand on, box contents
 * where there is no box, or a target that is not a key, ball or box.
 */
export function assertValidLayout(layout: MinigridLayout): void {
  const { width, height, grid: codes, agentPos, agentDir, maxSteps, boxes, targetPos } = layout;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`layout size ${width}×${height} is not a positive integer size`);
  }
  if (codes.length !== width * height * 3) {
    throw new RangeError(
      `grid has ${codes.length} numbers, a ${width}×${height} grid needs ${width * height * 3}`,
    );
  }
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const problem = cellProblem(codes, (x * height + y) * 3);
      if (problem) throw new RangeError(`grid cell (${x}, ${y}): ${problem}`);
    }
  }
  if (typeof layout.seeThroughWalls !== "boolean") {
    throw new RangeError(`seeThroughWalls must be true or false, got ${layout.seeThroughWalls}`);
  }
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new RangeError(`maxSteps must be an integer >= 1, got ${maxSteps}`);
  }
  if (!Number.isInteger(agentDir) || agentDir < 0 || agentDir > 3) {
    throw new RangeError(`agent direction ${agentDir} is not one of 0..3`);
  }
  const inside = (p: Position): boolean =>
    Number.isInteger(p[0]) && Number.isInteger(p[1]) && p[0] >= 0 && p[1] >= 0 &&
    p[0] < width && p[1] < height;
  const codeAt = (p: Position, c: number): number => codes[(p[0] * height + p[1]) * 3 + c];
  if (!inside(agentPos)) throw new RangeError(`agent position ${agentPos} is off the grid`);
  if (!WALKABLE[codeAt(agentPos, 0) * 3 + codeAt(agentPos, 2)]) {
    throw new RangeError(`agent position ${agentPos} holds an object the agent can't stand on`);
  }
  for (const box of boxes) {
    if (!inside(box.pos) || codeAt(box.pos, 0) !== ObjectType.box) {
      throw new RangeError(`box contents given for ${box.pos}, where there is no box`);
    }
    const c = box.contains;
    const problem = c &&
      (cellProblem(c) ?? (c[0] === ObjectType.empty ? "an empty cell is not an object" : null));
    if (problem) throw new RangeError(`contents of the box at ${box.pos}: ${problem}`);
  }
  if (targetPos && (!inside(targetPos) || !PICKABLE[codeAt(targetPos, 0) * 3])) {
    throw new RangeError(`target position ${targetPos} holds no key, ball or box`);
  }
}
