/**
 * `deno task bench`: runs what is missing of a profile, then builds the report and prints its
 * path; `--list` prints what the profile contains (design.md "Command-line contract").
 *
 * @module
 */

import {
  type BenchmarkDefinition,
  BENCHMARKS,
  parseProfile,
  type ProfileName,
  profileVariants,
  selectBenchmarks,
} from "../../benchmarks/mod.ts";
import cliProgress from "cli-progress";
import process from "node:process";
import { switchBackend } from "../backend/manifest.ts";
import { parseBackend } from "../backend/mod.ts";
import { hasResultFiles, readResultFile } from "../results/mod.ts";
import { UsageError } from "../errors.ts";
import { atExit } from "../results/owned_folder.ts";
import { type FlagSpec, memoryCap, numberFlag, parseCommand } from "./args.ts";
import { runMain } from "./errors.ts";
import { buildReportFor } from "./report.ts";
import {
  benchmarksIgnoringBackend,
  executeRun,
  outLayout,
  parseShard,
  pendingRuns,
  type PlannedRun,
  planRuns,
  prepareOutDir,
  removeStaleTemps,
} from "./runner.ts";
import { RunStopped, taskFor } from "../tasks/mod.ts";
import { executeRunsConcurrently } from "./run_pool.ts";
import { executeLockstepBatch, lockstepBatches, runsInLockstep } from "./lockstep_batches.ts";
import { readPlan, runsOfShard } from "./shard_plan.ts";

const USAGE =
  "deno task bench [--profile quick|default|full] [--only GLOB] [--backend B] [--out DIR] " +
  "[--shard i/n [--plan FILE]] [--force] [--workers N] [--checkpoint-every S] [--time-budget S] " +
  "[--lockstep-max R] [--list]";
/** Most workers: each holds a tfjs backend and a run's buffers, ~256 MB. */
const MAX_WORKERS = memoryCap(2 ** 28);
/** Default cap of a lockstep batch: a `full` group (15 seeds × 5 variants × …) fits one batch. */
const LOCKSTEP_MAX = 1000;
const FLAGS: FlagSpec = {
  profile: { type: "string", help: "quick | default | full (default: default)" },
  only: { type: "string", help: "glob over benchmark ids, e.g. 'hill/*'" },
  backend: {
    type: "string",
    help: "js | wasm | cpu | webgpu | tensorflow (default: each task's own)",
  },
  out: {
    type: "string",
    help: "output folder (default: out); results in OUT/results, site in OUT/site",
  },
  shard: { type: "string", help: "run a deterministic 1/n of the runs: i/n" },
  plan: {
    type: "string",
    help: "take shard i's runs, profile and --only from a plan (deno task plan --write FILE)",
  },
  force: { type: "boolean", help: "rerun runs whose result file exists" },
  workers: {
    type: "string",
    help: `worker threads, 1 to ${MAX_WORKERS} (256 MB each in a quarter of this machine's ` +
      "memory; default: one per core)",
  },
  "checkpoint-every": {
    type: "string",
    help: "seconds between checkpoints of long runs (default 300); a rerun resumes them",
  },
  "time-budget": {
    type: "string",
    help: "seconds: start no run after them, checkpoint the runs in flight; a rerun resumes",
  },
  "lockstep-max": {
    type: "string",
    help: "webgpu: most Minigrid runs trained together in one lockstep batch (GPU memory; " +
      `default ${LOCKSTEP_MAX})`,
  },
  list: { type: "boolean", help: "print benchmarks, variants, λ, seeds and budgets; run nothing" },
  help: { type: "boolean", help: "show this help" },
};

/** Seconds as a short human string. */
function duration(s: number): string {
  return s < 90
    ? `${s.toFixed(1)} s`
    : s < 5400
    ? `${(s / 60).toFixed(1)} min`
    : `${(s / 3600).toFixed(1)} h`;
}

/** Sum of recorded wall times of existing result files of these runs, if all exist. */
async function measuredSeconds(runs: PlannedRun[]): Promise<number | null> {
  let total = 0;
  for (const run of runs) {
    try {
      total += (await readResultFile(run.path)).manifest.wallSeconds;
    } catch {
      return null;
    }
  }
  return runs.length ? total : null;
}

