/**
 * What the metric names of result files mean, in one line each, and which names the report
 * aggregates: budget counters (`iterations`, `runs`) are how long a run was, not how well it did,
 * and `<name>_lower` / `<name>_upper` are the bounds of metric `<name>`'s interval within the run,
 * shown beside it rather than as metrics of their own.
 *
 * @module
 */

/** A family of metric names: one definition for every name `pattern` matches. */
interface MetricFamily {
  /** How the glossary writes the family, e.g. `max:<panel>`. */
  shown: string;
  /** Names of the family. */
  pattern: RegExp;
  /** One line. */
  definition: string;
  /** A counter of the run's budget, never aggregated. */
  budget?: boolean;
}

const PANEL = "the hill panel <panel> = variant/λ, L = J + λ·bonus";

/** Every metric family the tasks write. */
const FAMILIES: readonly MetricFamily[] = [
  {
    shown: "p_crossed",
    pattern: /^p_crossed$/,
    definition: "share of a seed's gradient-ascent runs whose final θ ends most evaluation " +
      "rollouts right of the hill top (the cross basin); bounds: Wilson 95 %",
  },
  {
    shown: "final_J_iqm",
    pattern: /^final_J_iqm$/,
    definition: "IQM over a seed's gradient-ascent runs of J at the final θ; bounds: 95 % " +
      "percentile bootstrap",
  },
  {
    shown: "final_J_mean",
    pattern: /^final_J_mean$/,
    definition: "mean over a seed's gradient-ascent runs of J at the final θ",
  },
  {
    shown: "runs",
    pattern: /^runs$/,
    definition: "gradient-ascent runs per seed (budget)",
    budget: true,
  },
  {
    shown: "iterations",
    pattern: /^iterations$/,
    definition: "training iterations the run completed (budget)",
    budget: true,
  },
  {
    shown: "final_return",
    pattern: /^final_return$/,
    definition: "discounted return (0.98^t, 64 rollouts) at the run's last kept evaluation, " +
      "smoothed over a window of 5 evaluations (minigrid-experiments.md §5)",
  },
  {
    shown: "final_entropy",
    pattern: /^final_entropy$/,
    definition: "entropy in nats of the discounted (x, y) visitation of 64 evaluation rollouts " +
      "at the run's last kept evaluation, smoothed over 5 evaluations (§4–§5)",
  },
  {
    shown: "second_half_return",
    pattern: /^second_half_return$/,
    definition: "mean discounted return over the evaluations of the run's second half",
  },
  {
    shown: "second_half_entropy",
    pattern: /^second_half_entropy$/,
    definition: "mean visitation entropy (nats) over the evaluations of the run's second half",
  },
  {
    shown: "max:<panel>",
    pattern: /^max:/,
    definition: `global maximum over the (K, σ) grid of ${PANEL}`,
  },
  {
    shown: "argmaxK:<panel>",
    pattern: /^argmaxK:/,
    definition: "K of that global maximum",
  },
  {
    shown: "argmaxSigma:<panel>",
    pattern: /^argmaxSigma:/,
    definition: "σ of that global maximum",
  },
  {
    shown: "meanPJ:<panel>",
    pattern: /^meanPJ:/,
    definition: `mean over the grid of P(ΔJ>0): one REINFORCE step on the L of ${PANEL} ` +
      "raises the bonus-free J",
  },
  {
    shown: "meanPL:<panel>",
    pattern: /^meanPL:/,
    definition: "mean over the grid of P(ΔL>0): the same step raises the panel's own L",
  },
  {
    shown: "meanPMoved:<panel>",
    pattern: /^meanPMoved:/,
    definition: "mean over the grid of the share of steps that leave the grid cell they start in",
  },
  {
    shown: "mean_pooled",
    pattern: /^mean_pooled$/,
    definition: "mean over the check's grid of the pooled-bin J_fkl (what landscapes use)",
  },
  {
    shown: "mean_nested",
    pattern: /^mean_nested$/,
    definition: "mean over the check's grid of the nested Monte-Carlo J_fkl",
  },
  {
    shown: "mean_diff",
    pattern: /^mean_diff$/,
    definition: "mean over the grid of pooled − nested J_fkl",
  },
  {
    shown: "mean_abs_diff",
    pattern: /^mean_abs_diff$/,
    definition: "mean over the grid of |pooled − nested| J_fkl",
  },
  {
    shown: "max_abs_diff",
    pattern: /^max_abs_diff$/,
    definition: "largest |pooled − nested| J_fkl over the grid",
  },
  {
    shown: "correlation",
    pattern: /^correlation$/,
    definition: "Pearson correlation over the grid of pooled and nested J_fkl",
  },
];

/** Perf results name their metrics after speed cases; one definition covers them all. */
const SPEED_CASE: MetricFamily = {
  shown: "<case> (perf/*)",
  pattern: /.*/,
  definition: "median throughput over repeats of a speed case, in the benchmark's unit (the " +
    "speed page explains case names)",
};

/** The family of a metric of a benchmark, or undefined for a name no task writes. */
function familyOf(benchmark: string, name: string): MetricFamily | undefined {
  if (benchmark.startsWith("perf/")) return SPEED_CASE;
  return FAMILIES.find((f) => f.pattern.test(name));
}

/** The bound suffix of an interval bound's name, and its metric. */
function boundOf(name: string): { metric: string; side: "lower" | "upper" } | undefined {
  const m = name.match(/^(.+)_(lower|upper)$/);
  return m ? { metric: m[1], side: m[2] as "lower" | "upper" } : undefined;
}

/**
 * Whether the report shows `name` of a run with metrics `names` as a metric of its own: not a
 * budget counter, and not the bound of another metric the run has.
 */
export function isShownMetric(benchmark: string, name: string, names: readonly string[]): boolean {
  if (familyOf(benchmark, name)?.budget) return false;
  const bound = boundOf(name);
  return !(bound && names.includes(bound.metric));
}

/** The in-run interval bounds of `metric` in `metrics`, when the run wrote both. */
export function inRunBounds(
  metrics: Record<string, number>,
  metric: string,
): { lower: number; upper: number } | undefined {
  const lower = metrics[`${metric}_lower`], upper = metrics[`${metric}_upper`];
  return lower === undefined || upper === undefined ? undefined : { lower, upper };
}

/** One line defining a metric name, or undefined when no task writes such a name. */
export function metricDefinition(benchmark: string, name: string): string | undefined {
  return familyOf(benchmark, name)?.definition;
}

/**
 * The glossary of the metric names shown for `(benchmark, name)` pairs: one row per family
 * (`max:<panel>` once), in the order first met.
 */
export function glossary(
  shown: readonly { benchmark: string; name: string }[],
): { name: string; definition: string }[] {
  const out = new Map<string, string>();
  for (const s of shown) {
    const f = familyOf(s.benchmark, s.name);
    out.set(f?.shown ?? s.name, f?.definition ?? "(no definition: a metric no task writes)");
  }
  return [...out].map(([name, definition]) => ({ name, definition }));
}
