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

import { type ResultFile, scanResultFolder } from "../results/mod.ts";
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

/** Reads every result file of `dirs` (`scanResultFolder`: in name order, so the order is stable). */
export async function loadResults(dirs: string[]): Promise<LoadedResults> {
  const sets: ResultSet[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const dir of dirs) {
    const folder = await scanResultFolder(dir);
    const results: ResultFile[] = [];
    const bad = folder.unreadable.map((u) => ({ path: u.path, reason: u.error.message }));
    for (const { path, result } of folder.results) {
      const problem = artifactProblem(result, path);
      if (problem) bad.push({ path, reason: problem });
      else results.push(result);
    }
    // One list in name order, whichever check refused a file.
    unreadable.push(...bad.sort((a, b) => cmp(a.path, b.path)));
    sets.push({ dir, results: results.sort(compareResults) });
  }
  const latest = new Map<string, ResultFile>();
  for (const set of sets) for (const r of set.results) latest.set(r.runId, r);
  return { results: [...latest.values()].sort(compareResults), sets, unreadable };
}