/** Prints the `--list` table. */
async function list(
  defs: BenchmarkDefinition[],
  profile: ProfileName,
  resultsDir: string,
): Promise<void> {
  console.log(`profile ${profile}: ${defs.length} benchmarks`);
  let budget = 0;
  for (const def of defs) {
    const prof = def.profiles[profile]!;
    budget += prof.budgetSeconds;
    const runs = await planRuns([def], { profile, resultsDir });
    const runSeconds = await measuredSeconds(runs);
    // Single-threaded runs go two at a time on the 2 cores the budgets assume.
    const perCore = taskFor(def.task, def.id).singleThreaded ? 2 : 1;
    const measured = runSeconds === null ? null : runSeconds / perCore;
    console.log(`\n${def.id}  (${def.title})`);
    console.log(
      `  variants: ${
        profileVariants(def, prof).map((v) => `${v.variant} λ ∈ {${v.lambdas.join(", ")}}`)
          .join("; ")
      }`,
    );
    console.log(`  seeds:    ${prof.seeds.join(", ")}   runs: ${runs.length}`);
    console.log(
      `  budget:   ${duration(prof.budgetSeconds)}` +
        (measured !== null
          ? `   measured: ${duration(measured)}${
            perCore > 1 ? ` (${duration(runSeconds!)} of runs, ${perCore} at a time)` : ""
          } (results in ${resultsDir})`
          : ""),
    );
    if (prof.note) console.log(`  note:     ${prof.note}`);
  }
  console.log(`\ntotal budget: ${duration(budget)} (wall time on 2 CPU cores)`);
}

/** Progress of a suite: one line per finished run, and a bar with ETA above them on a terminal. */
interface SuiteProgress {
  /** Marks the start of `run`, shown as its label. */
  start(run: PlannedRun): void;
  /** Progress within a run (a task's `onProgress`). */
  update(run: PlannedRun, done: number, total: number): void;
  /** Prints a line (above the bar on a terminal). */
  log(line: string): void;
  /** Marks `run` finished. */
  finish(run: PlannedRun): void;
  /** Removes the bar. */
  stop(): void;
}

/**
 * The suite's progress. On a terminal, a cli-progress bar weighted by each run's budget (so a long
 * landscape run counts for more than a short gradient run), with the runs done, an ETA from the
 * elapsed time and the runs in progress (several when runs execute concurrently); elsewhere only
 * the log lines.
 */
function suiteProgress(
  todo: readonly PlannedRun[],
  labels: Map<PlannedRun, string>,
): SuiteProgress {
  if (!Deno.stdout.isTerminal() || todo.length === 0) {
    return { start() {}, update() {}, log: (line) => console.log(line), finish() {}, stop() {} };
  }
  const total = todo.reduce((s, r) => s + r.budgetSeconds, 0);
  const bars = new cliProgress.MultiBar({
    stream: process.stdout,
    format: "{bar} {percentage}% | {runs} runs | ETA {remaining} | {label}",
    barsize: 24,
    linewrap: true,
    clearOnComplete: true,
    gracefulExit: false,
  }, cliProgress.Presets.shades_classic);
  const t0 = performance.now();
  const active = new Map<PlannedRun, number>();
  let finished = 0, doneWeight = 0;
  const bar = bars.create(total, 0, { runs: `0/${todo.length}`, remaining: "…", label: "" });
  const show = (): void => {
    let value = doneWeight;
    for (const [run, fraction] of active) value += fraction * run.budgetSeconds;
    const elapsed = (performance.now() - t0) / 1000;
    const remaining = value > 0 ? duration((elapsed * (total - value)) / value) : "…";
    const label = [...active.keys()].map((r) => labels.get(r)).join(" · ");
    bar.update(value, { runs: `${finished}/${todo.length}`, remaining, label });
  };
  return {
    start(run) {
      active.set(run, 0);
      show();
    },
    update(run, done, of) {
      active.set(run, of > 0 ? done / of : 0);
      show();
    },
    log(line) {
      bars.log(`${line}\n`);
      bars.update();
    },
    finish(run) {
      active.delete(run);
      finished++;
      doneWeight += run.budgetSeconds;
      show();
    },
    stop: () => bars.stop(),
  };
}

