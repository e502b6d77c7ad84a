/**
 * `deno task perf [--only GLOB] [--profile quick|default] [--out DIR]`: speed benchmarks →
 * `perf/<name>` result files in OUT/results (always measured afresh), then the report.
 *
 * @module
 */

import { parseProfile, PERF, selectBenchmarks } from "../../benchmarks/mod.ts";
import { switchBackend } from "../backend/manifest.ts";
import { type FlagSpec, parseCommand } from "./args.ts";
import { runMain } from "./errors.ts";
import { buildReportFor } from "./report.ts";
import { executeRun, planRuns, prepareOutDir } from "./runner.ts";

const USAGE = "deno task perf [--only GLOB] [--profile quick|default] [--out DIR]";
const FLAGS: FlagSpec = {
  only: { type: "string", help: "glob over perf ids, e.g. 'perf/hill'" },
  profile: { type: "string", help: "quick (fewer repeats) or default (default)" },
  out: { type: "string", help: "output folder (default: out); results in OUT/results" },
  help: { type: "boolean", help: "show this help" },
};

/** The perf CLI. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(args, FLAGS, { usage: USAGE });
  if (!parsed) return 0;
  const { values } = parsed;
  const profile = parseProfile((values.profile as string | undefined) ?? "default");
  const defs = selectBenchmarks(profile, values.only as string | undefined, PERF);
  const { resultsDir, siteDir } = await prepareOutDir(
    (values.out as string | undefined) ?? "out",
    { flag: "--out", writer: "perf" },
  );
  const runs = await planRuns(defs, { profile, resultsDir });
  const environment = await switchBackend("js");
  for (const run of runs) {
    console.log(`perf: ${run.benchmark} ...`);
    const { result, summary } = await executeRun(run, {
      environment,
      workers: navigator.hardwareConcurrency,
    });
    console.log(`${run.benchmark}: ${result.manifest.wallSeconds} s -> ${run.path}`);
    if (summary) console.log(summary);
  }
  console.log(`report: ${await buildReportFor(resultsDir, siteDir)}`);
  return 0;
}

if (import.meta.main) runMain(() => main(Deno.args));
