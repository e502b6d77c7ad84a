import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { RunFailure } from "../errors.ts";
import { Rng } from "../rng/mod.ts";
import {
  CONSTANT_BIAS,
  createExploration,
  futureSource,
  geometric,
  Logits,
  Mlp,
  OneHotRows,
  orthogonal,
  SequenceBatch,
  SymbolicLayout,
  variantWeights,
} from "./mod.ts";

/** Max |(W Wᵀ or WᵀW) − gain²·I| over the smaller Gram matrix of a rows × cols weight. */
function gramError(w: Float64Array, rows: number, cols: number, gain: number): number {
  const small = Math.min(rows, cols);
  let err = 0;
  for (let i = 0; i < small; i++) {
    for (let j = 0; j < small; j++) {
      let dot = 0;
      if (rows >= cols) { for (let r = 0; r < rows; r++) dot += w[r * cols + i] * w[r * cols + j]; }
      else for (let c = 0; c < cols; c++) dot += w[i * cols + c] * w[j * cols + c];
      err = Math.max(err, Math.abs(dot - (i === j ? gain * gain : 0)));
    }
  }
  return err;
}

Deno.test("orthogonal init: orthonormal columns (tall) or rows (wide) times the gain, seeded", () => {
  for (const [rows, cols] of [[256, 39], [7, 256], [64, 64]]) {
    const w = orthogonal(rows, cols, 1.414, Rng.fromSeed(3));
    assert.ok(gramError(w, rows, cols, 1.414) < 1e-12, `${rows}×${cols}`);
    assert.deepEqual(w, orthogonal(rows, cols, 1.414, Rng.fromSeed(3)));
  }
  assert.notDeepEqual(orthogonal(5, 5, 1, Rng.fromSeed(1)), orthogonal(5, 5, 1, Rng.fromSeed(2)));
});

Deno.test("symbolic layout: one-hot offsets, padded logit grid, input rows", () => {
  const layout = new SymbolicLayout([4, 3, 2], [1, 2]);
  assert.equal(layout.width, 9);
  assert.equal(layout.slot, 4);
  assert.equal(layout.logZ, Math.log(6));
  assert.deepEqual([...layout.paddedColumns()], [0, 1, 2, 3, 4, 5, 6, 8, 9]);
  const rows = new OneHotRows(layout, { numActions: 3, maxRows: 2 });
  rows.push(Int32Array.of(0, 0, 0, 3, 2, 1), 1, 2);
  assert.equal(rows.width, 13);
  assert.deepEqual([...rows.data.subarray(0, 13)], [0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1]);
  assert.throws(() => new SymbolicLayout([4, 0], [0, 1]), RangeError);
  assert.throws(() => new SymbolicLayout([4, 3], [0, 2]), RangeError);
});

Deno.test("logits: probabilities, log-sum-exp, sampling frequencies, failure on NaN", () => {
  const logits = new Logits(Float32Array.of(0, Math.log(3), 5, 5), "test");
  const p = logits.probabilities(0, 2);
  assert.ok(Math.abs(p[0] - 0.25) < 1e-7 && Math.abs(p[1] - 0.75) < 1e-7);
  assert.ok(Math.abs(logits.logSumExp(2, 2) - (5 + Math.log(2))) < 1e-12);
  const rng = Rng.fromSeed(9);
  let ones = 0;
  for (let i = 0; i < 20000; i++) ones += logits.sample(0, 2, rng);
  assert.ok(Math.abs(ones / 20000 - 0.75) < 0.01, `${ones / 20000}`);
  const bad = new Logits(Float32Array.of(0, NaN), "actor");
  assert.throws(() => bad.sample(0, 2, rng), (e: unknown) => {
    assert.ok(e instanceof RunFailure);
    assert.match(e.message, /actor logits are not finite/);
    return true;
  });
});

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

Deno.test("Mlp: padded outputs start at 0; a target copy follows soft updates", async () => {
  await initBackend("cpu");
  const net = Mlp.create({
    sizes: [3, 4, 2],
    gain: 1,
    rng: Rng.fromSeed(1),
    paddedOutput: { width: 4, columns: Int32Array.of(0, 2) },
  });
  const theta = await net.parameters();
  // Hidden layer: W̃ is 4 × 5, its last column the constant unit (0 weights, bias CONSTANT_BIAS).
  assert.deepEqual([4, 9, 14, 19].map((i) => theta[i]), [0, 0, 0, CONSTANT_BIAS]);
  assert.deepEqual([15, 16, 17, 18].map((i) => theta[i]), [0, 0, 0, 0], "biases start at 0");
  // Output layer: W̃ is 5 × 4 after those 20; columns 1 and 3 are padding.
  for (let i = 0; i < 5; i++) {
    assert.deepEqual([theta[20 + i * 4 + 1], theta[20 + i * 4 + 3]], [0, 0]);
  }
  const target = net.clone();
  const rows = new OneHotRows(new SymbolicLayout([3], [0, 0]), { numActions: 0, maxRows: 3 });
  [0, 1, 2].forEach((x) => rows.push(Int32Array.of(x), 0));
  const before = await net.predict(rows);
  assert.deepEqual(await target.predict(rows), before);
  const moved = Mlp.create({
    sizes: [3, 4, 2],
    gain: 1,
    rng: Rng.fromSeed(2),
    paddedOutput: { width: 4, columns: Int32Array.of(0, 2) },
  });
  target.softUpdateFrom(moved, 0);
  assert.deepEqual(await target.predict(rows), before);
  target.softUpdateFrom(moved, 1);
  assert.deepEqual(await target.predict(rows), await moved.predict(rows));
  assert.deepEqual(await net.predict(rows), before, "the source is unchanged");
  assert.throws(() => net.softUpdateFrom(moved, 0.5), RangeError);
  await assert.rejects(() => target.train(rows, () => {}), RangeError);
  for (const n of [net, target, moved]) n.dispose();
});
