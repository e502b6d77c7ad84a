/**
 * The speed page: `perf/*` throughputs by case and backend, and their history over result sets
 * given in time order (`--results OLD --results NEW`).
 *
 * @module
 */

import type { ResultFile } from "../results/mod.ts";
import { PerfArtifactsSchema } from "./artifacts.ts";
import { barChart, categoryLineChart, type ChartFigure } from "./chart.ts";
import { slug } from "./format.ts";
import { cmp, distinct } from "./groups.ts";
import type { LoadedResults, ResultSet } from "./load.ts";
import type { PageContent } from "./page.ts";
import { cell, row } from "./table.ts";

/** Successful perf results. */
function perfResults(results: readonly ResultFile[]): ResultFile[] {
  return results.filter((r) => r.benchmark.startsWith("perf/") && !r.failure);
}

/**
 * The series a result belongs to: its backend (and adapter), plus its run id when another result
 * of the same benchmark ran on the same backend with a different config.
 */
function seriesKeys(results: ResultFile[]): Map<ResultFile, string> {
  const backend = (r: ResultFile): string =>
    r.manifest.adapter ? `${r.manifest.backend} (${r.manifest.adapter})` : r.manifest.backend;
  const count = new Map<string, number>();
  for (const r of results) count.set(backend(r), (count.get(backend(r)) ?? 0) + 1);
  return new Map(results.map((r) => [
    r,
    count.get(backend(r))! > 1 ? `${backend(r)} run ${r.runId}` : backend(r),
  ]));
}

/** The bar chart of one perf benchmark's latest figures. */
function currentChart(benchmark: string, results: ResultFile[]): ChartFigure {
  const keys = seriesKeys(results);
  const cases = distinct(results.flatMap((r) => Object.keys(r.metrics)));
  const unit = PerfArtifactsSchema.parse(results[0].artifacts).unit;
  return barChart({
    id: slug("speed", benchmark),
    title: `${benchmark}: ${unit} by case and backend (median of repeats)`,
    xLabel: "case",
    yLabel: unit,
    categories: cases,
    series: results.map((r) => ({
      label: keys.get(r)!,
      values: cases.map((c) => r.metrics[c] ?? null),
    })),
    table: {
      id: `${slug("speed", benchmark)}-numbers`,
      columns: [
        "case",
        "backend",
        "median",
        "slowest repeat",
        "fastest repeat",
        "repeats",
        "unit",
        "cpus",
        "commit",
      ],
      rows: cases.flatMap((c) =>
        results.filter((r) => c in r.metrics).map((r) => {
          const a = PerfArtifactsSchema.parse(r.artifacts);
          const reps = a.repeats[c] ?? [];
          return row(
            c,
            keys.get(r)!,
            r.metrics[c],
            reps.length ? Math.min(...reps) : undefined,
            reps.length ? Math.max(...reps) : undefined,
            reps.length,
            a.unit,
            r.manifest.cpus,
            `${r.manifest.commit.slice(0, 7)}${r.manifest.dirty ? " (dirty)" : ""}`,
          );
        })
      ),
    },
  });
}

/** A result set's label: its position and the commit most of its perf results ran at. */
function setLabel(set: ResultSet, i: number): string {
  const commits = perfResults(set.results).map((r) =>
    `${r.manifest.commit.slice(0, 7)}${r.manifest.dirty ? "*" : ""}`
  );
  const tally = new Map<string, number>();
  for (const c of commits) tally.set(c, (tally.get(c) ?? 0) + 1);
  const top = [...tally].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]?.[0];
  return top ? `#${i + 1} ${top}` : `#${i + 1}`;
}

/** The history of one perf benchmark over the result sets: one line per case and backend. */
function historyChart(
  benchmark: string,
  history: { set: ResultSet; label: string }[],
): ChartFigure {
  const sets = history.map((h) => h.set), labels = history.map((h) => h.label);
  const perSet = sets.map((s) => {
    const rs = perfResults(s.results).filter((r) => r.benchmark === benchmark);
    const keys = seriesKeys(rs);
    const values = new Map<string, number>();
    for (const r of rs) {
      for (const [c, v] of Object.entries(r.metrics)) values.set(`${c} · ${keys.get(r)}`, v);
    }
    return values;
  });
  const series = distinct(perSet.flatMap((m) => [...m.keys()]));
  const units = distinct(
    sets.flatMap((s) =>
      perfResults(s.results).filter((r) => r.benchmark === benchmark).map((r) =>
        PerfArtifactsSchema.parse(r.artifacts).unit
      )
    ),
  );
  const id = slug("speed-history", benchmark);
  return categoryLineChart({
    id,
    title: `${benchmark}: history over ${sets.length} result sets`,
    xLabel: "result set (in the order given)",
    yLabel: `${units.join(", ")} (log scale)`,
    categories: labels,
    series: series.map((s) => ({ label: s, values: perSet.map((m) => m.get(s) ?? null) })),
    logY: true,
    table: {
      id: `${id}-numbers`,
      caption: "Median throughput per result set; – where the set has no such case.",
      columns: ["case · backend", ...labels],
      rows: series.map((s) => [cell(s), ...perSet.map((m) => cell(m.get(s)))]),
    },
  });
}

/** The speed page. */
export function speedPage(loaded: LoadedResults): PageContent {
  const current = perfResults(loaded.results);
  const benchmarks = distinct(current.map((r) => r.benchmark));
  const labelled = loaded.sets.map((set, i) => ({ set, label: setLabel(set, i) }));
  const sections = benchmarks.map((b) => {
    const inHistory = labelled.filter((h) =>
      perfResults(h.set.results).some((r) => r.benchmark === b)
    );
    return {
      benchmark: b,
      current: currentChart(b, current.filter((r) => r.benchmark === b)),
      history: inHistory.length > 1 ? historyChart(b, inHistory) : undefined,
    };
  });
  return {
    file: "speed.html",
    template: "speed",
    title: "Speed",
    charts: sections.length > 0,
    context: {
      sections,
      sets: labelled.map((h) => ({ label: h.label, count: perfResults(h.set.results).length })),
    },
  };
}
