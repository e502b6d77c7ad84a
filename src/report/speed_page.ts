/**
 * The speed page: `perf/*` throughputs by case and backend, raw and divided by each run's
 * calibration index, and their history over result sets given in time order
 * (`--results OLD --results NEW`), with the newest set judged by compare's speed rule against
 * the window of sets before it.
 *
 * @module
 */

import { calibrationIndex, comparableSpeeds, type ResultFile } from "../results/mod.ts";
import { quantile, SPEED_RULE, speedVerdict } from "../stats/mod.ts";
import { PerfArtifactsSchema } from "./artifacts.ts";
import { barChart, categoryLineChart, type ChartFigure } from "./chart.ts";
import { slug } from "./format.ts";
import { cmp, distinct } from "./groups.ts";
import type { LoadedResults, ResultSet } from "./load.ts";
import type { PageContent } from "./page.ts";
import { cell, type DataTable, row } from "./table.ts";

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
      caption: "Raw: the median throughput. Normalised: divided by the run's calibration index " +
        "(×1e9, the P90 of √(JS-loop/s · wasm-flop/s) over the run's calibration samples), the " +
        "figure compare judges; – for results recorded before calibration.",
      columns: [
        "case",
        "backend",
        "median",
        "normalised ×1e9",
        "calibration index",
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
          const index = calibrationIndex(r)?.index;
          return row(
            c,
            keys.get(r)!,
            r.metrics[c],
            index === undefined ? undefined : 1e9 * r.metrics[c] / index,
            index,
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

/**
 * A result set's label: its position, the commit most of its perf results ran at and the day
 * its first perf run started.
 */
function setLabel(set: ResultSet, i: number): string {
  const commits = perfResults(set.results).map((r) =>
    `${r.manifest.commit.slice(0, 7)}${r.manifest.dirty ? "*" : ""}`
  );
  const tally = new Map<string, number>();
  for (const c of commits) tally.set(c, (tally.get(c) ?? 0) + 1);
  const top = [...tally].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]?.[0];
  const day = perfResults(set.results).map((r) => r.manifest.startedAt.slice(0, 10)).sort()[0];
  return [`#${i + 1}`, top, day].filter(Boolean).join(" ");
}

/** One perf benchmark's results per set, by series (case · backend). */
function seriesPerSet(benchmark: string, sets: ResultSet[]): Map<string, ResultFile>[] {
  return sets.map((s) => {
    const rs = perfResults(s.results).filter((r) => r.benchmark === benchmark);
    const keys = seriesKeys(rs);
    const bySeries = new Map<string, ResultFile>();
    for (const r of rs) {
      for (const c of Object.keys(r.metrics)) bySeries.set(`${c} · ${keys.get(r)}`, r);
    }
    return bySeries;
  });
}

/** The case name of a series key. */
const caseOf = (series: string): string => series.slice(0, series.lastIndexOf(" · "));

/** P75/P25 of a run's repeats of a case, as ± % around the median. */
function repeatSpread(r: ResultFile, name: string): string {
  const reps = PerfArtifactsSchema.parse(r.artifacts).repeats[name] ?? [];
  if (reps.length < 2) return "n = 1";
  const q1 = quantile(reps, 0.25), q3 = quantile(reps, 0.75), m = quantile(reps, 0.5);
  return `−${(100 * (m - q1) / m).toFixed(1)}% / +${(100 * (q3 - m) / m).toFixed(1)}%`;
}

/**
 * The newest set of each series judged as `deno task compare` would: its repeats against those
 * of the up to 4 sets before it, normalised by calibration when all have one.
 */
function regressionCheck(
  benchmark: string,
  perSet: Map<string, ResultFile>[],
  labels: string[],
): { table: DataTable; slower: Set<string> } {
  const last = perSet.length - 1;
  const slower = new Set<string>();
  const rows = [...perSet[last].entries()].map(([series, r]) => {
    const name = caseOf(series);
    const window = perSet.slice(0, last).slice(-SPEED_RULE.window).map((m) => m.get(series))
      .filter((x): x is ResultFile => x !== undefined);
    if (window.length === 0) return row(series, "no earlier set", "–", repeatSpread(r, name));
    const s = comparableSpeeds(window, [r], name);
    const v = speedVerdict(s.baseline, s.candidate, SPEED_RULE);
    if (v.verdict === "slower") slower.add(series);
    const change = `${v.ratio >= 1 ? "+" : "−"}${Math.abs(100 * (v.ratio - 1)).toFixed(1)}%`;
    return row(
      series,
      cell(
        v.verdict === "slower" ? "SLOWER (regression)" : v.verdict,
        v.verdict === "slower" ? "fail" : undefined,
      ),
      `${change}${s.normalised ? "" : " (raw)"}`,
      repeatSpread(r, name),
      `×${v.threshold.toFixed(3)}`,
      v.p ?? undefined,
      `${s.baseline.length} repeats of ${window.length} set${window.length > 1 ? "s" : ""}`,
    );
  });
  return {
    slower,
    table: {
      id: `${slug("speed-check", benchmark)}`,
      caption: `The newest set (${labels[last]}) judged by compare's speed rule against the up ` +
        `to ${SPEED_RULE.window} sets before it: slower is a regression when the exact ` +
        `Mann–Whitney test gives p < ${SPEED_RULE.alpha} and the median falls by more than the ` +
        `threshold (×${SPEED_RULE.threshold}, or the window's P75/P25 spread if larger); ` +
        `inconclusive when the repeats are too few for p to go below α.`,
      columns: [
        "case · backend",
        "verdict",
        "change of the median",
        "spread of its repeats (P25 / P75)",
        "threshold",
        "p",
        "window",
      ],
      rows,
    },
  };
}

/** The history of one perf benchmark over the result sets: one line per case and backend. */
function historyChart(
  benchmark: string,
  history: { set: ResultSet; label: string }[],
): { chart: ChartFigure; check: DataTable } {
  const sets = history.map((h) => h.set), labels = history.map((h) => h.label);
  const perSet = seriesPerSet(benchmark, sets);
  const values = perSet.map((m) =>
    new Map([...m].map(([series, r]) => [series, r.metrics[caseOf(series)]]))
  );
  const check = regressionCheck(benchmark, perSet, labels);
  const series = distinct(values.flatMap((m) => [...m.keys()]));
  const units = distinct(
    sets.flatMap((s) =>
      perfResults(s.results).filter((r) => r.benchmark === benchmark).map((r) =>
        PerfArtifactsSchema.parse(r.artifacts).unit
      )
    ),
  );
  const id = slug("speed-history", benchmark);
  const shown = (s: string): string => (check.slower.has(s) ? `⚠ SLOWER ${s}` : s);
  const chart = categoryLineChart({
    id,
    title: `${benchmark}: history over ${sets.length} result sets` +
      (check.slower.size ? ` (${check.slower.size} regressed in the newest)` : ""),
    xLabel: "result set: number, commit, date (in the order given)",
    yLabel: `${units.join(", ")} (log scale)`,
    categories: labels,
    series: series.map((s) => ({ label: shown(s), values: values.map((m) => m.get(s) ?? null) })),
    logY: true,
    table: {
      id: `${id}-numbers`,
      caption: "Median throughput per result set; – where the set has no such case.",
      columns: ["case · backend", ...labels],
      rows: series.map((s) => [cell(shown(s)), ...values.map((m) => cell(m.get(s)))]),
    },
  });
  return { chart, check: check.table };
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
      ...(inHistory.length > 1 ? historyChart(b, inHistory) : {}),
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
