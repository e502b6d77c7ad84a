/**
 * Objective panels of the hill landscape (hill.md §4, §9): L = J + λ·J_col derived from the raw
 * column grids, never recomputed per λ (design.md), and their maxima.
 *
 * @module
 */

/** The four raw columns of a landscape, in the order of the weight vectors. */
export const HILL_COLUMNS = ["J", "J_state", "J_c", "J_action", "J_fkl"] as const;

/** One objective panel: weights on (J, J_state, J_c, J_action). */
export interface HillPanel {
  /** Stable id, e.g. `state/0.1`. */
  id: string;
  /** Variant the panel belongs to (`c` is P1's shaped reward J_c, not an exploration variant). */
  variant: "none" | "action" | "state" | "joint" | "future-kl" | "c";
  /** Bonus weight λ. */
  lambda: number;
  /** Weights on (J, J_state, J_c, J_action, J_fkl). */
  weights: [number, number, number, number, number];
}

/**
 * Every panel: P1's eight objectives (J; λ_s ∈ {0.05, 0.1, 1}; λ_a ∈ {0.01, 0.1, 0.5}; J_c) and the
 * project's `joint` λ(J_state + J_action), λ ∈ {0.01, 0.05, 0.1, 0.5, 1}, and `future-kl` λ·J_fkl with
 * the pooled-bin estimate, λ ∈ {0.05, 0.1, 1} (hill.md §4, §9).
 */
export const HILL_PANELS: readonly HillPanel[] = [
  { id: "none/0", variant: "none", lambda: 0, weights: [1, 0, 0, 0, 0] },
  ...[0.05, 0.1, 1].map((l): HillPanel => ({
    id: `state/${l}`,
    variant: "state",
    lambda: l,
    weights: [1, l, 0, 0, 0],
  })),
  ...[0.01, 0.1, 0.5].map((l): HillPanel => ({
    id: `action/${l}`,
    variant: "action",
    lambda: l,
    weights: [1, 0, 0, l, 0],
  })),
  ...[0.01, 0.05, 0.1, 0.5, 1].map((l): HillPanel => ({
    id: `joint/${l}`,
    variant: "joint",
    lambda: l,
    weights: [1, l, 0, l, 0],
  })),
  ...[0.05, 0.1, 1].map((l): HillPanel => ({
    id: `future-kl/${l}`,
    variant: "future-kl",
    lambda: l,
    weights: [1, 0, 0, 0, l],
  })),
  { id: "c/1", variant: "c", lambda: 1, weights: [1, 0, 1, 0, 0] },
];

/** σ-major grids of the four raw columns, `grid[iσ][iK]`. */
export type ColumnGrids = Record<typeof HILL_COLUMNS[number], number[][]>;

/** L[iσ][iK] = Σ_c w_c · column_c[iσ][iK]. */
export function panelValues(columns: ColumnGrids, weights: readonly number[]): number[][] {
  return columns.J.map((row, s) =>
    row.map((_, k) =>
      HILL_COLUMNS.reduce(
        (acc, name, c) => acc + (weights[c] ? weights[c] * columns[name][s][k] : 0),
        0,
      )
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
 * Local maxima of `grid[iσ][iK]` by topographic prominence (8-neighbour connectivity). Cells are
 * flooded from the highest down; when two flooded regions meet at a saddle, the region with the
 * lower peak ends and its peak's prominence is (peak − saddle). A peak counts when its prominence
 * is at least `minProminence` (default: max(1, 1% of the grid's range)), so Monte-Carlo ripples
 * on a ridge or plateau are not counted. The global maximum always counts. Sorted by value,
 * largest first; ties by row-major position.
 */
export function localMaxima(
  grid: number[][],
  opts: { minProminence?: number } = {},
): GridMaximum[] {
  const rows = grid.length, cols = grid[0]?.length ?? 0;
  const n = rows * cols;
  const value = (i: number): number => grid[Math.floor(i / cols)][i % cols];
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => value(b) - value(a) || a - b);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, value(i));
    hi = Math.max(hi, value(i));
  }
  const minProminence = opts.minProminence ?? Math.max(1, 0.01 * (hi - lo));
  const parent = new Int32Array(n).fill(-1); // -1: not flooded yet
  const peak = new Int32Array(n); // peak cell of each root
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const found: GridMaximum[] = [];
  for (const cell of order) {
    parent[cell] = cell;
    peak[cell] = cell;
    const r = Math.floor(cell / cols), c = cell % cols;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const r2 = r + dr, c2 = c + dc;
        if ((dr === 0 && dc === 0) || r2 < 0 || r2 >= rows || c2 < 0 || c2 >= cols) continue;
        const other = r2 * cols + c2;
        if (parent[other] === -1) continue;
        const a = find(cell), b = find(other);
        if (a === b) continue;
        // The region whose peak is lower (or later in order) ends at this saddle.
        const [keep, end] = value(peak[a]) > value(peak[b]) ||
            (value(peak[a]) === value(peak[b]) && peak[a] < peak[b])
          ? [a, b]
          : [b, a];
        const p = peak[end];
        if (value(p) - value(cell) >= minProminence) {
          found.push({ iSigma: Math.floor(p / cols), iK: p % cols, value: value(p) });
        }
        parent[end] = keep;
      }
    }
  }
  const top = order[0];
  found.push({ iSigma: Math.floor(top / cols), iK: top % cols, value: value(top) });
  return found.sort((a, b) => b.value - a.value || a.iSigma - b.iSigma || a.iK - b.iK);
}
