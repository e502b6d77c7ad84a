/**
 * Confidence intervals over plain number arrays: Student-t and Wilson (closed form) and the
 * percentile bootstrap. Bootstrap intervals take the suite's `Rng` in their options, so the same
 * stream gives the same interval.
 *
 * @module
 */

import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { percentileInterval, resampler } from "./bootstrap.ts";
import { mean, sd } from "./summary.ts";
import type { BootstrapOptions, Interval, LevelOptions } from "./types.ts";
import { checkSample, levelOf } from "./validate.ts";

/**
 * Student-t interval for the mean: x̄ ± t_{(1+level)/2, n−1} · s/√n, with s the sample standard
 * deviation (n − 1 denominator) and t_{q, ν} the q-quantile of Student's t with ν = n − 1
 * degrees of freedom. Needs n ≥ 2. E.g. level 0.95, n = 5 uses t_{0.975, 4} = 2.776.
 */
export function studentTCI(xs: readonly number[], opts: LevelOptions = {}): Interval {
  checkSample(xs, "studentTCI(xs)", { min: 2 });
  const level = levelOf(opts, "studentTCI");
  const m = mean(xs);
  const half = tQuantile((1 + level) / 2, xs.length - 1) * sd(xs) / Math.sqrt(xs.length);
  return { estimate: m, lower: m - half, upper: m + half };
}

/**
 * Wilson score interval for a binomial proportion, k successes of n trials (no continuity
 * correction): with p̂ = k/n and z = Φ⁻¹((1 + level)/2),
 * (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), exactly 0 at k = 0 and 1 at k = n.
 * The estimate is p̂. E.g. 0 of 10 at 95 % gives [0, 0.2775].
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  opts: LevelOptions = {},
): Interval {
  if (!Number.isInteger(trials) || trials < 1) {
    throw new RangeError(`wilsonInterval(trials) must be an integer >= 1, got ${trials}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(
      `wilsonInterval(successes) must be an integer in [0, ${trials}], got ${successes}`,
    );
  }
  const level = levelOf(opts, "wilsonInterval");
  const z = normalQuantile((1 + level) / 2, 0, 1), n = trials, z2 = z * z;
  // The bounds are the roots of (1 + z²/n)θ² − (2p̂ + z²/n)θ + p̂² = 0. The larger root has no
  // cancellation, and the smaller is p̂²/((1 + z²/n)·larger), exact at p̂ = 0; the upper bound is
  // 1 − the lower bound of 1 − p̂ by symmetry, exact at p̂ = 1.
  const lowerBound = (p: number): number => {
    const larger = (p + z2 / (2 * n) + z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))) /
      (1 + z2 / n);
    return p * p / ((1 + z2 / n) * larger);
  };
  const p = successes / n;
  return { estimate: p, lower: lowerBound(p), upper: 1 - lowerBound(1 - p) };
}

/**
 * Percentile bootstrap interval of `statistic` (Efron): draw `resamples` samples of size n with
 * replacement from `xs`, apply `statistic` to each, and take the (1 − level)/2 and
 * (1 + level)/2 quantiles (type 7, as numpy's `percentile`) of the replicates. The estimate is
 * `statistic(xs)`. The array handed to `statistic` is reused between replicates.
 */
export function percentileBootstrapCI(
  xs: readonly number[],
  statistic: (sample: number[]) => number,
  opts: BootstrapOptions,
): Interval {
  checkSample(xs, "percentileBootstrapCI(xs)");
  const draw = resampler(xs, opts.rng);
  return percentileInterval(statistic([...xs]), () => statistic(draw()), {
    ...opts,
    name: "percentileBootstrapCI",
  });
}

/** Options of {@link bootstrapDiffCI}. */
export interface DiffBootstrapOptions extends BootstrapOptions {
  /** The statistic compared between the samples (default {@link mean}). */
  statistic?: (sample: number[]) => number;
}

/**
 * Percentile bootstrap interval of the difference statistic(a) − statistic(b) between two
 * independent samples: each replicate resamples a and b with replacement, independently and at
 * their own sizes; bounds are the type-7 (1 ∓ level)/2 quantiles of the replicated differences.
 */
export function bootstrapDiffCI(
  a: readonly number[],
  b: readonly number[],
  opts: DiffBootstrapOptions,
): Interval {
  checkSample(a, "bootstrapDiffCI(a)");
  checkSample(b, "bootstrapDiffCI(b)");
  const statistic = opts.statistic ?? mean;
  const drawA = resampler(a, opts.rng), drawB = resampler(b, opts.rng);
  return percentileInterval(
    statistic([...a]) - statistic([...b]),
    () => statistic(drawA()) - statistic(drawB()),
    { ...opts, name: "bootstrapDiffCI" },
  );
}

/**
 * Newcombe's hybrid score interval (method 10 of Newcombe 1998) for the difference of two
 * independent proportions p̂₁ − p̂₂, k₁ of n₁ against k₂ of n₂: with Wilson intervals [l₁, u₁] and
 * [l₂, u₂] at the same level, d − √((p̂₁ − l₁)² + (u₂ − p̂₂)²) to d + √((u₁ − p̂₁)² + (p̂₂ − l₂)²).
 * E.g. 56/70 vs 48/80 at 95 % gives 0.2 [0.0524, 0.3339].
 */
export function newcombeInterval(
  a: { successes: number; trials: number },
  b: { successes: number; trials: number },
  opts: LevelOptions = {},
): Interval {
  const wa = wilsonInterval(a.successes, a.trials, opts);
  const wb = wilsonInterval(b.successes, b.trials, opts);
  const d = wa.estimate - wb.estimate;
  return {
    estimate: d,
    lower: d - Math.hypot(wa.estimate - wa.lower, wb.upper - wb.estimate),
    upper: d + Math.hypot(wa.upper - wa.estimate, wb.estimate - wb.lower),
  };
}
