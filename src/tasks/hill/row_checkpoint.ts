/**
 * Checkpointed row maps for the hill studies: the rows (σ-rows, gradient chunks) finished so far
 * are saved to the run's checkpoint every `everySeconds`, a rerun computes only the missing ones,
 * and past `stopAt` no row is started, the finished ones are saved and the run stops
 * ({@link RunStopped}). A row's values depend only on the job and its index, so a resumed run
 * ends byte-identical to one that never stopped. A `full` landscape (200 rows, tens of minutes)
 * thereby survives a kill or a `--time-budget`, and its log tells how far it got.
 *
 * @module
 */

import { UsageError } from "../../errors.ts";
import {
  CheckpointMismatch,
  listField,
  readCheckpointSync,
  type StateTree,
  subtree,
  writeCheckpointSync,
} from "../../checkpoint/mod.ts";
import type { WorkerPool, WorkerTask } from "../../workers/pool.ts";
import { RunStopped, type TaskContext } from "../task.ts";

/** What {@link checkpointedRows} needs from the run's context. */
export type RowRunContext = Pick<TaskContext<unknown>, "checkpoint" | "log" | "onProgress">;

/** The rows of `stage` a checkpoint holds, by index (none when there is no checkpoint). */
function savedRows(
  tree: StateTree | null,
  opts: { stage: string; count: number; runKey: string; path: string },
): Map<number, Float64Array> {
  const rows = new Map<number, Float64Array>();
  if (!tree) return rows;
  if (tree.format !== 1 || tree.runKey !== opts.runKey) {
    throw new UsageError(
      "checkpoint belongs to another run (different config or code version)",
      opts.path,
      "delete it to start this run afresh",
    );
  }
  if (!(opts.stage in tree)) return rows;
  try {
    const stage = subtree(tree, opts.stage);
    const index = listField(stage, "index"), values = listField(stage, "values");
    index.forEach((i, k) => {
      const v = values[k];
      if (!Number.isInteger(i) || (i as number) < 0 || (i as number) >= opts.count) {
        throw new CheckpointMismatch(`${opts.stage}.index`, `${i} is not in 0..${opts.count - 1}`);
      }
      if (!(v instanceof Float64Array)) {
        throw new CheckpointMismatch(`${opts.stage}.values`, "not float64 arrays");
      }
      rows.set(i as number, v);
    });
  } catch (e) {
    if (!(e instanceof CheckpointMismatch)) throw e;
    throw new UsageError(
      `checkpoint does not fit this run: ${e.message}`,
      opts.path,
      "delete it to start this run afresh",
    );
  }
  return rows;
}

/**
 * Rows 0..count−1 of `job` computed on `pool`, as {@link WorkerPool.map} gives them, with the
 * run's checkpoint (if it has one) read before and written as rows finish. `stage` names the
 * map within the run (a study with two passes checkpoints both).
 */
export async function checkpointedRows<J>(
  pool: WorkerPool,
  task: WorkerTask<J, Float64Array>,
  job: J,
  opts: { count: number; stage: string; ctx: RowRunContext },
): Promise<Float64Array[]> {
  const { count, stage, ctx } = opts;
  const ckpt = ctx.checkpoint;
  const tree = ckpt ? readCheckpointSync(ckpt.path) : null;
  const rows = ckpt
    ? savedRows(tree, { stage, count, runKey: ckpt.runKey, path: ckpt.path })
    : new Map<number, Float64Array>();
  if (rows.size > 0) {
    ctx.log?.(`${stage}: resumed ${rows.size} of ${count} rows from ${ckpt!.path}`);
  }
  const save = (): void => {
    if (!ckpt) return;
    const index = [...rows.keys()].sort((a, b) => a - b);
    writeCheckpointSync(ckpt.path, {
      ...(tree ?? {}),
      format: 1,
      runKey: ckpt.runKey,
      [stage]: { index, values: index.map((i) => rows.get(i)!) },
    });
    if (rows.size < count) ctx.log?.(`${stage}: checkpoint with ${rows.size} of ${count} rows`);
  };
  let lastSave = performance.now();
  const pieces = Array.from({ length: count }, (_, i) => i).filter((i) => !rows.has(i));
  try {
    await pool.map(task, job, count, {
      pieces,
      stop: () => ckpt?.stopAt !== undefined && Date.now() >= ckpt.stopAt,
      onProgress: ctx.onProgress,
      onResult: (i, values) => {
        rows.set(i, values);
        if (ckpt && rows.size < count && performance.now() - lastSave >= 1000 * ckpt.everySeconds) {
          save();
          lastSave = performance.now();
        }
      },
    });
  } catch (e) {
    // The rows finished before the failure are kept for the rerun.
    if (pieces.length > 0) save();
    throw e;
  }
  // Saved also when complete, so a later stage of the same run resumes past this one.
  if (pieces.length > 0) save();
  if (rows.size < count) throw new RunStopped(rows.size);
  return Array.from({ length: count }, (_, i) => rows.get(i)!);
}
