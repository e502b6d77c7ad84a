/**
 * Maxima of a landscape grid (hill.md §4): the global one and the local ones by topographic
 * prominence. The panels they are taken of come from the variant records
 * (src/exploration/variants/hill.ts).
 *
 * @module
 */

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
