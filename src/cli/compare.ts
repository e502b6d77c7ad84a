/**
 * `deno task compare --baseline DIR --candidate DIR [--alpha 0.05] [--min-effect 0.05]
 * [--speed-threshold 1.1] [--all]`: a markdown table of what changed between two result sets;
 * exit 1 when anything regressed, 2 on bad input.
 *
 * Runs are matched by their config without the seed (benchmark, variant, λ, backend, params), so
 * results of other profiles or parameters are never compared, only counted as unmatched.
 *
 * - Scientific metrics, per (benchmark, variant, λ, metric) over seeds: with ≥ 2 seeds on each
 *   side, "changed" when Welch's t-test gives p < α AND the relative change of the mean exceeds
 *   the minimum effect; with 1 seed on a side, when the relative change exceeds the minimum effect
 *   (identical values never alarm). Which direction is better is not known for every metric, so
 *   any significant change counts as a regression: accept it by updating the baseline.
 * - Speed (`perf/<name>`, metrics = throughput per case, higher is faster, `artifacts.repeats`
 *   the repeated timings): asv's rule, the ratio of medians beyond the threshold AND a
 *   Mann–Whitney test on the repeats at α. Slower is a regression, faster an improvement. When the
 *   repeats are too few for the test to ever reach α (fewer than 4 a side at 0.05), the ratio
 *   alone decides, as asv does.
 * - A run that failed in the candidate but not in the baseline is a regression.
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import { canonicalJson, type ResultFile } from "../results/mod.ts";
import { mannWhitneyTest, mean, median, welchTTest } from "../stats/mod.ts";
import { type FlagSpec, numberFlag, parseCommand } from "./args.ts";
import { runMain } from "./errors.ts";
import { readResultFolder, resultsFolderOf } from "./runner.ts";

const USAGE = "deno task compare --baseline DIR --candidate DIR [--alpha 0.05] " +
  "[--min-effect 0.05] [--speed-threshold 1.1] [--all]";
const FLAGS: FlagSpec = {
  baseline: {
    type: "string",
    help: "the reference results: a bench --out folder or a results folder (required)",
  },
  candidate: { type: "string", help: "the results to check, same forms (required)" },
  alpha: { type: "string", help: "significance level of the tests, in (0, 1) (default 0.05)" },
  "min-effect": {
    type: "string",
    help: "smallest relative change of a metric's mean that counts (default 0.05 = 5%)",
  },
  "speed-threshold": {
    type: "string",
    help: "ratio of median speeds beyond which a case is slower/faster, >= 1 (default 1.1)",
  },
  all: { type: "boolean", help: "list unchanged comparisons too" },
  help: { type: "boolean", help: "show this help" },
};

/** Thresholds of a comparison. */
export interface CompareOptions {
  /** Significance level of Welch's and the Mann–Whitney test. */
  alpha: number;
  /** Smallest relative change of a metric's mean that counts. */
  minEffect: number;
  /** Ratio of median speeds beyond which a case is slower or faster. */
  speedThreshold: number;
}

/** What a comparison found: `changed`, `slower` and `failed` are regressions. */
export type Verdict = "same" | "changed" | "slower" | "faster" | "failed";

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
  /** Baseline summary: mean of a metric, median of a speed, failed runs. */
  baseline: number;
  /** Candidate summary, same kind. */
  candidate: number;
  /** Relative change of a metric's mean, or candidate/baseline speed ratio. */
  change: number;
  /** Whether `change` is a speed ratio. */
  speed: boolean;
  /** p-value of the test, or null when none applied. */
  p: number | null;
  /** The verdict. */
  verdict: Verdict;
}

/** Everything a comparison found. */
export interface Comparison {
  /** Compared quantities, in the order of the results. */
  rows: ComparisonRow[];
  /** Run configurations present in only one of the two sets. */
  unmatched: { baseline: number; candidate: number };
}

/** Whether a verdict is a regression. */
export function isRegression(verdict: Verdict): boolean {
  return verdict === "changed" || verdict === "slower" || verdict === "failed";
}

/** Results of both sides that share a config apart from the seed. */
interface Group {
  /** The first result seen, for the benchmark, variant and λ shown. */
  first: ResultFile;
  /** Baseline and candidate results. */
  sides: [ResultFile[], ResultFile[]];
}

/** Relative change from a to b; 0 when equal, ±∞ from 0. */
function relativeChange(a: number, b: number): number {
  if (a === b) return 0;
  return a === 0 ? Math.sign(b) * Infinity : (b - a) / Math.abs(a);
}

/** The repeated timings of one speed case, or its single figure when none were stored. */
function speedSamples(result: ResultFile, name: string): number[] {
  const repeats = (result.artifacts?.repeats as Record<string, unknown> | undefined)?.[name];
  const ok = Array.isArray(repeats) && repeats.length > 0 &&
    repeats.every((v) => typeof v === "number" && Number.isFinite(v));
  return ok ? repeats as number[] : [result.metrics[name]];
}

/** Whether the Mann–Whitney test can reach p < alpha at all with samples of these sizes. */
function rankTestCanDecide(n: number, m: number, alpha: number): boolean {
  const seq = (from: number, k: number): number[] => Array.from({ length: k }, (_, i) => from + i);
  return mannWhitneyTest(seq(0, n), seq(n, m)).p < alpha;
}

