/**
 * The Minigrid page, built generically from what `minigrid/<mode>/<env>` results carry: every
 * curve (`curves[name]`: IQM over seeds with a 95 % bootstrap band, per variant and λ), every
 * final metric (IQM and CI per env; across envs: IQM with stratified bootstrap CI, probability of
 * improvement, performance profiles) and visitation grids (`artifacts.visitation[y][x]`).
 *
 * @module
 */

import { max, min } from "simple-statistics";
import { MINIGRID_ENVS } from "../../benchmarks/reference.ts";
import type { ResultFile } from "../results/mod.ts";
import type { Rng } from "../rng/mod.ts";
import {
  iqm,
  iqmCurveBootstrap,
  movingAverage,
  performanceProfile,
  probabilityOfImprovement,
  stratifiedBootstrapCI,
} from "../stats/mod.ts";
import { MinigridArtifactsSchema } from "./artifacts.ts";
import {
  type ChartFigure,
  intervalChart,
  lineChart,
  type LineSeries,
  seriesColour,
} from "./chart.ts";
import { formatNumber, slug } from "./format.ts";
import { heatmapSvg, type MapFigure } from "./heatmap.ts";
import { compareConfigs, configLabel, distinct } from "./groups.ts";
import { iqmInterval, reportRng } from "./bootstrap.ts";
import { finalValues, type MinigridGroup, minigridGroups } from "./minigrid_data.ts";
import { isShownMetric } from "./metrics.ts";
import type { PageContent } from "./page.ts";
import { cell, type DataTable, gridTable, row } from "./table.ts";

/** A colour per configuration label, the same on every chart of the page. */
type Colours = Map<string, string>;

/** Points drawn per curve at most (evenly picked), so that long runs keep pages light. */
const MAX_CURVE_POINTS = 200;
/** §5: evaluations kept per run (the first 2000, iterations 0 … 399,800). */
const KEPT_POINTS = 2000;
/** §5: width of the moving average each run's curve is smoothed with. */
const SMOOTH_WINDOW = 5;
/** §5: bootstrap resamples of the curves. */
const CURVE_RESAMPLES = 9999;

