/**
 * The index's headline: per task family (hill improvement maps, each hill gradient benchmark,
 * Minigrid explore and control), one row per bonus variant at its best λ: the headline metric
 * with its 95 % CI, the difference to `none` with a CI, the probability of improvement over
 * `none`, and a verdict in words where the difference's CI excludes 0. The sentence under each
 * table is generated from the same numbers.
 *
 * @module
 */

import { MINIGRID_ENVS } from "../../benchmarks/reference.ts";
import type { ResultFile } from "../results/mod.ts";
import {
  type Interval,
  iqm,
  mean,
  newcombeInterval,
  percentileBootstrapCI,
  probabilityOfImprovement,
  stratifiedBootstrapCI,
  wilsonInterval,
} from "../stats/mod.ts";
import { GradientArtifactsSchema, ImprovementArtifactsSchema, taskOf } from "./artifacts.ts";
import { reportRng } from "./bootstrap.ts";
import { formatNumber, slug } from "./format.ts";
import { compareConfigs, distinct, groupRuns } from "./groups.ts";
import { minigridGroups } from "./minigrid_data.ts";
import { cell, type DataTable, row } from "./table.ts";

/** Resamples of the Minigrid headline bootstraps (minigrid-experiments.md §5: 9999; the hill
 * grid bootstraps keep the stats layer's 2000, as no spec sets them). */
const RESAMPLES = 9999;

/** One setting's numbers: the metric, and its comparison with `none` when there is one. */
export interface HeadlineCandidate {
  /** Variant. */
  variant: string;
  /** λ. */
  lambda: number;
  /** The headline metric with its 95 % CI. */
  metric: Interval;
  /** Number of values behind the metric (runs or grid points). */
  n: number;
  /** metric − none's metric with its 95 % CI. */
  diff?: Interval;
  /** Probability of improvement over none. */
  poi?: number;
}

/** One family's headline: its rows (best λ per variant), the table and the finding. */
export interface HeadlineSection {
  /** Family title. */
  title: string;
  /** One line: what the metric, difference and probability of improvement are. */
  definition: string;
  /** Best λ per variant, `none` first. */
  rows: HeadlineCandidate[];
  /** The rendered table. */
  table: DataTable;
  /** The finding, generated from `rows`. */
  sentence: string;
}

/** The words for a difference: better / worse when its CI excludes 0. */
export function verdict(diff: Interval | undefined): "better" | "worse" | "no clear difference" {
  if (!diff) return "no clear difference";
  return diff.lower > 0 ? "better" : diff.upper < 0 ? "worse" : "no clear difference";
}

/** An interval as `0.44 [0.38, 0.5]`. */
function intervalText(i: Interval, n?: number): string {
  if (n === 1) return `${formatNumber(i.estimate)} (n = 1)`;
  return `${formatNumber(i.estimate)} [${formatNumber(i.lower)}, ${formatNumber(i.upper)}]`;
}

/** The best λ per variant (highest metric estimate), `none` first, variants in suite order. */
function bestPerVariant(candidates: HeadlineCandidate[]): HeadlineCandidate[] {
  const best = new Map<string, HeadlineCandidate>();
  for (const c of [...candidates].sort(compareConfigs)) {
    const b = best.get(c.variant);
    if (!b || c.metric.estimate > b.metric.estimate) best.set(c.variant, c);
  }
  return [...best.values()];
}

/** The table and sentence of a family from its candidates. */
function section(
  opts: { id: string; title: string; metric: string; definition: string },
  candidates: HeadlineCandidate[],
): HeadlineSection {
  const rows = bestPerVariant(candidates);
  const table: DataTable = {
    id: opts.id,
    columns: [
      "variant",
      "best λ",
      `${opts.metric} [95 % CI]`,
      "difference to none [95 % CI]",
      "verdict vs none",
      "P(improvement over none)",
    ],
    rows: rows.map((r) => {
      const v = r.variant === "none" ? "baseline" : r.diff ? verdict(r.diff) : "no none runs";
      return row(
        r.variant,
        r.lambda,
        cell(intervalText(r.metric, r.n), "num"),
        cell(r.diff ? intervalText(r.diff, r.n) : "–", "num"),
        cell(v, v === "better" ? "pass" : v === "worse" ? "fail" : undefined),
        r.poi === undefined ? "–" : r.poi,
      );
    }),
  };
  return { ...opts, rows, table, sentence: finding(opts.metric, rows) };
}

