/**
 * Two-sample comparisons: Welch's t-test, the Mann–Whitney U test and rliable's probability of
 * improvement.
 *
 * @module
 */

import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { percentileInterval, resampler } from "./bootstrap.ts";
import { mean, variance } from "./summary.ts";
import type { BootstrapOptions, Interval } from "./types.ts";
import { checkSample } from "./validate.ts";

/** Result of {@link welchTTest}. */
export interface WelchResult {
  /** t = (x̄_a − x̄_b) / √(s_a²/n_a + s_b²/n_b); positive when a's mean is larger. */
  statistic: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Welch's unequal-variance t-test of mean(a) = mean(b). With s² the sample variances
 * (n − 1 denominator) and q = s²/n per sample: t = (x̄_a − x̄_b)/√(q_a + q_b), Welch–Satterthwaite
 * df ν = (q_a + q_b)² / (q_a²/(n_a − 1) + q_b²/(n_b − 1)), and the two-sided p = 2·F_t(−|t|; ν)
 * with F_t the CDF of Student's t (equals `scipy.stats.ttest_ind(a, b, equal_var=False)`).
 * Needs n ≥ 2 per sample. When both samples have zero variance, ν is 0/0 and reported as
 * n_a + n_b − 2; t = 0, p = 1 if the means are equal, else t = ±∞, p = 0.
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult {
  checkSample(a, "welchTTest(a)", { min: 2 });
  checkSample(b, "welchTTest(b)", { min: 2 });
  const diff = mean(a) - mean(b);
  const qa = variance(a) / a.length, qb = variance(b) / b.length;
  if (qa + qb === 0) {
    const df = a.length + b.length - 2;
    return diff === 0
      ? { statistic: 0, df, p: 1 }
      : { statistic: Math.sign(diff) * Infinity, df, p: 0 };
  }
  const t = diff / Math.sqrt(qa + qb);
  const df = (qa + qb) ** 2 / (qa * qa / (a.length - 1) + qb * qb / (b.length - 1));
  return { statistic: t, df, p: 2 * tCdf(-Math.abs(t), df) };
}

/**
 * Rank counts of a against b by merging the sorted samples: u = #{(i, j): aᵢ > bⱼ} +
 * ½·#{(i, j): aᵢ = bⱼ}, and the tie term Σ(t³ − t) over groups of t equal values in a ∪ b.
 */
function rankCounts(a: readonly number[], b: readonly number[]): { u: number; ties: number } {
  const sa = Float64Array.from(a).sort(), sb = Float64Array.from(b).sort();
  let i = 0, j = 0, u = 0, ties = 0;
  while (i < sa.length || j < sb.length) {
    const v = Math.min(i < sa.length ? sa[i] : Infinity, j < sb.length ? sb[j] : Infinity);
    let inA = 0, inB = 0;
    for (; i < sa.length && sa[i] === v; i++) inA++;
    for (; j < sb.length && sb[j] === v; j++) inB++;
    // j − inB values of b lie strictly below v.
    u += inA * (j - inB) + 0.5 * inA * inB;
    const t = inA + inB;
    ties += t * t * t - t;
  }
  return { u, ties };
}

/** Result of {@link mannWhitneyTest}. */
export interface MannWhitneyResult {
  /** U of a: #{(i, j): aᵢ > bⱼ} + ½·#{aᵢ = bⱼ} (scipy's `mannwhitneyu` statistic for x = a). */
  u: number;
  /** The normal score z = (U − nm/2)/σ_U; positive when a tends to be larger. */
  statistic: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Mann–Whitney U test (Wilcoxon rank-sum) of P(a > b) = ½ by the normal approximation with tie
 * correction and no continuity correction: with n = |a|, m = |b|, N = n + m and tᵢ the sizes
 * of the groups of tied values, σ_U² = (nm/12)·((N + 1) − Σ(tᵢ³ − tᵢ)/(N(N − 1))),
 * z = (U − nm/2)/σ_U and p = 2·Φ(−|z|) (equals scipy's
 * `mannwhitneyu(a, b, use_continuity=False, method="asymptotic")`). When every value is tied,
 * σ_U = 0 and the result is z = 0, p = 1.
 */
export function mannWhitneyTest(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  checkSample(a, "mannWhitneyTest(a)");
  checkSample(b, "mannWhitneyTest(b)");
  const n = a.length, m = b.length, N = n + m;
  const { u, ties } = rankCounts(a, b);
  const varU = (n * m / 12) * ((N + 1) - ties / (N * (N - 1)));
  if (!(varU > 0)) return { u, statistic: 0, p: 1 };
  const z = (u - n * m / 2) / Math.sqrt(varU);
  return { u, statistic: z, p: 2 * normalCdf(-Math.abs(z), 0, 1) };
}

/**
 * Probability of improvement P(X > Y) as in rliable, for one task: the Mann–Whitney U of x
 * against y over n·m, ties counting ½, i.e. (1/nm)·Σᵢ Σⱼ [xᵢ > yⱼ] + ½[xᵢ = yⱼ]. 0.5 for
 * identical samples, 1 when every x beats every y.
 */
export function probabilityOfImprovement(x: readonly number[], y: readonly number[]): number {
  checkSample(x, "probabilityOfImprovement(x)");
  checkSample(y, "probabilityOfImprovement(y)");
  return rankCounts(x, y).u / (x.length * y.length);
}

/**
 * {@link probabilityOfImprovement} with a percentile bootstrap interval: each replicate resamples
 * x and y with replacement, independently and at their own sizes; bounds are the type-7
 * (1 ∓ level)/2 quantiles of the replicated P(X > Y).
 */
export function probabilityOfImprovementCI(
  x: readonly number[],
  y: readonly number[],
  opts: BootstrapOptions,
): Interval {
  const estimate = probabilityOfImprovement(x, y);
  const drawX = resampler(x, opts.rng), drawY = resampler(y, opts.rng);
  const nm = x.length * y.length;
  return percentileInterval(estimate, () => rankCounts(drawX(), drawY()).u / nm, {
    ...opts,
    name: "probabilityOfImprovementCI",
  });
}
