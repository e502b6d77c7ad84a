/**
 * The hill's state-density model p̂ (hill.md §3): a discounted histogram over 20 bins of
 * `linspace(−4, 5, 21)`, fitted numpy-style (bins [e_b, e_{b+1}), last closed) and evaluated with
 * strict edges (quirk H4: a state exactly on an edge, e.g. at a wall, has p̂ = 0).
 *
 * @module
 */

/** Number of histogram bins. */
export const HILL_BINS = 20;

/** Slot for "on an edge or outside": p̂ there is 0 (quirk H4). */
export const EDGE_SLOT = HILL_BINS;

/** How p̂ is normalised (quirk H3): `reference` = mean over 20 bins (adds log 20 per step). */
export type DensityNorm = "reference" | "density";

const LOW = -4, HIGH = 5;
const WIDTH = (HIGH - LOW) / HILL_BINS;
const INV_WIDTH = 1 / WIDTH;

/** The 21 bin edges as numpy's `linspace(−4, 5, 21)` computes them (i·step + start, last exact). */
export const HILL_BIN_EDGES: Float64Array = (() => {
  const e = new Float64Array(HILL_BINS + 1);
  for (let i = 0; i < HILL_BINS; i++) e[i] = i * WIDTH + LOW;
  e[HILL_BINS] = HIGH;
  return e;
})();

/** Fit bin of x: b with e_b ≤ x < e_{b+1}, the last bin closed; −1 outside [−4, 5]. */
export function fitBin(x: number): number {
  if (!(x >= LOW && x <= HIGH)) return -1;
  // x ≥ LOW here, so truncation is floor.
  let b = ((x - LOW) * INV_WIDTH) | 0;
  if (b >= HILL_BINS) return HILL_BINS - 1;
  // The division can land one bin off near an edge; correct against the stored edges, as numpy does.
  if (x < HILL_BIN_EDGES[b]) b--;
  else if (b + 1 < HILL_BINS && x >= HILL_BIN_EDGES[b + 1]) b++;
  return b;
}

/**
 * One byte for x: its fit bin b (0..19) plus {@link ON_EDGE} when it sits exactly on an edge
 * (evaluation slot {@link EDGE_SLOT}); {@link OUTSIDE} when out of range. Rollouts record these per
 * step and fit the histogram afterwards in one sequential pass.
 */
export function binCode(x: number): number {
  const b = fitBin(x);
  if (b < 0) return OUTSIDE;
  return x === HILL_BIN_EDGES[b] || x === HILL_BIN_EDGES[b + 1] ? b + ON_EDGE : b;
}

/** Flag added to a {@link binCode} for a state exactly on a bin edge. */
export const ON_EDGE = 32;

/** {@link binCode} of a state outside [−4, 5] (the walls make it unreachable). */
export const OUTSIDE = 255;

/**
 * p̂ per evaluation slot (21 values, the last 0) from the discounted mass per fit bin.
 * `reference`: p̂_b = hist_b / 20 = m̃_b / 9 with m̃ the normalised mass; `density`: hist_b = m̃_b / 0.45.
 */
export function densityFromMass(mass: ArrayLike<number>, norm: DensityNorm): Float64Array {
  let total = 0;
  for (let b = 0; b < HILL_BINS; b++) total += mass[b];
  const p = new Float64Array(HILL_BINS + 1);
  if (!(total > 0)) return p;
  const scale = norm === "reference" ? 1 / (total * WIDTH * HILL_BINS) : 1 / (total * WIDTH);
  for (let b = 0; b < HILL_BINS; b++) p[b] = mass[b] * scale;
  return p;
}

/** The per-step state bonus −log(10⁻⁴ + p̂) for each evaluation slot. */
export function stateBonusPerSlot(density: Float64Array): Float64Array {
  const out = new Float64Array(density.length);
  for (let b = 0; b < density.length; b++) out[b] = -Math.log(1e-4 + density[b]);
  return out;
}
