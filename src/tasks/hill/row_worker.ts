/**
 * Worker side of {@link mapRows}: receives the job once, then row indices, and answers each with
 * the row's values.
 *
 * @module
 */

import { computeRow, type RowJob, type WorkerReply } from "./row_pool.ts";

let job: RowJob | null = null;

self.onmessage = (e: MessageEvent<{ job?: RowJob; row?: number }>): void => {
  if (e.data.job) {
    job = e.data.job;
    return;
  }
  const row = e.data.row!;
  let reply: WorkerReply;
  try {
    if (!job) throw new Error("row requested before the job was sent");
    reply = { row, values: computeRow(job, row) };
  } catch (err) {
    reply = { error: (err as Error).message };
  }
  (self as unknown as Worker).postMessage(reply);
};
