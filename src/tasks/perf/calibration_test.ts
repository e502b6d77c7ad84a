import assert from "node:assert/strict";
import { calibrationSample, wasmWorkload } from "./calibration.ts";

Deno.test("calibration: the hand-assembled wasm matmul computes A·B", () => {
  const { matmul, memory } = wasmWorkload();
  const n = 5;
  const a = Array.from({ length: n * n }, (_, i) => (i % 7) - 3);
  const b = Array.from({ length: n * n }, (_, i) => (i * 3) % 5 + 0.5);
  memory.set(a, 0);
  memory.set(b, n * n);
  matmul(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let want = 0;
      for (let k = 0; k < n; k++) want += a[i * n + k] * b[k * n + j];
      assert.equal(memory[2 * n * n + i * n + j], want, `C[${i}][${j}]`);
    }
  }
});

Deno.test("calibration: a sample gives two positive finite throughputs", () => {
  const s = calibrationSample();
  for (const v of [s.js, s.wasm]) assert.ok(Number.isFinite(v) && v > 0, String(v));
});
