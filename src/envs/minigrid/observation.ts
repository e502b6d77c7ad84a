/**
 * The agent's 7×7×3 egocentric image, Minigrid's `gen_obs`.
 *
 * `image[i][j]` shows world cell `agentPos + (6 − j)·f + (i − 3)·r`, where f is the facing vector
 * and r = (−f.y, f.x) points to the agent's right; the agent is at (3, 6) facing j = 0. The
 * gather uses one precomputed table of 49 byte offsets per direction over the wall-framed grid.
 *
 * With `see_through_walls=False`, visibility works on rows of 7 bits (bit i = column i). Rows go
 * from j = 6 to j = 0, each with a left-to-right then a right-to-left pass; a visible cell that
 * does not block sight makes its neighbour in the pass direction visible, and also the cell above
 * itself and above that neighbour. A pass in Minigrid visits cells in order, so what it reaches is
 * the closure of that one-step rule, computed here by shifting whole rows.
 *
 * @module
 */

import type { BatchGrid } from "./grid.ts";
import { DoorState, ObjectType } from "./objects.ts";

/** Side of the agent's view. */
export const VIEW_SIZE = 7;
/** Bytes of one observation: 7 × 7 × 3, `image[i][j][c]` at `(i * 7 + j) * 3 + c`. */
export const OBS_SIZE: number = VIEW_SIZE * VIEW_SIZE * 3;

const CELLS = VIEW_SIZE * VIEW_SIZE;
/** Index k = i·7 + j of the agent's own cell (i = 3, j = 6). */
const AGENT_CELL = 3 * VIEW_SIZE + 6;
/** Columns 0..5, the cells that can pass sight to the right. */
const PASS_RIGHT = 0b0111111;
/** Columns 1..6, the cells that can pass sight to the left. */
const PASS_LEFT = 0b1111110;

/** What an {@link ObservationWriter} reads: the batch's grids and agent state. */
export interface ObservationSources {
  /** The grids. */
  grid: BatchGrid;
  /** Agent x per env. */
  agentX: Int32Array;
  /** Agent y per env. */
  agentY: Int32Array;
  /** Agent direction per env. */
  agentDir: Int32Array;
  /** Carried object's `[type, color, state]` per env, type 0 when empty-handed. */
  carrying: Uint8Array;
  /** 1 where the env sees the whole 7×7 view, walls or not. */
  seeThroughWalls: Uint8Array;
}

/**
 * Byte offsets into a grid's cell array of the 49 view cells, k = i·7 + j (the image's order),
 * relative to the agent's cell, per direction (`4 × 49`), for grids with `stride` cells a row.
 */
export function viewOffsets(stride: number): Int32Array {
  const offsets = new Int32Array(4 * CELLS);
  const fx = [1, 0, -1, 0], fy = [0, 1, 0, -1];
  for (let d = 0; d < 4; d++) {
    const forward = fx[d] + fy[d] * stride, right = -fy[d] + fx[d] * stride;
    for (let i = 0; i < VIEW_SIZE; i++) {
      for (let j = 0; j < VIEW_SIZE; j++) {
        offsets[d * CELLS + i * VIEW_SIZE + j] = ((6 - j) * forward + (i - 3) * right) * 3;
      }
    }
  }
  return offsets;
}

/** Writes observations into a B × 147 byte buffer with no allocation per call. */
export class ObservationWriter {
  readonly #src: ObservationSources;
  readonly #out: Uint8Array;
  readonly #offsets: Int32Array;
  /** Byte index into `grid.cells` of each view cell, k = i·7 + j. */
  readonly #cellByte = new Int32Array(CELLS);
  /** Per row j, bit i set when view cell (i, j) lets sight through. */
  readonly #clear = new Int32Array(VIEW_SIZE);
  /** Per row j, bit i set when view cell (i, j) is visible. */
  readonly #visible = new Int32Array(VIEW_SIZE);

