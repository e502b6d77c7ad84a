/**
 * Reading a folder of result files, the one way every command does it (report, merge, compare,
 * bench): the `*.json` files and symlinks in name order, each read and validated by
 * `readStoredResult`. A symlink to a valid result is a result; a broken one is an unreadable
 * file, never skipped silently.
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import { readStoredResult, type StoredResult } from "./io.ts";

/** A file of a results folder that is not a usable result, with the error that names it. */
export interface UnreadableResult {
  /** Path of the file. */
  path: string;
  /** Why: one line naming the file (and the field). */
  error: UsageError;
}

/** What a results folder holds. */
export interface ResultFolder {
  /** The files that read and validate, in name order. */
  results: StoredResult[];
  /** The others, in name order. */
  unreadable: UnreadableResult[];
}

/** The `*.json` names in a results folder, files and symlinks, sorted. */
async function resultFileNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if ((entry.isFile || entry.isSymlink) && entry.name.endsWith(".json")) names.push(entry.name);
  }
  return names.sort();
}

/** Whether folder `dir` holds a result file (valid or not). */
export async function hasResultFiles(dir: string): Promise<boolean> {
  return (await resultFileNames(dir)).length > 0;
}

/**
 * Reads every result file of `dir`; with `namedByRunId`, a valid result not named
 * `<runId>.json` is unreadable too.
 */
async function readFolder(dir: string, namedByRunId: boolean): Promise<ResultFolder> {
  const folder: ResultFolder = { results: [], unreadable: [] };
  for (const name of await resultFileNames(dir)) {
    const path = `${dir}/${name}`;
    try {
      const stored = await readStoredResult(path);
      const runId = stored.result.runId;
      if (namedByRunId && name !== `${runId}.json`) {
        throw new UsageError(
          `file name does not match its run id ${runId}`,
          `${path}: field runId`,
          `result files are named <runId>.json: rename it to ${runId}.json or delete it`,
        );
      }
      folder.results.push(stored);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      folder.unreadable.push({ path, error: e });
    }
  }
  return folder;
}

/**
 * Every file of results folder `dir`, read or listed as unreadable: for a reader that shows
 * what it cannot use (the report) instead of stopping at it.
 */
export function scanResultFolder(dir: string): Promise<ResultFolder> {
  return readFolder(dir, false);
}

/**
 * The results of folder `dir` for a command that needs them all (merge, compare): the first file,
 * in name order, that does not read or validate or is not named `<runId>.json` is the error.
 */
export async function readResultFolder(dir: string): Promise<StoredResult[]> {
  const { results, unreadable } = await readFolder(dir, true);
  if (unreadable.length > 0) throw unreadable[0].error;
  return results;
}
