/**
 * `deno task merge --out DIR SHARD_DIR... [--allow-mixed-commits]`: joins the result files of
 * shard outputs into `DIR/results` and builds the report into `DIR/site`.
 *
 * Every file is validated first and nothing is written unless all of them pass: two files of one
 * run id must be identical apart from the manifest's times, and all shards must come from one code
 * version (same `manifest.commit` and `manifest.dirty`) unless `--allow-mixed-commits`.
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import { writeTextAtomicSync } from "../atomic_file.ts";
import {
  canonicalJson,
  readResultFolder,
  type ResultFile,
  type StoredResult,
} from "../results/mod.ts";
import { type FlagSpec, parseCommand } from "./args.ts";
import { runMain } from "./errors.ts";
import { buildReportFor } from "./report.ts";
import { claimOutFolder, prepareOutDir, resultsFolderOf } from "./runner.ts";

const USAGE = "deno task merge --out DIR [--allow-mixed-commits] SHARD_DIR...";
const SHARD_HELP = "Each SHARD_DIR is an output folder of `deno task bench` (its results/ folder " +
  "is read) or a results folder itself (as downloaded from a CI artifact); an empty one is a " +
  "shard of 0 runs.";
const FLAGS: FlagSpec = {
  out: {
    type: "string",
    help: "output folder (required): results in OUT/results (files already there are kept " +
      "and checked like a shard's), site in OUT/site",
  },
  "allow-mixed-commits": {
    type: "boolean",
    help: "merge shards made by different commits (or a clean and a dirty tree)",
  },
  help: { type: "boolean", help: "show this help" },
};

/** Canonical JSON of a result with the two manifest times blanked: equal for reruns of one run. */
export function timelessJson(result: ResultFile): string {
  return canonicalJson({
    ...result,
    manifest: { ...result.manifest, startedAt: "", wallSeconds: 0 },
  });
}

/** Dotted path of the first place two JSON values differ, or null when they are equal. */
function firstDifference(a: unknown, b: unknown, path = ""): string | null {
  if (canonicalJson(a) === canonicalJson(b)) return null;
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const sub = firstDifference(
        (a as Record<string, unknown>)[k] ?? null,
        (b as Record<string, unknown>)[k] ?? null,
        path ? `${path}.${k}` : k,
      );
      if (sub !== null) return sub;
    }
  }
  return path || "(root)";
}

/** The code version a result was made by, as the manifest records it. */
function codeOf(result: ResultFile): string {
  return `${result.manifest.commit}${result.manifest.dirty ? " (dirty tree)" : ""}`;
}

/** One input folder and its files. */
interface Source {
  /** The results folder read. */
  dir: string;
  /** Its result files. */
  files: StoredResult[];
}

/**
 * Checks the sources against each other and returns the files to keep, one per run id, in
 * run-id order: throws on two different files of one run id, and on mixed code versions unless
 * `allowMixedCommits`.
 */
function planMerge(
  sources: readonly Source[],
  opts: { allowMixedCommits: boolean },
): StoredResult[] {
  const byId = new Map<string, StoredResult>();
  const codes = new Map<string, string>();
  for (const { files } of sources) {
    for (const file of files) {
      const code = codeOf(file.result);
      if (!codes.has(code)) codes.set(code, file.path);
      const seen = byId.get(file.result.runId);
      if (!seen) {
        byId.set(file.result.runId, file);
        continue;
      }
      // With --allow-mixed-commits, the code version may differ too.
      const comparable = (r: ResultFile): unknown => {
        const json = JSON.parse(timelessJson(r));
        if (opts.allowMixedCommits) json.manifest = { ...json.manifest, commit: "", dirty: false };
        return json;
      };
      const diff = firstDifference(comparable(seen.result), comparable(file.result));
      if (diff !== null) {
        throw new UsageError(
          `run ${file.result.runId} differs between shards at field ${diff}`,
          `${seen.path} vs ${file.path}`,
          "one run id must give one result (apart from manifest times); rerun one of the " +
            "shards with --force or pass only one of them",
        );
      }
    }
  }
  if (codes.size > 1 && !opts.allowMixedCommits) {
    const [[a, pathA], [b, pathB]] = [...codes];
    throw new UsageError(
      `shards were made by different code: commit ${a} and commit ${b}`,
      `manifest.commit of ${pathA} and ${pathB}`,
      "rerun the shards on one commit, or pass --allow-mixed-commits to merge them anyway",
    );
  }
  return [...byId.values()].sort((x, y) => x.result.runId < y.result.runId ? -1 : 1);
}

/** The merge CLI. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(args, FLAGS, {
    usage: USAGE,
    positionals: true,
    helpFooter: SHARD_HELP,
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (typeof values.out !== "string") {
    throw new UsageError("missing --out", "--out", `usage: ${USAGE}`);
  }
  if (positionals.length === 0) {
    throw new UsageError("no shard folder given", "SHARD_DIR", `usage: ${USAGE}`);
  }
  const sources: Source[] = [];
  for (const [k, dir] of positionals.entries()) {
    const results = await resultsFolderOf(dir, `shard folder ${k + 1}`);
    sources.push({ dir: results, files: await readResultFolder(results) });
  }
  const { resultsDir } = await claimOutFolder(values.out, { flag: "--out", writer: "merge" });
  if (await Deno.stat(resultsDir).then((s) => s.isDirectory, () => false)) {
    sources.push({ dir: resultsDir, files: await readResultFolder(resultsDir) });
  }
  const keep = planMerge(sources, { allowMixedCommits: values["allow-mixed-commits"] === true });
  const { siteDir } = await prepareOutDir(values.out, { flag: "--out", writer: "merge" });
  let written = 0;
  for (const file of keep) {
    const target = `${resultsDir}/${file.result.runId}.json`;
    if (file.path === target) continue;
    writeTextAtomicSync(target, file.text, "--out");
    written++;
  }
  for (const { dir, files } of sources) console.log(`merge: ${dir}: ${files.length} result files`);
  const total = sources.reduce((n, s) => n + s.files.length, 0);
  console.log(
    `merge: ${keep.length} runs (${total - keep.length} duplicates identical), ` +
      `${written} files written to ${resultsDir}`,
  );
  if (keep.length === 0) {
    console.log(`report: skipped, no result files in ${resultsDir}`);
    return 0;
  }
  console.log(`report: ${await buildReportFor(resultsDir, siteDir)}`);
  return 0;
}

if (import.meta.main) runMain(() => main(Deno.args));
