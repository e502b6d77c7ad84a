/**
 * Pool tasks for pool_test.ts: a pure function of (job, index), one that fails, one that emits,
 * and one that keeps state in its worker.
 *
 * @module
 */

import { UsageError } from "../../errors.ts";
import { type Emit, workerTask } from "../pool.ts";

/** job.base + index², or a failure at job.failAt (a UsageError when job.usage). */
export function square(
  job: { base: number; failAt?: number; usage?: boolean },
  index: number,
  emit: Emit,
): number {
  if (index === job.failAt) {
    if (job.usage) throw new UsageError("bad piece", `piece ${index}`, "give another");
    throw new Error(`piece ${index} failed`);
  }
  emit(`at ${index}`);
  return job.base + index * index;
}

/** {@link square} as a pool task. */
export const SQUARE = workerTask(import.meta.url, "square", square);

let calls = 0;

/** Counts its calls in this worker's module and returns job + the count. */
export function countCalls(job: number): number {
  return job + ++calls;
}

/** {@link countCalls} as a pool task. */
export const COUNT_CALLS = workerTask(import.meta.url, "countCalls", countCalls);
