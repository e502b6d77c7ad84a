/**
 * Aggregates across tasks × seeds (rliable): stratified bootstrap intervals and performance
 * profiles.
 *
 * @module
 */

import { type BootstrapOptions, type Interval, percentileBounds } from "./intervals.ts";
import { checkSample } from "./summary.ts";

/**
 * Stratified bootstrap interval: `scores[task]` holds one score per seed; each replicate
 * resamples seeds with replacement within every task independently, then applies `statistic`
 * to the replicate's tasks × seeds matrix (e.g. IQM of all runs pooled). Percentile bounds.
 */
export function stratifiedBootstrapCI(
  scores: readonly (readonly number[])[],
  statistic: (matrix: number[][]) => number,
  opts: BootstrapOptions,
): Interval {
  if (!scores.length) throw new RangeError("stratifiedBootstrapCI needs at least one task");
  scores.forEach((s, t) => checkSample(s, `stratifiedBootstrapCI(scores[${t}])`));
  const B = opts.resamples ?? 2000, level = opts.level ?? 0.95;
  const reps = new Float64Array(B);
  const sample = scores.map((s) => new Array<number>(s.length));
  for (let r = 0; r < B; r++) {
    scores.forEach((s, t) => {
      for (let i = 0; i < s.length; i++) sample[t][i] = s[opts.rng.int(s.length)];
    });
    reps[r] = statistic(sample);
  }
  const [lower, upper] = percentileBounds(reps, level);
  return { estimate: statistic(scores.map((s) => [...s])), lower, upper };
}

/** Fraction of all runs (pooled over tasks) whose score is strictly above τ. */
function fractionAbove(matrix: readonly (readonly number[])[], tau: number): number {
  let above = 0, total = 0;
  for (const row of matrix) {
    for (const v of row) {
      total++;
      if (v > tau) above++;
    }
  }
  return above / total;
}

/** One point of a performance profile. */
export interface ProfilePoint extends Interval {
  /** The threshold τ. */
  tau: number;
}

/**
 * Performance profile (rliable): for each threshold τ, the fraction of runs (tasks × seeds,
 * pooled) with score > τ, with a stratified-bootstrap interval per τ (the CI band).
 */
export function performanceProfile(
  scores: readonly (readonly number[])[],
  thresholds: readonly number[],
  opts: BootstrapOptions,
): ProfilePoint[] {
  checkSample(thresholds, "performanceProfile(thresholds)");
  return thresholds.map((tau, k) => ({
    tau,
    ...stratifiedBootstrapCI(scores, (m) => fractionAbove(m, tau), {
      ...opts,
      rng: opts.rng.child("tau", k),
    }),
  }));
}
