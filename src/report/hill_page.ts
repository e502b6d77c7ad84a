/**
 * The hill page: heatmaps of every objective panel with its local maxima, improvement-probability
 * maps, gradient-ascent trajectories over the J landscape and P(crossed) per variant and λ.
 *
 * @module
 */

import { max, sampleCorrelation } from "simple-statistics";
import type { ResultFile } from "../results/mod.ts";
import {
  HILL_PANELS,
  panelsFor,
  panelTitle,
  panelValues,
  rowTitle,
} from "../exploration/variants/hill.ts";
import { localMaxima, mean, newcombeInterval, quantile, wilsonInterval } from "../stats/mod.ts";
import {
  FutureKlCheckArtifactsSchema,
  GradientArtifactsSchema,
  GradientConfigSchema,
  ImprovementArtifactsSchema,
  taskOf,
} from "./artifacts.ts";
import { intervalChart, scatterChart } from "./chart.ts";
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
import { verdict } from "./headline.ts";
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
    clipNote?: string[];
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
    clipNote: opts.clipNote,
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

/**
 * The quantile the landscape colour scales start at: the σ = 0 row of entropy panels is far
 * below the rest (log σ → −∞) and would flatten every other colour.
 */
const CLIP_QUANTILE = 0.05;

/** Colour range of some grids: [CLIP_QUANTILE quantile, max] of their values. */
function clippedRange(grids: number[][][]): [number, number] {
  const xs = grids.flatMap((g) => g.flat());
  // Not Math.max(...xs): a 200×200 row of five panels is more arguments than the stack holds.
  return [quantile(xs, CLIP_QUANTILE), max(xs)];
}

/** The colour bar's note of a clipped range. */
const CLIP_NOTE = ["clipped at the", `${100 * CLIP_QUANTILE} % quantile`];

/**
 * One landscape's panel maps, one row per variant and one column per λ as in the deck, each
 * with its own colour scale and, for rows of several λ, again with one scale shared by the row;
 * and the maxima table.
 */
async function landscapeSection(view: LandscapeView): Promise<Record<string, unknown>> {
  const r = view.result;
  const base = slug("landscape", r.runId);
  const maxRows: DataTable["rows"] = [];
  const shown = panelsFor(view.columns);
  const variants = [...new Set(shown.map((p) => p.variant))];
  const rows = [];
  for (const variant of variants) {
    const panels = shown.filter((p) => p.variant === variant).map((panel) => {
      const values = panelValues(view.columns, panel.weights);
      return { panel, values, maxima: localMaxima(values) };
    });
    const at = (m: { iK: number; iSigma: number }): string =>
      pointLabel(view.K[m.iK], view.sigma[m.iSigma]);
    const shared = clippedRange(panels.map((p) => p.values));
    const own: MapFigure[] = [], rowScale: MapFigure[] = [];
    for (const { panel, values, maxima } of panels) {
      maxRows.push(row(
        panel.id,
        `${formatNumber(maxima[0].value)} at ${at(maxima[0])}`,
        maxima.slice(1).map((m) => `${formatNumber(m.value)} at ${at(m)}`).join("; ") || "none",
      ));
      const figure = (id: string, range: [number, number]): Promise<MapFigure> =>
        kSigmaMap({
          id,
          title: panelTitle(panel),
          K: view.K,
          sigma: view.sigma,
          values,
          range,
          clipNote: CLIP_NOTE,
          markers: maxima.map((m, i) => ({
            x: view.K[m.iK],
            y: view.sigma[m.iSigma],
            kind: i === 0 ? "global" : "local",
            label: `${i === 0 ? "global" : "local"} maximum ${formatNumber(m.value)} at ${at(m)}`,
          })),
          caption: `${maxima.length} maxim${maxima.length === 1 ? "um" : "a"}: ${
            maxima.map((m) => `${formatNumber(m.value)} at ${at(m)}`).join(", ")
          }`,
        });
      own.push(await figure(slug(base, panel.id), clippedRange([values])));
      if (panels.length > 1) rowScale.push(await figure(slug(base, panel.id, "row"), shared));
    }
    rows.push({ title: rowTitle(variant), own, shared: rowScale });
  }
  return {
    id: base,
    heading: `hill/landscape seed ${r.seed}: ${view.K.length}×${view.sigma.length} grid, ` +
      `${view.rollouts} rollouts per point (run ${r.runId})`,
    rows,
    maxima: {
      id: `${base}-maxima`,
      caption: "Local maxima by topographic prominence (≥ max(1, 1 % of the range)); filled " +
        "white circle: global maximum, open circle: other local maxima.",
      columns: ["panel", "global maximum", "other local maxima"],
      rows: maxRows,
    },
  };
}

