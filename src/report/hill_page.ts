/**
 * The hill page: heatmaps of every objective panel with its local maxima, improvement-probability
 * maps, gradient-ascent trajectories over the J landscape and P(crossed) per variant and λ.
 *
 * @module
 */

import type { ResultFile } from "../results/mod.ts";
import { HILL_PANELS, panelsFor, panelTitle, panelValues } from "../exploration/variants/hill.ts";
import { localMaxima, wilsonInterval } from "../stats/mod.ts";
import {
  GradientArtifactsSchema,
  GradientConfigSchema,
  ImprovementArtifactsSchema,
  taskOf,
} from "./artifacts.ts";
import { intervalChart } from "./chart.ts";
import { formatFixed, formatNumber, slug } from "./format.ts";
import { heatmapSvg, type MapFigure, type MapMarker, type MapPath } from "./heatmap.ts";
import {
  finestLandscape,
  type LandscapeView,
  landscapeViews,
  pointLabel,
} from "./landscape_view.ts";
import { cmp, configLabel, groupRuns } from "./groups.ts";
import { iqmInterval } from "./bootstrap.ts";
import type { PageContent } from "./page.ts";
import { cell, type DataTable, gridTable, row } from "./table.ts";

/** A map of a σ-major grid over (K, σ). */
async function kSigmaMap(
  opts: {
    id: string;
    title: string;
    K: number[];
    sigma: number[];
    values?: number[][];
    range?: [number, number];
    palette?: "sequential" | "diverging";
    caption?: string;
    markers?: MapMarker[];
    paths?: MapPath[];
    table?: DataTable;
  },
): Promise<MapFigure> {
  const svg = await heatmapSvg({
    id: opts.id,
    title: opts.title,
    x: opts.K,
    y: opts.sigma,
    values: opts.values,
    range: opts.range,
    markers: opts.markers,
    paths: opts.paths,
    xLabel: "K",
    yLabel: "σ",
    palette: opts.palette ?? "sequential",
  });
  const table = opts.table ??
    gridTable({
      id: `${opts.id}-numbers`,
      x: opts.K,
      y: opts.sigma,
      values: opts.values ?? [],
      xLabel: "K",
      yLabel: "σ",
    });
  return { id: opts.id, title: opts.title, svg, caption: opts.caption, table };
}

/** One landscape's panel maps and maxima table. */
async function landscapeSection(view: LandscapeView): Promise<Record<string, unknown>> {
  const r = view.result;
  const base = slug("landscape", r.runId);
  const maxRows: DataTable["rows"] = [];
  const maps: MapFigure[] = [];
  for (const panel of panelsFor(view.columns)) {
    const values = panelValues(view.columns, panel.weights);
    const maxima = localMaxima(values);
    const at = (m: { iK: number; iSigma: number }): string =>
      pointLabel(view.K[m.iK], view.sigma[m.iSigma]);
    maxRows.push(row(
      panel.id,
      `${formatNumber(maxima[0].value)} at ${at(maxima[0])}`,
      maxima.slice(1).map((m) => `${formatNumber(m.value)} at ${at(m)}`).join("; ") || "none",
    ));
    maps.push(
      await kSigmaMap({
        id: slug(base, panel.id),
        title: panelTitle(panel),
        K: view.K,
        sigma: view.sigma,
        values,
        markers: maxima.map((m, i) => ({
          x: view.K[m.iK],
          y: view.sigma[m.iSigma],
          kind: i === 0 ? "global" : "local",
          label: `${i === 0 ? "global" : "local"} maximum ${formatNumber(m.value)} at ${at(m)}`,
        })),
        caption: `${maxima.length} maxim${maxima.length === 1 ? "um" : "a"}: ${
          maxima.map((m) => `${formatNumber(m.value)} at ${at(m)}`).join(", ")
        }`,
      }),
    );
  }
  return {
    heading: `hill/landscape seed ${r.seed}: ${view.K.length}×${view.sigma.length} grid, ` +
      `${view.rollouts} rollouts per point (run ${r.runId})`,
    maps,
    maxima: {
      id: `${base}-maxima`,
      caption: "Local maxima by topographic prominence (≥ max(1, 1 % of the range)); filled " +
        "white circle: global maximum, open circle: other local maxima.",
      columns: ["panel", "global maximum", "other local maxima"],
      rows: maxRows,
    },
  };
}

