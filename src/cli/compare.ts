/**
 * `deno task compare --baseline DIR --candidate DIR [--window 4] [--alpha 0.05]
 * [--min-effect 0.05] [--speed-alpha 0.002] [--speed-threshold 1.1] [--all]`: a markdown table
 * of what changed between a baseline and a candidate result set; exit 1 when anything regressed,
 * 2 on bad input.
 *
 * The baseline is one result set (a bench/perf/merge output folder or a results folder) or a
 * history: a folder whose subfolders are result sets, oldest first by name (as the weekly
 * workflow keeps them on gh-pages), of which the last `--window` are the baseline window.
 * Runs are matched by their config without the seed (benchmark, variant, λ, backend, params), so
 * results of other profiles or parameters are never compared, only counted as unmatched.
 *
 * - Scientific metrics, per (benchmark, variant, λ, metric) over seeds, against the newest set
 *   of the window that has the run (they are deterministic: older sets add no information, only
 *   older code): with ≥ 2 seeds on each side, "changed" when Welch's t-test gives p < α AND the
 *   relative change of the mean exceeds the minimum effect; with 1 seed on a side, when the
 *   relative change exceeds the minimum effect (identical values never alarm). Which direction
 *   is better is not known for every metric, so any significant change counts as a regression:
 *   accept it by updating the baseline.
 * - Speed (`perf/<name>`, metrics = throughput per case, higher is faster, `artifacts.repeats`
 *   the repeated timings): the candidate's repeats against the repeats of every set in the
 *   window, each divided by its run's calibration index when every run on both sides has one of
 *   the same version (so a slower machine or a busier week does not read as a regression; else
 *   the raw figures, marked so). `speedVerdict` decides: a Mann–Whitney test at the speed α and a
 *   ratio of medians beyond the threshold, which is at least the window's own spread (P75/P25).
 *   Too few repeats for the exact test to reach α at all (2/C(n + m, n) ≥ α: 6 vs 6 at 0.002)
 *   is "inconclusive", which never fails. Slower is a regression, faster an improvement.
 * - A run that failed in the candidate but not in the baseline is a regression.
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import {
  canonicalJson,
  comparableSpeeds,
  hasResultFiles,
  readResultFolder,
  type ResultFile,
  speedSamples,
} from "../results/mod.ts";
import { mean, median, SPEED_RULE, speedVerdict, welchTTest } from "../stats/mod.ts";
import { type FlagSpec, numberFlag, parseCommand } from "./args.ts";
import { runMain } from "./errors.ts";
import { resultsFolderOf } from "./runner.ts";

const USAGE = "deno task compare --baseline DIR --candidate DIR [--window 4] [--alpha 0.05] " +
  "[--min-effect 0.05] [--speed-alpha 0.002] [--speed-threshold 1.1] [--all]";
const FLAGS: FlagSpec = {
  baseline: {
    type: "string",
    help: "the reference: a bench --out folder, a results folder, or a folder of such result " +
      "sets, oldest first by name (required)",
  },
  candidate: { type: "string", help: "the results to check: an out or results folder (required)" },
  window: {
    type: "string",
    help: "how many of the newest result sets of a baseline history to judge against (default 4)",
  },
  alpha: {
    type: "string",
    help: "significance level of the metric tests, in (0, 1) (default 0.05)",
  },
  "min-effect": {
    type: "string",
    help: "smallest relative change of a metric's mean that counts (default 0.05 = 5%)",
  },
  "speed-alpha": {
    type: "string",
    help: "significance level of the speed test, in (0, 1) (default 0.002, as asv)",
  },
  "speed-threshold": {
    type: "string",
    help: "ratio of median speeds beyond which a case is slower/faster, >= 1, raised to the " +
      "baseline's own spread (default 1.1)",
  },
  all: { type: "boolean", help: "list unchanged comparisons too" },
  help: { type: "boolean", help: "show this help" },
};

/** Thresholds of a comparison. */
export interface CompareOptions {
  /** Significance level of Welch's test on metrics. */
  alpha: number;
  /** Smallest relative change of a metric's mean that counts. */
  minEffect: number;
  /** Significance level of the Mann–Whitney test on speeds. */
  speedAlpha: number;
  /** Smallest ratio of median speeds that counts (raised to the baseline's spread). */
  speedThreshold: number;
}

/**
 * What a comparison found: `changed`, `slower` and `failed` are regressions; `inconclusive`
 * (too few speed repeats to decide) never is.
 */
export type Verdict = "same" | "changed" | "slower" | "faster" | "inconclusive" | "failed";

