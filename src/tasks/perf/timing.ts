/**
 * Timing for speed benchmarks: the one place a run reads the clock (design.md allows it only
 * for perf results, whose figures are times by nature). Every repeat is followed by one sample
 * of the calibration workload, so each timing carries the machine's speed at that moment.
 *
 * @module
 */

import {
  CALIBRATION_UNITS,
  CALIBRATION_VERSION,
  type CalibrationSample,
  calibrationSample,
} from "./calibration.ts";
import { median } from "../../stats/summary.ts";

/** Repeated throughput measurements of one case. */
export interface CaseTiming {
  /** Median over repeats, in units per second. */
  median: number;
  /** Every repeat, in units per second. */
  repeats: number[];
  /** The calibration sample taken right after each repeat. */
  calibration: CalibrationSample[];
}

/**
 * Runs `fn` once to warm up, then `repeats` times, each followed by a calibration sample, and
 * returns `units / seconds` per repeat, their median and the samples. `fn` may be async (worker
 * pools).
 */
export async function measureThroughput(
  fn: () => unknown | Promise<unknown>,
  opts: { units: number; repeats: number },
): Promise<CaseTiming> {
  return (await measureInterleaved({ case: fn }, opts)).case;
}

/**
 * {@link measureThroughput} of several cases in rounds: every case is warmed up first, then each
 * round times every case once, in order. Drift in the machine's speed (other load, the engine
 * warming up) then falls on every case alike instead of on whichever was measured first.
 */
export async function measureInterleaved(
  cases: Record<string, () => unknown | Promise<unknown>>,
  opts: { units: number; repeats: number },
): Promise<Record<string, CaseTiming>> {
  const names = Object.keys(cases);
  for (const name of names) await cases[name]();
  const repeats = names.map((): number[] => []);
  const calibration = names.map((): CalibrationSample[] => []);
  for (let r = 0; r < opts.repeats; r++) {
    for (const [i, name] of names.entries()) {
      const t0 = performance.now();
      await cases[name]();
      repeats[i].push(opts.units / ((performance.now() - t0) / 1000));
      calibration[i].push(calibrationSample());
    }
  }
  return Object.fromEntries(
    names.map((
      name,
      i,
    ) => [name, { median: median(repeats[i]), repeats: repeats[i], calibration: calibration[i] }]),
  );
}

/**
 * Collects case timings into a perf task's output: metrics = medians, artifacts = repeats and
 * the calibration samples beside them (the `calibration` record of design.md).
 */
export function perfOutput(
  cases: Record<string, CaseTiming>,
  unit: string,
): { metrics: Record<string, number>; artifacts: Record<string, unknown>; summary: string } {
  const metrics: Record<string, number> = {};
  const repeats: Record<string, number[]> = {};
  const js: Record<string, number[]> = {}, wasm: Record<string, number[]> = {};
  const lines: string[] = [];
  for (const [name, t] of Object.entries(cases)) {
    metrics[name] = t.median;
    repeats[name] = t.repeats;
    js[name] = t.calibration.map((c) => c.js);
    wasm[name] = t.calibration.map((c) => c.wasm);
    lines.push(`  ${name.padEnd(36)} ${t.median.toExponential(3)} ${unit}`);
  }
  const calibration = { version: CALIBRATION_VERSION, units: CALIBRATION_UNITS, js, wasm };
  return { metrics, artifacts: { unit, repeats, calibration }, summary: lines.join("\n") };
}
