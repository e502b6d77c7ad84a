/**
 * What every task kind provides: a params schema and a `run` that is a pure function of
 * (params, variant, λ, seed), apart from how many workers share the work.
 *
 * @module
 */

import type { z } from "zod";
import type { BackendName } from "../backend/mod.ts";
import { Rng } from "../rng/mod.ts";
import type { Variant } from "../results/schema.ts";

/**
 * The stream of one run, `seed / benchmark / variant / λ`: the one place it is built, so that
 * `bench` and `train` give the same run the same numbers.
 */
export function runStream(
  run: { seed: number; benchmark: string; variant: Variant; lambda: number },
): Rng {
  return Rng.fromSeed(run.seed).child(run.benchmark, run.variant, run.lambda);
}

/** Inputs of one run. */
export interface TaskContext<P> {
  /** Task parameters, validated and with defaults applied. */
  params: P;
  /** Exploration variant. */
  variant: Variant;
  /** Bonus weight λ. */
  lambda: number;
  /** The run's seed. */
  seed: number;
  /** Root stream of the run. */
  rng: Rng;
  /** Worker threads the task may use (results must not depend on it). */
  workers: number;
  /** Called as work completes, for progress bars. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Where a long run keeps its checkpoint (tasks that support it resume from it and rewrite it
   * every `everySeconds`); `runKey` identifies the run, so another run's file is refused. Past
   * `stopAt` (`Date.now()` milliseconds), such a task saves its checkpoint and throws
   * {@link RunStopped}.
   */
  checkpoint?: { path: string; everySeconds: number; runKey: string; stopAt?: number };
  /** Prints a line about the run (e.g. that it resumed from a checkpoint). */
  log?: (line: string) => void;
}

/** What a run produces; the runner adds identity and manifest to make a result file. */
export interface TaskOutput {
  /** Scalars aggregated over seeds by the stats layer. */
  metrics: Record<string, number>;
  /** Optional curves. */
  curves?: Record<string, { x: number[]; y: number[] }>;
  /** Task-specific arrays. */
  artifacts?: Record<string, unknown>;
  /** A human-readable summary printed after the run. */
  summary?: string;
  /** Why the run failed (NaN, divergence); the result is kept and marked failed, never dropped. */
  failure?: string;
}

/** A task kind. */
export interface TaskDefinition<P> {
  /** The kind's id, as benchmark definitions name it. */
  kind: string;
  /** Backends the kind can run on, the default first (simulator-only kinds: just `js`). */
  backends: readonly BackendName[];
  /** Parameter schema; defaults fill in what a definition leaves out. */
  params: z.ZodType<P, z.ZodTypeDef, unknown>;
  /**
   * True when a run uses one thread whatever `workers` says (a learner run): the suite then runs
   * several at once, one per worker.
   */
  singleThreaded?: boolean;
  /** Runs one (variant, λ, seed). */
  run(ctx: TaskContext<P>): Promise<TaskOutput>;
}

/**
 * Thrown by a task's `run` that stopped at its checkpoint's `stopAt` with the checkpoint saved:
 * the run is unfinished, has no result yet, and resumes from the checkpoint when run again.
 */
export class RunStopped extends Error {
  /** Iterations (or other units of work) done so far. */
  readonly done: number;

  /** A stop after `done` units of work. */
  constructor(done: number) {
    super(`stopped at the time budget after ${done} iterations, checkpoint saved`);
    this.name = "RunStopped";
    this.done = done;
  }
}