/** One compared quantity. */
export interface ComparisonRow {
  /** Benchmark id. */
  benchmark: string;
  /** Variant. */
  variant: string;
  /** λ. */
  lambda: number;
  /** Metric name, speed case, or "(run)" for failures. */
  name: string;
  /** Values (seeds, or speed repeats) on each side. */
  n: [number, number];
  /** Baseline summary: mean of a metric, raw median of a speed, failed runs. */
  baseline: number;
  /** Candidate summary, same kind. */
  candidate: number;
  /**
   * Relative change of a metric's mean, or the candidate/baseline ratio of median speeds (of the
   * normalised figures when `normalised`).
   */
  change: number;
  /** Whether `change` is a speed ratio. */
  speed: boolean;
  /** p-value of the test, or null when none applied. */
  p: number | null;
  /** Speed only: the ratio that counted (threshold or the baseline's spread), else null. */
  threshold: number | null;
  /** Speed only: whether the figures were divided by the runs' calibration index. */
  normalised: boolean;
  /** The verdict. */
  verdict: Verdict;
}

/** Everything a comparison found. */
export interface Comparison {
  /** Compared quantities, in the order of the results. */
  rows: ComparisonRow[];
  /** Run configurations present in only one of the two sides. */
  unmatched: { baseline: number; candidate: number };
  /** Result sets in the baseline window. */
  window: number;
}

/** Whether a verdict is a regression. */
export function isRegression(verdict: Verdict): boolean {
  return verdict === "changed" || verdict === "slower" || verdict === "failed";
}

/** Results of both sides that share a config apart from the seed. */
interface Group {
  /** The first result seen, for the benchmark, variant and λ shown. */
  first: ResultFile;
  /** Baseline results per window set (oldest first), and candidate results. */
  sides: [ResultFile[][], ResultFile[]];
}

/** Relative change from a to b; 0 when equal, ±∞ from 0. */
function relativeChange(a: number, b: number): number {
  if (a === b) return 0;
  return a === 0 ? Math.sign(b) * Infinity : (b - a) / Math.abs(a);
}

/**
 * Compares a candidate result set with a baseline window (result sets, oldest first; one set
 * for a plain baseline).
 */
