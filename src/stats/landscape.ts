/**
 * Objective panels of the hill landscape (hill.md §4, §9): L = J + λ·J_col derived from the raw
 * column grids, never recomputed per λ (design.md), and their maxima.
 *
 * @module
 */

/** The four raw columns of a landscape, in the order of the weight vectors. */
export const HILL_COLUMNS = ["J", "J_state", "J_c", "J_action"] as const;

/** One objective panel: weights on (J, J_state, J_c, J_action). */
export interface HillPanel {
  /** Stable id, e.g. `state/0.1`. */
  id: string;
  /** Variant the panel belongs to (`c` is P1's shaped reward J_c, not an exploration variant). */
  variant: "none" | "action" | "state" | "joint" | "c";
  /** Bonus weight λ. */
  lambda: number;
  /** Weights on (J, J_state, J_c, J_action). */
  weights: [number, number, number, number];
}

/**
 * Every panel: P1's eight objectives (J; λ_s ∈ {0.05, 0.1, 1}; λ_a ∈ {0.01, 0.1, 0.5}; J_c) and the
 * project's `joint` λ(J_state + J_action), λ ∈ {0.01, 0.05, 0.1, 0.5, 1} (hill.md §4, §9).
 */
export const HILL_PANELS: readonly HillPanel[] = [
  { id: "none/0", variant: "none", lambda: 0, weights: [1, 0, 0, 0] },
  ...[0.05, 0.1, 1].map((l): HillPanel => ({
    id: `state/${l}`,
    variant: "state",
    lambda: l,
    weights: [1, l, 0, 0],
  })),
  ...[0.01, 0.1, 0.5].map((l): HillPanel => ({
    id: `action/${l}`,
    variant: "action",
    lambda: l,
    weights: [1, 0, 0, l],
  })),
  ...[0.01, 0.05, 0.1, 0.5, 1].map((l): HillPanel => ({
    id: `joint/${l}`,
    variant: "joint",
    lambda: l,
    weights: [1, l, 0, l],
  })),
  { id: "c/1", variant: "c", lambda: 1, weights: [1, 0, 1, 0] },
];

/** σ-major grids of the four raw columns, `grid[iσ][iK]`. */
export type ColumnGrids = Record<typeof HILL_COLUMNS[number], number[][]>;

/** L[iσ][iK] = Σ_c w_c · column_c[iσ][iK]. */
export function panelValues(columns: ColumnGrids, weights: readonly number[]): number[][] {
  return columns.J.map((row, s) =>
    row.map((_, k) =>
      HILL_COLUMNS.reduce((acc, name, c) => acc + (weights[c] ? weights[c] * columns[name][s][k] : 0), 0)
    )
  );
}

/** A maximum of a grid. */
export interface GridMaximum {
  /** Row (σ) index. */
  iSigma: number;
  /** Column (K) index. */
  iK: number;
  /** Value there. */
  value: number;
}

/**
 * Local maxima of `grid[iσ][iK]`: cells that hold the largest value of the (2r+1)² window around
 * them (ties go to the first cell in row-major order) and stand at least `minProminence` above
 * that window's smallest value, so Monte-Carlo ripples on flat plateaus are not counted. Sorted by
 * value, largest first; the first is the global maximum.
 */
export function localMaxima(
  grid: number[][],
  opts: { radius?: number; minProminence?: number } = {},
): GridMaximum[] {
  const rows = grid.length, cols = grid[0]?.length ?? 0;
  const r = opts.radius ?? Math.max(1, Math.round(Math.max(rows, cols) / 20));
  const minProminence = opts.minProminence ?? 1;
  const out: GridMaximum[] = [];
  for (let s = 0; s < rows; s++) {
    for (let k = 0; k < cols; k++) {
      const v = grid[s][k];
      let isMax = true, lowest = v;
      for (let ds = -r; ds <= r && isMax; ds++) {
        for (let dk = -r; dk <= r; dk++) {
          const s2 = s + ds, k2 = k + dk;
          if (s2 < 0 || s2 >= rows || k2 < 0 || k2 >= cols) continue;
          const w = grid[s2][k2];
          if (w > v || (w === v && (s2 < s || (s2 === s && k2 < k)))) {
            isMax = false;
            break;
          }
          if (w < lowest) lowest = w;
        }
      }
      if (isMax && v - lowest >= minProminence) out.push({ iSigma: s, iK: k, value: v });
    }
  }
  // The global maximum is always reported, prominent or not.
  let best: GridMaximum = { iSigma: 0, iK: 0, value: -Infinity };
  for (let s = 0; s < rows; s++) {
    for (let k = 0; k < cols; k++) if (grid[s][k] > best.value) best = { iSigma: s, iK: k, value: grid[s][k] };
  }
  if (!out.some((m) => m.iSigma === best.iSigma && m.iK === best.iK)) out.push(best);
  return out.sort((a, b) => b.value - a.value || a.iSigma - b.iSigma || a.iK - b.iK);
}