/** The finding a family's numbers support, in one or two sentences. */
function finding(metric: string, rows: HeadlineCandidate[]): string {
  const none = rows.find((r) => r.variant === "none");
  const bonuses = rows.filter((r) => r.variant !== "none");
  if (!bonuses.length) return "No bonus variant has results here.";
  if (!none) return `No \`none\` runs to compare with: ${metric} is shown without a baseline.`;
  const label = (r: HeadlineCandidate): string => `${r.variant} (λ = ${r.lambda})`;
  const better = bonuses.filter((r) => verdict(r.diff) === "better");
  const worse = bonuses.filter((r) => verdict(r.diff) === "worse");
  const unclear = bonuses.filter((r) => verdict(r.diff) === "no clear difference");
  const parts: string[] = [];
  if (better.length) {
    const top = better.reduce((a, b) => (b.diff!.estimate > a.diff!.estimate ? b : a));
    parts.push(
      `${better.map(label).join(", ")} beat${better.length === 1 ? "s" : ""} none on ${metric} ` +
        `(95 % CI of the difference above 0); the largest gain is ${label(top)}: ` +
        `${formatNumber(top.metric.estimate)} vs ${formatNumber(none.metric.estimate)}, ` +
        `difference ${intervalText(top.diff!)}.`,
    );
  } else parts.push(`No bonus beats none on ${metric} at its best λ.`);
  if (worse.length) {
    parts.push(`Worse than none even at the best λ: ${worse.map(label).join(", ")}.`);
  }
  if (unclear.length) {
    parts.push(`Not distinguishable from none: ${unclear.map(label).join(", ")}.`);
  }
  return parts.join(" ");
}

/** Hill improvement maps: mean over the grid of P(ΔJ>0) for each panel of a variant. */
function improvementHeadline(results: readonly ResultFile[]): HeadlineSection | undefined {
  const r = results.find((r) => taskOf(r) === "hill/improvement" && !r.failure);
  if (!r) return undefined;
  const a = ImprovementArtifactsSchema.parse(r.artifacts);
  const panels = (Array.isArray(r.artifacts?.panels) ? r.artifacts.panels : []) as {
    id: string;
    variant: string;
    lambda: number;
  }[];
  const noneP = a.improvement["none/0"]?.pJ.flat();
  const candidates = panels.filter((p) => a.improvement[p.id]).map((p): HeadlineCandidate => {
    const pJ = a.improvement[p.id].pJ.flat();
    const rng = (what: string) => reportRng("headline", "improvement", p.id, what);
    const metric = percentileBootstrapCI(pJ, mean, { rng: rng("mean") });
    if (!noneP || p.id === "none/0") {
      return { variant: p.variant, lambda: p.lambda, metric, n: pJ.length };
    }
    // Paired over grid points: the bonus panel and none share every (K, σ).
    const d = pJ.map((v, i) => v - noneP[i]);
    return {
      variant: p.variant,
      lambda: p.lambda,
      metric,
      n: pJ.length,
      diff: percentileBootstrapCI(d, mean, { rng: rng("diff") }),
      poi: d.filter((v) => v > 0).length / d.length,
    };
  });
  return section({
    id: "headline-hill-improvement",
    title:
      `Hill landscape: does one REINFORCE step improve J? (${a.K.length}×${a.sigma.length} grid)`,
    metric: "mean P(ΔJ>0)",
    definition: "mean P(ΔJ>0): mean over the (K, σ) grid of the probability that one REINFORCE " +
      "step on L = J + λ·bonus raises the bonus-free J, CI by bootstrap over grid points; " +
      "difference: paired over grid points; P(improvement): share of grid points where the " +
      "bonus's P(ΔJ>0) exceeds none's.",
  }, candidates.filter((c) => c.variant !== "c"));
}

/** A hill gradient benchmark: P(crossed) with Wilson, differences by Newcombe. */
function gradientHeadline(benchmark: string, results: ResultFile[]): HeadlineSection {
  const settings = groupRuns(results).map((s) => {
    const arts = s.runs.map((r) => GradientArtifactsSchema.parse(r.artifacts));
    const crossed = arts.flatMap((a) => a.crossed);
    return {
      s,
      k: crossed.reduce<number>((n, c) => n + c, 0),
      n: crossed.length,
      finalJ: arts.flatMap((a) => a.finalJ),
    };
  }).filter((t) => t.n > 0);
  const none = settings.find((t) => t.s.variant === "none");
  const candidates = settings.map((t): HeadlineCandidate => ({
    variant: t.s.variant,
    lambda: t.s.lambda,
    metric: wilsonInterval(t.k, t.n),
    n: t.n,
    diff: none && t !== none
      ? newcombeInterval({ successes: t.k, trials: t.n }, { successes: none.k, trials: none.n })
      : undefined,
    poi: none && t !== none && t.finalJ.length && none.finalJ.length
      ? probabilityOfImprovement(t.finalJ, none.finalJ)
      : undefined,
  }));
  return section({
    id: `headline-${slug(benchmark)}`,
    title: `Hill gradient runs: ${benchmark}`,
    metric: "P(crossed)",
    definition: "P(crossed): share of gradient-ascent runs that end in the cross basin, Wilson " +
      "95 % CI; difference: Newcombe's hybrid score interval; P(improvement): P(final J of a " +
      "bonus run > final J of a none run), rliable's probability of improvement.",
  }, candidates);
}

