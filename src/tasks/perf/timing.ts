/**
 * Timing for speed benchmarks: the one place a run reads the clock (design.md allows it only
 * for perf results, whose figures are times by nature).
 *
 * @module
 */

/** Repeated throughput measurements of one case. */
export interface CaseTiming {
  /** Median over repeats, in units per second. */
  median: number;
  /** Every repeat, in units per second. */
  repeats: number[];
}

/**
 * Runs `fn` once to warm up, then `repeats` times, and returns `units / seconds` per repeat and
 * their median. `fn` may be async (worker pools).
 */
export async function measureThroughput(
  fn: () => unknown | Promise<unknown>,
  opts: { units: number; repeats: number },
): Promise<CaseTiming> {
  await fn();
  const repeats: number[] = [];
  for (let r = 0; r < opts.repeats; r++) {
    const t0 = performance.now();
    await fn();
    repeats.push(opts.units / ((performance.now() - t0) / 1000));
  }
  const sorted = [...repeats].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, repeats };
}

/** Collects case timings into a perf task's output: metrics = medians, artifacts = repeats. */
export function perfOutput(
  cases: Record<string, CaseTiming>,
  unit: string,
): { metrics: Record<string, number>; artifacts: Record<string, unknown>; summary: string } {
  const metrics: Record<string, number> = {};
  const repeats: Record<string, number[]> = {};
  const lines: string[] = [];
  for (const [name, t] of Object.entries(cases)) {
    metrics[name] = t.median;
    repeats[name] = t.repeats;
    lines.push(`  ${name.padEnd(36)} ${t.median.toExponential(3)} ${unit}`);
  }
  return { metrics, artifacts: { unit, repeats }, summary: lines.join("\n") };
}
