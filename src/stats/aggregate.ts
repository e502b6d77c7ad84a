/**
 * Aggregates over tasks × seeds, as in rliable (Agarwal et al. 2021): the stratified bootstrap
 * and performance profiles. `scores[task][seed]` holds one score per run; tasks may have
 * different numbers of seeds.
 *
 * @module
 */

import type { Rng } from "../rng/mod.ts";
import { percentileInterval, percentileIntervals, resampler } from "./bootstrap.ts";
import type { BootstrapOptions, Interval } from "./types.ts";
import { checkSample } from "./validate.ts";

/** Throws unless `scores` is a non-empty array of non-empty rows of finite numbers. */
function checkScores(scores: readonly (readonly number[])[], name: string): void {
  if (!Array.isArray(scores) || scores.length === 0) {
    throw new RangeError(`${name}(scores) needs at least one task, got ${scores?.length ?? 0}`);
  }
  scores.forEach((row, t) => checkSample(row, `${name}(scores[${t}])`));
}

/** A stratified resampler: each call redraws every task's seeds with replacement, within the task. */
function stratifiedResampler(scores: readonly (readonly number[])[], rng: Rng): () => number[][] {
  const draws = scores.map((row) => resampler(row, rng));
  return () => draws.map((draw) => draw());
}

/**
 * Stratified bootstrap interval (rliable's `StratifiedBootstrap`): each replicate resamples the
 * seeds of every task with replacement, within that task and independently across tasks
 * (each task keeps its number of runs), then applies `statistic` to the replicate's
 * tasks × seeds matrix — e.g. `(m) => iqm(m.flat())` for the IQM of all runs pooled, or a mean
 * of per-task statistics. Bounds are the type-7 (1 ∓ level)/2 quantiles of the replicates
 * (percentile method); the estimate is `statistic(scores)`. The matrix handed to `statistic` is
 * reused between replicates.
 */
export function stratifiedBootstrapCI(
  scores: readonly (readonly number[])[],
  statistic: (matrix: number[][]) => number,
  opts: BootstrapOptions,
): Interval {
  checkScores(scores, "stratifiedBootstrapCI");
  const draw = stratifiedResampler(scores, opts.rng);
  return percentileInterval(statistic(scores.map((row) => [...row])), () => statistic(draw()), {
    ...opts,
    name: "stratifiedBootstrapCI",
  });
}

/** Fraction of all runs in the matrix whose score is strictly above each threshold. */
function fractionsAbove(
  matrix: readonly (readonly number[])[],
  thresholds: readonly number[],
): number[] {
  const above = thresholds.map(() => 0);
  let runs = 0;
  for (const row of matrix) {
    for (const score of row) {
      runs++;
      thresholds.forEach((tau, k) => {
        if (score > tau) above[k]++;
      });
    }
  }
  return above.map((count) => count / runs);
}

/** One point of a performance profile: the fraction of runs above `tau`, with its interval. */
export interface ProfilePoint extends Interval {
  /** The threshold τ. */
  tau: number;
}

/**
 * Run-score performance profile (rliable's `create_performance_profile`): for each threshold τ,
 * F(τ) = (1/R)·Σ_runs [score > τ], the fraction of all R runs (tasks × seeds, pooled) with score
 * strictly above τ. Each point carries a stratified-bootstrap percentile interval
 * ({@link stratifiedBootstrapCI}); one set of resamples serves every τ, so each replicate is a
 * whole profile and the bands are non-increasing in τ like the profile itself.
 */
export function performanceProfile(
  scores: readonly (readonly number[])[],
  thresholds: readonly number[],
  opts: BootstrapOptions,
): ProfilePoint[] {
  checkScores(scores, "performanceProfile");
  checkSample(thresholds, "performanceProfile(thresholds)");
  const draw = stratifiedResampler(scores, opts.rng);
  const intervals = percentileIntervals(
    fractionsAbove(scores, thresholds),
    () => fractionsAbove(draw(), thresholds),
    { ...opts, name: "performanceProfile" },
  );
  return intervals.map((interval, k) => ({ tau: thresholds[k], ...interval }));
}

/** One point of a bootstrapped curve: the mean of the bootstrap distribution and its interval. */
export interface CurvePoint {
  /** Mean of the statistic over the bootstrap replicates (the curve drawn). */
  mean: number;
  /** Lower percentile bound. */
  lower: number;
  /** Upper percentile bound. */
  upper: number;
}

/**
 * Bootstrap band of the IQM across runs at every point of their curves (the P2 notebook's
 * aggregation, minigrid-experiments.md §5): each replicate redraws whole curves (runs) with
 * replacement and takes the IQM ({@link iqm}'s convention) of the drawn runs' values at each
 * point; a point's curve value is the mean of its replicates and its band their (1 ∓ level)/2
 * type-7 quantiles. `curves[run]` must all have the same length.
 *
 * A replicate is a count per run, and each point's runs are sorted once, so the IQM of a
 * replicate is one pass over the sorted runs, skipping and keeping counts: no sort per replicate
 * (9999 replicates × 200 points of 15 runs would otherwise sort 2 million times per curve).
 */
export function iqmCurveBootstrap(
  curves: readonly (readonly number[])[],
  opts: BootstrapOptions,
): CurvePoint[] {
  checkScores(curves, "iqmCurveBootstrap");
  const points = curves[0].length, runs = curves.length;
  if (curves.some((c) => c.length !== points)) {
    throw new RangeError("iqmCurveBootstrap(curves) needs curves of one length");
  }
  const order = Array.from(
    { length: points },
    (_, p) =>
      Int32Array.from({ length: runs }, (_, r) => r).sort((a, b) => curves[a][p] - curves[b][p]),
  );
  const cut = Math.floor(0.25 * runs), keep = runs - 2 * cut;
  const counts = new Int32Array(runs),
    sums = new Float64Array(points),
    out = new Float64Array(points);
  const resamples = opts.resamples ?? 2000;
  const intervals = percentileIntervals(new Array<number>(points).fill(0), () => {
    counts.fill(0);
    for (let r = 0; r < runs; r++) counts[opts.rng.int(runs)]++;
    for (let p = 0; p < points; p++) {
      let skip = cut, take = keep, s = 0;
      for (const r of order[p]) {
        let c = counts[r];
        const skipped = Math.min(skip, c);
        skip -= skipped;
        c -= skipped;
        const taken = Math.min(take, c);
        s += taken * curves[r][p];
        take -= taken;
        if (take === 0) break;
      }
      out[p] = s / keep;
      sums[p] += out[p];
    }
    return out;
  }, { ...opts, name: "iqmCurveBootstrap" });
  return intervals.map((interval, p) => ({
    mean: sums[p] / resamples,
    lower: interval.lower,
    upper: interval.upper,
  }));
}
