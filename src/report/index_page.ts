/**
 * The index: unreadable files, every benchmark × variant × λ × metric with its point estimate,
 * 95 % CI, n and failed runs, the fidelity tables, and the run manifests.
 *
 * @module
 */

import type { ResultFile } from "../results/mod.ts";
import { mean, studentTCI } from "../stats/mod.ts";
import { hillFidelity, minigridFidelity } from "./fidelity.ts";
import { headlineSections } from "./headline.ts";
import { formatNumber, slug } from "./format.ts";
import { distinct, groupRuns } from "./groups.ts";
import { finestLandscape, landscapeViews } from "./landscape_view.ts";
import type { LoadedResults } from "./load.ts";
import { glossary, inRunBounds, isShownMetric } from "./metrics.ts";
import type { PageContent } from "./page.ts";
import { cell, type DataTable, row } from "./table.ts";

/** One row of the summary: a metric of one (benchmark, variant, λ) over its seeds. */
export interface SummaryRow {
  /** Benchmark id. */
  benchmark: string;
  /** Variant. */
  variant: string;
  /** λ. */
  lambda: number;
  /** Metric name; empty when every run of the group failed. */
  metric: string;
  /** Mean over seeds. */
  mean?: number;
  /** Student-t 95 % CI of the mean (n ≥ 2). */
  lower?: number;
  /** Upper bound. */
  upper?: number;
  /** With a single seed: the interval the run itself wrote (`<metric>_lower`/`_upper`). */
  inRun?: { lower: number; upper: number };
  /** Seeds with a value. */
  n: number;
  /** Failed runs in the group. */
  failed: number;
}

/**
 * Summarises each metric of each (benchmark, variant, λ) over seeds (results sorted): budget
 * counters and interval bounds are not metrics of their own (see metrics.ts).
 */
export function summaryRows(results: readonly ResultFile[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const { benchmark, variant, lambda, runs, failed } of groupRuns(results)) {
    const all = distinct(runs.flatMap((r) => Object.keys(r.metrics)));
    const names = all.filter((name) => isShownMetric(benchmark, name, all));
    if (!names.length) rows.push({ benchmark, variant, lambda, metric: "", n: 0, failed });
    for (const metric of names) {
      const having = runs.filter((r) => metric in r.metrics);
      const xs = having.map((r) => r.metrics[metric]);
      const ci = xs.length >= 2 ? studentTCI(xs) : undefined;
      const inRun = xs.length === 1 ? inRunBounds(having[0].metrics, metric) : undefined;
      rows.push({
        benchmark,
        variant,
        lambda,
        metric,
        mean: mean(xs),
        lower: ci?.lower,
        upper: ci?.upper,
        ...(inRun ? { inRun } : {}),
        n: xs.length,
        failed,
      });
    }
  }
  return rows;
}

/** The CI cell of a summary row: over seeds, else the run's own interval, else `n = 1`. */
function ciText(r: SummaryRow): string {
  if (r.lower !== undefined) return `[${formatNumber(r.lower)}, ${formatNumber(r.upper)}]`;
  if (r.inRun) {
    return `[${formatNumber(r.inRun.lower)}, ${formatNumber(r.inRun.upper)}] within the run`;
  }
  return `n = ${r.n}`;
}

/** The glossary table: a line per metric name (family) the summary shows. */
function glossaryTable(rows: readonly SummaryRow[]): DataTable {
  return {
    id: "metric-definitions",
    columns: ["metric", "definition"],
    rows: glossary(
      rows.filter((r) => r.metric).map((r) => ({
        benchmark: r.benchmark,
        name: r.metric,
      })),
    ).map((g) => row(g.name, g.definition)),
  };
}

/** The summary as one table per benchmark. */
function summaryTables(results: readonly ResultFile[]): { benchmark: string; table: DataTable }[] {
  const byBenchmark = new Map<string, SummaryRow[]>();
  for (const r of summaryRows(results)) {
    byBenchmark.set(r.benchmark, [...(byBenchmark.get(r.benchmark) ?? []), r]);
  }
  return [...byBenchmark].map(([benchmark, rows]) => ({
    benchmark,
    table: {
      id: `summary-${slug(benchmark)}`,
      columns: ["variant", "λ", "metric", "mean over seeds", "95 % CI", "n", "failed"],
      rows: rows.map((r) =>
        row(
          r.variant,
          r.lambda,
          r.metric || cell("(no metrics: every run failed)", "bad"),
          r.mean,
          cell(ciText(r), "num"),
          r.n,
          cell(String(r.failed), r.failed ? "num fail" : "num"),
        )
      ),
    },
  }));
}

/** The run manifests, one row per run. */
function manifestTable(results: readonly ResultFile[]): DataTable {
  return {
    id: "manifests",
    columns: [
      "run",
      "benchmark",
      "variant",
      "λ",
      "seed",
      "backend",
      "adapter",
      "commit",
      "deno",
      "tfjs",
      "os",
      "cpus",
      "started",
      "wall s",
      "failure",
    ],
    rows: results.map((r) => {
      const m = r.manifest;
      return row(
        r.runId,
        r.benchmark,
        r.variant,
        r.lambda,
        r.seed,
        m.backend,
        m.adapter ?? "–",
        `${m.commit.slice(0, 12)}${m.dirty ? " (dirty)" : ""}`,
        m.deno,
        m.tfjs,
        m.os,
        m.cpus,
        m.startedAt,
        m.wallSeconds,
        r.failure ? cell(r.failure, "fail") : "",
      );
    }),
  };
}

/** The index page. */
export function indexPage(loaded: LoadedResults): PageContent {
  const failed = loaded.results.filter((r) => r.failure).length;
  return {
    file: "index.html",
    template: "index",
    title: "explore-bench report",
    charts: false,
    context: {
      headline: headlineSections(loaded.results),
      count: loaded.results.length,
      failed,
      sets: loaded.sets.map((s) => ({ count: s.results.length })),
      unreadable: {
        id: "unreadable",
        columns: ["file", "reason"],
        rows: loaded.unreadable.map((u) => row(u.path, u.reason)),
      },
      summary: summaryTables(loaded.results),
      glossary: glossaryTable(summaryRows(loaded.results)),
      hillFidelity: hillFidelity(finestLandscape(landscapeViews(loaded.results))),
      minigridFidelity: minigridFidelity(loaded.results),
      manifests: manifestTable(loaded.results),
    },
  };
}
