/**
 * Loading results folders for the report: every `*.json` file is either a valid result or an
 * entry in the list of unreadable files, with its reason. Nothing is skipped silently.
 *
 * Several folders are result sets in time order (`--results OLD --results NEW`): the speed page
 * draws their history, every other page reads the union, where a run id present in several sets
 * keeps its latest file (a rerun of the same config supersedes the older one).
 *
 * @module
 */

import { parseResultFile, type ResultFile, resultFileNames } from "../results/mod.ts";
import { artifactProblem } from "./artifacts.ts";
import { cmp, compareResults } from "./groups.ts";

/** A file that could not be used, and why. */
export interface UnreadableFile {
  /** Path as given. */
  path: string;
  /** One-line reason. */
  reason: string;
}

/** One results folder. */
export interface ResultSet {
  /** Folder as given. */
  dir: string;
  /** Its valid results, in the order of `compareResults`. */
  results: ResultFile[];
}

/** The contents of one or more results folders. */
export interface LoadedResults {
  /** Valid results of all sets, one per run id (the latest set's), sorted by `compareResults`. */
  results: ResultFile[];
  /** Every set, in the order given. */
  sets: ResultSet[];
  /** Files that failed to read or validate. */
  unreadable: UnreadableFile[];
}

/** Reads every `*.json` file of `dirs` (sorted by name, so the order is stable). */
export async function loadResults(dirs: string[]): Promise<LoadedResults> {
  const sets: ResultSet[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const dir of dirs) {
    const results: ResultFile[] = [];
    for (const name of (await resultFileNames(dir)).sort(cmp)) {
      const path = `${dir}/${name}`;
      try {
        const result = parseResultFile(await Deno.readTextFile(path), path);
        const problem = artifactProblem(result, path);
        if (problem) unreadable.push({ path, reason: problem });
        else results.push(result);
      } catch (e) {
        unreadable.push({ path, reason: (e as Error).message });
      }
    }
    sets.push({ dir, results: results.sort(compareResults) });
  }
  const latest = new Map<string, ResultFile>();
  for (const set of sets) for (const r of set.results) latest.set(r.runId, r);
  return { results: [...latest.values()].sort(compareResults), sets, unreadable };
}
