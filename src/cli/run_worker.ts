/**
 * Worker side of {@link executeRunsConcurrently}: executes one planned run on the run's backend
 * (switched to for each run, described once per backend), emitting progress and log lines, and
 * resolves to its completion or its stop at the time budget.
 *
 * @module
 */

import { switchBackend } from "../backend/manifest.ts";
import { type Emit, workerTask } from "../workers/pool.ts";
import type { CheckpointPolicy, PlannedRun } from "./runner.ts";
import { executeRun } from "./runner.ts";
import { RunStopped } from "../tasks/mod.ts";

/** The runs a pool executes, one piece each. */
export interface RunBatch {
  /** The runs. */
  runs: readonly PlannedRun[];
  /** Where runs checkpoint, if they do. */
  checkpoint?: CheckpointPolicy;
}

/** What a run emits while it executes. */
export type RunEvent = { progress: [number, number] } | { log: string };

/** How a run ended: its result file written, or stopped at the time budget. */
export type RunEnd =
  | { done: { wallSeconds: number; summary?: string } }
  | { stopped: { done: number } };

/** Executes run `index` of `batch` in this thread. */
export async function executeBatchRun(batch: RunBatch, index: number, emit: Emit): Promise<RunEnd> {
  const run = batch.runs[index];
  try {
    const { result, summary } = await executeRun(run, {
      // Runs of different backends may share this worker.
      environment: await switchBackend(run.backend),
      workers: 1,
      checkpoint: batch.checkpoint,
      onProgress: (done, total) => emit({ progress: [done, total] } satisfies RunEvent),
      log: (line) => emit({ log: line } satisfies RunEvent),
    });
    return { done: { wallSeconds: result.manifest.wallSeconds, summary } };
  } catch (err) {
    if (err instanceof RunStopped) return { stopped: { done: err.done } };
    throw err;
  }
}

/** {@link executeBatchRun} as a worker-pool task. */
export const BATCH_RUNS = workerTask(import.meta.url, "executeBatchRun", executeBatchRun);