/** Panels of an improvement result: HILL_PANELS order first, then any others by id. */
function improvementPanelIds(ids: string[]): string[] {
  const known = HILL_PANELS.map((p) => p.id).filter((id) => ids.includes(id));
  return [...known, ...ids.filter((id) => !known.includes(id)).sort(cmp)];
}

/** One improvement result's P(ΔJ>0) and P(ΔL>0) maps. */
async function improvementSection(r: ResultFile): Promise<Record<string, unknown>> {
  const a = ImprovementArtifactsSchema.parse(r.artifacts);
  const base = slug("improvement", r.runId);
  const maps: MapFigure[] = [];
  const rows: DataTable["rows"] = [];
  const gridMean = (g: number[][]): number =>
    g.flat().reduce((s, v) => s + v, 0) / (g.length * g[0].length);
  for (const id of improvementPanelIds(Object.keys(a.improvement))) {
    const p = a.improvement[id];
    for (const [key, label] of [["pJ", "P(ΔJ>0)"], ["pL", "P(ΔL>0)"]] as const) {
      maps.push(
        await kSigmaMap({
          id: slug(base, id, key),
          title: `${id}: ${label}`,
          K: a.K,
          sigma: a.sigma,
          values: p[key],
          range: [0, 1],
          palette: "diverging",
        }),
      );
    }
    rows.push(row(id, gridMean(p.pJ), gridMean(p.pL)));
  }
  const params = (r.config.params ?? {}) as Record<string, unknown>;
  return {
    heading: `hill/improvement seed ${r.seed}: ${a.K.length}×${a.sigma.length} grid, ` +
      `groups of ${params.groupSize ?? "?"}, ${params.lookup ?? "?"} lookup (run ${r.runId})`,
    maps,
    means: {
      id: `${base}-means`,
      caption: "Mean over the grid of the probability that one REINFORCE step improves J and L.",
      columns: ["panel", "mean P(ΔJ>0)", "mean P(ΔL>0)"],
      rows,
    },
  };
}

