/**
 * Storage for B Minigrid grids in two flat byte arrays: each cell's `[type, color, state]`
 * encoding, and the encoding of what a box cell contains.
 *
 * Every grid sits inside a frame of walls {@link VIEW_PAD} cells thick, and the cells between a
 * smaller layout and the batch's capacity are walls too. Minigrid shows cells outside the grid as
 * walls, so the frame lets the observation gather 7×7 cells by fixed offsets with no bounds test,
 * and lets `forward` treat the edge of the grid like any wall.
 *
 * @module
 */

import { Color, ObjectType } from "./objects.ts";

/** The agent sees 6 cells ahead and 3 to each side; a frame this thick covers any direction. */
export const VIEW_PAD = 6;

/** Cell `[type, color, state]` bytes of a wall, which also fill the frame. */
const WALL = [ObjectType.wall, Color.grey, 0] as const;

/** Capacity of a {@link BatchGrid}. */
export interface BatchGridOptions {
  /** Number of grids. */
  numEnvs: number;
  /** Widest layout any grid may hold. */
  maxWidth: number;
  /** Tallest layout any grid may hold. */
  maxHeight: number;
}

/** B grids with their box contents, each framed by walls. */
export class BatchGrid {
  /** Number of grids. */
  readonly numEnvs: number;
  /** Widest layout a grid may hold. */
  readonly maxWidth: number;
  /** Tallest layout a grid may hold. */
  readonly maxHeight: number;
  /** Cells per framed row: maxWidth + 2·VIEW_PAD. */
  readonly stride: number;
  /** Cells per framed grid. */
  readonly cellsPerEnv: number;
  /** `[type, color, state]` per cell, 3 bytes a cell, framed grids one after another. */
  readonly cells: Uint8Array;
  /** What a box cell holds, `[type, color, state]`, or zeros for nothing. */
  readonly contents: Uint8Array;
  /** Width of each grid's current layout. */
  readonly width: Int32Array;
  /** Height of each grid's current layout. */
  readonly height: Int32Array;

  /** Allocates `numEnvs` grids of `maxWidth` × `maxHeight`, all walls. */
  constructor(options: BatchGridOptions) {
    const { numEnvs, maxWidth, maxHeight } = options;
    for (
      const [name, v] of [["numEnvs", numEnvs], ["maxWidth", maxWidth], [
        "maxHeight",
        maxHeight,
      ]] as const
    ) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be >= 1, got ${v}`);
    }
    this.numEnvs = numEnvs;
    this.maxWidth = maxWidth;
    this.maxHeight = maxHeight;
    this.stride = maxWidth + 2 * VIEW_PAD;
    this.cellsPerEnv = this.stride * (maxHeight + 2 * VIEW_PAD);
    this.cells = new Uint8Array(numEnvs * this.cellsPerEnv * 3);
    this.contents = new Uint8Array(numEnvs * this.cellsPerEnv * 3);
    this.width = new Int32Array(numEnvs);
    this.height = new Int32Array(numEnvs);
    for (let e = 0; e < numEnvs; e++) this.clear(e);
  }

  /** Index of cell (x, y) of grid `env` in cell units (multiply by 3 for bytes). */
  index(env: number, x: number, y: number): number {
    return env * this.cellsPerEnv + (y + VIEW_PAD) * this.stride + x + VIEW_PAD;
  }

  /** Turns every cell of grid `env` into a wall and empties its boxes. */
  clear(env: number): void {
    const from = env * this.cellsPerEnv * 3, to = from + this.cellsPerEnv * 3;
    for (let b = from; b < to; b += 3) {
      this.cells[b] = WALL[0];
      this.cells[b + 1] = WALL[1];
      this.cells[b + 2] = WALL[2];
    }
    this.contents.fill(0, from, to);
  }

  /** The `[type, color, state]` of cell (x, y) of grid `env`; outside the layout reads as wall. */
  get(env: number, x: number, y: number): [number, number, number] {
    if (x < 0 || y < 0 || x >= this.width[env] || y >= this.height[env]) return [...WALL];
    const b = this.index(env, x, y) * 3;
    return [this.cells[b], this.cells[b + 1], this.cells[b + 2]];
  }

  /**
   * The layout of grid `env` as Minigrid's full-grid encoding: x-major, `width × height × 3`
   * bytes, `out[(x * height + y) * 3 + c]`.
   */
  encode(env: number, out?: Uint8Array): Uint8Array {
    const w = this.width[env], h = this.height[env];
    const dst = out ?? new Uint8Array(w * h * 3);
    for (let x = 0; x < w; x++) {
      for (let y = 0; y < h; y++) {
        const b = this.index(env, x, y) * 3, o = (x * h + y) * 3;
        dst[o] = this.cells[b];
        dst[o + 1] = this.cells[b + 1];
        dst[o + 2] = this.cells[b + 2];
      }
    }
    return dst;
  }
}
