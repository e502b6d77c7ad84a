import * as assert from "node:assert/strict";
import { loadResults } from "./load.ts";
import { hillPage } from "./hill_page.ts";
import type { ResultFile } from "../results/mod.ts";

const FIXTURES = new URL("../../fixtures/results", import.meta.url).pathname;

/** `n` values from `a[0]` to `a[a.length - 1]`, evenly spaced. */
function stretchAxis(a: number[], n: number): number[] {
  const lo = a[0], hi = a[a.length - 1];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** Every `grid[iσ][iK]` in `v` resampled (nearest) to n × n; other values kept. */
function stretch(v: unknown, m: number, n: number): unknown {
  const isGrid = Array.isArray(v) && v.length === m && v.every((row) => Array.isArray(row));
  if (isGrid) {
    const g = v as number[][];
    const pick = (i: number): number => Math.min(m - 1, Math.floor((i * m) / n));
    return Array.from(
      { length: n },
      (_, i) => Array.from({ length: n }, (_, j) => g[pick(i)][pick(j)]),
    );
  }
  if (v && typeof v === "object" && !Array.isArray(v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stretch(x, m, n)]));
  }
  return v;
}

/** A fixture hill result with its grids stretched to the `full` profile's 200 × 200. */
function atFullScale(r: ResultFile): ResultFile {
  const a = r.artifacts as { K: number[]; sigma: number[] };
  const m = a.K.length, n = 200;
  return {
    ...r,
    artifacts: {
      ...(stretch(r.artifacts, m, n) as Record<string, unknown>),
      K: stretchAxis(a.K, n),
      sigma: stretchAxis(a.sigma, n),
    },
  };
}

Deno.test("hill page: 200×200 landscape and improvement grids render (no spread of 10⁵ values)", async () => {
  const { results } = await loadResults([FIXTURES]);
  const big = results
    .filter((r) => r.benchmark === "hill/landscape" || r.benchmark === "hill/improvement")
    .map(atFullScale);
  assert.equal(big.length, 2);
  const page = await hillPage(big);
  const html = JSON.stringify(page);
  assert.match(html, /hill\/landscape seed \d+: 200×200 grid/);
  assert.match(html, /hill\/improvement seed \d+: 200×200 grid/);
});
