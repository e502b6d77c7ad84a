/**
 * Results → static site. A pure function of the result files: the same files give a
 * byte-identical site (no clock, no absolute paths in pages).
 *
 * @module
 */

import Handlebars from "handlebars";
import { type LoadedResults, loadResults } from "./load.ts";

export { loadResults } from "./load.ts";
export type { LoadedResults, UnreadableFile } from "./load.ts";

/** One row of the index: a metric of one (benchmark, variant, λ) over its seeds. */
export interface SummaryRow {
  /** Benchmark id. */
  benchmark: string;
  /** Variant. */
  variant: string;
  /** λ. */
  lambda: number;
  /** Metric name. */
  metric: string;
  /** Mean over seeds. */
  mean: number;
  /** Smallest and largest seed value. */
  min: number;
  /** Largest seed value. */
  max: number;
  /** Seeds with a value. */
  n: number;
  /** Failed runs in the group. */
  failed: number;
}

/** Groups results by (benchmark, variant, λ) and summarises each metric over seeds. */
export function summaryRows(loaded: LoadedResults): SummaryRow[] {
  const groups = new Map<string, LoadedResults["results"]>();
  for (const r of loaded.results) {
    const key = JSON.stringify([r.benchmark, r.variant, r.lambda]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const rows: SummaryRow[] = [];
  for (const runs of groups.values()) {
    const failed = runs.filter((r) => r.failure).length;
    const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
    for (const metric of names) {
      const xs = runs.filter((r) => !r.failure && metric in r.metrics).map((r) =>
        r.metrics[metric]
      );
      if (!xs.length) continue;
      rows.push({
        benchmark: runs[0].benchmark,
        variant: runs[0].variant,
        lambda: runs[0].lambda,
        metric,
        mean: xs.reduce((a, b) => a + b, 0) / xs.length,
        min: Math.min(...xs),
        max: Math.max(...xs),
        n: xs.length,
        failed,
      });
    }
  }
  return rows;
}

/** Reads a template from `reports/`. */
async function template(name: string): Promise<HandlebarsTemplateDelegate> {
  const text = await Deno.readTextFile(new URL(`../../reports/${name}`, import.meta.url));
  const hb = Handlebars.create();
  hb.registerHelper(
    "fixed",
    (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "–"),
  );
  return hb.compile(text, { strict: false });
}

/**
 * Builds the site for `resultsDirs` into `outDir` (written to a temp folder, then swapped in) and
 * returns the index path. Throws when not a single result file is valid.
 */
export async function buildSite(
  resultsDirs: string[],
  outDir: string,
): Promise<{ index: string; loaded: LoadedResults }> {
  const loaded = await loadResults(resultsDirs);
  const index = await template("index.hbs");
  const runs = loaded.results.map((r) => ({
    runId: r.runId,
    benchmark: r.benchmark,
    variant: r.variant,
    lambda: r.lambda,
    seed: r.seed,
    failure: r.failure,
    ...r.manifest,
  }));
  const html = index({
    rows: summaryRows(loaded),
    unreadable: loaded.unreadable,
    runs,
    count: loaded.results.length,
  });
  const tmp = `${outDir}.tmp-${Deno.pid}`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  await Deno.mkdir(tmp, { recursive: true });
  await Deno.writeTextFile(`${tmp}/index.html`, html);
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  await Deno.rename(tmp, outDir);
  return { index: `${outDir}/index.html`, loaded };
}
