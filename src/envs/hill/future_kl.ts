/**
 * Future-feature KL on the hill (hill.md §9): φ(x) = fit bin of x (20 bins), q* = U(20), and
 * R^int(s, a) = −KL(q(·|s, a) ‖ U) = H(q(·|s, a)) − log 20. Two estimators of q:
 * - pooled (the cheap approximation used by the landscape and gradient runs): condition on the
 *   bin of x_t alone, pooling all visits of that bin;
 * - nested Monte Carlo (the primary definition): M continuations under π from the exact
 *   (x_t, v_t, a_t); {@link discountedBinLaw} is its per-visit core.
 *
 * @module
 */

import { HILL_BINS, ON_EDGE } from "./density.ts";

/** Shape of a bin-code table (`codes[t·n + i]`): `groups × size` rollouts, rows t = 0..T. */
export interface CodeTable {
  /** Number of groups. */
  groups: number;
  /** Rollouts per group. */
  size: number;
  /** Horizon: rows t = 0..T. */
  T: number;
  /** Discount γ. */
  gamma: number;
}

/** Rollouts per transposed tile: one 64-byte cache line of each time-major row. */
const TILE = 64;

/**
 * Copies the codes of rollouts i0..min(i0 + TILE, end)−1 into `tile`, rollout-major
 * (`tile[j·(T+1) + t]`), and returns how many. The backward passes walk one rollout through
 * time; reading the time-major table directly strides n bytes per step, one cache miss each.
 */
function transposeTile(
  codes: Uint8Array,
  tile: Uint8Array,
  at: { n: number; T: number; i0: number; end: number },
): number {
  const { n, T, i0 } = at, width = Math.min(TILE, at.end - i0);
  for (let t = 0; t <= T; t++) {
    for (let j = 0, k = t * n + i0; j < width; j++, k++) tile[j * (T + 1) + t] = codes[k];
  }
  return width;
}

/**
 * Pooled future-bin law of one group (hill.md §9, cheap approximation): for every visit of bin b
 * at t < T, the discounted future-bin histogram F_t = Σ_{k=1..T−t} (1−γ)γ^{k−1} e_{bin(x_{t+k})}
 * (truncated at T) is added to row b, and rows are normalised: q̂(z|b), a B×B row-major table
 * (rows of unvisited bins are 0). φ(x) is the numpy fit bin of x.
 */
export function pooledFutureBins(
  codes: Uint8Array,
  shape: CodeTable & { group: number },
): Float64Array {
  const { groups, size, T, gamma, group } = shape, n = groups * size, B = HILL_BINS;
  const rows = new Float64Array(B * B);
  const future = new Float64Array(B);
  // The bins with F_t[z] ≠ 0, i.e. those visited after t. Every other entry is an exact 0, and
  // 0·γ = 0 and r + 0 = r, so touching only these gives the same bits as the dense O(B) loops
  // while costing O(bins visited) per step.
  const seen = new Uint8Array(B);
  const live = new Int32Array(B);
  const tile = new Uint8Array(TILE * (T + 1));
  for (let i0 = group * size; i0 < (group + 1) * size; i0 += TILE) {
    const width = transposeTile(codes, tile, { n, T, i0, end: (group + 1) * size });
    for (let j = 0; j < width; j++) {
      const own = tile.subarray(j * (T + 1), (j + 1) * (T + 1));
      let nLive = 0;
      // Backward: F_t = (1−γ) e_{b_{t+1}} + γ F_{t+1}, F_T = 0.
      for (let t = T - 1; t >= 0; t--) {
        for (let k = 0; k < nLive; k++) future[live[k]] *= gamma;
        const next = own[t + 1] & (ON_EDGE - 1);
        if (!seen[next]) {
          seen[next] = 1;
          live[nLive++] = next;
        }
        future[next] += 1 - gamma;
        const row = (own[t] & (ON_EDGE - 1)) * B;
        for (let k = 0; k < nLive; k++) rows[row + live[k]] += future[live[k]];
      }
      for (let k = 0; k < nLive; k++) {
        future[live[k]] = 0;
        seen[live[k]] = 0;
      }
    }
  }
  for (let b = 0; b < B; b++) {
    let total = 0;
    for (let z = 0; z < B; z++) total += rows[b * B + z];
    if (total > 0) { for (let z = 0; z < B; z++) rows[b * B + z] /= total; }
  }
  return rows;
}

/**
 * The future-KL column: per step −KL(q̂(·|b_t) ‖ U(20)) = H(q̂(·|b_t)) − log 20 with q̂ from
 * {@link pooledFutureBins} of the rollout's group, summed with γ^t over t < T.
 */
export function futureKlColumn(codes: Uint8Array, shape: CodeTable): Float64Array {
  const { groups, size, T, gamma } = shape, n = groups * size, B = HILL_BINS;
  const out = new Float64Array(n);
  const bonus = new Float64Array(B);
  const tile = new Uint8Array(TILE * (T + 1));
  for (let g = 0; g < groups; g++) {
    const q = pooledFutureBins(codes, { ...shape, group: g });
    for (let b = 0; b < B; b++) bonus[b] = negKlToUniform(q.subarray(b * B, (b + 1) * B));
    for (let i0 = g * size; i0 < (g + 1) * size; i0 += TILE) {
      const width = transposeTile(codes, tile, { n, T, i0, end: (g + 1) * size });
      for (let j = 0; j < width; j++) {
        let acc = 0, discount = 1;
        for (let t = 0, k = j * (T + 1); t < T; t++, k++, discount *= gamma) {
          acc += discount * bonus[tile[k] & (ON_EDGE - 1)];
        }
        out[i0 + j] = acc;
      }
    }
  }
  return out;
}

/**
 * Nested Monte-Carlo law of the discounted future bin from one visit: `codes` holds M
 * continuations of length L (`codes[m·L + (k−1)]` = bin code of x_{t+k}); returns
 * q̂(z) = Σ_k (1−γ)γ^{k−1} 1[bin = z] averaged over the M continuations and renormalised by
 * 1 − γ^L (truncation at the horizon). With small M the KL to U of this empirical law is biased
 * upward (an empirical histogram has too little entropy).
 */
export function discountedBinLaw(
  codes: Uint8Array,
  opts: { M: number; L: number; gamma: number },
): Float64Array {
  const { M, L, gamma } = opts;
  const q = new Float64Array(HILL_BINS);
  if (L === 0) return q;
  const norm = 1 / (M * (1 - gamma ** L));
  for (let m = 0; m < M; m++) {
    let w = (1 - gamma) * norm;
    for (let k = 0; k < L; k++, w *= gamma) q[codes[m * L + k] & (ON_EDGE - 1)] += w;
  }
  return q;
}

/** −KL(q ‖ U(20)) = H(q) − log 20 of a normalised law over the bins (0 for an all-zero law). */
export function negKlToUniform(q: ArrayLike<number>): number {
  let entropy = 0, total = 0;
  for (let z = 0; z < q.length; z++) {
    total += q[z];
    if (q[z] > 0) entropy -= q[z] * Math.log(q[z]);
  }
  return total > 0 ? entropy - Math.log(q.length) : 0;
}
