/**
 * Point summaries over plain number arrays. Every function throws a `RangeError` naming its
 * argument on an empty array, a non-finite value or a parameter out of range.
 *
 * @module
 */

import { mean as ssMean, sampleVariance } from "simple-statistics";
import { checkSample } from "./validate.ts";

/** Arithmetic mean x̄ = Σxᵢ / n (compensated summation, simple-statistics). */
export function mean(xs: readonly number[]): number {
  checkSample(xs, "mean(xs)");
  return ssMean(xs as number[]);
}

/** Sample variance s² = Σ(xᵢ − x̄)² / (n − 1) (Bessel's correction); needs n ≥ 2. */
export function variance(xs: readonly number[]): number {
  checkSample(xs, "variance(xs)", { min: 2 });
  return sampleVariance(xs as number[]);
}

/** Sample standard deviation s = √(Σ(xᵢ − x̄)² / (n − 1)); needs n ≥ 2. */
export function sd(xs: readonly number[]): number {
  checkSample(xs, "sd(xs)", { min: 2 });
  return Math.sqrt(sampleVariance(xs as number[]));
}

/** Standard error of the mean s / √n, with s the sample standard deviation; needs n ≥ 2. */
export function standardError(xs: readonly number[]): number {
  checkSample(xs, "standardError(xs)", { min: 2 });
  return Math.sqrt(sampleVariance(xs as number[]) / xs.length);
}

/** A sorted copy, ascending. */
function ascending(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/**
 * The p-quantile of values already sorted ascending, by linear interpolation between order
 * statistics (Hyndman & Fan type 7; R's and numpy's default): with h = (n − 1)p and
 * x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎, Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎). Unchecked: the caller
 * guarantees a non-empty sorted input and p ∈ [0, 1].
 */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p, lo = Math.floor(h);
  return lo + 1 < sorted.length
    ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo])
    : sorted[lo];
}

/**
 * The p-quantile, p ∈ [0, 1], by linear interpolation between order statistics (type 7, as
 * `numpy.quantile` and R's `quantile` by default): h = (n − 1)p,
 * Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) over the sorted values x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎.
 * (simple-statistics' `quantile` uses a different convention, so it is not used here.)
 */
export function quantile(xs: readonly number[], p: number): number {
  checkSample(xs, "quantile(xs)");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile(p) must be in [0, 1], got ${p}`);
  return sortedQuantile(ascending(xs), p);
}

/** Median: the middle value for odd n, the mean of the two middle values for even n. */
export function median(xs: readonly number[]): number {
  checkSample(xs, "median(xs)");
  return sortedQuantile(ascending(xs), 0.5);
}

/** Mean of the sorted values with ⌊proportion·n⌋ dropped from each end. */
function trimSorted(sorted: number[], proportion: number): number {
  const cut = Math.floor(proportion * sorted.length);
  return ssMean(sorted.slice(cut, sorted.length - cut));
}

/**
 * Trimmed mean, `scipy.stats.trim_mean` convention: sort, drop g = ⌊proportion·n⌋ values from
 * each end, average the remaining n − 2g. Whole values only: when proportion·n is not an
 * integer, fewer than proportion·n values are cut (no fractional weighting of the boundary
 * values). proportion ∈ [0, 0.5), so at least one value remains.
 */
export function trimmedMean(xs: readonly number[], proportion: number): number {
  checkSample(xs, "trimmedMean(xs)");
  if (!(proportion >= 0 && proportion < 0.5)) {
    throw new RangeError(`trimmedMean(proportion) must be in [0, 0.5), got ${proportion}`);
  }
  return trimSorted(ascending(xs), proportion);
}

/**
 * Interquartile mean, as rliable's `aggregate_iqm` (`scipy.stats.trim_mean(x, 0.25)`): the
 * 25 %-trimmed mean. Sort, drop ⌊n/4⌋ values from each end, average the rest. E.g. n = 8 keeps
 * the middle 4; n = 10 drops 2 from each end and keeps 6; n = 3 drops none.
 */
export function iqm(xs: readonly number[]): number {
  checkSample(xs, "iqm(xs)");
  return trimSorted(ascending(xs), 0.25);
}

/**
 * Moving average of `window` (odd) points centred on each point, reflecting at the edges as
 * scipy's `uniform_filter1d(x, size)` does by default (`mode="reflect"`: … x₁ x₀ | x₀ x₁ …), so the
 * output has the input's length (minigrid-experiments.md §5 smooths curves with window 5).
 */
export function movingAverage(xs: readonly number[], window: number): number[] {
  checkSample(xs, "movingAverage(xs)");
  if (!Number.isInteger(window) || window < 1 || window % 2 === 0) {
    throw new RangeError(`movingAverage(window) must be an odd integer >= 1, got ${window}`);
  }
  const n = xs.length, half = (window - 1) / 2;
  // Reflect an index into 0..n−1 (repeatedly, for series shorter than the window).
  const at = (i: number): number => {
    while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
    return xs[i];
  };
  return xs.map((_, i) => {
    let s = 0;
    for (let j = i - half; j <= i + half; j++) s += at(j);
    return s / window;
  });
}
