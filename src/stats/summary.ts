/**
 * Point summaries over plain number arrays.
 *
 * @module
 */

import { mean as ssMean, quantileSorted, sampleStandardDeviation } from "simple-statistics";

/** Throws unless `xs` is a non-empty array of finite numbers; `name` names the argument. */
export function checkSample(xs: readonly number[], name: string, min = 1): void {
  if (!Array.isArray(xs) || xs.length < min) {
    throw new RangeError(
      `${name} needs at least ${min} value${min > 1 ? "s" : ""}, got ${xs?.length ?? 0}`,
    );
  }
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) {
      throw new RangeError(`${name}[${i}] is ${xs[i]}; values must be finite`);
    }
  }
}

/** Arithmetic mean Σx/n. */
export function mean(xs: readonly number[]): number {
  checkSample(xs, "mean(xs)");
  return ssMean(xs as number[]);
}

/** Sample standard deviation √(Σ(x − x̄)²/(n − 1)); needs n ≥ 2. */
export function sd(xs: readonly number[]): number {
  checkSample(xs, "sd(xs)", 2);
  return sampleStandardDeviation(xs as number[]);
}

/** Standard error of the mean, sd/√n; needs n ≥ 2. */
export function standardError(xs: readonly number[]): number {
  return sd(xs) / Math.sqrt(xs.length);
}

/**
 * The p-quantile with linear interpolation between order statistics (R type 7, numpy's default):
 * h = (n − 1)p, x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋).
 */
export function quantile(xs: readonly number[], p: number): number {
  checkSample(xs, "quantile(xs)");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p must be in [0, 1], got ${p}`);
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p, lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

/** Median: the 0.5-quantile (type 7). */
export function median(xs: readonly number[]): number {
  checkSample(xs, "median(xs)");
  return quantileSorted([...xs].sort((a, b) => a - b), 0.5);
}

/**
 * Trimmed mean (scipy `trim_mean` convention): sort, drop ⌊proportion·n⌋ values from each end,
 * average the rest. proportion ∈ [0, 0.5).
 */
export function trimmedMean(xs: readonly number[], proportion: number): number {
  checkSample(xs, "trimmedMean(xs)");
  if (!(proportion >= 0 && proportion < 0.5)) {
    throw new RangeError(`trimmedMean proportion must be in [0, 0.5), got ${proportion}`);
  }
  const s = [...xs].sort((a, b) => a - b);
  const cut = Math.floor(proportion * s.length);
  const kept = s.slice(cut, s.length - cut);
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

/** Interquartile mean (rliable's IQM): the 25%-trimmed mean, {@link trimmedMean}(xs, 0.25). */
export function iqm(xs: readonly number[]): number {
  return trimmedMean(xs, 0.25);
}
