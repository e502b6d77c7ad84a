import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import { RunFailure } from "../errors.ts";
import { Rng } from "../rng/mod.ts";
import { CONSTANT_BIAS, Logits, Mlp, OneHotRows, orthogonal, SymbolicLayout } from "./mod.ts";

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

Deno.test("symbolic layout: an observation's key tells it from every other one", () => {
  const small = new SymbolicLayout([4, 3, 2], [1, 2]), obs = new Int32Array(3 * 24);
  for (let r = 0; r < 24; r++) obs.set([r % 4, Math.floor(r / 4) % 3, Math.floor(r / 12)], r * 3);
  const keys = Array.from({ length: 24 }, (_, r) => small.key(obs, r));
  assert.equal(new Set(keys).size, 24);
  assert.ok(keys.every((k) => typeof k === "number"));
  // Past 2^53 a number would merge observations, so the key is a string.
  const wide = new SymbolicLayout(Array(20).fill(10), [0, 1]), a = new Int32Array(40);
  a[39] = 1;
  assert.equal(typeof wide.key(a, 0), "string");
  assert.notEqual(wide.key(a, 0), wide.key(a, 1));
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