/** The bench CLI. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(args, FLAGS, { usage: USAGE });
  if (!parsed) return 0;
  const { values } = parsed;
  const startedAt = Date.now();
  const planPath = values.plan as string | undefined;
  const plan = planPath !== undefined ? await readPlan(planPath) : undefined;
  if (plan && (values.profile !== undefined || values.only !== undefined)) {
    throw new UsageError(
      "--plan sets the profile and --only",
      values.profile !== undefined ? "--profile" : "--only",
      "leave them out, or make a plan for them with deno task plan",
    );
  }
  const profile = plan?.profile ??
    parseProfile((values.profile as string | undefined) ?? "default");
  const defs = selectBenchmarks(
    profile,
    plan ? plan.only : values.only as string | undefined,
    BENCHMARKS,
  );
  const outDir = (values.out as string | undefined) ?? "out";
  const backend = values.backend !== undefined ? parseBackend(values.backend as string) : undefined;
  const ignoring = backend ? benchmarksIgnoringBackend(defs, backend) : [];
  if (ignoring.length) {
    console.error(`note: --backend ${backend} is not used by ${ignoring.join(", ")} (own backend)`);
  }
  const shard = values.shard !== undefined ? parseShard(values.shard as string) : undefined;
  const workers = numberFlag(values, "workers", {
    default: Math.min(navigator.hardwareConcurrency, MAX_WORKERS),
    min: 1,
    max: MAX_WORKERS,
    integer: true,
  });
  if (plan && (!shard || shard[1] !== plan.shards.length)) {
    throw new UsageError(
      shard ? `the plan has ${plan.shards.length} shards, not ${shard[1]}` : "--plan needs --shard",
      shard ? "--shard" : "--plan",
      `give --shard i/${plan.shards.length}`,
    );
  }
  const checkpointEvery = numberFlag(values, "checkpoint-every", { default: 300, min: 0 });
  const timeBudget = values["time-budget"] !== undefined
    ? numberFlag(values, "time-budget", { default: 0, min: 0 })
    : undefined;
  const stopAt = timeBudget !== undefined ? startedAt + timeBudget * 1000 : undefined;
  const lockstepMax = numberFlag(values, "lockstep-max", {
    default: LOCKSTEP_MAX,
    min: 1,
    integer: true,
  });
  const lockstep = backend === "webgpu" && defs.some((d) => d.task.startsWith("minigrid/"));
  for (const flag of ["checkpoint-every", "time-budget"]) {
    if (lockstep && values[flag] !== undefined) {
      throw new UsageError(
        "lockstep batches (Minigrid runs on --backend webgpu) keep no checkpoints",
        `--${flag}`,
        "leave it out (a rerun redoes only the runs without a result file), or pick another backend",
      );
    }
  }
  const late = (): boolean => stopAt !== undefined && Date.now() >= stopAt;
  // Every flag is checked before --list prints or anything runs.
  if (values.list) {
    await list(defs, profile, (await outLayout(outDir, "--out")).resultsDir);
    return 0;
  }
  const { resultsDir, siteDir, checkpointsDir } = await prepareOutDir(outDir, {
    flag: "--out",
    writer: "bench",
  });
  const stale = [...await removeStaleTemps(resultsDir), ...await removeStaleTemps(checkpointsDir)];
  for (const path of stale) {
    console.log(`bench: removed ${path}, left by a run killed while writing`);
  }
  const runs = plan
    ? runsOfShard(plan, await planRuns(defs, { profile, backend, resultsDir }), {
      shard: shard!,
      path: planPath!,
    })
    : await planRuns(defs, { profile, backend, resultsDir, shard });
  const { todo, redo } = await pendingRuns(runs, { force: values.force === true });
  for (const { run, reason } of redo) console.error(`warning: rerunning ${run.path}: ${reason}`);
  console.log(
    `bench: profile ${profile}, ${runs.length} runs${
      shard ? ` (shard ${shard.join("/")})` : ""
    }, ` +
      `${runs.length - todo.length} already done, ${todo.length} to run, ${workers} workers`,
  );
  const checkpoint = {
    dir: checkpointsDir,
    everySeconds: checkpointEvery,
    ...(stopAt !== undefined ? { stopAt } : {}),
  };
  const labels = new Map(todo.map((run, k) => [
    run,
    `[${k + 1}/${todo.length}] ${run.benchmark} ${run.variant} λ=${run.lambda} seed ${run.seed}`,
  ]));
  const t0 = performance.now();
  const progress = suiteProgress(todo, labels);
  const done = new Set<PlannedRun>();
  let stopped = 0;
  // Ctrl-C ends the bar's line before the message.
  const forget = atExit(() => progress.stop());
  const finished = (run: PlannedRun, wallSeconds: number, summary?: string): void => {
    progress.log(`${labels.get(run)}: done in ${duration(wallSeconds)} -> ${run.path}`);
    if (summary) progress.log(summary);
    done.add(run);
    progress.finish(run);
  };
  const stoppedAt = (run: PlannedRun, done: number, units: string): void => {
    progress.log(
      `${labels.get(run)}: stopped at the time budget after ${done} ${units}, ` +
        `checkpoint in ${checkpointsDir}`,
    );
    stopped++;
    progress.finish(run);
  };
  // Runs that use one thread go several at once, one per worker; the others (hill studies spread
  // their own work over the workers) one after another in this thread.
  // Minigrid runs on webgpu go in lockstep batches (lockstep_batches.ts).
  const batches = lockstepBatches(todo, lockstepMax);
  const concurrent = todo.filter((run) =>
    !runsInLockstep(run) && taskFor(run.task, run.benchmark).singleThreaded
  );
  const sequential = todo.filter((run) => !runsInLockstep(run) && !concurrent.includes(run));
  try {
    for (const run of sequential) {
      if (late()) break;
      // Switch tfjs to the run's backend each time: the suite may mix backends.
      const environment = await switchBackend(run.backend);
      progress.start(run);
      try {
        const { result, summary } = await executeRun(run, {
          environment,
          workers,
          checkpoint,
          onProgress: (done, of) => progress.update(run, done, of),
          log: (line) => progress.log(`${labels.get(run)}: ${line}`),
        });
        finished(run, result.manifest.wallSeconds, summary);
      } catch (e) {
        // A hill study stopped at the time budget, its finished rows in its checkpoint.
        if (!(e instanceof RunStopped)) throw e;
        stoppedAt(run, e.done, "rows");
      }
    }
    for (const batch of batches) {
      const environment = await switchBackend("webgpu");
      progress.log(`bench: lockstep batch of ${batch.length} runs (${batch[0].benchmark}, …)`);
      for (const run of batch) progress.start(run);
      const done = await executeLockstepBatch(batch, {
        environment,
        onProgress: (run, d, of) => progress.update(run, d, of),
      });
      for (const { run, result, summary } of done) {
        finished(run, result.manifest.wallSeconds, summary);
      }
    }
    // Past the budget no run starts, so no worker is started either.
    await executeRunsConcurrently(late() ? [] : concurrent, {
      workers,
      checkpoint,
      events: {
        onStart: (run) => progress.start(run),
        onProgress: (run, done, of) => progress.update(run, done, of),
        onLog: (run, line) => progress.log(`${labels.get(run)}: ${line}`),
        onDone: finished,
        onStopped: (run, iterations) => stoppedAt(run, iterations, "iterations"),
      },
    });
  } finally {
    forget();
    progress.stop();
  }
  console.log(`bench: ran ${done.size} runs in ${duration((performance.now() - t0) / 1000)}`);
  if (timeBudget !== undefined) {
    const left = todo.length - done.size;
    console.log(
      left === 0
        ? `bench: time budget ${timeBudget} s: nothing left`
        : `bench: time budget ${timeBudget} s: ${left} runs left (${stopped} checkpointed, ` +
          `${left - stopped} not started); run the same command again to resume`,
    );
  }
  if (!(await hasResultFiles(resultsDir))) {
    console.log(`report: skipped, no result files in ${resultsDir}`);
    return 0;
  }
  console.log(`report: ${await buildReportFor(resultsDir, siteDir)}`);
  return 0;
}

if (import.meta.main) runMain(() => main(Deno.args));
