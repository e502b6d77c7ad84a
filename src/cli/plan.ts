/**
 * `deno task plan --profile P --runners N --cores C [--hours H] [--costs FILE] [--only GLOB]
 * [--write FILE]`: splits a profile into N shards for N runners of C cores, balanced by the
 * predicted cost of each run (src/cli/shard_plan.ts), and prints each shard's predicted hours, the
 * job levels of H hours the longest needs, and the predicted wall time. `--write` saves the plan
 * for `bench --plan FILE --shard i/N` (.github/workflows/full.yml).
 *
 * @module
 */

import { BENCHMARKS, parseProfile, selectBenchmarks } from "../../benchmarks/mod.ts";
import { UsageError } from "../errors.ts";
import { type FlagSpec, numberFlag, parseCommand } from "./args.ts";
import { runMain } from "./errors.ts";
import { planRuns } from "./runner.ts";
import {
  type PlanFile,
  planShards,
  readLearnerCosts,
  runCosts,
  writePlanSync,
} from "./shard_plan.ts";

/** The committed perf/learner measurement plans use unless `--costs` names another. */
export const DEFAULT_COSTS = "fixtures/perf/learner.json";

const USAGE = "deno task plan --profile P --runners N --cores C [--hours H] [--costs FILE] " +
  "[--only GLOB] [--write FILE]";
const FLAGS: FlagSpec = {
  profile: { type: "string", help: "quick | default | full (default: full)" },
  only: { type: "string", help: "glob over benchmark ids, e.g. 'minigrid/*'" },
  runners: { type: "string", help: "runners, one shard each (required)" },
  cores: { type: "string", help: "cores per runner, one learner run per core (required)" },
  hours: { type: "string", help: "hours per job, the time budget of each level (default 5.5)" },
  costs: {
    type: "string",
    help: `perf/learner result file with the measured ms per iteration (default ${DEFAULT_COSTS})`,
  },
  write: { type: "string", help: "write the plan to this file, for bench --plan" },
  help: { type: "boolean", help: "show this help" },
};

/** A required positive integer flag. */
function requiredCount(values: Record<string, unknown>, name: string): number {
  if (values[name] === undefined) {
    throw new UsageError(`missing --${name}`, `--${name}`, `usage: ${USAGE}`);
  }
  return numberFlag(values as Record<string, string>, name, { default: 1, min: 1, integer: true });
}

/** The plan CLI. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(args, FLAGS, { usage: USAGE });
  if (!parsed) return 0;
  const { values } = parsed;
  const profile = parseProfile((values.profile as string | undefined) ?? "full");
  const only = values.only as string | undefined;
  const runners = requiredCount(values, "runners");
  const cores = requiredCount(values, "cores");
  const hours = numberFlag(values, "hours", { default: 5.5, min: 0, minExclusive: true });
  const costsPath = (values.costs as string | undefined) ?? DEFAULT_COSTS;
  const costs = await readLearnerCosts(costsPath);
  const defs = selectBenchmarks(profile, only, BENCHMARKS);
  // Run ids do not depend on the folder; this one is never touched.
  const runs = await planRuns(defs, { profile, resultsDir: "results" });
  const shards = planShards(runCosts(runs, costs), { shards: runners, cores });

  // The cases of the backends the runs use.
  const backends = new Set(runs.map((r) => r.backend));
  const learnerCases = Object.entries(costs.msPerIteration)
    .filter(([k]) => backends.has(k.split("/")[0] as typeof runs[number]["backend"]))
    .map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join(", ");
  console.log(
    `plan: profile ${profile}${only ? ` (--only ${only})` : ""}, ${runs.length} runs on ` +
      `${runners} runners × ${cores} cores, jobs of ≤ ${hours} h`,
  );
  console.log(`costs: ${costsPath} (perf/learner, measured ${costs.measured})`);
  console.log(`  learner runs: iterations × ms per iteration: ${learnerCases}`);
  console.log("  (evaluations are not in perf/learner's timing: a lower bound)");
  console.log("  other runs: their profile's budget (benchmarks/, wall time on 2 cores)");
  console.log("shard  runs  core-hours  predicted hours  levels");
  const hoursOf = (s: number): number => s / 3600;
  shards.forEach((s, k) => {
    const core = s.costs.reduce((t, c) => t + c.coreSeconds, 0);
    console.log(
      `${String(k + 1).padStart(5)}  ${String(s.costs.length).padStart(4)}  ` +
        `${hoursOf(core).toFixed(1).padStart(10)}  ${
          hoursOf(s.seconds).toFixed(2).padStart(15)
        }  ` +
        `${String(Math.max(1, Math.ceil(hoursOf(s.seconds) / hours))).padStart(6)}`,
    );
  });
  const longest = shards.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const shortest = shards.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const wall = hoursOf(longest.seconds);
  const levels = Math.max(1, Math.ceil(wall / hours));
  const coreHours = hoursOf(
    shards.reduce((t, s) => t + s.costs.reduce((u, c) => u + c.coreSeconds, 0), 0),
  );
  console.log(
    `total: ${coreHours.toFixed(0)} core-hours; longest shard ${wall.toFixed(2)} h ` +
      `(shard ${shards.indexOf(longest) + 1}), shortest ${hoursOf(shortest.seconds).toFixed(2)} h`,
  );
  console.log(
    `predicted wall time: ${wall.toFixed(2)} h in ${levels} levels of ≤ ${hours} h ` +
      "(plus each level's job start-up and artifact transfers)",
  );
  if (values.write !== undefined) {
    const plan: PlanFile = {
      schema: 1,
      profile,
      ...(only !== undefined ? { only } : {}),
      cores,
      hours,
      costs: costsPath,
      levels,
      shards: shards.map((s) => ({
        hours: Math.round(hoursOf(s.seconds) * 1000) / 1000,
        runs: s.costs.map((c) => c.run.runId),
      })),
    };
    writePlanSync(values.write as string, plan);
    console.log(`plan: wrote ${values.write} (${levels} levels needed)`);
  }
  return 0;
}

if (import.meta.main) runMain(() => main(Deno.args));