/** Indices of at most `max` points spread evenly over `n`, first and last included. */
function spread(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

/**
 * One curve of a group aggregated as minigrid-experiments.md §5 says: each run cut to the points
 * every run has (at most the first 2000), smoothed by a width-5 moving average reflected at the
 * edges, then at each point the IQM across runs, bootstrapped over whole runs (9999 resamples);
 * the line is the mean of the bootstrap IQMs and the band their 95 % percentile interval. x comes
 * from the first run (runs of a group evaluate at the same iterations) and ends at the last
 * evaluation kept.
 */
function curveSeries(
  group: MinigridGroup,
  name: string,
  colours: Colours,
): LineSeries | undefined {
  const curves = group.runs.map((r) => r.curves?.[name]).filter((c) => c !== undefined);
  if (!curves.length) return undefined;
  const n = Math.min(KEPT_POINTS, ...curves.map((c) => c.x.length));
  const idx = spread(n, MAX_CURVE_POINTS);
  const smoothed = curves.map((c) => movingAverage(c.y.slice(0, n), SMOOTH_WINDOW));
  const band = iqmCurveBootstrap(smoothed.map((ys) => idx.map((i) => ys[i])), {
    rng: reportRng(group.benchmark, group.variant, group.lambda, name),
    resamples: CURVE_RESAMPLES,
  });
  const label = configLabel(group.variant, group.lambda);
  return {
    label,
    colour: colours.get(label),
    x: idx.map((i) => curves[0].x[i]),
    y: band.map((b) => b.mean),
    lower: band.map((b) => b.lower),
    upper: band.map((b) => b.upper),
  };
}

/** The numbers of a line chart: one row per x of any series, one column per series. */
function seriesTable(
  id: string,
  opts: { xLabel: string; caption: string },
  series: LineSeries[],
): DataTable {
  const xLabel = opts.xLabel;
  const xs = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
  return {
    id,
    caption: opts.caption,
    columns: [xLabel, ...series.map((s) => s.label)],
    rows: xs.map((x) =>
      row(
        x,
        ...series.map((s) => {
          const i = s.x.indexOf(x);
          return cell(
            i < 0
              ? "–"
              : `${formatNumber(s.y[i])} [${formatNumber(s.lower?.[i])}, ${
                formatNumber(s.upper?.[i])
              }]`,
            "num",
          );
        }),
      )
    ),
  };
}

/** Mean of the groups' visitation grids, each normalised to visit shares first. */
function meanVisitation(group: MinigridGroup): number[][] | undefined {
  const grids = group.runs
    .map((r) => MinigridArtifactsSchema.parse(r.artifacts ?? {}).visitation)
    .filter((g): g is number[][] => g !== undefined && g.length > 0);
  const shaped = grids.filter((g) =>
    g.length === grids[0].length && g.every((r, i) => r.length === grids[0][i].length)
  );
  if (!shaped.length) return undefined;
  return shaped[0].map((r, y) =>
    r.map((_, x) =>
      shaped.reduce((acc, g) => acc + g[y][x] / (g.flat().reduce((a, b) => a + b, 0) || 1), 0) /
      shaped.length
    )
  );
}

/** Curves, final values and visitation maps of one env and mode. */
async function envModeSection(
  env: string,
  mode: string,
  groups: MinigridGroup[],
  colours: Colours,
): Promise<{ curves: ChartFigure[] } & Record<string, unknown>> {
  const base = slug("minigrid", mode, env);
  const curveNames = distinct(
    groups.flatMap((g) => g.runs.flatMap((r) => Object.keys(r.curves ?? {}))),
  );
  const curves: ChartFigure[] = [];
  for (const name of curveNames) {
    const series = groups.map((g) => curveSeries(g, name, colours)).filter((s) => s !== undefined);
    const id = slug(base, "curve", name);
    // Returns lie in [0, 1] (binary reward, discounted); entropies in [0, log|Z|] nats.
    const top = name === "return" ? 1 : name === "entropy" ? logZ(env) : undefined;
    curves.push(lineChart({
      id,
      title: `${env}, ${mode}: ${name}`,
      xLabel: "iteration",
      yLabel: name === "entropy" ? "entropy (nats)" : name,
      series,
      yRange: top === undefined ? undefined : [0, top],
      xRange: [0, Math.max(...series.map((s) => s.x.at(-1)!))],
      table: seriesTable(`${id}-numbers`, {
        xLabel: "iteration",
        caption: "Each run smoothed (moving average of 5 evaluations, reflected at the edges); " +
          "the mean of the bootstrap IQMs across runs [95 % percentile bootstrap over whole " +
          "runs, 9999 resamples] (minigrid-experiments.md §5).",
      }, series),
    }));
  }
  const metrics = shownMetrics(groups);
  const finals: DataTable = {
    id: `${base}-finals`,
    caption: "Final values: IQM over seeds with a 95 % percentile bootstrap CI (9999 resamples).",
    columns: ["variant, λ", "metric", "IQM", "95 % CI", "n", "failed"],
    rows: groups.flatMap((g) =>
      metrics.map((m) => {
        const xs = finalValues(g, m);
        const ci = xs.length
          ? iqmInterval(xs, `${g.benchmark}/${g.variant}/${g.lambda}/${m}`)
          : undefined;
        return row(
          configLabel(g.variant, g.lambda),
          m,
          ci?.estimate,
          cell(ci ? `[${formatNumber(ci.lower)}, ${formatNumber(ci.upper)}]` : "–", "num"),
          xs.length,
          g.failed,
        );
      })
    ),
  };
  const maps: MapFigure[] = [];
  for (const g of groups) {
    const values = meanVisitation(g);
    if (!values) continue;
    const id = slug(base, g.variant, g.lambda, "visitation");
    const x = values[0].map((_, i) => i), y = values.map((_, i) => i);
    const title = `${configLabel(g.variant, g.lambda)}: share of visits`;
    maps.push({
      id,
      title,
      svg: await heatmapSvg({
        id,
        title,
        x,
        y,
        values,
        xLabel: "x",
        yLabel: "y",
        palette: "sequential",
        yDown: true,
      }),
      caption: `Mean over ${g.runs.length} seed(s) of each run's visit shares.`,
      table: gridTable({
        id: `${id}-numbers`,
        x,
        y,
        values,
        xLabel: "x",
        yLabel: "y",
        yDown: true,
      }),
    });
  }
  return { heading: `${env}: ${mode}`, id: base, curves, finals, maps };
}

/** The metrics the groups' runs report, budget counters and interval bounds left out. */
function shownMetrics(groups: MinigridGroup[]): string[] {
  return distinct(groups.flatMap((g) =>
    g.runs.flatMap((r) => {
      const names = Object.keys(r.metrics);
      return names.filter((name) => isShownMetric(g.benchmark, name, names));
    })
  ));
}

/** log|Z| of an env when the reference table knows it. */
function logZ(env: string): number | undefined {
  return MINIGRID_ENVS.find((e) => e.id === env)?.logZ;
}

/**
 * Scores of one metric across envs, per configuration: `scores[config][env]` = final values.
 * Entropies are divided by the env's log|Z| (when known), so envs of different sizes compare.
 */
function scoresByConfig(groups: MinigridGroup[], metric: string): Map<string, number[][]> {
  const out = new Map<string, number[][]>();
  for (const g of groups) {
    const scale = metric.includes("entropy") ? logZ(g.env) ?? 1 : 1;
    const xs = finalValues(g, metric).map((v) => v / scale);
    if (!xs.length) continue;
    const label = configLabel(g.variant, g.lambda);
    out.set(label, [...(out.get(label) ?? []), xs]);
  }
  return out;
}

/** IQM, probability of improvement and performance profiles of one mode and metric. */
function aggregateSection(
  mode: string,
  metric: string,
  groups: MinigridGroup[],
  colours: Colours,
): { heading: string; figures: ChartFigure[] } | undefined {
  const scores = scoresByConfig(groups, metric);
  const order = [...colours.keys()];
  const configs = [...scores.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  if (!configs.length) return undefined;
  const base = slug("aggregate", mode, metric);
  const normalised = metric.includes("entropy") ? " ÷ log|Z|" : "";
  const rng = (...names: (string | number)[]): Rng => reportRng(base, ...names);
  const iqms = configs.map((c) =>
    stratifiedBootstrapCI(scores.get(c)!, (m) => iqm(m.flat()), { rng: rng("iqm", c) })
  );
  const iqmChart = intervalChart({
    id: `${base}-iqm`,
    title: `${mode}: IQM of ${metric}${normalised} across envs and seeds`,
    xLabel: "variant, λ",
    yLabel: `${metric}${normalised}`,
    categories: configs,
    series: [{
      label: "IQM",
      estimate: iqms.map((i) => i.estimate),
      lower: iqms.map((i) => i.lower),
      upper: iqms.map((i) => i.upper),
    }],
    table: {
      id: `${base}-iqm-numbers`,
      caption:
        "IQM of all runs pooled over envs; 95 % stratified bootstrap CI (seeds resampled within each env).",
      columns: ["variant, λ", "envs", "runs", "IQM", "95 % CI"],
      rows: configs.map((c, i) =>
        row(
          c,
          scores.get(c)!.length,
          scores.get(c)!.flat().length,
          iqms[i].estimate,
          cell(`[${formatNumber(iqms[i].lower)}, ${formatNumber(iqms[i].upper)}]`, "num"),
        )
      ),
    },
  });
  const envsOf = new Map(
    configs.map((c) => [
      c,
      groups.filter((g) => configLabel(g.variant, g.lambda) === c && finalValues(g, metric).length)
        .map((g) => g.env),
    ]),
  );
  const pairs = configs.flatMap((a, i) => configs.slice(i + 1).map((b) => [a, b] as const));
  const poi = pairs.map(([a, b]) => {
    const shared = envsOf.get(a)!.filter((e) => envsOf.get(b)!.includes(e));
    // Rows 2e and 2e+1 are a's and b's runs on shared env e; resampling within each row is
    // rliable's stratified bootstrap of the env-averaged P(a > b).
    const rows = shared.flatMap((e) => [
      scores.get(a)![envsOf.get(a)!.indexOf(e)],
      scores.get(b)![envsOf.get(b)!.indexOf(e)],
    ]);
    const statistic = (m: number[][]): number =>
      shared.reduce((s, _, e) => s + probabilityOfImprovement(m[2 * e], m[2 * e + 1]), 0) /
      shared.length;
    return {
      a,
      b,
      envs: shared.length,
      ci: shared.length
        ? stratifiedBootstrapCI(rows, statistic, { rng: rng("poi", a, b) })
        : undefined,
    };
  }).filter((p) => p.ci !== undefined);
  const poiChart = poi.length
    ? intervalChart({
      id: `${base}-poi`,
      title: `${mode}, ${metric}: probability of improvement P(X > Y), averaged over envs`,
      xLabel: "X vs Y",
      yLabel: "P(X > Y)",
      categories: poi.map((p) => `${p.a} vs ${p.b}`),
      series: [{
        label: "P(X > Y)",
        estimate: poi.map((p) => p.ci!.estimate),
        lower: poi.map((p) => p.ci!.lower),
        upper: poi.map((p) => p.ci!.upper),
      }],
      table: {
        id: `${base}-poi-numbers`,
        caption:
          "P(X > Y) per env (ties count ½), averaged over the envs both ran; 95 % stratified bootstrap CI.",
        columns: ["X", "Y", "envs", "P(X > Y)", "95 % CI"],
        rows: poi.map((p) =>
          row(
            p.a,
            p.b,
            p.envs,
            p.ci!.estimate,
            cell(`[${formatNumber(p.ci!.lower)}, ${formatNumber(p.ci!.upper)}]`, "num"),
          )
        ),
      },
      yRange: [0, 1],
    })
    : undefined;
  const all = configs.flatMap((c) => scores.get(c)!.flat());
  const [lo, hi] = normalised ? [0, 1] : [min(all), max(all)];
  const taus = Array.from({ length: 21 }, (_, i) => lo + ((hi - lo) * i) / 20);
  const profiles: LineSeries[] = configs.map((c) => {
    const points = performanceProfile(scores.get(c)!, taus, { rng: rng("profile", c) });
    return {
      label: c,
      colour: colours.get(c),
      x: taus,
      y: points.map((p) => p.estimate),
      lower: points.map((p) => p.lower),
      upper: points.map((p) => p.upper),
    };
  });
  const profileChart = lineChart({
    id: `${base}-profile`,
    title: `${mode}: performance profile of ${metric}${normalised}`,
    xLabel: `threshold τ (${metric}${normalised})`,
    yLabel: "fraction of runs > τ",
    series: profiles,
    table: seriesTable(`${base}-profile-numbers`, {
      xLabel: "τ",
      caption: "Fraction of runs above τ [95 % stratified bootstrap].",
    }, profiles),
  });
  const figures = [iqmChart, ...(poiChart ? [poiChart] : []), profileChart];
  return { heading: `${mode}: ${metric}${normalised}`, figures };
}

/** The Minigrid page. */
export async function minigridPage(results: readonly ResultFile[]): Promise<PageContent> {
  const groups = minigridGroups(results);
  const labels = [
    ...new Set([...groups].sort(compareConfigs).map((g) => configLabel(g.variant, g.lambda))),
  ];
  const colours: Colours = new Map(labels.map((l, i) => [l, seriesColour(i)]));
  const envs = [];
  for (const env of distinct(groups.map((g) => g.env))) {
    for (const mode of distinct(groups.filter((g) => g.env === env).map((g) => g.mode))) {
      const inEnv = groups.filter((g) => g.env === env && g.mode === mode);
      envs.push(await envModeSection(env, mode, inEnv, colours));
    }
  }
  const aggregates = [];
  for (const mode of distinct(groups.map((g) => g.mode))) {
    const inMode = groups.filter((g) => g.mode === mode);
    const metrics = shownMetrics(inMode);
    for (const metric of metrics) {
      const section = aggregateSection(mode, metric, inMode, colours);
      if (section) aggregates.push(section);
    }
  }
  return {
    file: "minigrid.html",
    template: "minigrid",
    title: "Minigrid: learning curves, visitation and aggregates",
    charts: aggregates.length > 0 || envs.some((e) => e.curves.length > 0),
    context: { envs, aggregates, any: groups.length > 0 },
  };
}
