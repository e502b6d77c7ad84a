/**
 * The report's bootstrap intervals: seeded from the name of what they estimate, so every build
 * of the same results draws the same resamples (byte-identical site).
 *
 * @module
 */

import { Rng } from "../rng/mod.ts";
import { type Interval, iqm, percentileBootstrapCI } from "../stats/mod.ts";

/** Resamples of the CIs of final values (minigrid-experiments.md §5: 9999). */
const RESAMPLES = 9999;

/** A seeded stream for the bootstrap of one named quantity: the same site every build. */
export function reportRng(...names: (string | number)[]): Rng {
  return Rng.fromSeed("report").child(...names);
}

/** IQM of `xs` with a 95 % percentile bootstrap CI (the spec's aggregate), seeded by `key`. */
export function iqmInterval(xs: number[], key: string): Interval {
  return percentileBootstrapCI(xs, iqm, { rng: reportRng(key), resamples: RESAMPLES });
}
