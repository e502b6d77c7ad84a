/**
 * Loading a results folder for the report: every `*.json` file is either a valid result or an
 * entry in the list of unreadable files, with its reason. Nothing is skipped silently.
 *
 * @module
 */

import { parseResultFile, type ResultFile } from "../results/mod.ts";

/** A file that could not be used, and why. */
export interface UnreadableFile {
  /** Path as given. */
  path: string;
  /** One-line reason. */
  reason: string;
}

/** The contents of one or more results folders. */
export interface LoadedResults {
  /** Valid results, sorted by benchmark, variant, λ, seed, run id. */
  results: ResultFile[];
  /** Files that failed to read or validate. */
  unreadable: UnreadableFile[];
}

/** Reads every `*.json` file of `dirs` (sorted by name, so the order is stable). */
export async function loadResults(dirs: string[]): Promise<LoadedResults> {
  const results: ResultFile[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const dir of dirs) {
    const names: string[] = [];
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && entry.name.endsWith(".json")) names.push(entry.name);
    }
    for (const name of names.sort()) {
      const path = `${dir}/${name}`;
      try {
        results.push(parseResultFile(await Deno.readTextFile(path), path));
      } catch (e) {
        unreadable.push({ path, reason: (e as Error).message });
      }
    }
  }
  results.sort((a, b) =>
    a.benchmark.localeCompare(b.benchmark) || a.variant.localeCompare(b.variant) ||
    a.lambda - b.lambda || a.seed - b.seed || a.runId.localeCompare(b.runId)
  );
  return { results, unreadable };
}
