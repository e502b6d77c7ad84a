/**
 * The scale banner of every page: which profile produced the results and what it reduces
 * against the reference protocol, read off the result files by matching each run's params with
 * the profiles of its benchmark definition (so a hand-made or foreign result says "unknown").
 *
 * @module
 */

import { BENCHMARKS } from "../../benchmarks/mod.ts";
import type { ResultFile } from "../results/mod.ts";
import { cmp, distinct } from "./groups.ts";

/** The banner: profiles seen and one note per benchmark that departs from the reference. */
export interface ScaleBanner {
  /** `quick`, `default and quick`, … or `no results`. */
  profiles: string;
  /** `benchmark (profile: note)` for every benchmark whose profile departs from the reference. */
  reductions: string[];
}

/** Whether every param a profile sets has the same value in a run's config. */
function sameParams(profile: Record<string, unknown>, config: Record<string, unknown>): boolean {
  return Object.entries(profile).every(([k, v]) => JSON.stringify(config[k]) === JSON.stringify(v));
}

/** The banner for a set of results. */
export function scaleBanner(results: readonly ResultFile[]): ScaleBanner {
  const profiles: string[] = [];
  const reductions = new Map<string, string>();
  for (const r of results) {
    const def = BENCHMARKS.find((d) => d.id === r.benchmark);
    const params = (r.config.params ?? {}) as Record<string, unknown>;
    const match = def &&
      Object.entries(def.profiles).find(([, p]) =>
        p && sameParams(p.params as Record<string, unknown>, params) && p.seeds.includes(r.seed)
      );
    if (!match) {
      profiles.push("unknown");
      reductions.set(r.benchmark, "params match no profile of benchmarks/: scale unknown");
      continue;
    }
    const [name, p] = match;
    profiles.push(name);
    const note = p!.note ?? "its definition has no note";
    if (!/^(reference protocol|the protocol of)/.test(note)) {
      reductions.set(r.benchmark, `${name}: ${note}`);
    }
  }
  const names = distinct(profiles);
  return {
    profiles: names.length ? names.join(" and ") : "no results",
    reductions: [...reductions].sort(([a], [b]) => cmp(a, b)).map(([b, n]) => `${b} (${n})`),
  };
}
