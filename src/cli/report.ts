/**
 * `deno task report --results DIR [--results DIR…] --out DIR`: result files → static site.
 * Several results folders are result sets in time order (`--results OLD --results NEW`, or
 * `--results OLD NEW`): the speed page draws their history, the other pages their union.
 * Exit 0 when the site was built (unreadable files are listed on its index), 1 when no result
 * file is valid, 2 for usage errors.
 *
 * @module
 */

import { RunFailure, UsageError } from "../errors.ts";
import { buildSite } from "../report/mod.ts";
import { type FlagSpec, parseCommand } from "./args.ts";
import { runMain } from "./errors.ts";
import { resultsFolderOf } from "./runner.ts";

const USAGE = "deno task report --results DIR [--results DIR…] --out DIR";
const FLAGS: FlagSpec = {
  results: {
    type: "string",
    help: "folder of result files (required; repeat, oldest first, for the speed history)",
  },
  out: { type: "string", help: "folder to write the site to (required)" },
  help: { type: "boolean", help: "show this help" },
};

/**
 * Builds the site of one or more results folders (oldest first) and returns the index path;
 * fails if a folder is missing or no result file is valid.
 */
export async function buildReportFor(results: string | string[], outDir: string): Promise<string> {
  const dirs = typeof results === "string" ? [results] : results;
  for (const dir of dirs) {
    const isDir = await Deno.stat(dir).then((s) => s.isDirectory, () => false);
    if (!isDir) {
      throw new UsageError(
        `results folder not found`,
        dir,
        "run `deno task bench` first or pass --results DIR",
      );
    }
  }
  const { index, loaded } = await buildSite(dirs, outDir);
  if (loaded.results.length === 0) {
    throw new RunFailure(
      `no valid result file (${loaded.unreadable.length} unreadable)`,
      dirs.join(", "),
      "rerun the benchmarks; the index lists each unreadable file with its reason",
    );
  }
  for (const bad of loaded.unreadable) console.error(`warning: skipped ${bad.path}: ${bad.reason}`);
  return index;
}

/**
 * Takes every `--results` value out of `args` (parseArgs keeps only the last of a repeated flag):
 * `--results=DIR`, `--results DIR`, and plain folders following one (`--results OLD NEW`).
 */
export function takeResultsFlags(args: string[]): { dirs: string[]; rest: string[] } {
  const dirs: string[] = [], rest: string[] = [];
  let collecting = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--results=")) {
      dirs.push(a.slice("--results=".length));
      collecting = true;
    } else if (a === "--results") {
      if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
        throw new UsageError("flag --results needs a value", "--results", `usage: ${USAGE}`);
      }
      dirs.push(args[++i]);
      collecting = true;
    } else if (collecting && !a.startsWith("-")) {
      dirs.push(a);
    } else {
      collecting = false;
      rest.push(a);
    }
  }
  return { dirs, rest };
}

/** The report CLI. */
export async function main(args: string[]): Promise<number> {
  const { dirs, rest } = takeResultsFlags(args);
  const parsed = parseCommand(rest, FLAGS, { usage: USAGE });
  if (!parsed) return 0;
  const { values } = parsed;
  if (!dirs.length) throw new UsageError("missing --results", "--results", `usage: ${USAGE}`);
  if (typeof values.out !== "string") {
    throw new UsageError("missing --out", "--out", `usage: ${USAGE}`);
  }
  // A bench --out folder is taken for its results/, as merge and compare take it.
  const folders: string[] = [];
  for (const dir of dirs) folders.push(await resultsFolderOf(dir, "--results"));
  console.log(`report: ${await buildReportFor(folders, values.out)}`);
  return 0;
}

if (import.meta.main) runMain(() => main(Deno.args));
