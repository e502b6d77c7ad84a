/**
 * The (K, σ) grid of the hill studies and nearest-point lookup on it (hill.md §4–§5).
 *
 * @module
 */

import { z } from "zod";

/** Grid parameters shared by the landscape and improvement studies. */
export const HillGridSchema = z.object({
  kMin: z.number().finite().default(-4),
  kMax: z.number().finite().default(3),
  kCount: z.number().int().min(2).max(1000).default(200),
  sigmaMin: z.number().finite().nonnegative().default(0),
  sigmaMax: z.number().finite().positive().default(4),
  sigmaCount: z.number().int().min(2).max(1000).default(200),
  rollouts: z.number().int().min(1).default(4096),
  densityNorm: z.enum(["reference", "density"]).default("reference"),
}).strict();

/** Grid parameters with defaults applied. */
export type HillGrid = z.infer<typeof HillGridSchema>;

/** numpy's linspace(a, b, n): i·step + a, the last value exactly b. */
export function linspace(a: number, b: number, n: number): number[] {
  const step = (b - a) / (n - 1);
  const out = Array.from({ length: n }, (_, i) => i * step + a);
  out[n - 1] = b;
  return out;
}

/** The grid's K and σ axes. */
export function gridAxes(grid: HillGrid): { K: number[]; sigma: number[] } {
  return {
    K: linspace(grid.kMin, grid.kMax, grid.kCount),
    sigma: linspace(grid.sigmaMin, grid.sigmaMax, grid.sigmaCount),
  };
}

/** Index of the grid value nearest to v on an evenly spaced axis [lo, hi] of n points, clamped. */
export function nearestIndex(v: number, lo: number, hi: number, n: number): number {
  const i = Math.round((v - lo) / ((hi - lo) / (n - 1)));
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/** Axis position of v as (lower index, weight of the upper neighbour), clamped to the axis. */
function axisPosition(v: number, lo: number, hi: number, n: number): [number, number] {
  const u = (v - lo) / ((hi - lo) / (n - 1));
  if (!(u > 0)) return [0, 0];
  if (u >= n - 1) return [n - 2, 1];
  const i = Math.floor(u);
  return [i, u - i];
}

/**
 * Value of a σ-major flat grid at (K, σ), clamped to the grid: `nearest` (P1, quirk H8: a move of
 * under half a cell changes nothing) or `bilinear` (for grids too coarse for a 0.1 step to move).
 */
export function lookupGrid(
  values: Float64Array,
  grid: HillGrid,
  mode: "nearest" | "bilinear",
  K: number,
  sigma: number,
): number {
  const nK = grid.kCount, nS = grid.sigmaCount;
  if (mode === "nearest") {
    return values[
      nearestIndex(sigma, grid.sigmaMin, grid.sigmaMax, nS) * nK +
      nearestIndex(K, grid.kMin, grid.kMax, nK)
    ];
  }
  const [k, wk] = axisPosition(K, grid.kMin, grid.kMax, nK);
  const [s, ws] = axisPosition(sigma, grid.sigmaMin, grid.sigmaMax, nS);
  const at = (ss: number, kk: number): number => values[ss * nK + kk];
  return (1 - ws) * ((1 - wk) * at(s, k) + wk * at(s, k + 1)) +
    ws * ((1 - wk) * at(s + 1, k) + wk * at(s + 1, k + 1));
}