/** Minigrid, one mode: final values pooled over envs (entropy ÷ log|Z|), IQM with stratified CIs. */
function minigridHeadline(mode: string, results: readonly ResultFile[]): HeadlineSection {
  const metric = mode === "explore" ? "final_entropy" : "final_return";
  const scale = (env: string): number =>
    metric === "final_entropy" ? MINIGRID_ENVS.find((e) => e.id === env)?.logZ ?? 1 : 1;
  // scores[config][env]: each config's final values per env, envs in one order.
  const groups = minigridGroups(results).filter((g) => g.mode === mode);
  const envs = distinct(groups.map((g) => g.env));
  const configs = new Map<string, { variant: string; lambda: number; scores: number[][] }>();
  for (const g of groups) {
    const key = JSON.stringify([g.variant, g.lambda]);
    const c = configs.get(key) ?? { variant: g.variant, lambda: g.lambda, scores: [] };
    const xs = g.runs.filter((r) => metric in r.metrics).map((r) =>
      r.metrics[metric] / scale(g.env)
    );
    if (xs.length) c.scores[envs.indexOf(g.env)] = xs;
    configs.set(key, c);
  }
  const complete = [...configs.values()].filter((c) => envs.every((_, i) => c.scores[i]?.length));
  const none = complete.find((c) => c.variant === "none");
  const candidates = complete.map((c): HeadlineCandidate => {
    const rng = (what: string) => reportRng("headline", mode, c.variant, c.lambda, what);
    const metricCI = stratifiedBootstrapCI(c.scores, (m) => iqm(m.flat()), {
      rng: rng("iqm"),
      resamples: RESAMPLES,
    });
    const n = c.scores.flat().length;
    if (!none || c === none) return { variant: c.variant, lambda: c.lambda, metric: metricCI, n };
    // Both configs' env rows in one matrix: the stratified bootstrap redraws each row on its own,
    // so the replicate is IQM(bonus) − IQM(none) of independent resamples.
    const k = c.scores.length;
    const diff = stratifiedBootstrapCI(
      [...c.scores, ...none.scores],
      (m) => iqm(m.slice(0, k).flat()) - iqm(m.slice(k).flat()),
      { rng: rng("diff"), resamples: RESAMPLES },
    );
    const poi = mean(c.scores.map((xs, i) => probabilityOfImprovement(xs, none.scores[i])));
    return { variant: c.variant, lambda: c.lambda, metric: metricCI, n, diff, poi };
  });
  const shown = metric === "final_entropy" ? "final entropy ÷ log|Z|" : "final return";
  return section({
    id: `headline-minigrid-${mode}`,
    title: `Minigrid ${mode} (${envs.length} env${envs.length === 1 ? "" : "s"})`,
    metric: `IQM ${shown}`,
    definition: `IQM ${shown}: interquartile mean of the runs' final values pooled over envs ` +
      "and seeds, stratified bootstrap 95 % CI; difference: bootstrap of IQM(bonus) − " +
      "IQM(none); P(improvement): rliable's probability of improvement, averaged over envs.",
  }, candidates);
}

/** Every family's headline that has results, in a fixed order. */
export function headlineSections(results: readonly ResultFile[]): HeadlineSection[] {
  const out: HeadlineSection[] = [];
  const improvement = improvementHeadline(results);
  if (improvement) out.push(improvement);
  const gradients = new Map<string, ResultFile[]>();
  for (const r of results.filter((r) => taskOf(r) === "hill/gradient")) {
    gradients.set(r.benchmark, [...(gradients.get(r.benchmark) ?? []), r]);
  }
  for (const [benchmark, rs] of gradients) out.push(gradientHeadline(benchmark, rs));
  for (const mode of ["explore", "control"]) {
    if (minigridGroups(results).some((g) => g.mode === mode)) {
      out.push(minigridHeadline(mode, results));
    }
  }
  return out;
}
