/**
 * Writing result files atomically (`writeTextAtomicSync`) and reading them back with validation.
 *
 * @module
 */

import { writeTextAtomicSync } from "../atomic_file.ts";
import { RunFailure, UsageError } from "../errors.ts";
import { canonicalJson } from "./canonical_json.ts";
import { type ResultFile, ResultFileSchema } from "./schema.ts";

/**
 * Validates a result and writes it atomically as canonical JSON (keys sorted) plus a newline; a
 * failure blames `--out`, the flag that chose the results folder of every command that writes one.
 */
export function writeResultFileSync(path: string, result: ResultFile): void {
  const checked = ResultFileSchema.safeParse(result);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new RunFailure(
      `refusing to write an invalid result: ${issue.message}`,
      `${path}: field ${issue.path.join(".") || "(root)"}`,
      "this is a bug in the task that produced it; please report it",
    );
  }
  writeTextAtomicSync(path, canonicalJson(result) + "\n", "--out");
}

/** Parses and validates result-file text; errors name the file and the field. */
export function parseResultFile(text: string, path: string): ResultFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(
      `result file is not valid JSON: ${(e as Error).message}`,
      path,
      "delete the file and rerun the benchmark, or restore it from the shard it came from",
    );
  }
  const checked = ResultFileSchema.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue.path.join(".") || "(root)";
    throw new UsageError(
      `invalid result file: ${issue.message}`,
      `${path}: field ${field}`,
      "delete the file and rerun the benchmark to regenerate it",
    );
  }
  return checked.data;
}

/** A result file as stored: its path, exact text and validated content. */
export interface StoredResult {
  /** Path of the file. */
  path: string;
  /** Its text, byte for byte. */
  text: string;
  /** The validated result. */
  result: ResultFile;
}

/** Reads and validates one result file, keeping its text (merge copies it byte for byte). */
export async function readStoredResult(path: string): Promise<StoredResult> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new UsageError(
      `cannot read result file: ${(e as Error).message}`,
      path,
      "check the path and the file's permissions",
    );
  }
  return { path, text, result: parseResultFile(text, path) };
}

/** Reads and validates one result file. */
export async function readResultFile(path: string): Promise<ResultFile> {
  return (await readStoredResult(path)).result;
}
