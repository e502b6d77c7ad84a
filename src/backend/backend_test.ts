import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { BACKENDS, initBackend, parseBackend } from "./mod.ts";
import { describeEnvironment } from "./manifest.ts";
import { UsageError } from "../errors.ts";

/** Computes a small matmul on the active backend, read back asynchronously. */
async function matmul(): Promise<number[]> {
  const a = tf.tensor2d([[1, 2], [3, 4]]);
  const c = tf.matMul(a, a);
  const out = Array.from(await c.data());
  tf.dispose([a, c]);
  return out;
}

Deno.test("parseBackend accepts the five names and rejects others with the allowed list", () => {
  for (const b of BACKENDS) assert.equal(parseBackend(b), b);
  assert.throws(() => parseBackend("gpu"), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /unknown backend 'gpu' \(--backend\): use one of js, wasm, cpu/);
    return true;
  });
});

for (const name of ["wasm", "cpu"] as const) {
  Deno.test(`backend ${name} initialises and computes a matmul`, async () => {
    const info = await initBackend(name);
    assert.equal(info.backend, name);
    assert.equal(tf.getBackend(), name);
    assert.equal(info.tfjs, "4.22.0");
    assert.deepEqual(await matmul(), [7, 10, 15, 22]);
  });
}

Deno.test("backend webgpu computes on an adapter when one exists, else fails with the fix", async () => {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) {
    await assert.rejects(() => initBackend("webgpu"), /no WebGPU adapter found/);
    return;
  }
  const info = await initBackend("webgpu");
  assert.ok(info.adapter && info.adapter.length > 0, "adapter name recorded");
  assert.deepEqual(await matmul(), [7, 10, 15, 22]);
  await initBackend("cpu");
});

Deno.test("backend tensorflow without tfjs-node fails with one line naming the install", async () => {
  await assert.rejects(() => initBackend("tensorflow"), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.equal(e.exitCode, 2);
    assert.match(e.message, /npm install @tensorflow\/tfjs-node/);
    assert.ok(!e.message.includes("\n"));
    return true;
  });
});

Deno.test("the manifest describes code, versions and machine", async () => {
  const m = await describeEnvironment(await initBackend("js"));
  assert.equal(m.backend, "js");
  assert.equal(m.deno, Deno.version.deno);
  assert.ok(m.commit === "unknown" || /^[0-9a-f]{40}$/.test(m.commit));
  assert.ok(m.cpus >= 1);
});
