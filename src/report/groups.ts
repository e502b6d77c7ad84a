/**
 * How the report orders and groups results, the same way on every page: a fixed order (so the
 * site is byte-identical whatever the file system lists first) and groups of runs per
 * (benchmark, variant, λ), the unit the stats layer aggregates over seeds.
 *
 * @module
 */

import { type ResultFile, type Variant, VARIANTS } from "../results/mod.ts";

/** Code-unit string order: unlike localeCompare it does not depend on the machine's locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted distinct strings. */
export function distinct(xs: readonly string[]): string[] {
  return [...new Set(xs)].sort(cmp);
}

/** Order of (variant, λ) settings: variants as in `VARIANTS` (none first, the baseline), then λ. */
export function compareConfigs(
  a: { variant: string; lambda: number },
  b: { variant: string; lambda: number },
): number {
  return VARIANTS.indexOf(a.variant as Variant) - VARIANTS.indexOf(b.variant as Variant) ||
    a.lambda - b.lambda;
}

/** Order of results everywhere in the report: benchmark, variant and λ, seed, run id. */
export function compareResults(a: ResultFile, b: ResultFile): number {
  return cmp(a.benchmark, b.benchmark) || compareConfigs(a, b) || a.seed - b.seed ||
    cmp(a.runId, b.runId);
}

/** The runs of one (benchmark, variant, λ). */
export interface RunGroup {
  /** Benchmark id. */
  benchmark: string;
  /** Variant. */
  variant: string;
  /** λ. */
  lambda: number;
  /** Successful runs, in result order. */
  runs: ResultFile[];
  /** Failed runs. */
  failed: number;
}

/** Groups results (sorted by {@link compareResults}) per (benchmark, variant, λ), in order. */
export function groupRuns(results: readonly ResultFile[]): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const r of results) {
    const key = JSON.stringify([r.benchmark, r.variant, r.lambda]);
    const g = groups.get(key) ??
      { benchmark: r.benchmark, variant: r.variant, lambda: r.lambda, runs: [], failed: 0 };
    if (r.failure) g.failed++;
    else g.runs.push(r);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** The label of a variant and λ: `future-kl λ=0.01`. */
export function configLabel(variant: string, lambda: number): string {
  return `${variant} λ=${lambda}`;
}
