/**
 * Output folders the suite owns: a marker file says which writer made a folder, a writer refuses a
 * folder that holds anything it did not create, a lock file keeps two processes out of one
 * folder, and a folder is built beside its target and swapped in. Temp folders and locks of dead
 * processes are removed or taken over by the next run.
 *
 * @module
 */

import { UsageError, WriteFailure } from "../errors.ts";

/** Name of the marker file a writer leaves in every folder it owns. */
export const MARKER = ".explore-bench.json";

/** What a marker file records. */
interface Marker {
  /** Always "explore-bench". */
  owner: string;
  /** The kind of folder: "out" (bench, merge, perf) or "site" (report). */
  kind: string;
  /** Files the writer wrote, relative to the folder (kinds whose content it lists). */
  files?: string[];
}

/** Cleanups to run when the process ends early (an error, Ctrl-C): locks, temp folders. */
const exitCleanups = new Set<() => void>();

/** Registers `cleanup` to run if the process ends early; returns the function that unregisters it. */
export function atExit(cleanup: () => void): () => void {
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

/** Runs and forgets every pending cleanup (the CLI calls it before it exits). */
export function runExitCleanups(): void {
  for (const cleanup of [...exitCleanups]) {
    try {
      cleanup();
    } catch { /* best effort at exit: the next run removes what is left */ }
  }
  exitCleanups.clear();
}

/** Whether process `pid` still runs; unknowable without /proc, where it answers true. */
export async function processAlive(pid: number): Promise<boolean> {
  if (pid === Deno.pid) return false;
  if (Deno.build.os !== "linux") return true;
  return await Deno.stat(`/proc/${pid}`).then(() => true, () => false);
}

/** `path` without trailing slashes; an empty path is a usage error on `flag`. */
export function cleanPath(path: string, flag: string): string {
  const clean = path.replace(/(.)\/+$/, "$1");
  if (clean === "") throw new UsageError("empty path", flag, "give a folder path");
  return clean;
}

/** The folder holding `path`, and `path`'s last name. */
function split(path: string): { parent: string; base: string } {
  const slash = path.lastIndexOf("/");
  return slash < 0
    ? { parent: ".", base: path }
    : { parent: slash === 0 ? "/" : path.slice(0, slash), base: path.slice(slash + 1) };
}

/**
 * Takes the lock file `path` for this process, or exits 2 naming the process that holds it; the
 * lock of a process that no longer runs is taken over. Returns the release function (also run
 * at exit).
 */
export async function acquireLock(
  path: string,
  opts: { folder: string; flag: string },
): Promise<() => void> {
  for (let attempt = 0;; attempt++) {
    try {
      await Deno.writeTextFile(path, `${Deno.pid}\n`, { createNew: true });
      break;
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw new WriteFailure(path, e, opts.flag);
      const pid = Number((await Deno.readTextFile(path).catch(() => "")).trim());
      if (attempt === 0 && Number.isInteger(pid) && !(await processAlive(pid))) {
        await Deno.remove(path).catch(() => {});
        continue;
      }
      throw new UsageError(
        `${opts.folder} is in use by another process (pid ${pid}, lock file ${path})`,
        opts.flag,
        `wait for it to finish or give another ${opts.flag}`,
      );
    }
  }
  const release = (): void => {
    exitCleanups.delete(release);
    try {
      if (Deno.readTextFileSync(path).trim() === String(Deno.pid)) Deno.removeSync(path);
    } catch { /* already gone */ }
  };
  exitCleanups.add(release);
  return release;
}

/** Reads the marker of `dir`, or null when it has none. */
async function readMarker(dir: string): Promise<Marker | null> {
  try {
    const m = JSON.parse(await Deno.readTextFile(`${dir}/${MARKER}`));
    return m && m.owner === "explore-bench" && typeof m.kind === "string" ? m : null;
  } catch {
    return null;
  }
}

/** Writes the marker of `dir`. */
export async function writeMarker(dir: string, marker: Omit<Marker, "owner">, flag: string) {
  const path = `${dir}/${MARKER}`;
  await Deno.writeTextFile(path, JSON.stringify({ owner: "explore-bench", ...marker }) + "\n")
    .catch((e) => {
      throw new WriteFailure(path, e, flag);
    });
}

/** The first entry under `dir` that `allowed` rejects (recursing into allowed folders), or null. */
async function foreignEntry(
  dir: string,
  allowed: (rel: string, isDirectory: boolean) => boolean,
  prefix = "",
): Promise<string | null> {
  const entries = await Array.fromAsync(Deno.readDir(`${dir}${prefix && "/" + prefix}`));
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (rel === MARKER) continue;
    if (!allowed(rel, e.isDirectory)) return rel;
    if (e.isDirectory) {
      const sub = await foreignEntry(dir, allowed, rel);
      if (sub !== null) return sub;
    }
  }
  return null;
}