/** The bonus-free panel every bonus is compared with. */
const NONE_PANEL = "none/0";

/** Panels of an improvement result: HILL_PANELS order first, then any others by id. */
function improvementPanelIds(ids: string[]): string[] {
  const known = HILL_PANELS.map((p) => p.id).filter((id) => ids.includes(id));
  return [...known, ...ids.filter((id) => !known.includes(id)).sort(cmp)];
}

/** Share of grid points where `a` exceeds `b` (same shape). */
function shareAbove(a: number[][], b: number[][]): number {
  const xs = a.flat(), ys = b.flat();
  return xs.filter((x, i) => x > ys[i]).length / xs.length;
}

/** `a − b` cell by cell. */
function gridDiff(a: number[][], b: number[][]): number[][] {
  return a.map((r, i) => r.map((v, j) => v - b[i][j]));
}

/** `72.8 %`. */
function percent(x: number): string {
  return `${formatFixed(100 * x, 1)} %`;
}

/**
 * One improvement result's P(ΔJ>0) and P(ΔL>0) maps, and per bonus panel the same minus none's
 * P(ΔJ>0) (none's L is J), with the share of grid points where the bonus beats none.
 */
async function improvementSection(r: ResultFile): Promise<Record<string, unknown>> {
  const a = ImprovementArtifactsSchema.parse(r.artifacts);
  const base = slug("improvement", r.runId);
  const none = a.improvement[NONE_PANEL]?.pJ;
  const panels: { id: string; maps: MapFigure[] }[] = [];
  const rows: DataTable["rows"] = [];
  const gridMean = (g: number[][]): number =>
    g.flat().reduce((s, v) => s + v, 0) / (g.length * g[0].length);
  const map = (
    id: string,
    title: string,
    values: number[][],
    range: [number, number],
  ): Promise<MapFigure> =>
    kSigmaMap({ id, title, K: a.K, sigma: a.sigma, values, range, palette: "diverging" });
  const ids = improvementPanelIds(Object.keys(a.improvement));
  // One symmetric range for every difference map of the result, so that they compare.
  const spread = max([
    ...ids.filter((id) => none && id !== NONE_PANEL).flatMap((id) =>
      [a.improvement[id].pJ, a.improvement[id].pL].flatMap((g) =>
        gridDiff(g, none!).flat().map(Math.abs)
      )
    ),
    1e-9,
  ]);
  for (const id of ids) {
    const p = a.improvement[id];
    const maps: MapFigure[] = [];
    for (const [key, label] of [["pJ", "P(ΔJ>0)"], ["pL", "P(ΔL>0)"]] as const) {
      if (key === "pL" && id === NONE_PANEL) continue;
      maps.push(await map(slug(base, id, key), `${id}: ${label}`, p[key], [0, 1]));
    }
    const compared = none && id !== NONE_PANEL;
    if (compared) {
      for (const [key, label] of [["pJ", "P(ΔJ>0)"], ["pL", "P(ΔL>0)"]] as const) {
        maps.push(
          await map(
            slug(base, id, key, "minus-none"),
            `${id}: ${label} − none's P(ΔJ>0)`,
            gridDiff(p[key], none),
            [-spread, spread],
          ),
        );
      }
    }
    panels.push({ id, maps });
    rows.push(row(
      id,
      gridMean(p.pJ),
      gridMean(p.pL),
      cell(compared ? percent(shareAbove(p.pJ, none)) : "–", "num"),
      cell(compared ? percent(shareAbove(p.pL, none)) : "–", "num"),
      cell(compared ? percent(shareAbove(none, p.pJ)) : "–", "num"),
    ));
  }
  const params = (r.config.params ?? {}) as Record<string, unknown>;
  return {
    heading: `hill/improvement seed ${r.seed}: ${a.K.length}×${a.sigma.length} grid, ` +
      `groups of ${params.groupSize ?? "?"}, ${params.lookup ?? "?"} lookup (run ${r.runId})`,
    panels,
    means: {
      id: `${base}-means`,
      caption: "Mean over the grid of the probability that one REINFORCE step improves J and L, " +
        "and the share of grid points where the bonus panel's probability exceeds none's " +
        "P(ΔJ>0) (for none, L = J).",
      columns: [
        "panel",
        "mean P(ΔJ>0)",
        "mean P(ΔL>0)",
        "points where P(ΔJ>0) > none's",
        "points where P(ΔL>0) > none's P(ΔJ>0)",
        "points where P(ΔJ>0) < none's",
      ],
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
  const none = stats.find((t) => t.s.variant === "none" && t.n > 0);
  const diffs = stats.map((t) =>
    none && t !== none && t.n > 0
      ? newcombeInterval({ successes: t.k, trials: t.n }, { successes: none.k, trials: none.n })
      : undefined
  );
  const table: DataTable = {
    id: `${base}-crossed`,
    caption: "P(crossed): share of runs whose final θ ends most evaluation rollouts right of the " +
      "hill top, pooled over seeds, with a Wilson 95 % interval; difference: P(crossed) − " +
      "P(crossed) of none, Newcombe's hybrid score 95 % interval, 'better' / 'worse' when it " +
      "excludes 0; final J: IQM over runs with a 95 % percentile bootstrap CI.",
    columns: [
      "variant",
      "λ",
      "P(crossed)",
      "Wilson 95 %",
      "difference to none [95 %]",
      "vs none",
      "n runs",
      "seeds",
      "failed runs",
      "final J IQM [95 % CI]",
    ],
    rows: stats.map((t, i) => {
      const d = diffs[i];
      const v = t === none ? "baseline" : d ? verdict(d) : "–";
      return row(
        t.s.variant,
        t.s.lambda,
        t.wilson ? cell(formatFixed(t.wilson.estimate, 3), "num") : undefined,
        cell(
          t.wilson ? `[${formatFixed(t.wilson.lower, 3)}, ${formatFixed(t.wilson.upper, 3)}]` : "–",
          "num",
        ),
        cell(
          d
            ? `${d.estimate >= 0 ? "+" : ""}${formatFixed(d.estimate, 3)} [${
              formatFixed(d.lower, 3)
            }, ${formatFixed(d.upper, 3)}]`
            : "–",
          "num",
        ),
        cell(v, v === "better" ? "pass" : v === "worse" ? "fail" : undefined),
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
      );
    }),
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
      reference: none?.wilson
        ? { label: `none: ${formatFixed(none.wilson.estimate, 3)}`, value: none.wilson.estimate }
        : undefined,
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
    id: base,
    benchmark,
    chart,
    maps,
    start,
    legend: `${under}; red: the run crossed, black: it stayed; dot: start, square: end.`,
  };
}

/**
 * One `hill/future-kl-check` result: the pooled-bin J_fkl the landscapes use against the nested
 * Monte-Carlo estimate at every grid point, as a scatter around y = x and its agreement numbers.
 */
function futureKlSection(r: ResultFile): Record<string, unknown> {
  const a = FutureKlCheckArtifactsSchema.parse(r.artifacts);
  const points = a.sigma.flatMap((sigma, i) =>
    a.K.map((K, j) => ({ K, sigma, pooled: a.pooled[i][j], nested: a.nested[i][j] }))
  );
  const diff = points.map((p) => p.pooled - p.nested);
  const params = (r.config.params ?? {}) as Record<string, unknown>;
  const base = slug("future-kl-check", r.runId);
  const chart = scatterChart({
    id: `${base}-scatter`,
    title: `Pooled-bin vs nested J_fkl at each of the ${points.length} grid points`,
    xLabel: `nested Monte-Carlo J_fkl (M = ${a.M} continuations)`,
    yLabel: "pooled-bin J_fkl (landscapes, gradient runs)",
    label: "grid point (K, σ)",
    x: points.map((p) => p.nested),
    y: points.map((p) => p.pooled),
    table: {
      id: `${base}-points`,
      columns: ["K", "σ", "pooled", "nested", "pooled − nested"],
      rows: points.map((p, i) => row(p.K, p.sigma, p.pooled, p.nested, diff[i])),
    },
  });
  const nested = points.map((p) => p.nested), pooled = points.map((p) => p.pooled);
  return {
    heading: `hill/future-kl-check seed ${r.seed}: ${a.K.length}×${a.sigma.length} grid, ` +
      `${params.rollouts ?? "?"} rollouts per point, M = ${a.M} (run ${r.runId})`,
    chart,
    agreement: {
      id: `${base}-agreement`,
      caption: "Over the grid points: pooled − nested, and the Pearson correlation of the two.",
      columns: ["mean pooled", "mean nested", "mean diff", "mean |diff|", "max |diff|", "corr"],
      rows: [row(
        mean(pooled),
        mean(nested),
        mean(diff),
        mean(diff.map(Math.abs)),
        max(diff.map(Math.abs)),
        sampleCorrelation(pooled, nested),
      )],
    },
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
  const futureKl = results.filter((r) => taskOf(r) === "hill/future-kl-check" && !r.failure)
    .map(futureKlSection);
  return {
    file: "hill.html",
    template: "hill",
    title: "Hill: landscapes, improvement and gradient ascent",
    charts: gradients.length > 0 || futureKl.length > 0,
    context: { landscapes, improvements, gradients, futureKl },
  };
}
