import assert from "node:assert/strict";
import { readResultFolder, type ResultFile } from "../results/mod.ts";
import { Rng } from "../rng/mod.ts";
import { type CompareOptions, compareResults, isRegression, main } from "./compare.ts";

/** compare's defaults. */
const DEFAULTS: CompareOptions = {
  alpha: 0.05,
  minEffect: 0.05,
  speedAlpha: 0.002,
  speedThreshold: 1.1,
};

/** Perf results of two `perf --profile quick` runs on this project's 2-core machine (README). */
const RECORDED = new URL("../../fixtures/perf/", import.meta.url).pathname;

/** Per case of a perf result: its recorded repeats and calibration samples. */
interface Recorded {
  result: ResultFile;
  repeats: Record<string, number[]>;
  js: Record<string, number[]>;
  wasm: Record<string, number[]>;
}

async function recorded(): Promise<Recorded[]> {
  const out: Recorded[] = [];
  for (const run of ["q1", "q2"]) {
    for (const { result } of await readResultFolder(`${RECORDED}${run}`)) {
      const a = result.artifacts as {
        repeats: Record<string, number[]>;
        calibration: { js: Record<string, number[]>; wasm: Record<string, number[]> };
      };
      out.push({ result, repeats: a.repeats, js: a.calibration.js, wasm: a.calibration.wasm });
    }
  }
  return out;
}

/**
 * A perf result resampled from the recorded repeats of its benchmark (both recorded runs
 * pooled, so the noise is the measured one, within and between runs): each case gets `n` repeats
 * drawn with replacement, times `slowdown`; the whole run times `machine` (a faster or slower
 * runner), which its calibration samples share.
 */
function resample(
  pool: Recorded[],
  benchmark: string,
  opts: { rng: Rng; n: number; slowdown: number; machine: number },
): ResultFile {
  const runs = pool.filter((r) => r.result.benchmark === benchmark);
  const repeats: Record<string, number[]> = {}, js: typeof repeats = {}, wasm: typeof repeats = {};
  const metrics: Record<string, number> = {};
  for (const name of Object.keys(runs[0].repeats)) {
    const draws = Array.from({ length: opts.n }, () => {
      const run = runs[opts.rng.int(runs.length)];
      const i = opts.rng.int(run.repeats[name].length);
      const j = opts.rng.int(run.js[name].length);
      return [run.repeats[name][i], run.js[name][j], run.wasm[name][j]];
    });
    repeats[name] = draws.map((d) => d[0] * opts.slowdown * opts.machine);
    js[name] = draws.map((d) => d[1] * opts.machine);
    wasm[name] = draws.map((d) => d[2] * opts.machine);
    metrics[name] = repeats[name][0];
  }
  const base = runs[0].result;
  const calibration = { version: 1, units: { js: "loop iterations/s", wasm: "flop/s" }, js, wasm };
  return { ...base, metrics, artifacts: { ...base.artifacts, repeats, calibration } };
}

/** Alarms and detections of the gate over `pairs` resampled comparisons. */
function gateRates(
  pool: Recorded[],
  opts: { pairs: number; window: number; n: number; slowdown: number; seed: number },
): { alarms: number; caught: number; cases: number } {
  const benchmarks = [...new Set(pool.map((r) => r.result.benchmark))].sort();
  const rng = Rng.fromSeed(opts.seed);
  let alarms = 0, caught = 0, cases = 0;
  for (let k = 0; k < opts.pairs; k++) {
    // Each set on its own machine speed, ±30%: the calibration must cancel it.
    const machine = (): number => 0.7 + 0.6 * rng.uniform();
    const set = (slowdown: number): ResultFile[] =>
      benchmarks.map((b) => resample(pool, b, { rng, n: opts.n, slowdown, machine: machine() }));
    const window = Array.from({ length: opts.window }, () => set(1));
    const cmp = compareResults(window, set(opts.slowdown), DEFAULTS);
    cases += cmp.rows.length;
    alarms += cmp.rows.filter((r) => isRegression(r.verdict)).length;
    caught += cmp.rows.filter((r) => r.verdict === "slower").length;
  }
  return { alarms, caught, cases };
}

Deno.test("compare calibration: no false alarm on identical code, a 30% slowdown caught", async () => {
  const pool = await recorded();
  const report: string[] = [];
  // quick vs quick (7 repeats a side), and the weekly gate's window of 4 sets of 5 repeats.
  for (const [label, window, n] of [["quick 1 vs 1", 1, 7], ["window 4 vs 1", 4, 5]] as const) {
    const same = gateRates(pool, { pairs: 12, window, n, slowdown: 1, seed: 1 });
    const s15 = gateRates(pool, { pairs: 12, window, n, slowdown: 0.85, seed: 2 });
    const s30 = gateRates(pool, { pairs: 12, window, n, slowdown: 0.7, seed: 3 });
    report.push(
      `${label}: false alarms ${same.alarms}/${same.cases}, caught 15%: ${s15.caught}/${s15.cases}, ` +
        `30%: ${s30.caught}/${s30.cases}`,
    );
    assert.equal(same.alarms, 0, report.join("\n"));
    // A 30% slowdown is caught in at least half the cases (measured: 57% quick, 56% window); the
    // rest are cases whose own spread here exceeds ×1/0.7 = ×1.43, so the threshold rises past it.
    assert.ok(s30.caught >= 0.5 * s30.cases, report.join("\n"));
    assert.ok(s15.caught <= s30.caught, report.join("\n"));
  }
  console.log(report.join("\n"));
});

Deno.test("compare: a baseline history folder is judged as a window of its newest sets", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "compare-window-" });
  const pool = await recorded();
  const rng = Rng.fromSeed(7);
  const write = async (dir: string, slowdown: number, machine: number): Promise<void> => {
    await Deno.mkdir(`${dir}/results`, { recursive: true });
    const r = resample(pool, "perf/rng", { rng, n: 5, slowdown, machine });
    await Deno.writeTextFile(`${dir}/results/${r.runId}.json`, JSON.stringify(r));
  };
  // Five weekly sets, the oldest 3× faster (outside the window), then a candidate on a runner
  // half as fast: raw it is ×0.5, normalised the same.
  await write(`${tmp}/history/2026-01-05`, 1, 3);
  for (const d of ["2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02"]) {
    await write(`${tmp}/history/${d}`, 1, 1);
  }
  await write(`${tmp}/cand`, 1, 0.5);
  await write(`${tmp}/slow`, 0.6, 1);
  const out: string[] = [];
  const log = console.log;
  console.log = (s: string) => out.push(s);
  try {
    const args = ["--baseline", `${tmp}/history`, "--candidate"];
    assert.equal(await main([...args, `${tmp}/cand`]), 0);
    assert.match(out.join("\n"), /window of 4 result sets/);
    assert.match(out.join("\n"), /\*\*No regression\*\* in 5 comparisons/);
    assert.equal(await main([...args, `${tmp}/slow`, "--window=2"]), 1);
    assert.match(out.join("\n"), /window of 2 result sets/);
    assert.match(
      out.join("\n"),
      /\| perf\/rng \| none \| 0 \| nextU32 \| 10\/5 \| .* \| ×0\.\d+ \|/,
    );
  } finally {
    console.log = log;
    await Deno.remove(tmp, { recursive: true });
  }
});
