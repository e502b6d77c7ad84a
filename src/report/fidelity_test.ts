import assert from "node:assert/strict";
import { HILL_REFERENCES } from "../../benchmarks/reference.ts";
import type { ResultFile } from "../results/mod.ts";
import { hillFidelity, minigridFidelity } from "./fidelity.ts";
import { type LandscapeView, landscapeViews } from "./landscape_view.ts";
import { loadResults } from "./load.ts";

const SIGMA = [0, 0.5, 1, 2, 4];
const K = [-4, -2, -1, -0.5, 0, 1, 2, 3];
/** hill.md §7's J table, one row per σ (σ = 0.5 repeats σ = 0), K = 2 as §6's 33.05. */
const J = [
  [30.6, 51.8, 71.6, 54.2, 62.3, 49.2, 33.05, 33.05],
  [30.6, 51.8, 71.6, 54.2, 62.3, 49.2, 33.05, 33.05],
  [30.7, 51.8, 71.2, 52.4, 61.2, 48.7, 33.05, 33.05],
  [30.7, 51.6, 69.5, 51.9, 58.1, 47.2, 33.05, 33.05],
  [31.4, 51.0, 64.6, 54.9, 49.9, 43.9, 33.1, 33.1],
];

/** A landscape holding the spec's own numbers at the spec's own points. */
function specLandscape(shiftJ = 0): LandscapeView {
  const grid = (f: (s: number, k: number) => number): number[][] =>
    SIGMA.map((_, s) => K.map((_, k) => f(s, k)));
  const jState: Record<string, number> = {
    "0,0": 166.2,
    "-1,0": 282,
    "3,0": 177.3,
    "-0.5,4": 295.5,
    // J_s(−0.5, 0) implied by §6's L table: (63.5 − 54.2)/0.05 ≈ 240.5 − 54.2 ≈ 186.3.
    "-0.5,0": 186.3,
  };
  const columns = {
    J: grid((s, k) => J[s][k] + (K[k] === -1 && SIGMA[s] === 0 ? shiftJ : 0)),
    J_state: grid((s, k) => jState[`${K[k]},${SIGMA[s]}`] ?? 150),
    J_c: grid(() => 0),
    J_action: grid((s) => 63.39677 * 0.5 * Math.log(2 * Math.PI * Math.E * (SIGMA[s] ** 2 + 1e-6))),
    J_fkl: grid(() => 0),
  };
  return {
    result: { runId: "0123456789abcdef", seed: 0 } as ResultFile,
    K,
    sigma: SIGMA,
    columns,
    rollouts: 4096,
  };
}

Deno.test("hill fidelity: the spec's own numbers pass every check", () => {
  const f = hillFidelity(specLandscape());
  assert.deepEqual([f.passed, f.failed, f.missing], [HILL_REFERENCES.length, 0, 0]);
  for (const r of f.table.rows) assert.equal(r[7].text, "", `no caveat expected: ${r[0].text}`);
});

Deno.test("hill fidelity: a value off by more than its tolerance fails, with the point it was read at", () => {
  const f = hillFidelity(specLandscape(2));
  const verdict = (id: string): string => f.table.rows.find((r) => r[0].text === id)![6].text;
  assert.equal(verdict("J(-1, 0)"), "fail");
  assert.equal(verdict("cross basin: local maximum of J near K = -1"), "fail");
  assert.equal(verdict("J(-1, 1)"), "pass");
  const row = f.table.rows.find((r) => r[0].text === "J(-1, 0)")!;
  assert.equal(row[3].text, "73.6");
  assert.equal(row[4].text, "(K = -1, σ = 0)");
});

Deno.test("hill fidelity: without a landscape every check says so", () => {
  const f = hillFidelity(undefined);
  assert.deepEqual([f.passed, f.failed, f.missing], [0, 0, HILL_REFERENCES.length]);
  assert.match(f.source, /no hill\/landscape result/);
});

Deno.test("hill fidelity on the quick fixture: nearest grid point and rollout caveats are named", async () => {
  const loaded = await loadResults([new URL("../../fixtures/results", import.meta.url).pathname]);
  const f = hillFidelity(landscapeViews(loaded.results)[0]);
  const row = f.table.rows.find((r) => r[0].text === "J(-1, 0)")!;
  assert.equal(row[4].text, "(K = -0.85, σ = 0)");
  assert.match(row[7].text, /off by \|ΔK\| = 0\.15/);
  assert.match(row[7].text, /256 rollouts per point; the tolerance assumes ≥ 4096/);
  assert.equal(f.passed + f.failed, HILL_REFERENCES.length);
});

/** A minimal Minigrid result with one final metric. */
function run(
  env: string,
  variant: ResultFile["variant"],
  lambda: number,
  seed: number,
  value: number,
): ResultFile {
  return {
    schema: 1,
    runId: `${seed}`.padStart(16, "0"),
    benchmark: `minigrid/control/${env}`,
    variant,
    lambda,
    seed,
    config: {},
    manifest: {
      commit: "unknown",
      dirty: false,
      deno: "2",
      tfjs: "4.22.0",
      backend: "wasm",
      adapter: null,
      os: "linux",
      cpus: 1,
      startedAt: "2026-01-01T00:00:00.000Z",
      wallSeconds: 1,
    },
    metrics: { final_return: value },
  };
}

Deno.test("Minigrid fidelity: CI or tolerance match, orderings, and checks without results", () => {
  const env = "MiniGrid-Empty-16x16-v0";
  const results = [
    ...[0.58, 0.59, 0.585].map((v, s) => run(env, "future-kl", 0.01, s, v)),
    ...[0.3, 0.31, 0.29].map((v, s) => run(env, "joint", 0.01, s, v)),
  ];
  const f = minigridFidelity(results);
  const verdict = (id: string): string => f.table.rows.find((r) => r[0].text === id)![6].text;
  assert.equal(verdict("control Empty-16x16 OPAC+CV final_return"), "pass");
  assert.equal(verdict("control Empty-16x16 OPAC+MV final_return"), "fail");
  assert.equal(verdict("control Empty-16x16: OPAC+CV ≥ OPAC+MV"), "pass");
  assert.equal(verdict("control Empty-16x16: OPAC+MV > SAC"), "no result");
  assert.equal(verdict("control S9N1 OPAC+CV final_return"), "no result");
  assert.deepEqual([f.passed, f.failed], [2, 1]);
});

Deno.test("Minigrid fidelity: too few iterations or both values at 0 are not comparable", () => {
  const env = "MiniGrid-Empty-16x16-v0";
  const short = (r: ResultFile): ResultFile => ({
    ...r,
    config: { params: { iterations: 10000 } },
  });
  const results = [
    ...[0.58, 0.59, 0.585].map((v, s) => short(run(env, "future-kl", 0.01, s, v))),
    ...[0, 0, 0].map((v, s) => run(env, "joint", 0.01, s, v)),
    ...[0, 0, 0].map((v, s) => run(env, "action", 0.002, s, v)),
  ];
  const f = minigridFidelity(results);
  const row = (id: string) => f.table.rows.find((r) => r[0].text === id)!;
  assert.equal(row("control Empty-16x16 OPAC+CV final_return")[6].text, "not comparable");
  assert.match(row("control Empty-16x16 OPAC+CV final_return")[7].text, /ran 10000 iterations/);
  assert.equal(row("control Empty-16x16: OPAC+MV > SAC")[6].text, "not comparable");
  assert.match(row("control Empty-16x16: OPAC+MV > SAC")[7].text, /floor \(0 vs 0\)/);
  assert.ok(f.incomparable >= 2);
});
