/**
 * The symbolic observation of minigrid-experiments.md §2: a few small integers per env instead of
 * the 7×7 image, and their concatenated one-hot encoding.
 *
 * | family | components (cardinality), n = grid side − 2 |
 * |---|---|
 * | Empty | dir (4), x (n), y (n) |
 * | Crossing | dir (4), x, y, gap_x, gap_y (n each), gap_orientation (2) |
 * | FourRooms | dir (4), x, y, goal_x, goal_y, door_x1, door_x2, door_y1, door_y2 (n each) |
 *
 * Coordinates are interior ones, grid position − 1. What follows x and y depends only on the
 * layout (walls and goal never move), so it is computed once per episode from the layout and
 * only dir, x and y change from step to step.
 *
 * @module
 */

import { UsageError } from "../../errors.ts";
import { MINIGRID_ENVS } from "./env_specs.ts";
import type { MinigridLayout } from "./layout.ts";
import { ObjectType } from "./objects.ts";

/** Which symbolic observation an env id has. */
export type SymbolicFamily = "empty" | "crossing" | "four-rooms";

/** The components of an env's symbolic observation. */
export interface SymbolicSpec {
  /** The env id. */
  envId: string;
  /** Which table row of the module docs applies. */
  family: SymbolicFamily;
  /** Component names, in order. */
  names: readonly string[];
  /** Cardinality of each component. */
  sizes: readonly number[];
  /** Width D of the one-hot encoding: the sum of `sizes`. */
  oneHotWidth: number;
  /** Components that hold the agent's x and y, the feature z = (x, y). */
  featureComponents: readonly [number, number];
}

/** Components after dir, x and y, per family. */
const LAYOUT_COMPONENTS: Record<SymbolicFamily, readonly string[]> = {
  "empty": [],
  "crossing": ["gap_x", "gap_y", "gap_orientation"],
  "four-rooms": ["goal_x", "goal_y", "door_x1", "door_x2", "door_y1", "door_y2"],
};

/** The family of each env id that has a symbolic observation. */
function familyOf(envId: string): SymbolicFamily | null {
  if (envId.startsWith("MiniGrid-Empty-")) return "empty";
  if (envId.startsWith("MiniGrid-SimpleCrossing")) return "crossing";
  if (envId === "MiniGrid-FourRooms-v0") return "four-rooms";
  return null;
}

/**
 * The symbolic observation of `envId`: Empty, SimpleCrossing and FourRooms ids have one. Throws a
 * {@link UsageError} naming those ids for any other.
 */
export function symbolicSpec(envId: string): SymbolicSpec {
  const spec = MINIGRID_ENVS.get(envId), family = familyOf(envId);
  if (!spec || !family) {
    const known = [...MINIGRID_ENVS.keys()].filter((id) => familyOf(id) !== null);
    throw new UsageError(
      `env '${envId}' has no symbolic observation`,
      "symbolicSpec",
      `use one of ${known.join(", ")}`,
    );
  }
  const n = spec.width - 2;
  const names = ["dir", "x", "y", ...LAYOUT_COMPONENTS[family]];
  const sizes = names.map((name) => name === "dir" ? 4 : name === "gap_orientation" ? 2 : n);
  return {
    envId,
    family,
    names,
    sizes,
    oneHotWidth: sizes.reduce((a, b) => a + b, 0),
    featureComponents: [1, 2],
  };
}

/** The wall gap of a one-crossing layout, in interior coordinates. */
export interface CrossingGap {
  /** Interior x of the gap. */
  x: number;
  /** Interior y of the gap. */
  y: number;
  /** 0 when the gap is in a wall of constant x, 1 in a wall of constant y. */
  orientation: number;
}

/**
 * The one gap of a Crossing layout: the non-wall cell with walls at ±1 and ±2 along one axis,
 * cells off the grid counting as walls (as Minigrid shows them). Throws a RangeError unless
 * exactly one cell qualifies.
 */
export function crossingGap(layout: MinigridLayout): CrossingGap {
  const { width: w, height: h, grid } = layout;
  const wall = (x: number, y: number): boolean =>
    x < 0 || y < 0 || x >= w || y >= h || grid[(x * h + y) * 3] === ObjectType.wall;
  const gaps: CrossingGap[] = [];
  for (let x = 1; x < w - 1; x++) {
    for (let y = 1; y < h - 1; y++) {
      if (wall(x, y)) continue;
      // Walls above and below: the gap is in a wall of constant x.
      const inColumn = [-2, -1, 1, 2].every((d) => wall(x, y + d));
      const inRow = [-2, -1, 1, 2].every((d) => wall(x + d, y));
      if (inColumn || inRow) gaps.push({ x: x - 1, y: y - 1, orientation: inColumn ? 0 : 1 });
    }
  }
  if (gaps.length !== 1) {
    throw new RangeError(`a crossing layout needs exactly one wall gap, found ${gaps.length}`);
  }
  return gaps[0];
}

