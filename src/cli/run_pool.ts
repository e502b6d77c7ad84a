/**
 * Runs of single-threaded tasks (a Minigrid learner run uses one core) executed several at once,
 * one per Deno worker, as design.md asks for CPU work: each worker initialises its backend once,
 * takes the next run as it frees up and writes the run's result file itself. A run's numbers
 * depend only on its config and seed, so results are byte-identical whatever the number of
 * workers.
 *
 * @module
 */

import { WorkerPool } from "../workers/pool.ts";
import type { CheckpointPolicy, PlannedRun } from "./runner.ts";
import { BATCH_RUNS, type RunEvent } from "./run_worker.ts";

/** How the pool reports on each run. */
export interface RunEvents {
  /** A worker took the run. */
  onStart(run: PlannedRun): void;
  /** Progress within the run (a task's `onProgress`). */
  onProgress(run: PlannedRun, done: number, total: number): void;
  /** A line about the run. */
  onLog(run: PlannedRun, line: string): void;
  /** The run's result file is written. */
  onDone(run: PlannedRun, wallSeconds: number, summary?: string): void;
  /** The run stopped at `checkpoint.stopAt` after `done` iterations, its checkpoint saved. */
  onStopped(run: PlannedRun, done: number): void;
}

/**
 * Executes `runs` on `workers` workers (at most one per run) and resolves when all result files
 * are written; rejects on the first error, stopping the other workers. Past `checkpoint.stopAt`
 * no run is started and the runs in flight stop at their next checkpoint (`onStopped`); it then
 * resolves with those runs and the ones never started unfinished.
 */
export async function executeRunsConcurrently(
  runs: readonly PlannedRun[],
  opts: { workers: number; checkpoint?: CheckpointPolicy; events: RunEvents },
): Promise<void> {
  if (runs.length === 0) return;
  const stopAt = opts.checkpoint?.stopAt;
  const { events } = opts;
  // Never inline: this thread keeps the progress bar and Ctrl-C while the runs compute.
  await WorkerPool.with(
    Math.min(opts.workers, runs.length),
    (pool) =>
      pool.map(BATCH_RUNS, { runs, checkpoint: opts.checkpoint }, runs.length, {
        stop: () => stopAt !== undefined && Date.now() >= stopAt,
        onStart: (i) => events.onStart(runs[i]),
        onEvent: (i, event) => {
          const e = event as RunEvent;
          if ("log" in e) events.onLog(runs[i], e.log);
          else events.onProgress(runs[i], e.progress[0], e.progress[1]);
        },
        onResult: (i, end) => {
          if ("stopped" in end) events.onStopped(runs[i], end.stopped.done);
          else events.onDone(runs[i], end.done.wallSeconds, end.done.summary);
        },
      }),
    { inline: false },
  );
}
