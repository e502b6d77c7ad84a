/**
 * Guards the numbers of the five original variants against refactors: a digest of a small hill
 * landscape row, a gradient chunk per variant and each Minigrid bonus model's rewards after two
 * density steps, recorded on commit 706f43d (before the variant records) and unchanged since.
 * A change that is meant to alter these numbers updates the digest and says why in its commit.
 */

import assert from "node:assert/strict";
import { initBackend } from "../../backend/mod.ts";
import { Rng } from "../../rng/mod.ts";
import { SymbolicLayout } from "../../nn/symbolic.ts";
import { gradientChunk, HillGradientSchema } from "../../tasks/hill/gradient_runs.ts";
import { HillGridSchema } from "../../tasks/hill/grid.ts";
import { LANDSCAPE_FIELDS, landscapeRow } from "../../tasks/hill/rows.ts";
import { createExploration, variantWeights } from "../mod.ts";
import { SequenceBatch } from "../exploration.ts";

const RECORDED = "4ab132703ef2163e27a138894ab9cd3a38f90fd4fd4de9f3734f927cc1f69652";

Deno.test("the five original variants give the numbers recorded before the variant records", async () => {
  await initBackend("cpu");
  const parts: number[] = [];
  const grid = HillGridSchema.parse({
    kMin: -4,
    kMax: 3,
    sigmaMin: 0,
    sigmaMax: 4,
    kCount: 5,
    sigmaCount: 3,
    rollouts: 32,
  });
  const row = landscapeRow({ grid, seed: 1234 }, 1);
  for (const c of ["J", "J_state", "J_c", "J_action", "J_fkl"]) {
    for (const name of [c, `stderr_${c}`]) {
      const f = LANDSCAPE_FIELDS.indexOf(name);
      parts.push(...row.subarray(f * 5, f * 5 + 5));
    }
  }
  for (const variant of ["none", "action", "state", "joint", "future-kl"] as const) {
    const params = HillGradientSchema.parse({
      runs: 4,
      steps: 6,
      evalRollouts: 8,
      chunks: 1,
      trajectoryEvery: 3,
    });
    parts.push(...gradientChunk({ params, variant, lambda: 0.1, seed: 1234 }, 0));
    const model = createExploration(variant, {
      layout: new SymbolicLayout([4, 5, 5], [1, 2]),
      numActions: 7,
      batchSize: 8,
      rng: Rng.fromSeed(3),
      settings: {
        ...variantWeights(variant),
        gammaVisitation: 0.98,
        lrDensity: 1e-3,
        densityHidden: [16],
        initGain: 1.414,
        adamBeta1: 0.9,
        adamBeta2: 0.999,
        adamEps: 1e-8,
        rewardClip: 1000,
        fidelity: "corrected",
      },
    });
    const batch = new SequenceBatch(8, 10, 3), rng = Rng.fromSeed(2);
    for (let i = 0; i < batch.obs.length; i++) {
      batch.obs[i] = rng.int(i % 3 ? 5 : 4);
      batch.nextObs[i] = rng.int(i % 3 ? 5 : 4);
    }
    const policy = (_obs: Int32Array, rows: number, out: Int32Array): Promise<void> => {
      out.fill(1, 0, rows);
      return Promise.resolve();
    };
    const out = new Float32Array(8);
    for (let i = 0; i < 2; i++) await model.update(batch, policy);
    await model.reward(batch, policy, out);
    parts.push(...out);
    model.dispose();
  }
  const bytes = new Uint8Array(Float64Array.from(parts).buffer);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  assert.equal(parts.length, 290);
  assert.equal(hex, RECORDED);
});