/** The goal and the wall openings of a FourRooms layout, in interior coordinates. */
export interface FourRoomsFeatures {
  /** Interior position of the goal. */
  goal: readonly [number, number];
  /** Interior x of the two openings of the horizontal wall, ascending. */
  doorsX: readonly [number, number];
  /** Interior y of the two openings of the vertical wall, ascending. */
  doorsY: readonly [number, number];
}

/**
 * The goal and the openings of the FourRooms walls (the row and column through the grid's
 * middle). Throws a RangeError unless there is one goal and each wall has exactly two openings.
 */
export function fourRoomsFeatures(layout: MinigridLayout): FourRoomsFeatures {
  const { width: w, height: h, grid } = layout;
  const type = (x: number, y: number): number => grid[(x * h + y) * 3];
  const midX = Math.floor(w / 2), midY = Math.floor(h / 2);
  const goals: [number, number][] = [], doorsX: number[] = [], doorsY: number[] = [];
  for (let x = 1; x < w - 1; x++) {
    for (let y = 1; y < h - 1; y++) if (type(x, y) === ObjectType.goal) goals.push([x - 1, y - 1]);
    if (type(x, midY) !== ObjectType.wall) doorsX.push(x - 1);
  }
  for (let y = 1; y < h - 1; y++) if (type(midX, y) !== ObjectType.wall) doorsY.push(y - 1);
  if (goals.length !== 1) throw new RangeError(`a FourRooms layout has ${goals.length} goals`);
  if (doorsX.length !== 2 || doorsY.length !== 2) {
    throw new RangeError(
      `the FourRooms walls need two openings each, found ${doorsX.length} and ${doorsY.length}`,
    );
  }
  return { goal: goals[0], doorsX: [doorsX[0], doorsX[1]], doorsY: [doorsY[0], doorsY[1]] };
}

/** The components after dir, x and y that `layout` fixes for its whole episode. */
export function layoutComponents(spec: SymbolicSpec, layout: MinigridLayout): number[] {
  switch (spec.family) {
    case "empty":
      return [];
    case "crossing": {
      const gap = crossingGap(layout);
      return [gap.x, gap.y, gap.orientation];
    }
    case "four-rooms": {
      const f = fourRoomsFeatures(layout);
      return [...f.goal, ...f.doorsX, ...f.doorsY];
    }
  }
}

/** B symbolic observations, B × C integers, env e's at `values[e * C ..]`. */
export class SymbolicObservations {
  /** The components. */
  readonly spec: SymbolicSpec;
  /** Number of components C. */
  readonly components: number;
  /** The observations, B × C. */
  readonly values: Int32Array;

  /** Room for `numEnvs` observations of `spec`, all zeros. */
  constructor(spec: SymbolicSpec, numEnvs: number) {
    this.spec = spec;
    this.components = spec.sizes.length;
    this.values = new Int32Array(numEnvs * this.components);
  }

  /**
   * Starts env `env`'s episode on `layout`: writes the layout's fixed components and the agent's
   * start. Throws a RangeError when the layout lacks what the family needs.
   */
  setLayout(env: number, layout: MinigridLayout): void {
    this.values.set(layoutComponents(this.spec, layout), env * this.components + 3);
    this.setAgent(env, layout.agentPos[0], layout.agentPos[1], layout.agentDir);
  }

  /** Writes env `env`'s dir, x and y from the agent's grid position. */
  setAgent(env: number, x: number, y: number, dir: number): void {
    const o = env * this.components;
    this.values[o] = dir;
    this.values[o + 1] = x - 1;
    this.values[o + 2] = y - 1;
  }
}

/**
 * Fills `out` (rows × D, D = `spec.oneHotWidth`, preallocated) with the concatenated one-hot
 * encoding of the first `rows` observations of `values` (rows × C). A component outside its range
 * throws a RangeError, since it would spill into its neighbour's columns.
 */
export function oneHotSymbolic(
  spec: SymbolicSpec,
  values: Int32Array,
  out: Float32Array,
  rows: number = values.length / spec.sizes.length,
): void {
  const c = spec.sizes.length, d = spec.oneHotWidth, sizes = spec.sizes;
  if (values.length < rows * c || out.length < rows * d) {
    throw new RangeError(`${rows} rows need ${rows * c} values and ${rows * d} output floats`);
  }
  out.fill(0, 0, rows * d);
  for (let r = 0; r < rows; r++) {
    let column = r * d;
    for (let k = 0; k < c; k++) {
      const v = values[r * c + k];
      if (v < 0 || v >= sizes[k]) {
        throw new RangeError(`row ${r}: ${spec.names[k]} = ${v} is not in 0..${sizes[k] - 1}`);
      }
      out[column + v] = 1;
      column += sizes[k];
    }
  }
}
