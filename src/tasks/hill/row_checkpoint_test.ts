import assert from "node:assert/strict";
import { UsageError } from "../../errors.ts";
import { readCheckpointSync } from "../../checkpoint/mod.ts";
import { WorkerPool } from "../../workers/pool.ts";
import { RunStopped } from "../task.ts";
import { HillGridSchema } from "./grid.ts";
import { computeLandscape } from "./landscape.ts";

const grid = HillGridSchema.parse({ kCount: 3, sigmaCount: 6, rollouts: 16 });

Deno.test("landscape stopped after 2 rows resumes from its checkpoint to the uninterrupted grids", async () => {
  const whole = await WorkerPool.with(1, (pool) => computeLandscape(grid, 3, pool));
  for (const workers of [1, 2]) {
    const dir = await Deno.makeTempDir();
    const checkpoint: { path: string; everySeconds: number; runKey: string; stopAt?: number } = {
      path: `${dir}/run.json`,
      everySeconds: 0,
      runKey: "run-a",
    };
    const logs: string[] = [];
    const ctx = {
      checkpoint,
      log: (line: string) => logs.push(line),
      // Past the budget once 2 rows are done: no further row is handed out.
      onProgress: (done: number) => {
        if (done >= 2) checkpoint.stopAt = 0;
      },
    };
    const stopped = await WorkerPool.with(workers, (pool) => computeLandscape(grid, 3, pool, ctx))
      .catch((e) => e);
    assert.ok(stopped instanceof RunStopped, `workers ${workers}: ${stopped}`);
    const saved = readCheckpointSync(checkpoint.path)!;
    const rowsSaved = (saved.landscape as { index: number[] }).index.length;
    assert.equal(stopped.done, rowsSaved);
    assert.ok(rowsSaved >= 2 && rowsSaved < 6, `${rowsSaved} rows saved`);
    delete checkpoint.stopAt;
    const resumed = await WorkerPool.with(
      workers,
      (pool) => computeLandscape(grid, 3, pool, { checkpoint, log: ctx.log }),
    );
    assert.deepEqual(resumed, whole);
    assert.ok(logs.includes(`landscape: resumed ${rowsSaved} of 6 rows from ${checkpoint.path}`));
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("another run's checkpoint is refused in one line before any row is computed", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/run.json`;
  await Deno.writeTextFile(path, JSON.stringify({ format: 1, runKey: "other" }));
  await assert.rejects(
    () =>
      WorkerPool.with(
        1,
        (pool) =>
          computeLandscape(grid, 3, pool, {
            checkpoint: { path, everySeconds: 1, runKey: "run-a" },
          }),
      ),
    (e: Error) => e instanceof UsageError && /belongs to another run/.test(e.message),
  );
  await Deno.remove(dir, { recursive: true });
});
