/**
 * The suite's one way to write a file that a reader must never see half-written (result files,
 * checkpoints, shard plans): a temp file beside it, then rename. It lives below both the results
 * and the checkpoints, which need it, and imports nothing but the error shape, so neither pulls
 * the other (nor the result schema's variant list) in with it.
 *
 * @module
 */

import { WriteFailure } from "./errors.ts";

let tempCounter = 0;

/**
 * Writes `text` to `path` atomically: a temp file `<path>.<pid>.<n>.tmp` beside it, then rename.
 * A kill mid-write leaves at most that temp file, never a truncated `path`; any other failure
 * removes it and is a {@link WriteFailure} blamed on `flag`, the flag that chose the path.
 * Synchronous, so that checkpoints can be taken between two steps of a hot loop.
 */
export function writeTextAtomicSync(path: string, text: string, flag: string): void {
  const slash = path.lastIndexOf("/");
  const tmp = `${path}.${Deno.pid}.${tempCounter++}.tmp`;
  try {
    if (slash > 0) Deno.mkdirSync(path.slice(0, slash), { recursive: true });
    Deno.writeTextFileSync(tmp, text);
    Deno.renameSync(tmp, path);
  } catch (e) {
    try {
      Deno.removeSync(tmp);
    } catch { /* the temp file was never created */ }
    throw new WriteFailure(path, e, flag);
  }
}

/**
 * The pid of the process whose {@link writeTextAtomicSync} left the temp file named `name`, or
 * undefined when `name` is not such a temp file.
 */
export function tempFileWriter(name: string): number | undefined {
  const pid = name.match(/\.(\d+)\.\d+\.tmp$/)?.[1];
  return pid === undefined ? undefined : Number(pid);
}
