/**
 * Worker side of {@link executeRunsConcurrently}: executes each run it is sent on the run's
 * backend (switched to for each run, described once per backend) and answers with progress, then
 * completion, a stop at the time budget, or an error.
 *
 * @module
 */

import { switchBackend } from "../backend/manifest.ts";
import { UsageError } from "../errors.ts";
import type { RunReply, RunRequest } from "./run_pool.ts";
import { executeRun } from "./runner.ts";
import { RunStopped } from "../tasks/mod.ts";

const post = (reply: RunReply): void => (self as unknown as Worker).postMessage(reply);

self.onmessage = async (e: MessageEvent<RunRequest>): Promise<void> => {
  const { run, checkpoint } = e.data;
  try {
    const { result, summary } = await executeRun(run, {
      // Runs of different backends may share this worker.
      environment: await switchBackend(run.backend),
      workers: 1,
      checkpoint,
      onProgress: (done, total) => post({ progress: [done, total] }),
      log: (line) => post({ log: line }),
    });
    post({ done: { wallSeconds: result.manifest.wallSeconds, summary } });
  } catch (err) {
    if (err instanceof RunStopped) return post({ stopped: { done: err.done } });
    post({
      error: err instanceof UsageError
        ? { what: err.what, where: err.where, fix: err.fix, exitCode: err.exitCode }
        : { message: (err as Error).message },
    });
  }
};
