/**
 * Spreads the σ-rows of a hill study over worker threads (one per core by default). Rows are
 * handed out one at a time as workers free up, and each row's numbers depend only on the job and
 * the row index, so the result is byte-identical whatever the number of workers.
 *
 * @module
 */

import { gradientChunk, type GradientJob } from "./gradient_runs.ts";
import { type FutureKlCheckParams, futureKlCheckRow } from "./future_kl_check.ts";
import type { HillGrid } from "./grid.ts";
import { type ImprovementGrid, improvementRow, landscapeRow } from "./rows.ts";

/** A study to compute row by row. */
export type RowJob =
  | { study: "landscape"; grid: HillGrid; seed: number }
  | {
    study: "improvement";
    grid: ImprovementGrid;
    seed: number;
    panels: Float64Array[];
  }
  | { study: "gradient"; job: GradientJob }
  | { study: "futureKlCheck"; params: FutureKlCheckParams; seed: number };

/** Computes one row (a σ-row of a grid, or a chunk of gradient runs) in this thread. */
export function computeRow(job: RowJob, row: number): Float64Array {
  switch (job.study) {
    case "landscape":
      return landscapeRow(job.grid, job.seed, row);
    case "improvement":
      return improvementRow(job.grid, job.seed, row, job.panels);
    case "gradient":
      return gradientChunk(job.job, row);
    case "futureKlCheck":
      return futureKlCheckRow(job.params, job.seed, row);
  }
}

/** Messages from a worker. */
export type WorkerReply = { row: number; values: Float64Array } | { error: string };

/**
 * Computes rows 0..rows−1 of `job` on `workers` threads (in this thread when workers ≤ 1) and
 * returns them in row order.
 */
export async function mapRows(
  job: RowJob,
  rows: number,
  workers: number,
  onRow?: (done: number, total: number) => void,
): Promise<Float64Array[]> {
  const results: Float64Array[] = new Array(rows);
  if (workers <= 1 || rows <= 1) {
    for (let r = 0; r < rows; r++) {
      results[r] = computeRow(job, r);
      onRow?.(r + 1, rows);
    }
    return results;
  }
  let next = 0, done = 0;
  const pool = Array.from(
    { length: Math.min(workers, rows) },
    () => new Worker(new URL("./row_worker.ts", import.meta.url).href, { type: "module" }),
  );
  try {
    await Promise.all(pool.map((worker) =>
      new Promise<void>((resolve, reject) => {
        const feed = (): void => {
          if (next >= rows) return resolve();
          worker.postMessage({ row: next++ });
        };
        worker.onmessage = (e: MessageEvent<WorkerReply>): void => {
          const reply = e.data;
          if ("error" in reply) return reject(new Error(`hill worker failed: ${reply.error}`));
          results[reply.row] = reply.values;
          onRow?.(++done, rows);
          feed();
        };
        worker.onerror = (e: ErrorEvent): void => {
          e.preventDefault();
          reject(new Error(`hill worker crashed: ${e.message}`));
        };
        worker.postMessage({ job });
        feed();
      })
    ));
  } finally {
    for (const w of pool) w.terminate();
  }
  return results;
}
