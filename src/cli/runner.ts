/**
 * Expands benchmark definitions into runs and executes them: one result file per
 * (benchmark, variant, λ, seed) on one backend, named by its run id, written atomically.
 *
 * @module
 */

import type { BenchmarkDefinition, ProfileName } from "../../benchmarks/mod.ts";
import type { BackendName } from "../backend/mod.ts";
import type { ManifestBase } from "../backend/manifest.ts";
import { UsageError } from "../errors.ts";
import {
  CODE_VERSION,
  type ResultFile,
  runIdOf,
  type Variant,
  writeResultFile,
} from "../results/mod.ts";
import { Rng } from "../rng/mod.ts";
import { taskFor } from "../tasks/mod.ts";

/** One run, fully resolved. */
export interface PlannedRun {
  /** Benchmark id. */
  benchmark: string;
  /** Task kind. */
  task: string;
  /** Variant. */
  variant: Variant;
  /** λ. */
  lambda: number;
  /** Seed. */
  seed: number;
  /** Backend it runs on. */
  backend: BackendName;
  /** Task parameters with defaults applied. */
  params: Record<string, unknown>;
  /** The hashed identity: every setting that determines the result. */
  config: Record<string, unknown>;
  /** Run id. */
  runId: string;
  /** Result file path. */
  path: string;
}

/** Options of {@link planRuns}. */
export interface PlanOptions {
  /** Profile whose params and seeds to use. */
  profile: ProfileName;
  /** Requested backend, or undefined for each task's default. */
  backend?: BackendName;
  /** Folder for result files. */
  resultsDir: string;
  /** Shard `[i, n]` (1-based i): keep a deterministic 1/n of the runs. */
  shard?: [number, number];
}

/** Expands definitions into runs, sorted by run id, validating each task's params. */
export async function planRuns(
  defs: readonly BenchmarkDefinition[],
  opts: PlanOptions,
): Promise<PlannedRun[]> {
  const runs: PlannedRun[] = [];
  for (const def of defs) {
    const prof = def.profiles[opts.profile];
    if (!prof) continue;
    const task = taskFor(def.task, `benchmark ${def.id}: field task`);
    const parsed = task.params.safeParse(prof.params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(
        `invalid params: ${issue.message}`,
        `benchmark ${def.id}, profile ${opts.profile}: field params.${issue.path.join(".")}`,
        "fix the definition in benchmarks/",
      );
    }
    const backend = opts.backend && task.backends.includes(opts.backend)
      ? opts.backend
      : task.backends[0];
    for (const { variant, lambdas } of def.variants) {
      for (const lambda of lambdas) {
        for (const seed of prof.seeds) {
          const params = parsed.data as Record<string, unknown>;
          const config = {
            benchmark: def.id,
            task: def.task,
            variant,
            lambda,
            seed,
            backend,
            params,
          };
          const runId = await runIdOf(config, CODE_VERSION);
          runs.push({
            benchmark: def.id,
            task: def.task,
            variant,
            lambda,
            seed,
            backend,
            params,
            config,
            runId,
            path: `${opts.resultsDir}/${runId}.json`,
          });
        }
      }
    }
  }
  runs.sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
  if (!opts.shard) return runs;
  const [i, n] = opts.shard;
  return runs.filter((_, k) => k % n === i - 1);
}

/** Parses `--shard i/n`. */
export function parseShard(value: string): [number, number] {
  const m = value.match(/^(\d+)\/(\d+)$/);
  const i = m ? Number(m[1]) : NaN, n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n) {
    throw new UsageError(
      `bad shard '${value}'`,
      "--shard",
      "write i/n with 1 <= i <= n, e.g. --shard 2/4",
    );
  }
  return [i, n];
}

/** Options of {@link executeRun}. */
export interface ExecuteOptions {
  /** Machine and code description for the manifest. */
  environment: ManifestBase;
  /** Worker threads the task may use. */
  workers: number;
  /** Progress callback. */
  onProgress?: (done: number, total: number) => void;
}

/** Runs one planned run and writes its result file. Returns the result and the task's summary. */
export async function executeRun(
  run: PlannedRun,
  opts: ExecuteOptions,
): Promise<{ result: ResultFile; summary?: string }> {
  const task = taskFor(run.task, run.benchmark);
  const startedAt = new Date();
  const t0 = performance.now();
  const out = await task.run({
    params: run.params,
    variant: run.variant,
    lambda: run.lambda,
    seed: run.seed,
    rng: Rng.fromSeed(run.seed).child(run.benchmark, run.variant, run.lambda),
    workers: opts.workers,
    onProgress: opts.onProgress,
  });
  const result: ResultFile = {
    schema: 1,
    runId: run.runId,
    benchmark: run.benchmark,
    variant: run.variant,
    lambda: run.lambda,
    seed: run.seed,
    config: run.config,
    manifest: {
      ...opts.environment,
      backend: run.backend,
      startedAt: startedAt.toISOString(),
      wallSeconds: Math.round(performance.now() - t0) / 1000,
    },
    metrics: out.metrics,
    ...(out.curves ? { curves: out.curves } : {}),
    ...(out.artifacts ? { artifacts: out.artifacts } : {}),
  };
  await writeResultFile(run.path, result);
  return { result, summary: out.summary };
}
