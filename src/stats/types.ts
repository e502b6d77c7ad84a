/**
 * Shapes shared by the interval functions.
 *
 * @module
 */

import type { Rng } from "../rng/mod.ts";

/** An interval around a point estimate. */
export interface Interval {
  /** The statistic on the full sample. */
  estimate: number;
  /** Lower bound. */
  lower: number;
  /** Upper bound. */
  upper: number;
}

/** Options of every interval: the confidence level. */
export interface LevelOptions {
  /** Two-sided confidence level in (0, 1) (default 0.95). */
  level?: number;
}

/** Options of the bootstrap intervals. */
export interface BootstrapOptions extends LevelOptions {
  /** Stream for the resampling; the same stream state gives the same interval. */
  rng: Rng;
  /** Number of bootstrap replicates, an integer ≥ 1 (default 2000). */
  resamples?: number;
}
