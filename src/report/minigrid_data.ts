/**
 * Minigrid results grouped the way the Minigrid page and the fidelity table read them: per
 * (mode, env, variant, λ), the final value of a metric per seed.
 *
 * @module
 */

import type { ResultFile } from "../results/mod.ts";
import { groupRuns, type RunGroup } from "./groups.ts";

/** Runs of one (mode, env, variant, λ). */
export interface MinigridGroup extends RunGroup {
  /** explore or control. */
  mode: string;
  /** Env id. */
  env: string;
}

/** `{mode, env}` of a `minigrid/<mode>/<env>` id, or undefined for other benchmarks. */
function minigridId(benchmark: string): { mode: string; env: string } | undefined {
  const m = benchmark.match(/^minigrid\/(explore|control)\/(.+)$/);
  return m ? { mode: m[1], env: m[2] } : undefined;
}

/** The Minigrid groups of sorted results. */
export function minigridGroups(results: readonly ResultFile[]): MinigridGroup[] {
  return groupRuns(results).flatMap((g) => {
    const id = minigridId(g.benchmark);
    return id ? [{ ...g, ...id }] : [];
  });
}

/** Final values of `metric` over a group's runs that have it. */
export function finalValues(group: MinigridGroup, metric: string): number[] {
  return group.runs.filter((r) => metric in r.metrics).map((r) => r.metrics[metric]);
}

/** The training iterations of a run, when its config says (`params.iterations`). */
export function iterationsOf(r: ResultFile): number | undefined {
  const params = r.config.params as Record<string, unknown> | undefined;
  return typeof params?.iterations === "number" ? params.iterations : undefined;
}
