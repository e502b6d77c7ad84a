/**
 * Shard plans for CI matrices (`deno task plan`, `bench --plan`): each run's predicted cost from
 * measured per-iteration times (a `perf/learner` result file), runs assigned longest-first (LPT)
 * to the shard with the least work so the shards end together, and the plan file that carries the
 * assignment from the planning job to the shard jobs.
 *
 * A learner run (a single-threaded task with an iteration count) costs its iterations times the
 * measured milliseconds per iteration of its backend and variant, on one core; the measurement
 * leaves out evaluations, so it is a lower bound. A variant the measurement predates (a record
 * added since) is costed as the slowest variant measured on its backend, until perf/learner is
 * measured again. Any other run (the hill studies, which spread
 * their work over every core) costs its profile's budget, which is wall time on 2 cores.
 *
 * @module
 */

import { z } from "zod";
import { PROFILES } from "../../benchmarks/mod.ts";
import { UsageError } from "../errors.ts";
import { writeTextAtomicSync } from "../atomic_file.ts";
import { readResultFile } from "../results/mod.ts";
import { taskFor } from "../tasks/mod.ts";
import type { PlannedRun } from "./runner.ts";

/** The measured learner speed a plan is costed from. */
export interface LearnerCosts {
  /** The perf/learner result file read. */
  path: string;
  /** Milliseconds per learner iteration by case, `<backend>/<variant>`. */
  msPerIteration: Record<string, number>;
  /** Where and when it was measured: manifest facts, for the plan's printout. */
  measured: string;
}

/** Reads a `perf/learner` result file; anything else is an error naming it. */
export async function readLearnerCosts(path: string): Promise<LearnerCosts> {
  const fix = "give a result file of `deno task perf --only perf/learner` (OUT/results/<id>.json)";
  const result = await readResultFile(path).catch((e) => {
    throw e instanceof UsageError ? new UsageError(e.what, e.where, fix) : e;
  });
  const ms = z.record(z.number().positive()).safeParse(result.artifacts?.msPerIteration);
  if (result.benchmark !== "perf/learner" || !ms.success) {
    throw new UsageError(
      `not a perf/learner result (benchmark ${result.benchmark})`,
      `${path}: field artifacts.msPerIteration`,
      fix,
    );
  }
  const m = result.manifest;
  return {
    path,
    msPerIteration: ms.data,
    measured: `${m.startedAt.slice(0, 16)}Z, ${m.cpus} cpus, ${m.os}, deno ${m.deno}`,
  };
}

/** A run's predicted cost. */
export interface RunCost {
  /** The run. */
  run: PlannedRun;
  /** Core-seconds of work. */
  coreSeconds: number;
  /** Whether it uses one core (a learner run, several go at once) or all of a shard's. */
  oneCore: boolean;
}

/** The predicted cost of each run (see the module comment). */
export function runCosts(runs: readonly PlannedRun[], costs: LearnerCosts): RunCost[] {
  return runs.map((run) => {
    const iterations = run.params.iterations;
    const oneCore = taskFor(run.task, run.benchmark).singleThreaded === true;
    if (!oneCore || typeof iterations !== "number") {
      return { run, coreSeconds: run.budgetSeconds * 2, oneCore };
    }
    const key = `${run.backend}/${run.variant}`;
    const ms = costs.msPerIteration[key] ?? slowestOn(costs, run.backend);
    if (ms === undefined) {
      throw new UsageError(
        `no measured time for ${key} (needed by ${run.benchmark})`,
        `${costs.path}: field artifacts.msPerIteration`,
        `measure it: deno task perf --only perf/learner, with ${run.backend} among its backends`,
      );
    }
    return { run, coreSeconds: (iterations * ms) / 1000, oneCore };
  });
}

/** The largest measured ms per iteration on `backend`, or undefined where none is measured. */
function slowestOn(costs: LearnerCosts, backend: string): number | undefined {
  const ms = Object.entries(costs.msPerIteration).filter(([k]) => k.startsWith(`${backend}/`));
  return ms.length ? Math.max(...ms.map(([, v]) => v)) : undefined;
}

/**
 * Predicted wall seconds of one shard on `cores` cores, as bench runs it: the all-core runs one
 * after another first, then the one-core runs in order, each on the first core to free up.
 */
