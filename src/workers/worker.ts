/**
 * Worker side of {@link WorkerPool}: imports the module a request names (once), keeps the last
 * job it was sent, calls the named export on the piece and answers with the value or the error in
 * one line.
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import type { WorkerError, WorkerFn, WorkerReply, WorkerRequest } from "./pool.ts";

const post = (reply: WorkerReply): void => (self as unknown as Worker).postMessage(reply);

let job: { id: number; value: unknown } | null = null;

/** The export `name` of the module at `url`, checked to be a function. */
async function load(url: string, name: string): Promise<WorkerFn<unknown, unknown>> {
  const fn = (await import(url))[name];
  if (typeof fn !== "function") throw new Error(`${url} exports no function ${name}`);
  return fn;
}

/** The error in the shape that crosses threads. */
function describe(err: unknown): WorkerError {
  if (err instanceof UsageError) {
    return { what: err.what, where: err.where, fix: err.fix, exitCode: err.exitCode };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}

self.onmessage = async (e: MessageEvent<WorkerRequest>): Promise<void> => {
  const request = e.data;
  try {
    if ("job" in request) job = { id: request.jobId, value: request.job };
    if (job?.id !== request.jobId) throw new Error("piece requested before its job was sent");
    const fn = await load(request.url, request.name);
    const value = await fn(job.value, request.index, (event) => post({ event }));
    post({ index: request.index, value });
  } catch (err) {
    post({ error: describe(err) });
  }
};
