/**
 * The one worker pool: Deno workers that each import a module by URL and call one of its
 * exported functions on the pieces of a job. Everything a task spreads over threads (σ-rows of a
 * hill study, chunks of gradient runs, whole learner runs, slices of a speed batch) goes through
 * it. Workers outlive a call, so a caller that maps several times (a perf repeat, the landscape
 * then the improvement rows) starts them once and their compiled code stays warm.
 *
 * A piece's value must depend only on the job and its index, never on which worker computed it,
 * so results are byte-identical whatever the number of workers (design.md).
 *
 * @module
 */

import { RunFailure, UsageError } from "../errors.ts";

/** Posts an event (progress, a log line) from inside a piece to the caller's `onEvent`. */
export type Emit = (event: unknown) => void;

/** A function the pool can run: piece `index` of `job`. */
export type WorkerFn<J, R> = (job: J, index: number, emit: Emit) => R | Promise<R>;

/** A function exported as `name` by the module at `url`; `fn` is the same function, for inline calls. */
export interface WorkerTask<J, R> {
  /** The module's URL (its `import.meta.url`). */
  readonly url: string;
  /** The export's name. */
  readonly name: string;
  /** The function itself, called directly when the pool runs inline. */
  readonly fn: WorkerFn<J, R>;
}

/**
 * Names `fn`, exported as `name` from the module at `url`, as a pool task. Declared beside the
 * function (`workerTask(import.meta.url, "landscapeRow", landscapeRow)`), so the pool never
 * imports the modules it runs and no import runs back to the caller.
 */
export function workerTask<J, R>(url: string, name: string, fn: WorkerFn<J, R>): WorkerTask<J, R> {
  return { url, name, fn };
}

/** A request to a worker: piece `index` of job `jobId` (the job itself sent once per worker). */
export interface WorkerRequest {
  /** Module URL. */
  url: string;
  /** Export name. */
  name: string;
  /** Identifies the job; a worker keeps the last one it was sent. */
  jobId: number;
  /** The job, on the first request of a job to this worker. */
  job?: unknown;
  /** The piece. */
  index: number;
}

/** An error as it crosses the thread boundary: the suite's one-line shape when it had one. */
export type WorkerError =
  | { what: string; where: string; fix: string; exitCode: number }
  | { message: string };

/** What a worker answers: events of the piece, then its value or an error. */
export type WorkerReply =
  | { event: unknown }
  | { index: number; value: unknown }
  | { error: WorkerError };

/** Options of {@link WorkerPool.map}. */
export interface MapOptions<R> {
  /** A worker took piece `index`. */
  onStart?: (index: number) => void;
  /** Piece `index` emitted `event`. */
  onEvent?: (index: number, event: unknown) => void;
  /** Piece `index` finished with `value`. */
  onResult?: (index: number, value: R) => void;
  /** `done` of `total` pieces finished. */
  onProgress?: (done: number, total: number) => void;
  /** Asked before each piece is handed out: true stops handing out (pieces left undefined). */
  stop?: () => boolean;
  /** The pieces to compute (default all of 0..count−1), e.g. those a checkpoint lacks. */
  pieces?: readonly number[];
}

/** The error a worker reported, as the class the CLI prints. */
function revive(error: WorkerError, task: WorkerTask<unknown, unknown>): Error {
  if ("what" in error) {
    return error.exitCode === 1
      ? new RunFailure(error.what, error.where, error.fix)
      : new UsageError(error.what, error.where, error.fix, error.exitCode);
  }
  return new Error(`worker failed in ${task.name}: ${error.message}`);
}

let nextJobId = 1;

/** Worker threads that run {@link WorkerTask}s; `close()` ends them. */
export class WorkerPool {
  /** Workers the pool runs on (pieces run in this thread when the pool is inline). */
  readonly size: number;
  /** True when pieces run in the calling thread, one after another. */
  readonly inline: boolean;
  readonly #workers: Worker[] = [];
  #busy = false;

  /**
   * A pool of `size` workers, started on first use. `inline` (default: size ≤ 1) runs pieces in
   * this thread instead; a caller that must keep its thread responsive (Ctrl-C, progress bars)
   * passes `inline: false`.
   */
  constructor(size: number, opts: { inline?: boolean } = {}) {
    this.size = Math.max(1, Math.floor(size));
    this.inline = opts.inline ?? this.size <= 1;
  }

  /** Runs `f` with a pool of `size` and closes the pool after, whatever happens. */
  static async with<T>(
    size: number,
    f: (pool: WorkerPool) => Promise<T>,
    opts: { inline?: boolean } = {},
  ): Promise<T> {
    const pool = new WorkerPool(size, opts);
    try {
      return await f(pool);
    } finally {
      pool.close();
    }
  }

