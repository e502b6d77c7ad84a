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
  selectBenchmarks,
} from "../../benchmarks/mod.ts";
import { describeEnvironment } from "../backend/manifest.ts";
import { initBackend, parseBackend } from "../backend/mod.ts";
import { readResultFile } from "../results/mod.ts";
import { type FlagSpec, helpText, numberFlag, parseFlags } from "./args.ts";
import { runMain } from "./errors.ts";
import { buildReportFor } from "./report.ts";
import { executeRun, parseShard, type PlannedRun, planRuns } from "./runner.ts";

const USAGE =
  "deno task bench [--profile quick|default|full] [--only GLOB] [--backend B] [--out DIR] " +
  "[--shard i/n] [--force] [--workers N] [--list]";
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
  force: { type: "boolean", help: "rerun runs whose result file exists" },
  workers: { type: "string", help: "worker threads (default: one per core)" },
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
    const measured = await measuredSeconds(runs);
    console.log(`\n${def.id}  (${def.title})`);
    console.log(
      `  variants: ${
        def.variants.map((v) => `${v.variant} λ ∈ {${v.lambdas.join(", ")}}`).join("; ")
      }`,
    );
    console.log(`  seeds:    ${prof.seeds.join(", ")}   runs: ${runs.length}`);
    console.log(
      `  budget:   ${duration(prof.budgetSeconds)}` +
        (measured !== null ? `   measured: ${duration(measured)} (results in ${resultsDir})` : ""),
    );
    if (prof.note) console.log(`  note:     ${prof.note}`);
  }
  console.log(`\ntotal budget: ${duration(budget)} (wall time on 2 CPU cores)`);
}

/** Progress on a terminal: one rewritten line; elsewhere: nothing until the run ends. */
function progressPrinter(label: string): (done: number, total: number) => void {
  if (!Deno.stdout.isTerminal()) return () => {};
  const enc = new TextEncoder();
  const t0 = performance.now();
  return (done, total) => {
    const elapsed = (performance.now() - t0) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : 0;
    const line = `\r${label} ${done}/${total} (${Math.round((100 * done) / total)}%, ETA ${
      duration(eta)
    })   `;
    Deno.stdout.writeSync(enc.encode(line));
  };
}

/** The bench CLI. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseFlags(args, FLAGS, { usage: USAGE });
  if (values.help) {
    console.log(helpText(USAGE, FLAGS));
    return 0;
  }
  const profile = parseProfile((values.profile as string | undefined) ?? "default");
  const defs = selectBenchmarks(profile, values.only as string | undefined, BENCHMARKS);
  const outDir = ((values.out as string | undefined) ?? "out").replace(/\/+$/, "");
  const resultsDir = `${outDir}/results`;
  if (values.list) {
    await list(defs, profile, resultsDir);
    return 0;
  }
  const backend = values.backend !== undefined ? parseBackend(values.backend as string) : undefined;
  const shard = values.shard !== undefined ? parseShard(values.shard as string) : undefined;
  const workers = numberFlag(values, "workers", {
    default: navigator.hardwareConcurrency,
    min: 1,
    integer: true,
  });
  const runs = await planRuns(defs, { profile, backend, resultsDir, shard });
  const todo: PlannedRun[] = [];
  for (const run of runs) {
    const exists = await Deno.stat(run.path).then(() => true, () => false);
    if (!exists || values.force) todo.push(run);
  }
  console.log(
    `bench: profile ${profile}, ${runs.length} runs${
      shard ? ` (shard ${shard.join("/")})` : ""
    }, ` +
      `${runs.length - todo.length} already done, ${todo.length} to run, ${workers} workers`,
  );
  const environments = new Map<string, Awaited<ReturnType<typeof describeEnvironment>>>();
  const t0 = performance.now();
  for (const [k, run] of todo.entries()) {
    if (!environments.has(run.backend)) {
      environments.set(run.backend, await describeEnvironment(await initBackend(run.backend)));
    }
    const label = `[${
      k + 1
    }/${todo.length}] ${run.benchmark} ${run.variant} λ=${run.lambda} seed ${run.seed}`;
    const { result, summary } = await executeRun(run, {
      environment: environments.get(run.backend)!,
      workers,
      onProgress: progressPrinter(label),
    });
    if (Deno.stdout.isTerminal()) Deno.stdout.writeSync(new TextEncoder().encode("\r\x1b[K"));
    console.log(`${label}: done in ${duration(result.manifest.wallSeconds)} -> ${run.path}`);
    if (summary) console.log(summary);
  }
  if (todo.length) {
    console.log(`bench: ran ${todo.length} runs in ${duration((performance.now() - t0) / 1000)}`);
  }
  const site = await buildReportFor(resultsDir, `${outDir}/site`);
  console.log(`report: ${site}`);
  return 0;
}

if (import.meta.main) runMain(() => main(Deno.args));
