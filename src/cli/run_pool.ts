/**
 * Runs of single-threaded tasks (a Minigrid learner run uses one core) executed several at once,
 * one per Deno worker, as design.md asks for CPU work: each worker initialises its backend once,
 * takes the next run as it frees up and writes the run's result file itself. A run's numbers
 * depend only on its config and seed, so results are byte-identical whatever the number of
 * workers.
 *
 * @module
 */

import { RunFailure, UsageError } from "../errors.ts";
import type { CheckpointPolicy, PlannedRun } from "./runner.ts";

/** A request to a run worker. */
export interface RunRequest {
  /** The run to execute. */
  run: PlannedRun;
  /** Where runs checkpoint, if they do. */
  checkpoint?: CheckpointPolicy;
}

/** What a run worker answers: progress, then a result or an error. */
export type RunReply =
  | { progress: [number, number] }
  | { log: string }
  | { done: { wallSeconds: number; summary?: string } }
  | { stopped: { done: number } }
  | { error: { what: string; where: string; fix: string; exitCode: number } | { message: string } };

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

/** The error a worker reported, as the class the CLI prints. */
function workerError(reply: Extract<RunReply, { error: unknown }>["error"]): Error {
  if ("what" in reply) {
    return reply.exitCode === 1
      ? new RunFailure(reply.what, reply.where, reply.fix)
      : new UsageError(reply.what, reply.where, reply.fix, reply.exitCode);
  }
  return new Error(`run worker failed: ${reply.message}`);
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
  let next = 0;
  const stopAt = opts.checkpoint?.stopAt;
  const pool = Array.from(
    { length: Math.min(opts.workers, runs.length) },
    () => new Worker(new URL("./run_worker.ts", import.meta.url).href, { type: "module" }),
  );
  try {
    await Promise.all(pool.map((worker) =>
      new Promise<void>((resolve, reject) => {
        let current: PlannedRun | null = null;
        const feed = (): void => {
          const late = stopAt !== undefined && Date.now() >= stopAt;
          if (next >= runs.length || late) return resolve();
          current = runs[next++];
          opts.events.onStart(current);
          const request: RunRequest = { run: current, checkpoint: opts.checkpoint };
          worker.postMessage(request);
        };
        worker.onmessage = (e: MessageEvent<RunReply>): void => {
          const reply = e.data;
          if ("error" in reply) return reject(workerError(reply.error));
          if ("stopped" in reply) {
            opts.events.onStopped(current!, reply.stopped.done);
            return resolve();
          }
          if ("log" in reply) return opts.events.onLog(current!, reply.log);
          if ("progress" in reply) {
            return opts.events.onProgress(current!, reply.progress[0], reply.progress[1]);
          }
          opts.events.onDone(current!, reply.done.wallSeconds, reply.done.summary);
          feed();
        };
        worker.onerror = (e: ErrorEvent): void => {
          e.preventDefault();
          reject(new Error(`run worker crashed: ${e.message}`));
        };
        feed();
      })
    ));
  } finally {
    for (const w of pool) w.terminate();
  }
}