  /**
   * Computes pieces 0..count−1 of `job` with `task`, each handed to the next free worker, and
   * resolves to their values in piece order. Rejects on the first error.
   */
  async map<J, R>(
    task: WorkerTask<J, R>,
    job: J,
    count: number,
    opts: MapOptions<R> = {},
  ): Promise<R[]> {
    const results: R[] = new Array(count);
    const todo = opts.pieces ?? Array.from({ length: count }, (_, i) => i);
    let next = 0, done = count - todo.length;
    if (this.inline) {
      for (; next < todo.length && !opts.stop?.(); next++) {
        const i = todo[next];
        opts.onStart?.(i);
        results[i] = await task.fn(job, i, (event) => opts.onEvent?.(i, event));
        opts.onResult?.(i, results[i]);
        opts.onProgress?.(++done, count);
      }
      return results;
    }
    const jobId = nextJobId++;
    await this.#run(Math.min(this.size, todo.length), (worker, settle) => {
      let sentJob = false, current = -1;
      const feed = (): void => {
        if (next >= todo.length || opts.stop?.()) return settle();
        current = todo[next++];
        opts.onStart?.(current);
        const request: WorkerRequest = { url: task.url, name: task.name, jobId, index: current };
        if (!sentJob) request.job = job;
        sentJob = true;
        worker.postMessage(request);
      };
      return {
        feed,
        reply(reply): void {
          if ("event" in reply) return opts.onEvent?.(current, reply.event);
          if ("error" in reply) {
            return settle(revive(reply.error, task as WorkerTask<unknown, unknown>));
          }
          results[reply.index] = reply.value as R;
          opts.onResult?.(reply.index, results[reply.index]);
          opts.onProgress?.(++done, count);
          feed();
        },
      };
    });
    return results;
  }

  /**
   * Runs `task` on `jobs[k]` in worker k (index k), all at once, for work whose state stays in
   * its worker between calls (a module-level batch that later calls step); resolves to the values.
   */
  async each<J, R>(task: WorkerTask<J, R>, jobs: readonly J[]): Promise<R[]> {
    if (jobs.length > this.size) {
      throw new RangeError(`WorkerPool.each: ${jobs.length} jobs for ${this.size} workers`);
    }
    if (this.inline) {
      const results: R[] = [];
      for (let k = 0; k < jobs.length; k++) results.push(await task.fn(jobs[k], k, () => {}));
      return results;
    }
    const results: R[] = new Array(jobs.length);
    const jobId = nextJobId++;
    await this.#run(jobs.length, (worker, settle, k) => ({
      feed(): void {
        const request: WorkerRequest = {
          url: task.url,
          name: task.name,
          jobId,
          job: jobs[k],
          index: k,
        };
        worker.postMessage(request);
      },
      reply(reply): void {
        if ("event" in reply) return;
        if ("error" in reply) {
          return settle(revive(reply.error, task as WorkerTask<unknown, unknown>));
        }
        results[k] = reply.value as R;
        settle();
      },
    }));
    return results;
  }

  /** Ends the workers. The pool can be used again: it then starts new ones. */
  close(): void {
    for (const w of this.#workers) w.terminate();
    this.#workers.length = 0;
  }

  /**
   * The feed / onmessage / onerror loop, once: `drive` wires worker k; it resolves when every
   * used worker settled, and on the first error rejects and ends all workers (one may be mid-piece).
   */
  async #run(
    used: number,
    drive: (
      worker: Worker,
      settle: (error?: Error) => void,
      k: number,
    ) => { feed(): void; reply(reply: WorkerReply): void },
  ): Promise<void> {
    if (this.#busy) throw new Error("WorkerPool: one call at a time");
    this.#busy = true;
    while (this.#workers.length < used) {
      this.#workers.push(
        new Worker(new URL("./worker.ts", import.meta.url).href, { type: "module" }),
      );
    }
    let failed = false;
    try {
      await Promise.all(
        this.#workers.slice(0, used).map((worker, k) =>
          new Promise<void>((resolve, reject) => {
            const settle = (error?: Error): void => {
              worker.onmessage = null;
              worker.onerror = null;
              if (error) reject(error);
              else resolve();
            };
            const { feed, reply } = drive(worker, settle, k);
            worker.onmessage = (e: MessageEvent<WorkerReply>): void => reply(e.data);
            worker.onerror = (e: ErrorEvent): void => {
              e.preventDefault();
              settle(new Error(`worker crashed: ${e.message}`));
            };
            feed();
          })
        ),
      );
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      this.#busy = false;
      // A failed call leaves workers mid-piece: end them all; the next call starts fresh ones.
      if (failed) this.close();
    }
  }
}
