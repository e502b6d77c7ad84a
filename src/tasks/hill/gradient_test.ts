import assert from "node:assert/strict";
import { hillRollouts } from "../../envs/hill/mod.ts";
import { Rng } from "../../rng/mod.ts";
import { hillWeights } from "../../exploration/variants/hill.ts";
import { gradientChunk, HillGradientSchema } from "./gradient_runs.ts";
import { groupGradient, weightedReturns } from "./rows.ts";

/** Mean and standard error of the unclipped group gradients over `groups` groups of 8. */
function reinforce(K: number, sigma: number, weights: number[], groups: number, seed: number) {
  const size = 8;
  const c = hillRollouts({
    policy: { K, sigma },
    rollouts: groups * size,
    rng: Rng.fromSeed(seed),
    scores: true,
  });
  const gk: number[] = [], gs: number[] = [];
  const G = weightedReturns(c, weights);
  for (let g = 0; g < groups; g++) {
    const [a, b] = groupGradient(c, G, g * size, size);
    gk.push(a);
    gs.push(b);
  }
  const stat = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
    return { mean: m, se: Math.sqrt(v / xs.length) };
  };
  return { K: stat(gk), sigma: stat(gs) };
}

/** Mean of J over many rollouts of one policy. */
function meanJ(K: number, sigma: number, n: number): { mean: number; se: number } {
  const c = hillRollouts({ policy: { K, sigma }, rollouts: n, rng: Rng.fromSeed(99) });
  const m = c.J.reduce((a, b) => a + b, 0) / n;
  const v = c.J.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
  return { mean: m, se: Math.sqrt(v / n) };
}

Deno.test("action bonus: E[ĝ_σ] = 7/8 · ∂E[J_a]/∂σ = 7/8 · 63.397·σ/(σ² + 1e-6); E[ĝ_K] = 0", () => {
  for (const sigma of [0.5, 1, 2]) {
    const g = reinforce(-1, sigma, [0, 0, 0, 1, 0], 2048, 1);
    const exact = (7 / 8) * 63.39677 * sigma / (sigma * sigma + 1e-6);
    assert.ok(
      Math.abs(g.sigma.mean - exact) < 4 * g.sigma.se,
      `σ=${sigma}: ${g.sigma.mean} vs ${exact} ± ${g.sigma.se}`,
    );
    assert.ok(Math.abs(g.K.mean) < 4 * g.K.se, `σ=${sigma}: ĝ_K = ${g.K.mean} ± ${g.K.se}`);
  }
});

Deno.test("none: REINFORCE agrees with 7/8 of a finite difference of J (within standard errors)", () => {
  // Common random numbers at θ ± h keep the difference's noise small.
  for (const [K, sigma, dK, dS] of [[1, 1, 0.3, 0], [1, 1, 0, 0.3], [-2, 1, 0.3, 0]]) {
    const plus = meanJ(K + dK, sigma + dS, 16384), minus = meanJ(K - dK, sigma - dS, 16384);
    const fd = (plus.mean - minus.mean) / (2 * (dK + dS));
    const fdSe = Math.hypot(plus.se, minus.se) / (2 * (dK + dS));
    const g = reinforce(K, sigma, hillWeights("none", 0), 2048, 2);
    const est = dK ? g.K : g.sigma;
    const tol = 4 * Math.hypot(est.se, (7 / 8) * fdSe);
    assert.ok(
      Math.abs(est.mean - (7 / 8) * fd) < tol,
      `(${K}, ${sigma}) d${dK ? "K" : "σ"}: REINFORCE ${est.mean} vs 7/8·FD ${
        (7 / 8) * fd
      } ± ${tol}`,
    );
  }
});

Deno.test("gradient runs do not depend on how they are chunked", () => {
  const base = HillGradientSchema.parse({
    runs: 6,
    steps: 4,
    evalRollouts: 16,
    trajectoryEvery: 2,
  });
  const job = (chunks: number) => ({
    params: { ...base, chunks },
    variant: "state" as const,
    lambda: 0.1,
    seed: 3,
  });
  const whole = gradientChunk(job(1), 0);
  const parts = [0, 1, 2].map((c) => gradientChunk(job(3), c));
  assert.deepEqual(whole, Float64Array.from(parts.flatMap((p) => [...p])));
  const other = gradientChunk({ ...job(1), seed: 4 }, 0);
  assert.notDeepEqual(whole, other);
});
