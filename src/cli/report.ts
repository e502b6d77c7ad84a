/**
 * `deno task report --results DIR [--results DIR…] --out DIR`: result files → static site.
 * Exit 0 when the site was built (unreadable files are listed on its index), 1 when no result
 * file is valid.
 *
 * @module
 */

import { RunFailure, UsageError } from "../errors.ts";
import { buildSite } from "../report/mod.ts";
import { type FlagSpec, helpText, parseFlags } from "./args.ts";
import { runMain } from "./errors.ts";

const USAGE = "deno task report --results DIR --out DIR";
const FLAGS: FlagSpec = {
  results: { type: "string", help: "folder of result files (required)" },
  out: { type: "string", help: "folder to write the site to (required)" },
  help: { type: "boolean", help: "show this help" },
};

/** Builds the site of one results folder and returns the index path, failing if nothing is valid. */
export async function buildReportFor(resultsDir: string, outDir: string): Promise<string> {
  const isDir = await Deno.stat(resultsDir).then((s) => s.isDirectory, () => false);
  if (!isDir) {
    throw new UsageError(
      `results folder not found`,
      resultsDir,
      "run `deno task bench` first or pass --results DIR",
    );
  }
  const { index, loaded } = await buildSite([resultsDir], outDir);
  if (loaded.results.length === 0) {
    throw new RunFailure(
      `no valid result file (${loaded.unreadable.length} unreadable)`,
      resultsDir,
      "rerun the benchmarks; the index lists each unreadable file with its reason",
    );
  }
  for (const bad of loaded.unreadable) console.error(`warning: skipped ${bad.path}: ${bad.reason}`);
  return index;
}

/** The report CLI. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseFlags(args, FLAGS, { usage: USAGE });
  if (values.help) {
    console.log(helpText(USAGE, FLAGS));
    return 0;
  }
  for (const flag of ["results", "out"]) {
    if (typeof values[flag] !== "string") {
      throw new UsageError(`missing --${flag}`, `--${flag}`, `usage: ${USAGE}`);
    }
  }
  console.log(`report: ${await buildReportFor(values.results as string, values.out as string)}`);
  return 0;
}

if (import.meta.main) runMain(() => main(Deno.args));