/** Compares two result sets. */
export function compareResults(
  baseline: readonly ResultFile[],
  candidate: readonly ResultFile[],
  opts: CompareOptions,
): Comparison {
  const groups = new Map<string, Group>();
  for (const [side, results] of [baseline, candidate].entries()) {
    for (const r of results) {
      const { benchmark, variant, lambda } = r;
      const key = canonicalJson({ ...r.config, benchmark, variant, lambda, seed: undefined });
      const g = groups.get(key) ?? { first: r, sides: [[], []] };
      g.sides[side].push(r);
      groups.set(key, g);
    }
  }
  const rows: ComparisonRow[] = [];
  const unmatched = { baseline: 0, candidate: 0 };
  for (const { first, sides } of groups.values()) {
    if (sides[0].length === 0 || sides[1].length === 0) {
      unmatched[sides[0].length ? "baseline" : "candidate"]++;
      continue;
    }
    const at = { benchmark: first.benchmark, variant: first.variant, lambda: first.lambda };
    const failed = sides.map((s) => s.filter((r) => r.failure).length);
    if (failed[1] > 0 && failed[0] === 0) {
      rows.push({
        ...at,
        name: "(run)",
        n: [sides[0].length, sides[1].length],
        baseline: 0,
        candidate: failed[1],
        change: Infinity,
        speed: false,
        p: null,
        verdict: "failed",
      });
    }
    const [b, c] = sides.map((s) => s.filter((r) => !r.failure));
    const compare = first.benchmark.startsWith("perf/") ? compareSpeed : compareMetric;
    for (const name of [...new Set(b.flatMap((r) => Object.keys(r.metrics)))].sort()) {
      const has = (r: ResultFile): boolean => Object.hasOwn(r.metrics, name);
      if (!c.some(has)) continue;
      rows.push({ ...at, name, ...compare(b.filter(has), c.filter(has), name, opts) });
    }
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const order = (x: ComparisonRow, y: ComparisonRow): number =>
    cmp(x.benchmark, y.benchmark) || cmp(x.variant, y.variant) || x.lambda - y.lambda ||
    cmp(x.name, y.name);
  return { rows: rows.sort(order), unmatched };
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
    verdict: changed ? "changed" : "same",
  };
}

/** A speed case: ratio of medians beyond the threshold and a Mann–Whitney test (asv's rule). */
function compareSpeed(
  b: ResultFile[],
  c: ResultFile[],
  name: string,
  opts: CompareOptions,
): Finding {
  const xb = b.flatMap((r) => speedSamples(r, name)), xc = c.flatMap((r) => speedSamples(r, name));
  const mb = median(xb), mc = median(xc);
  const p = rankTestCanDecide(xb.length, xc.length, opts.alpha) ? mannWhitneyTest(xb, xc).p : null;
  const significant = p === null || p < opts.alpha;
  const verdict = !significant
    ? "same"
    : mb / mc > opts.speedThreshold
    ? "slower"
    : mc / mb > opts.speedThreshold
    ? "faster"
    : "same";
  return {
    n: [xb.length, xc.length],
    baseline: mb,
    candidate: mc,
    change: mc / mb,
    speed: true,
    p,
    verdict,
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
  if (row.speed) return `×${num(row.change)}`;
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
  const lines = [
    "### Result comparison",
    "",
    `baseline \`${opts.baselineDir}\` (commit ${commits(opts.commits[0])}), candidate ` +
    `\`${opts.candidateDir}\` (commit ${commits(opts.commits[1])})  `,
    `α = ${opts.alpha} · minimum effect ${num(100 * opts.minEffect)}% · speed threshold ` +
    `×${opts.speedThreshold}`,
    "",
    `**${verdict}** in ${comparison.rows.length} comparisons: ${count("changed")} changed, ` +
    `${count("slower")} slower, ${count("failed")} failed; ${count("faster")} faster. Run ` +
    `configurations only in the baseline: ${comparison.unmatched.baseline}, only in the candidate: ` +
    `${comparison.unmatched.candidate}.`,
    "",
  ];
  const shown = comparison.rows.filter((r) => opts.all || r.verdict !== "same");
  if (shown.length === 0) return [...lines, "No significant change.", ""].join("\n");
  lines.push(
    "| benchmark | variant | λ | metric | n base/cand | baseline | candidate | change | p | verdict |",
    "|---|---|---:|---|---:|---:|---:|---:|---:|---|",
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
      isRegression(r.verdict) ? `**${r.verdict}**` : r.verdict,
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return [...lines, ""].join("\n");
}

/** Loads one side: its results folder and validated results, which must not be empty. */
async function loadSide(dir: string, flag: string): Promise<[string, ResultFile[]]> {
  const folder = await resultsFolderOf(dir, flag);
  const results = (await readResultFolder(folder)).map((f) => f.result);
  if (results.length === 0) {
    throw new UsageError(
      `no result files in ${folder}`,
      flag,
      "give a folder that `deno task bench`, `perf` or `merge` wrote",
    );
  }
  return [folder, results];
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
  const alpha = numberFlag(values, "alpha", { default: 0.05, min: 0, minExclusive: true });
  if (alpha >= 1) {
    throw new UsageError(`bad value '${values.alpha}'`, "--alpha", "give a number > 0 and < 1");
  }
  const opts: CompareOptions = {
    alpha,
    minEffect: numberFlag(values, "min-effect", { default: 0.05, min: 0 }),
    speedThreshold: numberFlag(values, "speed-threshold", { default: 1.1, min: 1 }),
  };
  const [baseDir, base] = await loadSide(values.baseline as string, "--baseline");
  const [candDir, cand] = await loadSide(values.candidate as string, "--candidate");
  const commits = [base, cand].map((rs) => [...new Set(rs.map((r) => r.manifest.commit))]);
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