/** What {@link claimFolder} needs to know about the writer. */
export interface ClaimOptions {
  /** The folder kind the marker records. */
  kind: string;
  /** The command, for messages ("report", "bench"). */
  writer: string;
  /** The flag that named the folder. */
  flag: string;
  /** Which entries (paths relative to the folder) this writer may have made. */
  allowed: (rel: string, isDirectory: boolean, marker: Marker | null) => boolean;
}

/**
 * Checks that `dir` is missing, empty or this writer's: exit 2 naming the path when it is a file,
 * another writer's folder, or holds an entry the writer does not make. Returns whether it exists.
 */
export async function claimFolder(dir: string, opts: ClaimOptions): Promise<boolean> {
  const info = await Deno.stat(dir).catch(() => null);
  if (!info) return false;
  if (!info.isDirectory) {
    throw new UsageError(`'${dir}' exists and is not a folder`, opts.flag, "give a folder path");
  }
  const marker = await readMarker(dir);
  const refuse = (what: string): never => {
    throw new UsageError(
      what,
      opts.flag,
      `give a new or empty folder; ${opts.writer} never writes into or deletes what it did not create`,
    );
  };
  if (marker && marker.kind !== opts.kind) {
    refuse(`'${dir}' is an output folder of another kind (${marker.kind}), not ${opts.kind}`);
  }
  const foreign = await foreignEntry(dir, (rel, isDir) => opts.allowed(rel, isDir, marker)).catch(
    (e) => {
      throw new UsageError(`cannot read '${dir}': ${(e as Error).message}`, opts.flag, "check it");
    },
  );
  if (foreign !== null) {
    refuse(`'${dir}' holds '${dir}/${foreign}', which ${opts.writer} did not write`);
  }
  return true;
}

/**
 * Removes what dead processes left beside `dir` while they built or swapped it
 * (`<name>.tmp-<pid>`, `<name>.old-<pid>`). Returns the removed paths.
 */
export async function removeStaleSiblings(dir: string): Promise<string[]> {
  const { parent, base } = split(dir);
  const removed: string[] = [];
  const entries = await Array.fromAsync(Deno.readDir(parent)).catch(() => []);
  for (const e of entries) {
    if (!e.name.startsWith(`${base}.`)) continue;
    const pid = e.name.slice(base.length).match(/^\.(?:tmp|old)-(\d+)$/)?.[1];
    if (pid === undefined || await processAlive(Number(pid))) continue;
    const path = parent === "." ? e.name : `${parent === "/" ? "" : parent}/${e.name}`;
    await Deno.remove(path, { recursive: true }).catch(() => {});
    removed.push(path);
  }
  return removed;
}

/**
 * Writes `files` (paths relative to `dir` → content) as folder `dir`: built in `<dir>.tmp-<pid>`
 * beside it and swapped in, so `dir` is always either the old folder or the new one. `dir` must
 * be missing, empty, or hold only files the writer wrote (its marker lists them) or is writing
 * now. On a write error nothing new is left: {@link WriteFailure} on `flag`, exit 1.
 */
export async function writeFolderAtomic(
  dir: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  opts: { kind: string; writer: string; flag: string },
): Promise<void> {
  const target = cleanPath(dir, opts.flag);
  const { parent } = split(target);
  await Deno.mkdir(parent, { recursive: true }).catch((e) => {
    throw new WriteFailure(parent, e, opts.flag);
  });
  const release = await acquireLock(`${target}.lock`, { folder: target, flag: opts.flag });
  const tmp = `${target}.tmp-${Deno.pid}`, old = `${target}.old-${Deno.pid}`;
  const dropTemps = (): void => {
    for (const p of [tmp, old]) {
      try {
        Deno.removeSync(p, { recursive: true });
      } catch { /* not there */ }
    }
  };
  try {
    await removeStaleSiblings(target);
    const names = [...files.keys()];
    const exists = await claimFolder(target, {
      ...opts,
      allowed: (rel, isDir, marker) => {
        const known = [...names, ...(marker?.files ?? [])];
        return known.includes(rel) || (isDir && known.some((f) => f.startsWith(`${rel}/`)));
      },
    });
    exitCleanups.add(dropTemps);
    let current = tmp;
    try {
      for (const [rel, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
        current = `${tmp}/${rel}`;
        await Deno.mkdir(split(current).parent, { recursive: true });
        if (typeof content === "string") await Deno.writeTextFile(current, content);
        else await Deno.writeFile(current, content);
      }
      current = `${tmp}/${MARKER}`;
      await writeMarker(tmp, { kind: opts.kind, files: names.sort() }, opts.flag);
      current = target;
      if (exists) await Deno.rename(target, old);
      try {
        await Deno.rename(tmp, target);
      } catch (e) {
        if (exists) await Deno.rename(old, target).catch(() => {});
        throw e;
      }
    } catch (e) {
      throw e instanceof WriteFailure ? e : new WriteFailure(current, e, opts.flag);
    } finally {
      dropTemps();
      exitCleanups.delete(dropTemps);
    }
  } finally {
    release();
  }
}