export function shardSeconds(costs: readonly RunCost[], cores: number): number {
  const free = new Array<number>(cores).fill(0);
  let sequential = 0;
  for (const c of costs) {
    if (!c.oneCore) {
      sequential += c.coreSeconds / cores;
      continue;
    }
    const k = free.indexOf(Math.min(...free));
    free[k] += c.coreSeconds;
  }
  return sequential + Math.max(...free);
}

/** One shard of a plan. */
export interface Shard {
  /** Its runs, longest first (the order bench starts them in). */
  costs: RunCost[];
  /** Predicted wall seconds. */
  seconds: number;
}

/**
 * Splits runs into `shards` shards by LPT: longest run first (ties by run id), each to the shard
 * with the least work so far (ties: the lowest index). Deterministic.
 */
export function planShards(
  costs: readonly RunCost[],
  opts: { shards: number; cores: number },
): Shard[] {
  const sorted = [...costs].sort((a, b) =>
    b.coreSeconds - a.coreSeconds || (a.run.runId < b.run.runId ? -1 : 1)
  );
  const shards = Array.from({ length: opts.shards }, () => ({ costs: [] as RunCost[], load: 0 }));
  for (const c of sorted) {
    const target = shards.reduce((best, s) => (s.load < best.load ? s : best));
    target.costs.push(c);
    target.load += c.coreSeconds;
  }
  return shards.map((s) => ({ costs: s.costs, seconds: shardSeconds(s.costs, opts.cores) }));
}

/** The plan file `deno task plan --write` makes and `bench --plan` reads. */
export const PlanFileSchema = z.object({
  schema: z.literal(1),
  /** The profile planned. */
  profile: z.enum(PROFILES),
  /** The `--only` glob, if any. */
  only: z.string().optional(),
  /** Cores per runner the shards were sized for. */
  cores: z.number().int().positive(),
  /** Hours per job (the time budget of each level). */
  hours: z.number().positive(),
  /** The cost source read. */
  costs: z.string(),
  /** Job levels of `hours` the longest shard needs. */
  levels: z.number().int().positive(),
  /** The shards: predicted hours and run ids, longest first. */
  shards: z.array(
    z.object({
      hours: z.number().nonnegative(),
      runs: z.array(z.string().regex(/^[0-9a-f]{16}$/)),
    }).strict(),
  ).min(1),
}).strict();

/** A plan file's content. */
export type PlanFile = z.infer<typeof PlanFileSchema>;

/** Writes a plan file atomically; a failure blames plan's `--write`, the flag that named it. */
export function writePlanSync(path: string, plan: PlanFile): void {
  writeTextAtomicSync(path, JSON.stringify(plan, null, 1) + "\n", "--write");
}

/** Reads and validates a plan file; errors name the file (and the field) and exit 2. */
export async function readPlan(path: string): Promise<PlanFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await Deno.readTextFile(path));
  } catch (e) {
    throw new UsageError(
      `cannot read the plan: ${(e as Error).message}`,
      path,
      "give a file written by `deno task plan --write FILE`",
    );
  }
  const checked = PlanFileSchema.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UsageError(
      `invalid plan: ${issue.message}`,
      `${path}: field ${issue.path.join(".") || "(root)"}`,
      "write it again with `deno task plan --write FILE`",
    );
  }
  return checked.data;
}

/**
 * The runs of shard `[i, n]` of `plan`, in the plan's order, from the profile's `runs`. `n` must be
 * the plan's shard count, and every run id must be one of `runs` (a plan of other code is stale).
 */
export function runsOfShard(
  plan: PlanFile,
  runs: readonly PlannedRun[],
  opts: { shard: [number, number]; path: string },
): PlannedRun[] {
  const [i, n] = opts.shard;
  if (n !== plan.shards.length) {
    throw new UsageError(
      `the plan has ${plan.shards.length} shards, not ${n}`,
      "--shard",
      `give --shard i/${plan.shards.length}`,
    );
  }
  const byId = new Map(runs.map((r) => [r.runId, r]));
  return plan.shards[i - 1].runs.map((id) => {
    const run = byId.get(id);
    if (!run) {
      throw new UsageError(
        `run ${id} of the plan is not in profile ${plan.profile} of this code`,
        opts.path,
        "make the plan again with `deno task plan --write FILE` on this commit",
      );
    }
    return run;
  });
}
