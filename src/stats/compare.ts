/**
 * Two-sample comparisons: Welch's t-test, the Mann–Whitney U test (asymptotic and exact), the
 * speed-regression rule of `deno task compare` and rliable's probability of improvement.
 *
 * @module
 */

import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { percentileInterval, resampler } from "./bootstrap.ts";
import { mean, median, quantile, variance } from "./summary.ts";
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
  /** How p was computed. */
  method: "asymptotic" | "exact";
}

/** Options of {@link mannWhitneyTest}. */
export interface MannWhitneyOptions {
  /**
   * `asymptotic` (the default): the normal approximation. `exact`: the permutation distribution
   * of U, valid without ties. `auto`: exact when there are no ties and C(n + m, n) ≤ 10¹⁵ (so
   * the counts stay exact in doubles), else asymptotic.
   */
  method?: "asymptotic" | "exact" | "auto";
}

/** Largest C(n + m, n) for which the exact distribution is counted. */
const EXACT_LIMIT = 1e15;

/** The binomial coefficient C(n, k) in floating point. */
function binomial(n: number, k: number): number {
  const j = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= j; i++) c = c * (n - j + i) / i;
  return Math.round(c);
}

/**
 * The number of orderings of n a-values and m b-values with each U = 0…nm, the coefficients of
 * the Gaussian binomial [n + m choose n]_q = Πᵢ₌₁ⁿ (1 − q^(m+i)) / (1 − q^i).
 */
function exactUCounts(n: number, m: number): Float64Array {
  const c = new Float64Array(n * m + 1);
  c[0] = 1;
  for (let i = 1; i <= n; i++) {
    // Degrees above nm are dropped: neither step reads a higher coefficient into a lower one.
    for (let k = Math.min(i * m + i, n * m); k >= m + i; k--) c[k] -= c[k - m - i];
    for (let k = i; k <= n * m; k++) c[k] += c[k - i];
  }
  return c;
}

/**
 * The smallest two-sided p-value the exact Mann–Whitney test can give with samples of n and m
 * values: 2/C(n + m, n), when one sample lies wholly above the other (5 vs 5: 2/252 ≈ 0.0079;
 * 7 vs 7: 2/3432 ≈ 0.00058). A test at level α can only find a difference when this is below α.
 */
export function mannWhitneyMinP(n: number, m: number): number {
  return Math.min(1, 2 / binomial(n + m, n));
}

/**
 * Mann–Whitney U test (Wilcoxon rank-sum) of P(a > b) = ½, two-sided.
 *
 * Asymptotic: the normal approximation with tie correction and no continuity correction: with
 * n = |a|, m = |b|, N = n + m and tᵢ the sizes of the groups of tied values,
 * σ_U² = (nm/12)·((N + 1) − Σ(tᵢ³ − tᵢ)/(N(N − 1))), z = (U − nm/2)/σ_U and p = 2·Φ(−|z|)
 * (equals scipy's `mannwhitneyu(a, b, use_continuity=False, method="asymptotic")`). When every
 * value is tied, σ_U = 0 and the result is z = 0, p = 1.
 *
 * Exact: p = 2·P(U ≥ max(U, nm − U)) under the permutation distribution, capped at 1 (scipy's
 * `method="exact"`); it assumes no ties.
 */
export function mannWhitneyTest(
  a: readonly number[],
  b: readonly number[],
  opts: MannWhitneyOptions = {},
): MannWhitneyResult {
  checkSample(a, "mannWhitneyTest(a)");
  checkSample(b, "mannWhitneyTest(b)");
  const n = a.length, m = b.length, N = n + m;
  const { u, ties } = rankCounts(a, b);
  const varU = (n * m / 12) * ((N + 1) - ties / (N * (N - 1)));
  const z = varU > 0 ? (u - n * m / 2) / Math.sqrt(varU) : 0;
  const method = opts.method ?? "asymptotic";
  if (method === "exact" || (method === "auto" && ties === 0 && binomial(N, n) <= EXACT_LIMIT)) {
    const counts = exactUCounts(n, m);
    let above = 0, total = 0;
    const from = Math.ceil(Math.max(u, n * m - u));
    for (let k = 0; k < counts.length; k++) {
      total += counts[k];
      if (k >= from) above += counts[k];
    }
    return { u, statistic: z, p: Math.min(1, 2 * above / total), method: "exact" };
  }
  if (!(varU > 0)) return { u, statistic: 0, p: 1, method: "asymptotic" };
  return { u, statistic: z, p: 2 * normalCdf(-Math.abs(z), 0, 1), method: "asymptotic" };
}

/** Thresholds of {@link speedVerdict}. */
export interface SpeedRuleOptions {
  /** Level of the Mann–Whitney test. */
  alpha: number;
  /** Smallest ratio of medians that counts, ≥ 1 (asv's factor, 1.1). */
  threshold: number;
}

/**
 * The defaults of the speed rule, shared by `deno task compare` and the report's speed history:
 * asv's α and factor, and the weekly gate's window of the newest 4 result sets.
 */
export const SPEED_RULE = { alpha: 0.002, threshold: 1.1, window: 4 } as const;

/** Result of {@link speedVerdict}. */
export interface SpeedVerdict {
  /**
   * `slower`/`faster`: significant and beyond the threshold; `same`: not; `inconclusive`: too few
   * repeats for the test to reach α at all.
   */
  verdict: "same" | "slower" | "faster" | "inconclusive";
  /** median(candidate) / median(baseline): below 1 is slower. */
  ratio: number;
  /** The baseline's own spread: its 75th over its 25th percentile. */
  spread: number;
  /** The ratio that counts: the larger of the threshold and the spread. */
  threshold: number;
  /** Smallest p the test could give with these sample sizes ({@link mannWhitneyMinP}). */
  minP: number;
  /** The test's p-value (exact where possible), or null when inconclusive. */
  p: number | null;
}

/**
 * The speed-regression rule of `deno task compare`, on throughputs (higher is faster): asv's
 * rule, hardened against noise. A verdict needs
 * 1. enough values for the exact Mann–Whitney test to reach α at all (2/C(n + m, n) < α), else
 *    it is `inconclusive`;
 * 2. the test's p < α, so the difference persists across the repeats, not in one of them;
 * 3. a ratio of medians beyond the threshold, which is at least the baseline's own spread
 *    (P75/P25 of its values): a change smaller than the noise between repeats never counts.
 */
export function speedVerdict(
  baseline: readonly number[],
  candidate: readonly number[],
  opts: SpeedRuleOptions,
): SpeedVerdict {
  checkSample(baseline, "speedVerdict(baseline)");
  checkSample(candidate, "speedVerdict(candidate)");
  const mb = median(baseline), mc = median(candidate);
  const ratio = mc / mb;
  const spread = quantile(baseline, 0.75) / quantile(baseline, 0.25);
  const threshold = Math.max(opts.threshold, spread);
  const minP = mannWhitneyMinP(baseline.length, candidate.length);
  if (!(minP < opts.alpha)) {
    return { verdict: "inconclusive", ratio, spread, threshold, minP, p: null };
  }
  const p = mannWhitneyTest(baseline, candidate, { method: "auto" }).p;
  const verdict = !(p < opts.alpha)
    ? "same"
    : 1 / ratio > threshold
    ? "slower"
    : ratio > threshold
    ? "faster"
    : "same";
  return { verdict, ratio, spread, threshold, minP, p };
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