/** P(crossed) table and chart, and trajectory maps, of one gradient benchmark. */
async function gradientSection(
  benchmark: string,
  results: ResultFile[],
  landscape: LandscapeView | undefined,
): Promise<Record<string, unknown>> {
  const base = slug(benchmark);
  const settings = groupRuns(results);
  const stats = settings.map((s) => {
    const arts = s.runs.map((r) => GradientArtifactsSchema.parse(r.artifacts));
    const crossed = arts.flatMap((a) => a.crossed);
    const finalJ = arts.flatMap((a) => a.finalJ);
    const k = crossed.reduce<number>((n, c) => n + c, 0);
    return {
      s,
      arts,
      n: crossed.length,
      k,
      wilson: crossed.length ? wilsonInterval(k, crossed.length) : undefined,
      finalJ: finalJ.length
        ? iqmInterval(finalJ, `${benchmark}/${s.variant}/${s.lambda}/final_J`)
        : undefined,
    };
  });
  const table: DataTable = {
    id: `${base}-crossed`,
    caption: "P(crossed): share of runs whose final θ ends most evaluation rollouts right of the " +
      "hill top, pooled over seeds, with a Wilson 95 % interval; final J: IQM over runs with a " +
      "95 % percentile bootstrap CI.",
    columns: [
      "variant",
      "λ",
      "P(crossed)",
      "Wilson 95 %",
      "n runs",
      "seeds",
      "failed runs",
      "final J IQM [95 % CI]",
    ],
    rows: stats.map((t) =>
      row(
        t.s.variant,
        t.s.lambda,
        t.wilson ? cell(formatFixed(t.wilson.estimate, 3), "num") : undefined,
        cell(
          t.wilson ? `[${formatFixed(t.wilson.lower, 3)}, ${formatFixed(t.wilson.upper, 3)}]` : "–",
          "num",
        ),
        t.n,
        t.s.runs.length,
        t.s.failed,
        cell(
          t.finalJ
            ? `${formatNumber(t.finalJ.estimate)} [${formatNumber(t.finalJ.lower)}, ${
              formatNumber(t.finalJ.upper)
            }]`
            : "–",
          "num",
        ),
      )
    ),
  };
  const chart = {
    ...intervalChart({
      id: `${base}-crossed-chart`,
      title: `${benchmark}: P(crossed) per variant and λ (Wilson 95 %)`,
      xLabel: "variant, λ",
      yLabel: "P(crossed)",
      categories: stats.map((t) => configLabel(t.s.variant, t.s.lambda)),
      series: [{
        label: "P(crossed)",
        estimate: stats.map((t) => t.wilson?.estimate ?? null),
        lower: stats.map((t) => t.wilson?.lower ?? null),
        upper: stats.map((t) => t.wilson?.upper ?? null),
      }],
      table,
      yRange: [0, 1],
    }),
    tableVisible: true,
  };
  const maps: MapFigure[] = [];
  for (const t of stats) {
    if (!t.s.runs.length) continue;
    const paths: MapPath[] = [];
    const trajRows: DataTable["rows"] = [];
    t.arts.forEach((a, i) => {
      const seed = t.s.runs[i].seed;
      for (const tr of a.trajectories) {
        const crossed = a.crossed[tr.run] === 1;
        const label = `seed ${seed} run ${tr.run}: ${crossed ? "crossed" : "stayed"}`;
        paths.push({ x: tr.K, y: tr.sigma, label, accent: crossed });
        trajRows.push(row(
          seed,
          tr.run,
          crossed ? "crossed" : "stayed",
          pointLabel(tr.K[0], tr.sigma[0]),
          pointLabel(tr.K.at(-1)!, tr.sigma.at(-1)!),
          tr.K.length,
        ));
      }
    });
    const { params } = GradientConfigSchema.parse(t.s.runs[0].config);
    const id = slug(base, t.s.variant, t.s.lambda, "trajectories");
    maps.push(
      await kSigmaMap({
        id,
        title: `${configLabel(t.s.variant, t.s.lambda)}: ${paths.length} trajectories`,
        caption: `${paths.filter((p) => p.accent).length} of ${paths.length} shown crossed.`,
        K: landscape?.K ?? [params.kMin, params.kMax],
        sigma: landscape?.sigma ?? [0, params.sigmaMax],
        values: landscape?.columns.J,
        paths,
        table: {
          id: `${id}-numbers`,
          columns: ["seed", "run", "outcome", "start", "end", "points stored"],
          rows: trajRows,
        },
      }),
    );
  }
  const first = results.find((r) => !r.failure);
  const p = first && GradientConfigSchema.parse(first.config).params;
  const start = !p
    ? ""
    : p.start === "fixed"
    ? `Every run starts at (K, σ) = (${p.startK ?? "?"}, ${p.startSigma ?? "?"})`
    : "Starts drawn uniformly over the (K, σ) domain";
  const under = landscape
    ? `Trajectories are drawn over J of landscape run ${landscape.result.runId}`
    : "No hill/landscape result to draw under the trajectories";
  return {
    benchmark,
    chart,
    maps,
    start,
    legend: `${under}; red: the run crossed, black: it stayed; dot: start, square: end.`,
  };
}

/** The hill page. */
export async function hillPage(results: readonly ResultFile[]): Promise<PageContent> {
  const views = landscapeViews(results);
  const landscape = finestLandscape(views);
  const landscapes = [];
  for (const v of views) landscapes.push(await landscapeSection(v));
  const improvements = [];
  for (const r of results.filter((r) => taskOf(r) === "hill/improvement" && !r.failure)) {
    improvements.push(await improvementSection(r));
  }
  const byBenchmark = new Map<string, ResultFile[]>();
  for (const r of results.filter((r) => taskOf(r) === "hill/gradient")) {
    byBenchmark.set(r.benchmark, [...(byBenchmark.get(r.benchmark) ?? []), r]);
  }
  const gradients = [];
  for (const [benchmark, rs] of byBenchmark) {
    gradients.push(await gradientSection(benchmark, rs, landscape));
  }
  return {
    file: "hill.html",
    template: "hill",
    title: "Hill: landscapes, improvement and gradient ascent",
    charts: gradients.length > 0,
    context: { landscapes, improvements, gradients },
  };
}
