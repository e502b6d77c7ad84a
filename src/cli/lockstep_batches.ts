/**
 * `bench --backend webgpu`: a profile's Minigrid runs trained in lockstep batches
 * (src/learners/lockstep/) instead of one at a time. Runs batch together when they share their
 * params (env, iterations, preset, …) and their variant's density shape; a batch holds at most
 * `--lockstep-max` runs. Each run still gets its own result file, the one the run alone (R = 1)
 * would write: a run's numbers do not depend on the batch it ran in.
 *
 * Lockstep batches keep no checkpoints: a rerun redoes the runs without a result file.
 *
 * @module
 */

import type { ManifestBase } from "../backend/manifest.ts";
import { densityShape, trainLockstep } from "../learners/lockstep/mod.ts";
import { writeResultFileSync } from "../results/mod.ts";
import type { ResultFile } from "../results/schema.ts";
import { minigridOutput, type MinigridParams, minigridRunSetup } from "../tasks/minigrid.ts";
import { type PlannedRun, resultFileOf } from "./runner.ts";
import { runStream } from "../tasks/task.ts";

/**
 * Whether `run` is trained by the lockstep learner: a Minigrid run on webgpu whose variant that
 * learner implements (its record names a density shape). Other webgpu runs train one at a time.
 */
export function runsInLockstep(run: PlannedRun): boolean {
  return run.backend === "webgpu" && run.task.startsWith("minigrid/") &&
    densityShape(run.variant) !== null;
}

/**
 * The lockstep runs of `runs` in batches: grouped by (params, density shape) in order of first
 * appearance, each group cut into batches of at most `maxRuns`.
 */
export function lockstepBatches(runs: readonly PlannedRun[], maxRuns: number): PlannedRun[][] {
  const groups = new Map<string, PlannedRun[]>();
  for (const run of runs.filter(runsInLockstep)) {
    const key = JSON.stringify([run.params, densityShape(run.variant)]);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const batches: PlannedRun[][] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += maxRuns) batches.push(group.slice(i, i + maxRuns));
  }
  return batches;
}

/** What happened to one run of a batch. */
export interface LockstepDone {
  /** The run. */
  run: PlannedRun;
  /** Its result file, written. */
  result: ResultFile;
  /** The task's one-line summary. */
  summary?: string;
}

/**
 * Trains `batch` in lockstep and writes each run's result file. Every run's manifest records the
 * batch's start and wall time. `onProgress` sees each run's evaluations.
 */
export async function executeLockstepBatch(
  batch: readonly PlannedRun[],
  opts: {
    environment: ManifestBase;
    onProgress?: (run: PlannedRun, done: number, total: number) => void;
  },
): Promise<LockstepDone[]> {
  const startedAt = new Date(), t0 = performance.now();
  const params = batch.map((run) => run.params as MinigridParams);
  const results = await trainLockstep({
    runs: batch.map((run, r) =>
      minigridRunSetup({
        params: params[r],
        mode: run.task === "minigrid/control" ? "control" : "explore",
        variant: run.variant,
        lambda: run.lambda,
        rng: runStream(run),
      })
    ),
    onEval: (r, point) => opts.onProgress?.(batch[r], point.iteration + 1, params[r].iterations),
  });
  const wallSeconds = Math.round(performance.now() - t0) / 1000;
  const done: LockstepDone[] = [];
  for (const [r, run] of batch.entries()) {
    const out = minigridOutput(results[r], params[r].finalAtEval);
    const result = resultFileOf(run, out, {
      environment: opts.environment,
      startedAt,
      wallSeconds,
    });
    writeResultFileSync(run.path, result);
    done.push({ run, result, summary: out.summary });
  }
  return done;
}
