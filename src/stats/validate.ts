/**
 * Argument checks shared by the statistics. A bad value is a `RangeError` (a non-array a
 * `TypeError`) whose message names the function and the argument, e.g.
 * `mean(xs)[3] is NaN; values must be finite numbers`.
 *
 * @module
 */

import type { LevelOptions } from "./types.ts";

/** Options of {@link checkSample}. */
export interface CheckSampleOptions {
  /** The fewest values the statistic needs (default 1). */
  min?: number;
}

/**
 * Throws unless `xs` is an array of at least `min` finite numbers. `name` names the argument as
 * the caller wrote it, e.g. `"welchTTest(a)"`.
 */
export function checkSample(
  xs: readonly number[],
  name: string,
  opts: CheckSampleOptions = {},
): void {
  const min = opts.min ?? 1;
  if (!Array.isArray(xs)) throw new TypeError(`${name} must be an array of numbers, got ${xs}`);
  if (xs.length < min) {
    throw new RangeError(
      `${name} needs at least ${min} value${min === 1 ? "" : "s"}, got ${xs.length}`,
    );
  }
  for (let i = 0; i < xs.length; i++) {
    if (typeof xs[i] !== "number" || !Number.isFinite(xs[i])) {
      throw new RangeError(`${name}[${i}] is ${xs[i]}; values must be finite numbers`);
    }
  }
}

/**
 * The confidence level of `opts`, 0.95 when absent; throws unless it lies in (0, 1). `name` names
 * the function, e.g. `"studentTCI"`.
 */
export function levelOf(opts: LevelOptions, name: string): number {
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`${name} level must be in (0, 1), got ${level}`);
  }
  return level;
}
