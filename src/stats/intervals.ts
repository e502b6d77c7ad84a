/**
 * Confidence intervals over plain number arrays. Bootstrap intervals take the suite's `Rng`, so
 * the same seed gives the same interval.
 *
 * @module
 */

import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import type { Rng } from "../rng/mod.ts";
import { checkSample, mean, sd } from "./summary.ts";

/** An interval around a point estimate. */
export interface Interval {
  /** The statistic on the full sample. */
  estimate: number;
  /** Lower bound. */
  lower: number;
  /** Upper bound. */
  upper: number;
}

/** Options of the bootstrap intervals. */
export interface BootstrapOptions {
  /** Stream for the resampling. */
  rng: Rng;
  /** Number of resamples (default 2000). */
  resamples?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  }
}

/** Student-t interval for the mean: x̄ ± t_{(1+level)/2, n−1} · s/√n; needs n ≥ 2. */
export function studentTCI(xs: readonly number[], level = 0.95): Interval {
  checkSample(xs, "studentTCI(xs)", 2);
  checkLevel(level);
  const m = mean(xs);
  const half = tQuantile((1 + level) / 2, xs.length - 1) * sd(xs) / Math.sqrt(xs.length);
  return { estimate: m, lower: m - half, upper: m + half };
}

/**
 * Wilson score interval for a proportion k/n:
 * (p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), z = Φ⁻¹((1+level)/2).
 */
export function wilsonInterval(successes: number, trials: number, level = 0.95): Interval {
  if (!Number.isInteger(trials) || trials < 1) {
    throw new RangeError(`wilsonInterval trials must be >= 1, got ${trials}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(
      `wilsonInterval successes must be an integer in [0, ${trials}], got ${successes}`,
    );
  }
  checkLevel(level);
  const z = normalQuantile((1 + level) / 2, 0, 1), n = trials, p = successes / n, z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** Empirical quantile (type 7) of an already sorted array. */
function sortedQuantile(s: Float64Array, p: number): number {
  const h = (s.length - 1) * p, lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

/** The (1−level)/2 and (1+level)/2 quantiles of bootstrap replicates. */
export function percentileBounds(replicates: Float64Array, level: number): [number, number] {
  replicates.sort();
  return [sortedQuantile(replicates, (1 - level) / 2), sortedQuantile(replicates, (1 + level) / 2)];
}

/**
 * Percentile bootstrap interval of `statistic`: resample xs with replacement `resamples` times,
 * take the (1−level)/2 and (1+level)/2 quantiles (type 7) of the replicates.
 */
export function percentileBootstrapCI(
  xs: readonly number[],
  statistic: (sample: number[]) => number,
  opts: BootstrapOptions,
): Interval {
  checkSample(xs, "percentileBootstrapCI(xs)");
  const level = opts.level ?? 0.95, B = opts.resamples ?? 2000;
  checkLevel(level);
  const n = xs.length, sample = new Array<number>(n), reps = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < n; i++) sample[i] = xs[opts.rng.int(n)];
    reps[b] = statistic(sample);
  }
  const [lower, upper] = percentileBounds(reps, level);
  return { estimate: statistic([...xs]), lower, upper };
}

/**
 * Percentile bootstrap interval of a difference statistic(b) − statistic(a), resampling each
 * sample independently.
 */
export function bootstrapDiffCI(
  a: readonly number[],
  b: readonly number[],
  statistic: (sample: number[]) => number,
  opts: BootstrapOptions,
): Interval {
  checkSample(a, "bootstrapDiffCI(a)");
  checkSample(b, "bootstrapDiffCI(b)");
  const level = opts.level ?? 0.95, B = opts.resamples ?? 2000;
  checkLevel(level);
  const sa = new Array<number>(a.length),
    sb = new Array<number>(b.length),
    reps = new Float64Array(B);
  for (let r = 0; r < B; r++) {
    for (let i = 0; i < a.length; i++) sa[i] = a[opts.rng.int(a.length)];
    for (let i = 0; i < b.length; i++) sb[i] = b[opts.rng.int(b.length)];
    reps[r] = statistic(sb) - statistic(sa);
  }
  const [lower, upper] = percentileBounds(reps, level);
  return { estimate: statistic([...b]) - statistic([...a]), lower, upper };
}
