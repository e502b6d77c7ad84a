import assert from "node:assert/strict";
import { UsageError } from "../errors.ts";
import { WorkerPool } from "./pool.ts";
import { COUNT_CALLS, SQUARE } from "./testdata/tasks.ts";

Deno.test("map: the same values in piece order inline and on 2 or 3 workers, each piece once", async () => {
  const expected = Array.from({ length: 9 }, (_, i) => 10 + i * i);
  for (const size of [1, 2, 3]) {
    const events: string[] = [], progress: number[] = [];
    const values = await WorkerPool.with(size, (pool) =>
      pool.map(SQUARE, { base: 10 }, 9, {
        onEvent: (i, e) => events.push(`${i}:${e}`),
        onProgress: (done, total) => progress.push(done / total),
      }));
    assert.deepEqual(values, expected, `size ${size}`);
    assert.deepEqual(events.sort(), expected.map((_, i) => `${i}:at ${i}`).sort());
    assert.deepEqual(progress, expected.map((_, i) => (i + 1) / 9));
  }
});

Deno.test("map: workers are reused across calls, each call with its own job", async () => {
  await WorkerPool.with(2, async (pool) => {
    assert.deepEqual(await pool.map(SQUARE, { base: 0 }, 4), [0, 1, 4, 9]);
    assert.deepEqual(await pool.map(SQUARE, { base: 100 }, 3), [100, 101, 104]);
  });
});

Deno.test("map: a piece's error rejects the call in one line, its class kept; the pool recovers", async () => {
  await WorkerPool.with(2, async (pool) => {
    await assert.rejects(
      () => pool.map(SQUARE, { base: 0, failAt: 3 }, 6),
      (e: Error) => e.message === "worker failed in square: piece 3 failed",
    );
    await assert.rejects(
      () => pool.map(SQUARE, { base: 0, failAt: 1, usage: true }, 6),
      (e: Error) =>
        e instanceof UsageError && e.message === "bad piece (piece 1): give another" &&
        e.exitCode === 2,
    );
    assert.deepEqual(await pool.map(SQUARE, { base: 1 }, 3), [1, 2, 5]);
  });
});

Deno.test("map: stop ends the handing out; pieces never started stay undefined", async () => {
  for (const size of [1, 2]) {
    let started = 0;
    const values = await WorkerPool.with(size, (pool) =>
      pool.map(SQUARE, { base: 0 }, 10, {
        onStart: () => started++,
        stop: () => started >= 2,
      }));
    assert.equal(started, 2);
    assert.deepEqual(values.slice(0, 2), [0, 1]);
    assert.equal(values.filter((v) => v !== undefined).length, 2);
  }
});

Deno.test("each: job k runs in worker k, whose module state lasts between calls", async () => {
  await WorkerPool.with(2, async (pool) => {
    assert.deepEqual(await pool.each(COUNT_CALLS, [10, 20]), [11, 21]);
    assert.deepEqual(await pool.each(COUNT_CALLS, [10, 20]), [12, 22]);
    await assert.rejects(() => pool.each(COUNT_CALLS, [1, 2, 3]), RangeError);
  });
});

Deno.test("map: pieces computes only those, progress counting the others as done", async () => {
  for (const size of [1, 2]) {
    const progress: number[] = [];
    const values = await WorkerPool.with(
      size,
      (pool) =>
        pool.map(SQUARE, { base: 0 }, 5, { pieces: [1, 3], onProgress: (d) => progress.push(d) }),
    );
    assert.deepEqual(Array.from(values), [undefined, 1, undefined, 9, undefined]);
    assert.deepEqual(progress, [4, 5]);
  }
});
