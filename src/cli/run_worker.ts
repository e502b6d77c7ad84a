/**
 * Worker side of {@link executeRunsConcurrently}: executes each run it is sent on the run's
 * backend (initialised once per backend) and answers with progress, then completion or an error.
 *
 * @module
 */

import { describeEnvironment, type ManifestBase } from "../backend/manifest.ts";
import { initBackend } from "../backend/mod.ts";
import { UsageError } from "../errors.ts";
import type { RunReply, RunRequest } from "./run_pool.ts";
import { executeRun } from "./runner.ts";

const environments = new Map<string, ManifestBase>();
const post = (reply: RunReply): void => (self as unknown as Worker).postMessage(reply);

self.onmessage = async (e: MessageEvent<RunRequest>): Promise<void> => {
  const { run, checkpoint } = e.data;
  try {
    // initBackend switches tfjs to the run's backend every time, so runs of different backends
    // may share this worker.
    const info = await initBackend(run.backend);
    if (!environments.has(run.backend)) {
      environments.set(run.backend, await describeEnvironment(info));
    }
    const { result, summary } = await executeRun(run, {
      environment: environments.get(run.backend)!,
      workers: 1,
      checkpoint,
      onProgress: (done, total) => post({ progress: [done, total] }),
      log: (line) => post({ log: line }),
    });
    post({ done: { wallSeconds: result.manifest.wallSeconds, summary } });
  } catch (err) {
    post({
      error: err instanceof UsageError
        ? { what: err.what, where: err.where, fix: err.fix, exitCode: err.exitCode }
        : { message: (err as Error).message },
    });
  }
};
