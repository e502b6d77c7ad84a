/**
 * The bootstrap machinery behind every resampling interval: drawing with replacement from the
 * suite's `Rng`, and percentile bounds over the replicates.
 *
 * @module
 */

import type { Rng } from "../rng/mod.ts";
import { sortedQuantile } from "./summary.ts";
import type { BootstrapOptions, Interval } from "./types.ts";
import { levelOf } from "./validate.ts";

/** What the percentile engine needs: level and resamples, and the caller's name for messages. */
export interface EngineOptions extends Omit<BootstrapOptions, "rng"> {
  /** The calling function, e.g. `"percentileBootstrapCI"`. */
  name: string;
}

/**
 * A resampler for `source`: each call refills one reused buffer with `source.length` draws with
 * replacement (indices from `rng.int`) and returns it. The buffer is overwritten by the next
 * call, so a statistic must not keep it.
 */
export function resampler(source: readonly number[], rng: Rng): () => number[] {
  const n = source.length, buffer = new Array<number>(n);
  return () => {
    for (let i = 0; i < n; i++) buffer[i] = source[rng.int(n)];
    return buffer;
  };
}

/**
 * Percentile bootstrap intervals of a vector statistic. `replicate` is called `resamples` times
 * and returns the statistic's components on one resample; component j's interval is the type-7
 * quantiles (1 − level)/2 and (1 + level)/2 of its replicates, around `estimates[j]` (the
 * statistic on the original data). A NaN replicate throws a `RangeError`; `name` names the
 * calling function in messages.
 */
export function percentileIntervals(
  estimates: readonly number[],
  replicate: () => ArrayLike<number>,
  opts: EngineOptions,
): Interval[] {
  const level = levelOf(opts, opts.name), resamples = opts.resamples ?? 2000;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`${opts.name} resamples must be an integer >= 1, got ${resamples}`);
  }
  const replicates = estimates.map(() => new Float64Array(resamples));
  for (let r = 0; r < resamples; r++) {
    const values = replicate();
    for (let j = 0; j < replicates.length; j++) {
      if (Number.isNaN(values[j])) {
        throw new RangeError(`${opts.name} statistic returned NaN on bootstrap replicate ${r}`);
      }
      replicates[j][r] = values[j];
    }
  }
  return estimates.map((estimate, j) => {
    const sorted = replicates[j].sort();
    return {
      estimate,
      lower: sortedQuantile(sorted, (1 - level) / 2),
      upper: sortedQuantile(sorted, (1 + level) / 2),
    };
  });
}

/** {@link percentileIntervals} for a scalar statistic. */
export function percentileInterval(
  estimate: number,
  replicate: () => number,
  opts: EngineOptions,
): Interval {
  return percentileIntervals([estimate], () => [replicate()], opts)[0];
}
