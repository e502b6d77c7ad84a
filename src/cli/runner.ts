/**
 * Expands benchmark definitions into runs and executes them: one result file per
 * (benchmark, variant, λ, seed) on one backend, named by its run id, written atomically.
 *
 * @module
 */

import {
  type BenchmarkDefinition,
  type ProfileName,
  profileVariants,
} from "../../benchmarks/mod.ts";
import type { BackendName } from "../backend/mod.ts";
import type { ManifestBase } from "../backend/manifest.ts";
import { tempFileWriter } from "../atomic_file.ts";
import { UsageError, WriteFailure } from "../errors.ts";
import {
  acquireLock,
  claimFolder,
  cleanPath,
  processAlive,
  writeMarker,
} from "../results/owned_folder.ts";
import {
  CODE_VERSION,
  parseResultFile,
  type ResultFile,
  runIdOf,
  type Variant,
  writeResultFileSync,
} from "../results/mod.ts";
import { taskFor } from "../tasks/mod.ts";
import { runStream, type TaskOutput } from "../tasks/task.ts";

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
  /** This run's share of its benchmark's budget in the profile (weights progress and ETA). */
  budgetSeconds: number;
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
    const variants = profileVariants(def, prof);
    const runCount = variants.reduce((n, v) => n + v.lambdas.length, 0) * prof.seeds.length;
    for (const { variant, lambdas } of variants) {
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
            ...config,
            config,
            runId,
            path: `${opts.resultsDir}/${runId}.json`,
            budgetSeconds: prof.budgetSeconds / runCount,
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

/**
 * Checks `--backend` against the selected benchmarks: an error when none of them can run on it,
 * else the ids that keep their own backend (the caller says so, never silently).
 */
export function benchmarksIgnoringBackend(
  defs: readonly BenchmarkDefinition[],
  backend: BackendName,
): string[] {
  const ignoring = defs.filter((d) => !taskFor(d.task, d.id).backends.includes(backend));
  if (defs.length > 0 && ignoring.length === defs.length) {
    const own = [...new Set(defs.flatMap((d) => taskFor(d.task, d.id).backends))];
    throw new UsageError(
      `no selected benchmark runs on backend ${backend}`,
      "--backend",
      `these run on ${own.join(", ")}: pick one of those or leave --backend out`,
    );
  }
  return ignoring.map((d) => d.id);
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

/** Where runs that checkpoint keep their files, and how often they write them. */
export interface CheckpointPolicy {
  /** Folder of the checkpoints, one file per run id. */
  dir: string;
  /** Least seconds between a run's checkpoints. */
  everySeconds: number;
  /**
   * `Date.now()` milliseconds after which a run that checkpoints saves and stops (throwing
   * RunStopped) instead of going on: `bench --time-budget`.
   */
  stopAt?: number;
}

/** Options of {@link executeRun}. */
export interface ExecuteOptions {
  /** Machine and code description for the manifest. */
  environment: ManifestBase;
  /** Worker threads the task may use. */
  workers: number;
  /** Checkpoints of long runs; the file is removed once the result file is written. */
  checkpoint?: CheckpointPolicy;
  /** Progress callback. */
  onProgress?: (done: number, total: number) => void;
  /** Prints a line about the run. */
  log?: (line: string) => void;
}

/** The result file of `run` from its task's output, with the manifest of where and when it ran. */
export function resultFileOf(
  run: PlannedRun,
  out: TaskOutput,
  opts: { environment: ManifestBase; startedAt: Date; wallSeconds: number },
): ResultFile {
  return {
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
      startedAt: opts.startedAt.toISOString(),
      wallSeconds: opts.wallSeconds,
    },
    metrics: out.metrics,
    ...(out.curves ? { curves: out.curves } : {}),
    ...(out.artifacts ? { artifacts: out.artifacts } : {}),
    ...(out.failure ? { failure: out.failure } : {}),
  };
}

/**
 * Runs one planned run and writes its result file. Returns the result and the task's summary; a
 * run stopped at `checkpoint.stopAt` throws RunStopped and keeps its checkpoint.
 */
export async function executeRun(
  run: PlannedRun,
  opts: ExecuteOptions,
): Promise<{ result: ResultFile; summary?: string }> {
  const task = taskFor(run.task, run.benchmark);
  const startedAt = new Date();
  const t0 = performance.now();
  const checkpointPath = opts.checkpoint && `${opts.checkpoint.dir}/${run.runId}.json`;
  // A checkpoint that cannot be written sits in --out's folder.
  const out = await task.run({
    params: run.params,
    variant: run.variant,
    lambda: run.lambda,
    seed: run.seed,
    rng: runStream(run),
    workers: opts.workers,
    onProgress: opts.onProgress,
    log: opts.log,
    ...(checkpointPath
      ? {
        checkpoint: {
          path: checkpointPath,
          everySeconds: opts.checkpoint!.everySeconds,
          runKey: run.runId,
          ...(opts.checkpoint!.stopAt !== undefined ? { stopAt: opts.checkpoint!.stopAt } : {}),
        },
      }
      : {}),
  }).catch((e) => {
    throw e instanceof WriteFailure ? e.withFlag("--out") : e;
  });
  const result = resultFileOf(run, out, {
    environment: opts.environment,
    startedAt,
    wallSeconds: Math.round(performance.now() - t0) / 1000,
  });
  writeResultFileSync(run.path, result);
  if (checkpointPath) await Deno.remove(checkpointPath).catch(() => {});
  return { result, summary: out.summary };
}

/** A planned run whose existing result file is not reused, and why. */
export interface RedoneRun {
  /** The run. */
  run: PlannedRun;
  /** Why its file is not reused. */
  reason: string;
}

/**
 * The runs still to do: those without a valid result file of their run id, or all of them with
 * `force`. A file that exists but does not read or validate is redone; `redo` says why.
 */
export async function pendingRuns(
  runs: readonly PlannedRun[],
  opts: { force?: boolean },
): Promise<{ todo: PlannedRun[]; redo: RedoneRun[] }> {
  if (opts.force) return { todo: [...runs], redo: [] };
  const todo: PlannedRun[] = [], redo: RedoneRun[] = [];
  for (const run of runs) {
    let text: string;
    try {
      text = await Deno.readTextFile(run.path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) {
        redo.push({ run, reason: (e as Error).message });
      }
      todo.push(run);
      continue;
    }
    try {
      const result = parseResultFile(text, run.path);
      if (result.runId === run.runId) continue;
      redo.push({ run, reason: `its runId is ${result.runId}, not ${run.runId}` });
    } catch (e) {
      redo.push({ run, reason: (e as Error).message });
    }
    todo.push(run);
  }
  return { todo, redo };
}

/**
 * Removes the temp files that `writeTextAtomicSync` killed mid-write left in
 * `resultsDir`, keeping those of processes still running (elsewhere than Linux, all are kept).
 * Call it before this process writes anything. Returns the removed paths.
 */
export async function removeStaleTemps(resultsDir: string): Promise<string[]> {
  const removed: string[] = [];
  const entries = await Array.fromAsync(Deno.readDir(resultsDir)).catch(() => []);
  for (const entry of entries) {
    const pid = entry.isFile ? tempFileWriter(entry.name) : undefined;
    if (pid === undefined || await processAlive(pid)) continue;
    await Deno.remove(`${resultsDir}/${entry.name}`).catch(() => {});
    removed.push(`${resultsDir}/${entry.name}`);
  }
  return removed;
}

/** Whether `path` is a folder. */
async function isFolder(path: string): Promise<boolean> {
  return await Deno.stat(path).then((s) => s.isDirectory, () => false);
}

/** Where an output folder keeps its results and its report site. */
export interface OutLayout {
  /** `OUT/results`: one result file per run. */
  resultsDir: string;
  /** `OUT/site`: the report. */
  siteDir: string;
  /** `OUT/checkpoints`: checkpoints of unfinished long runs, one per run id. */
  checkpointsDir: string;
}

/**
 * The layout of output folder `outDir`, checked but not created: an empty path, or a file where
 * a folder is expected, is an error on `flag`.
 */
export async function outLayout(outDir: string, flag: string): Promise<OutLayout> {
  const out = cleanPath(outDir, flag);
  for (const path of [out, `${out}/results`]) {
    const info = await Deno.stat(path).catch(() => null);
    if (info && !info.isDirectory) {
      throw new UsageError(
        `'${path}' exists and is not a folder`,
        flag,
        "give a folder path (it is created when missing)",
      );
    }
  }
  return {
    resultsDir: `${out}/results`,
    siteDir: `${out}/site`,
    checkpointsDir: `${out}/checkpoints`,
  };
}

/** Top-level entries of an output folder: its layout, `train`'s checkpoints, locks, temp sites. */
const OUT_ENTRIES = /^(results|site|checkpoints|train|\.lock|site\.lock|site\.(tmp|old)-\d+)$/;

/**
 * Checks that `outDir` is missing, empty or an output folder (exit 2 naming what else it holds),
 * and returns its layout; writes nothing.
 */
export async function claimOutFolder(
  outDir: string,
  opts: { flag: string; writer: string },
): Promise<OutLayout> {
  const layout = await outLayout(outDir, opts.flag);
  await claimFolder(cleanPath(outDir, opts.flag), {
    kind: "out",
    writer: opts.writer,
    flag: opts.flag,
    // Only the top level: results/ and checkpoints/ grow run by run and are checked file by file.
    allowed: (rel) => rel.includes("/") || OUT_ENTRIES.test(rel),
  });
  return layout;
}

/**
 * {@link claimOutFolder}, then creates `OUT/results`, marks the folder as an output folder and
 * locks it for this process (a second process on it exits 2 naming this one).
 */
export async function prepareOutDir(
  outDir: string,
  opts: { flag: string; writer: string },
): Promise<OutLayout> {
  const layout = await claimOutFolder(outDir, opts);
  const out = cleanPath(outDir, opts.flag);
  try {
    await Deno.mkdir(layout.resultsDir, { recursive: true });
  } catch (e) {
    throw new WriteFailure(layout.resultsDir, e, opts.flag);
  }
  await acquireLock(`${out}/.lock`, { folder: out, flag: opts.flag });
  await writeMarker(out, { kind: "out" }, opts.flag);
  return layout;
}

/**
 * The results folder behind `dir`: `dir/results` when `dir` is an output folder of `bench` (it
 * holds a `results/` folder), else `dir` itself. A missing folder is an error on `where`.
 */
export async function resultsFolderOf(dir: string, where: string): Promise<string> {
  const clean = dir.replace(/(.)\/+$/, "$1");
  if (await isFolder(`${clean}/results`)) return `${clean}/results`;
  if (await isFolder(clean)) return clean;
  throw new UsageError(
    `no such folder '${dir}'`,
    where,
    "give an output folder of `deno task bench` (holding results/) or a results folder",
  );
}