  /** A writer over `sources` into `out` (B × {@link OBS_SIZE} bytes). */
  constructor(sources: ObservationSources, out: Uint8Array) {
    if (out.length !== sources.grid.numEnvs * OBS_SIZE) {
      throw new RangeError(`observation buffer needs ${sources.grid.numEnvs * OBS_SIZE} bytes`);
    }
    this.#src = sources;
    this.#out = out;
    this.#offsets = viewOffsets(sources.grid.stride);
  }

  /** Builds env `env`'s image in place. */
  write(env: number): void {
    const { grid, agentX, agentY, agentDir, carrying, seeThroughWalls } = this.#src;
    const cells = grid.cells, out = this.#out, offsets = this.#offsets;
    const agent = grid.index(env, agentX[env], agentY[env]) * 3;
    const table = agentDir[env] * CELLS;
    const base = env * OBS_SIZE;

    if (seeThroughWalls[env]) {
      for (let k = 0, o = base; k < CELLS; k++, o += 3) {
        const b = agent + offsets[table + k];
        out[o] = cells[b];
        out[o + 1] = cells[b + 1];
        out[o + 2] = cells[b + 2];
      }
    } else {
      const cellByte = this.#cellByte, clear = this.#clear, visible = this.#visible;
      for (let j = 0; j < VIEW_SIZE; j++) {
        let see = 0;
        for (let i = 0, k = j; i < VIEW_SIZE; i++, k += VIEW_SIZE) {
          const b = agent + offsets[table + k];
          cellByte[k] = b;
          // Walls and doors that are not open block sight; spelled out here, not looked up in
          // a table, because this test runs 49 times a step and the comparison is faster.
          const type = cells[b];
          if (
            type !== ObjectType.wall &&
            (type !== ObjectType.door || cells[b + 2] === DoorState.open)
          ) {
            see |= 1 << i;
          }
        }
        clear[j] = see;
      }
      this.#propagate();
      for (let i = 0, k = 0, o = base; i < VIEW_SIZE; i++) {
        for (let j = 0; j < VIEW_SIZE; j++, k++, o += 3) {
          if ((visible[j] >> i) & 1) {
            const b = cellByte[k];
            out[o] = cells[b];
            out[o + 1] = cells[b + 1];
            out[o + 2] = cells[b + 2];
          } else {
            out[o] = 0;
            out[o + 1] = 0;
            out[o + 2] = 0;
          }
        }
      }
    }

    // The agent's own cell shows what it carries, whatever it stands on (Minigrid's gen_obs_grid).
    const a = base + AGENT_CELL * 3, c = env * 3;
    if (carrying[c] !== 0) {
      out[a] = carrying[c];
      out[a + 1] = carrying[c + 1];
      out[a + 2] = carrying[c + 2];
    } else {
      out[a] = ObjectType.empty;
      out[a + 1] = 0;
      out[a + 2] = 0;
    }
  }

  /** Fills `#visible` from `#clear`: Minigrid's process_vis over the 7 rows, agent at (3, 6). */
  #propagate(): void {
    const clear = this.#clear, visible = this.#visible;
    let seed = 1 << 3;
    for (let j = VIEW_SIZE - 1; j >= 0; j--) {
      const see = clear[j];
      let row = seed, grown = row | ((row & see & PASS_RIGHT) << 1);
      while (grown !== row) {
        row = grown;
        grown = row | ((row & see & PASS_RIGHT) << 1);
      }
      const firedRight = row & see & PASS_RIGHT;
      grown = row | ((row & see & PASS_LEFT) >> 1);
      while (grown !== row) {
        row = grown;
        grown = row | ((row & see & PASS_LEFT) >> 1);
      }
      const firedLeft = row & see & PASS_LEFT;
      visible[j] = row;
      seed = firedRight | (firedRight << 1) | firedLeft | (firedLeft >> 1);
    }
  }
}
