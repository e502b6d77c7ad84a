import assert from "node:assert/strict";
import { BENCHMARKS, selectBenchmarks } from "../../benchmarks/mod.ts";
import { describeEnvironment } from "../backend/manifest.ts";
import { initBackend } from "../backend/mod.ts";
import { executeLockstepBatch, lockstepBatches, runsInLockstep } from "./lockstep_batches.ts";
import { planRuns } from "./runner.ts";
import { runCli } from "./cli_process.ts";

async function minigridRuns(profile: "quick" | "default", backend: "webgpu" | "wasm") {
  const defs = selectBenchmarks(profile, "minigrid/*/MiniGrid-Empty-16x16-v0", BENCHMARKS);
  return await planRuns(defs, { profile, backend, resultsDir: "unused" });
}

Deno.test("lockstep batches: webgpu Minigrid runs grouped by params and density shape, capped", async () => {
  const all = await minigridRuns("default", "webgpu");
  // The lockstep learner implements paper 2's five variants; the baselines train one at a time.
  const baseline = (r: { variant: string }) => r.variant === "count" || r.variant === "rnd";
  assert.ok(all.some(baseline));
  assert.deepEqual(all.filter((r) => !runsInLockstep(r)), all.filter(baseline));
  assert.ok((await minigridRuns("default", "wasm")).every((r) => !runsInLockstep(r)));
  const runs = all.filter(runsInLockstep);
  const batches = lockstepBatches(all, 4);
  // explore and control differ in iterations; per mode: CV 3 runs, MV 6 (4 + 2), none 6 (4 + 2).
  assert.deepEqual(batches.map((b) => b.length).sort(), [2, 2, 2, 2, 3, 3, 4, 4, 4, 4]);
  for (const batch of batches) {
    assert.equal(new Set(batch.map((r) => JSON.stringify(r.params))).size, 1);
  }
  assert.equal(batches.flat().length, runs.length);
});

Deno.test("lockstep batches: a run's result file is the same in a batch of 2 and alone", async () => {
  const info = await initBackend("wasm");
  const environment = await describeEnvironment(info);
  const dir = await Deno.makeTempDir();
  const quick = (await minigridRuns("quick", "wasm")).filter((r) => r.task === "minigrid/explore");
  // Short runs of the lockstep path, written where the test can compare them.
  const runs = quick.filter((r) => r.variant === "state" || r.variant === "joint").map((r) => ({
    ...r,
    backend: "webgpu" as const,
    params: { ...r.params, iterations: 3, evalEvery: 2, evalRollouts: 2 },
  }));
  const texts = async (batches: typeof runs[]): Promise<string[]> => {
    const out: string[] = [];
    for (const batch of batches) {
      const done = await executeLockstepBatch(
        batch.map((r) => ({ ...r, path: `${dir}/${r.runId}.json` })),
        { environment },
      );
      for (const { result } of done) out.push(JSON.stringify({ ...result, manifest: null }));
    }
    return out;
  };
  assert.deepEqual(await texts([runs]), await texts(runs.map((r) => [r])));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("bench --backend webgpu refuses checkpoint flags for its lockstep batches", async () => {
  const out = await runCli("bench.ts", [
    "--backend=webgpu",
    "--only=minigrid/*",
    "--checkpoint-every=5",
    "--list",
  ]);
  assert.equal(out.code, 2);
  assert.match(out.stderr, /^error: lockstep batches .* \(--checkpoint-every\): leave it out/);
});
