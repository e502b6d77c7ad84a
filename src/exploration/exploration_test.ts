import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { Rng } from "../rng/mod.ts";
import { SymbolicLayout } from "../nn/mod.ts";
import {
  createExploration,
  futureSource,
  geometric,
  SequenceBatch,
  variantWeights,
} from "./mod.ts";

Deno.test("geometric(1 − γ): P(k > n) = γ^n", () => {
  const rng = Rng.fromSeed(4), gamma = 0.9, n = 200000;
  let beyond10 = 0, sum = 0;
  for (let i = 0; i < n; i++) {
    const k = geometric(rng, gamma, 1000);
    assert.ok(k >= 1);
    sum += k;
    if (k > 10) beyond10++;
  }
  assert.ok(Math.abs(beyond10 / n - gamma ** 10) < 0.004, `${beyond10 / n}`);
  assert.ok(Math.abs(sum / n - 1 / (1 - gamma)) < 0.05, `${sum / n}`);
  assert.equal(geometric(rng, 0.999999, 11), 11);
});

/** A batch of one sequence of length 4 with the given flags per entry. */
function flagged(flags: { terminated?: number[]; truncated?: number[]; newest?: number[] }) {
  const batch = new SequenceBatch(1, 4, 1);
  batch.terminated.set(flags.terminated ?? [0, 0, 0, 0]);
  batch.truncated.set(flags.truncated ?? [0, 0, 0, 0]);
  batch.newest.set(flags.newest ?? [0, 0, 0, 0]);
  return batch;
}

Deno.test("future sampler, corrected: terminals absorb, truncations and the write head bootstrap", () => {
  const src = (batch: SequenceBatch, k: number) =>
    futureSource(batch, 0, { k, fidelity: "corrected" });
  const plain = flagged({});
  assert.deepEqual(src(plain, 1), { entry: 0, bootstrap: false });
  assert.deepEqual(src(plain, 4), { entry: 3, bootstrap: false });
  assert.deepEqual(src(plain, 5), { entry: 3, bootstrap: true });
  const terminal = flagged({ terminated: [0, 1, 0, 0] });
  assert.deepEqual(src(terminal, 1), { entry: 0, bootstrap: false });
  assert.deepEqual(src(terminal, 2), { entry: 1, bootstrap: false });
  assert.deepEqual(src(terminal, 3), { entry: 1, bootstrap: false }, "F1: the terminal absorbs");
  assert.deepEqual(src(terminal, 9), { entry: 1, bootstrap: false }, "F2: no bootstrap past it");
  for (const cut of [flagged({ truncated: [0, 1, 0, 0] }), flagged({ newest: [0, 1, 0, 0] })]) {
    assert.deepEqual(src(cut, 2), { entry: 1, bootstrap: false });
    assert.deepEqual(src(cut, 3), { entry: 1, bootstrap: true }, "F3/F4: cut and bootstrap");
    assert.deepEqual(src(cut, 9), { entry: 1, bootstrap: true });
  }
  const both = flagged({ terminated: [0, 0, 1, 0], truncated: [0, 0, 1, 0] });
  assert.deepEqual(src(both, 4), { entry: 2, bootstrap: false }, "a terminal wins over a cut");
});

Deno.test("future sampler, reference: P2's inverted terminal test, no cuts (F1–F4)", () => {
  const src = (batch: SequenceBatch, k: number) =>
    futureSource(batch, 0, { k, fidelity: "reference" });
  const terminal = flagged({ terminated: [0, 1, 0, 0] });
  assert.deepEqual(src(terminal, 1), { entry: 1, bootstrap: false }, "F1: f ≥ m returns s'_f");
  assert.deepEqual(src(terminal, 3), { entry: 2, bootstrap: false }, "F1: post-terminal kept");
  assert.deepEqual(src(terminal, 9), { entry: 3, bootstrap: true }, "F2: bootstrap ignores it");
  const cut = flagged({ truncated: [1, 0, 0, 0], newest: [0, 1, 0, 0] });
  assert.deepEqual(src(cut, 3), { entry: 2, bootstrap: false }, "F3, F4: flags ignored");
});

Deno.test("variant table (objective.md §6) and λ mapping", () => {
  assert.deepEqual(variantWeights("none"), { alphaSac: 0, alphaInf: 0, horizon: 1 });
  assert.deepEqual(variantWeights("action"), { alphaSac: 0.002, alphaInf: 0, horizon: 1 });
  assert.deepEqual(variantWeights("state"), { alphaSac: 0, alphaInf: 0.01, horizon: 1 });
  assert.deepEqual(variantWeights("joint"), { alphaSac: 0.002, alphaInf: 0.01, horizon: 1 });
  assert.deepEqual(variantWeights("future-kl"), { alphaSac: 0.002, alphaInf: 0.01, horizon: 10 });
  assert.equal(variantWeights("action", 0.5).alphaSac, 0.5);
  assert.equal(variantWeights("future-kl", 0.1).alphaInf, 0.1);
  assert.deepEqual(variantWeights("none", 3), variantWeights("none"));
});

Deno.test("bonus models: rewards lie in [−α_∞ log|Z|, α_∞ log(10³|Z|)]; none and action give 0", async () => {
  await initBackend("cpu");
  const layout = new SymbolicLayout([4, 5, 5], [1, 2]);
  const settings = {
    ...variantWeights("future-kl"),
    gammaVisitation: 0.98,
    lrDensity: 1e-3,
    densityHidden: [16],
    initGain: 1.414,
    adamBeta1: 0.9,
    adamBeta2: 0.999,
    adamEps: 1e-8,
    rewardClip: 1000,
    fidelity: "corrected" as const,
  };
  const batch = new SequenceBatch(8, 10, 3);
  const rng = Rng.fromSeed(2);
  for (let i = 0; i < batch.obs.length; i++) batch.obs[i] = rng.int(i % 3 === 0 ? 4 : 5);
  for (let i = 0; i < batch.nextObs.length; i++) batch.nextObs[i] = rng.int(i % 3 === 0 ? 4 : 5);
  const policy = (_obs: Int32Array, rows: number, out: Int32Array): Promise<void> => {
    out.fill(1, 0, rows);
    return Promise.resolve();
  };
  const before = tf.memory().numTensors;
  // The clip bound is that of P2's density bonuses (objective.md §6); the baselines `count` and
  // `rnd` are not clipped, and the variant kit checks every record.
  for (const variant of ["none", "action", "state", "joint", "future-kl"] as const) {
    const model = createExploration(variant, {
      layout,
      numActions: 7,
      batchSize: 8,
      settings: { ...settings, ...variantWeights(variant) },
      rng: Rng.fromSeed(1),
    });
    const out = new Float32Array(8).fill(NaN);
    for (let i = 0; i < 3; i++) await model.update(batch, policy);
    await model.reward(batch, policy, out);
    const { alphaInf } = variantWeights(variant);
    for (const r of out) {
      assert.ok(r >= -alphaInf * layout.logZ - 1e-7, `${variant}: ${r}`);
      assert.ok(r <= alphaInf * (Math.log(1000) + layout.logZ) + 1e-7, `${variant}: ${r}`);
    }
    if (alphaInf === 0) assert.deepEqual([...out], new Array(8).fill(0));
    if (alphaInf === 0) assert.equal(model.learnsDensity, false, "no bonus, no density step");
    model.dispose();
  }
  assert.equal(tf.memory().numTensors, before, "every tensor freed");
});
