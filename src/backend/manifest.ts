import { type BackendInfo, type BackendName, initBackend } from "./mod.ts";

/** The run manifest of design.md: where and how a result was produced. */
export interface Manifest {
  /** Git commit of the code, or "unknown" outside a checkout. */
  commit: string;
  /** Whether tracked files had uncommitted changes. */
  dirty: boolean;
  /** Deno version. */
  deno: string;
  /** tfjs version. */
  tfjs: string;
  /** Backend name. */
  backend: BackendInfo["backend"];
  /** GPU adapter or null. */
  adapter: string | null;
  /** Operating system. */
  os: string;
  /** Logical CPUs. */
  cpus: number;
  /** ISO start time (allowed to differ between identical runs). */
  startedAt: string;
  /** Wall time in seconds (allowed to differ between identical runs). */
  wallSeconds: number;
}

/** The machine-and-code part of a manifest, everything but the times. */
export type ManifestBase = Omit<Manifest, "startedAt" | "wallSeconds">;

async function git(args: string[]): Promise<string | null> {
  try {
    const out = await new Deno.Command("git", { args, stdout: "piped", stderr: "null" }).output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
  } catch {
    return null;
  }
}

/** Reads the commit, dirtiness, versions and machine facts once per process. */
export async function describeEnvironment(info: BackendInfo): Promise<ManifestBase> {
  const commit = (await git(["rev-parse", "HEAD"])) ?? "unknown";
  const status = await git(["status", "--porcelain", "--untracked-files=no"]);
  return {
    commit,
    dirty: status !== null && status.length > 0,
    deno: Deno.version.deno,
    tfjs: info.tfjs,
    backend: info.backend,
    adapter: info.adapter,
    os: Deno.build.os,
    cpus: navigator.hardwareConcurrency,
  };
}

const described = new Map<BackendName, ManifestBase>();

/**
 * Makes `name` tfjs's active backend (on every call: a suite may mix backends) and returns the
 * manifest base of runs on it, described once per backend and process.
 */
export async function switchBackend(name: BackendName): Promise<ManifestBase> {
  const info = await initBackend(name);
  if (!described.has(name)) described.set(name, await describeEnvironment(info));
  return described.get(name)!;
}
