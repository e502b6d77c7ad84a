/**
 * Two-sample comparisons: Welch's t-test, the Mann–Whitney U test and the probability of
 * improvement (rliable).
 *
 * @module
 */

import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import type { Rng } from "../rng/mod.ts";
import { type BootstrapOptions, type Interval, percentileBounds } from "./intervals.ts";
import { checkSample, mean } from "./summary.ts";

/** A test statistic with its two-sided p-value. */
export interface TestResult {
  /** The statistic (t for Welch, z for Mann–Whitney). */
  statistic: number;
  /** Two-sided p-value. */
  p: number;
  /** Degrees of freedom (Welch only). */
  df?: number;
}

/**
 * Welch's unequal-variance t-test of mean(a) = mean(b): t = (x̄_a − x̄_b)/√(s_a²/n_a + s_b²/n_b),
 * Welch–Satterthwaite df, two-sided p = 2·(1 − F_t(|t|; df)). Needs n ≥ 2 per sample. Two samples
 * with zero variance give t = 0, p = 1 when equal and t = ±∞, p = 0 otherwise.
 */
export function welchTTest(a: readonly number[], b: readonly number[]): TestResult {
  checkSample(a, "welchTTest(a)", 2);
  checkSample(b, "welchTTest(b)", 2);
  const ma = mean(a), mb = mean(b);
  const va = a.reduce((s, x) => s + (x - ma) ** 2, 0) / (a.length - 1);
  const vb = b.reduce((s, x) => s + (x - mb) ** 2, 0) / (b.length - 1);
  const qa = va / a.length, qb = vb / b.length;
  if (qa + qb === 0) {
    return ma === mb ? { statistic: 0, p: 1, df: a.length + b.length - 2 } : {
      statistic: ma > mb ? Infinity : -Infinity,
      p: 0,
      df: a.length + b.length - 2,
    };
  }
  const t = (ma - mb) / Math.sqrt(qa + qb);
  const df = (qa + qb) ** 2 / (qa * qa / (a.length - 1) + qb * qb / (b.length - 1));
  return { statistic: t, p: 2 * (1 - tCdf(Math.abs(t), df)), df };
}

/** U = #{(i, j): a_i > b_j} + ½·#{a_i = b_j}, by sorting (O((n + m) log(n + m))). */
function mannWhitneyCount(
  a: readonly number[],
  b: readonly number[],
): { u: number; tieTerm: number } {
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) =>
    x.v - y.v
  );
  let rankSumA = 0, tieTerm = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j].v === all[i].v) j++;
    const avgRank = (i + 1 + j) / 2, t = j - i;
    tieTerm += t * t * t - t;
    for (let k = i; k < j; k++) if (all[k].g === 0) rankSumA += avgRank;
    i = j;
  }
  return { u: rankSumA - (a.length * (a.length + 1)) / 2, tieTerm };
}

/**
 * Mann–Whitney U test of P(a > b) = ½ by the normal approximation with tie correction:
 * z = (U − nm/2)/√(nm/12 · ((N + 1) − Σ(t³ − t)/(N(N − 1)))), two-sided p = 2(1 − Φ(|z|)).
 */
export function mannWhitneyTest(
  a: readonly number[],
  b: readonly number[],
): TestResult & { u: number } {
  checkSample(a, "mannWhitneyTest(a)");
  checkSample(b, "mannWhitneyTest(b)");
  const n = a.length, m = b.length, N = n + m;
  const { u, tieTerm } = mannWhitneyCount(a, b);
  const variance = (n * m / 12) * ((N + 1) - tieTerm / (N * (N - 1)));
  if (!(variance > 0)) return { statistic: 0, p: 1, u };
  const z = (u - (n * m) / 2) / Math.sqrt(variance);
  return { statistic: z, p: 2 * (1 - normalCdf(Math.abs(z), 0, 1)), u };
}

/**
 * Probability of improvement P(X > Y) (rliable): the Mann–Whitney U of x against y divided by
 * n·m, ties counting ½; 0.5 for identical samples, 1 when every x beats every y.
 */
export function probabilityOfImprovement(x: readonly number[], y: readonly number[]): number {
  checkSample(x, "probabilityOfImprovement(x)");
  checkSample(y, "probabilityOfImprovement(y)");
  return mannWhitneyCount(x, y).u / (x.length * y.length);
}

/** {@link probabilityOfImprovement} with a percentile bootstrap interval (each sample resampled). */
export function probabilityOfImprovementCI(
  x: readonly number[],
  y: readonly number[],
  opts: BootstrapOptions,
): Interval {
  const estimate = probabilityOfImprovement(x, y);
  const B = opts.resamples ?? 2000, level = opts.level ?? 0.95;
  const reps = new Float64Array(B);
  const sx = new Array<number>(x.length), sy = new Array<number>(y.length);
  const rng: Rng = opts.rng;
  for (let r = 0; r < B; r++) {
    for (let i = 0; i < x.length; i++) sx[i] = x[rng.int(x.length)];
    for (let i = 0; i < y.length; i++) sy[i] = y[rng.int(y.length)];
    reps[r] = mannWhitneyCount(sx, sy).u / (x.length * y.length);
  }
  const [lower, upper] = percentileBounds(reps, level);
  return { estimate, lower, upper };
}