export function compareResults(
  baseline: readonly (readonly ResultFile[])[],
  candidate: readonly ResultFile[],
  opts: CompareOptions,
): Comparison {
  const groups = new Map<string, Group>();
  const add = (r: ResultFile, put: (g: Group) => void): void => {
    const { benchmark, variant, lambda } = r;
    const key = canonicalJson({ ...r.config, benchmark, variant, lambda, seed: undefined });
    const g = groups.get(key) ?? { first: r, sides: [baseline.map(() => []), []] };
    put(g);
    groups.set(key, g);
  };
  baseline.forEach((set, i) => set.forEach((r) => add(r, (g) => g.sides[0][i].push(r))));
  candidate.forEach((r) => add(r, (g) => g.sides[1].push(r)));
  const rows: ComparisonRow[] = [];
  const unmatched = { baseline: 0, candidate: 0 };
  for (const { first, sides } of groups.values()) {
    const windowSets = sides[0].filter((s) => s.length > 0);
    if (windowSets.length === 0 || sides[1].length === 0) {
      unmatched[windowSets.length ? "baseline" : "candidate"]++;
      continue;
    }
    const at = { benchmark: first.benchmark, variant: first.variant, lambda: first.lambda };
    const latest = windowSets[windowSets.length - 1];
    const failed = [latest, sides[1]].map((s) => s.filter((r) => r.failure).length);
    if (failed[1] > 0 && failed[0] === 0) {
      rows.push({
        ...at,
        name: "(run)",
        n: [latest.length, sides[1].length],
        baseline: 0,
        candidate: failed[1],
        change: Infinity,
        speed: false,
        p: null,
        threshold: null,
        normalised: false,
        verdict: "failed",
      });
    }
    const ok = (rs: ResultFile[]): ResultFile[] => rs.filter((r) => !r.failure);
    const speed = first.benchmark.startsWith("perf/");
    // Speed judges the whole window; metrics are deterministic, so the newest set says it all.
    const b = ok(speed ? windowSets.flat() : latest), c = ok(sides[1]);
    for (const name of [...new Set(b.flatMap((r) => Object.keys(r.metrics)))].sort()) {
      const has = (r: ResultFile): boolean => Object.hasOwn(r.metrics, name);
      if (!c.some(has)) continue;
      const finding = speed
        ? compareSpeed(b.filter(has), c.filter(has), name, opts)
        : compareMetric(b.filter(has), c.filter(has), name, opts);
      rows.push({ ...at, name, ...finding });
    }
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const order = (x: ComparisonRow, y: ComparisonRow): number =>
    cmp(x.benchmark, y.benchmark) || cmp(x.variant, y.variant) || x.lambda - y.lambda ||
    cmp(x.name, y.name);
  return { rows: rows.sort(order), unmatched, window: baseline.length };
}

/** The part of a row that a comparison of one quantity fills in. */
type Finding = Omit<ComparisonRow, "benchmark" | "variant" | "lambda" | "name">;

/** A metric over seeds: Welch's t-test with ≥ 2 seeds a side, and the minimum effect. */
function compareMetric(
  b: ResultFile[],
  c: ResultFile[],
  name: string,
  opts: CompareOptions,
): Finding {
  const xb = b.map((r) => r.metrics[name]), xc = c.map((r) => r.metrics[name]);
  const mb = mean(xb), mc = mean(xc);
  const change = relativeChange(mb, mc);
  const p = xb.length >= 2 && xc.length >= 2 ? welchTTest(xb, xc).p : null;
  const changed = Math.abs(change) > opts.minEffect && (p === null || p < opts.alpha);
  return {
    n: [xb.length, xc.length],
    baseline: mb,
    candidate: mc,
    change,
    speed: false,
    p,
    threshold: null,
    normalised: false,
    verdict: changed ? "changed" : "same",
  };
}

/**
 * A speed case: {@link speedVerdict} on the repeats, normalised by calibration when every run of
 * both sides has a calibration of one version.
 */
function compareSpeed(
  b: ResultFile[],
  c: ResultFile[],
  name: string,
  opts: CompareOptions,
): Finding {
  const { baseline: xb, candidate: xc, normalised } = comparableSpeeds(b, c, name);
  const v = speedVerdict(xb, xc, { alpha: opts.speedAlpha, threshold: opts.speedThreshold });
  const raw = (rs: ResultFile[]): number =>
    median(rs.flatMap((r) => speedSamples(r, name, { normalised: false })));
  return {
    n: [xb.length, xc.length],
    baseline: raw(b),
    candidate: raw(c),
    change: v.ratio,
    speed: true,
    p: v.p,
    threshold: v.threshold,
    normalised,
    verdict: v.verdict,
  };
}

/** A number in at most 4 significant digits. */
function num(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "–" : x > 0 ? "∞" : "−∞";
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

/** The change column: a signed percentage, or a speed ratio. */
function changeText(row: ComparisonRow): string {
  if (row.verdict === "failed") return `${row.candidate} failed`;
  if (row.speed) return `×${num(row.change)}${row.normalised ? "" : " (raw)"}`;
  if (!Number.isFinite(row.change)) return num(row.change);
  return `${row.change > 0 ? "+" : ""}${num(100 * row.change)}%`;
}

/** Options of {@link comparisonMarkdown}. */
export interface MarkdownOptions extends CompareOptions {
  /** Baseline folder, as shown. */
  baselineDir: string;
  /** Candidate folder, as shown. */
  candidateDir: string;
  /** Commits of each side. */
  commits: [string[], string[]];
  /** List unchanged rows too. */
  all: boolean;
}

/** The comparison as markdown: settings, a one-line verdict and the table. */
export function comparisonMarkdown(comparison: Comparison, opts: MarkdownOptions): string {
  const count = (v: Verdict): number => comparison.rows.filter((r) => r.verdict === v).length;
  const regressions = comparison.rows.filter((r) => isRegression(r.verdict)).length;
  const commits = (cs: string[]): string => cs.map((c) => c.slice(0, 12)).join(", ");
  const verdict = regressions === 0
    ? "No regression"
    : `${regressions} regression${regressions > 1 ? "s" : ""}`;
  const sets = comparison.window === 1 ? "" : `, window of ${comparison.window} result sets`;
  const lines = [
    "### Result comparison",
    "",
    `baseline \`${opts.baselineDir}\` (commit ${commits(opts.commits[0])}${sets}), candidate ` +
    `\`${opts.candidateDir}\` (commit ${commits(opts.commits[1])})  `,
    `metrics: α = ${opts.alpha}, minimum effect ${num(100 * opts.minEffect)}% · speed: ` +
    `Mann–Whitney α = ${opts.speedAlpha}, threshold ×${opts.speedThreshold} or the baseline's ` +
    `spread (P75/P25) if larger, figures divided by each run's calibration index (raw where a ` +
    `run has none)`,
    "",
    `**${verdict}** in ${comparison.rows.length} comparisons: ${count("changed")} changed, ` +
    `${count("slower")} slower, ${count("failed")} failed; ${count("faster")} faster, ` +
    `${count("inconclusive")} inconclusive (too few repeats for the test to reach α). Run ` +
    `configurations only in the baseline: ${comparison.unmatched.baseline}, only in the candidate: ` +
    `${comparison.unmatched.candidate}.`,
    "",
  ];
  const shown = comparison.rows.filter((r) =>
    opts.all || (r.verdict !== "same" && r.verdict !== "inconclusive")
  );
  if (shown.length === 0) return [...lines, "No significant change.", ""].join("\n");
  lines.push(
    "| benchmark | variant | λ | metric | n base/cand | baseline | candidate | change | p | " +
      "threshold | verdict |",
    "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|",
  );
  for (const r of shown) {
    const cells = [
      r.benchmark,
      r.variant,
      String(r.lambda),
      r.name.replaceAll("|", "\\|"),
      `${r.n[0]}/${r.n[1]}`,
      num(r.baseline),
      num(r.candidate),
      changeText(r),
      r.p === null ? "–" : num(r.p),
      r.threshold === null ? "–" : `×${num(r.threshold)}`,
      isRegression(r.verdict) ? `**${r.verdict}**` : r.verdict,
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return [...lines, ""].join("\n");
}

/** Reads one result set, which must not be empty. */
async function loadSet(folder: string, flag: string): Promise<ResultFile[]> {
  const results = (await readResultFolder(folder)).map((f) => f.result);
  if (results.length === 0) {
    throw new UsageError(
      `no result files in ${folder}`,
      flag,
      "give a folder that `deno task bench`, `perf` or `merge` wrote",
    );
  }
  return results;
}

/**
 * The baseline window: the folder's own result set, or, when it holds no result file but
 * subfolders that are result sets (out or results folders), the newest `window` of them by name.
 */
async function loadWindow(dir: string, window: number): Promise<[string, ResultFile[][]]> {
  const folder = await resultsFolderOf(dir, "--baseline");
  if (!(await hasResultFiles(folder))) {
    const subs: string[] = [];
    for await (const e of Deno.readDir(folder)) if (e.isDirectory) subs.push(e.name);
    const sets: string[] = [];
    for (const name of subs.sort()) {
      const sub = await resultsFolderOf(`${folder}/${name}`, "--baseline");
      if (await hasResultFiles(sub)) sets.push(sub);
    }
    if (sets.length > 0) {
      const chosen = sets.slice(-window);
      return [folder, await Promise.all(chosen.map((s) => loadSet(s, "--baseline")))];
    }
  }
  return [folder, [await loadSet(folder, "--baseline")]];
}

/** A level flag in (0, 1). */
function levelFlag(
  values: Record<string, string | boolean | undefined>,
  name: string,
  def: number,
): number {
  const v = numberFlag(values, name, { default: def, min: 0, minExclusive: true });
  if (v >= 1) {
    throw new UsageError(`bad value '${values[name]}'`, `--${name}`, "give a number > 0 and < 1");
  }
  return v;
}

/** The compare CLI: prints the markdown; exit 1 on a regression. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(args, FLAGS, { usage: USAGE });
  if (!parsed) return 0;
  const { values } = parsed;
  for (const flag of ["baseline", "candidate"]) {
    if (typeof values[flag] !== "string") {
      throw new UsageError(`missing --${flag}`, `--${flag}`, `usage: ${USAGE}`);
    }
  }
  const opts: CompareOptions = {
    alpha: levelFlag(values, "alpha", 0.05),
    minEffect: numberFlag(values, "min-effect", { default: 0.05, min: 0 }),
    speedAlpha: levelFlag(values, "speed-alpha", SPEED_RULE.alpha),
    speedThreshold: numberFlag(values, "speed-threshold", {
      default: SPEED_RULE.threshold,
      min: 1,
    }),
  };
  const window = numberFlag(values, "window", {
    default: SPEED_RULE.window,
    min: 1,
    integer: true,
  });
  const [baseDir, base] = await loadWindow(values.baseline as string, window);
  const candDir = await resultsFolderOf(values.candidate as string, "--candidate");
  const cand = await loadSet(candDir, "--candidate");
  const commits = [base.flat(), cand].map((rs) => [...new Set(rs.map((r) => r.manifest.commit))]);
  const comparison = compareResults(base, cand, opts);
  console.log(comparisonMarkdown(comparison, {
    ...opts,
    baselineDir: baseDir,
    candidateDir: candDir,
    commits: commits as [string[], string[]],
    all: values.all === true,
  }));
  return comparison.rows.some((r) => isRegression(r.verdict)) ? 1 : 0;
}

if (import.meta.main) runMain(() => main(Deno.args));
