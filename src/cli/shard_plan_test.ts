import assert from "node:assert/strict";
import { BENCHMARKS, selectBenchmarks } from "../../benchmarks/mod.ts";
import { UsageError, WriteFailure } from "../errors.ts";
import { DEFAULT_COSTS } from "./plan.ts";
import { type PlannedRun, planRuns } from "./runner.ts";
import {
  type PlanFile,
  planShards,
  readLearnerCosts,
  readPlan,
  type RunCost,
  runCosts,
  runsOfShard,
  shardSeconds,
  writePlanSync,
} from "./shard_plan.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A cost of `coreSeconds` for a run named `id`. */
function cost(id: string, coreSeconds: number, oneCore = true): RunCost {
  return { run: { runId: id } as PlannedRun, coreSeconds, oneCore };
}

Deno.test("LPT: longest first, each to the least loaded shard; ties by run id and shard index", () => {
  const costs = [
    cost("a", 2),
    cost("b", 7),
    cost("c", 3),
    cost("d", 5),
    cost("e", 3),
    cost("f", 4),
  ];
  const shards = planShards(costs, { shards: 2, cores: 1 });
  // b 7 → 1; d 5 → 2; f 4 → 2 (9); c 3 → 1 (10); e 3 → 2 (12); a 2 → 1 (12).
  assert.deepEqual(shards.map((s) => s.costs.map((c) => c.run.runId)), [["b", "c", "a"], [
    "d",
    "f",
    "e",
  ]]);
  assert.deepEqual(shards.map((s) => s.seconds), [12, 12]);
  assert.deepEqual(planShards([...costs].reverse(), { shards: 2, cores: 1 }), shards);
  // More shards than runs: the rest are empty, 0 s.
  assert.deepEqual(planShards([cost("a", 1)], { shards: 3, cores: 2 }).map((s) => s.seconds), [
    1,
    0,
    0,
  ]);
});

Deno.test("a shard's time: all-core runs first, then one-core runs on the first core to free up", () => {
  // 2 cores: 8 core-s of all-core work = 4 s, then 5 | 3 + 1 on the two cores.
  assert.equal(shardSeconds([cost("h", 8, false), cost("x", 5), cost("y", 3), cost("z", 1)], 2), 9);
  // A long run bounds the shard whatever the cores.
  assert.equal(shardSeconds([cost("x", 10), cost("y", 1)], 4), 10);
});

Deno.test("learner runs cost iterations × measured ms; other runs their 2-core budget", async () => {
  const costs = await readLearnerCosts(`${ROOT}${DEFAULT_COSTS}`);
  assert.match(costs.measured, /^\d{4}-\d\d-\d\dT\d\d:\d\dZ, \d+ cpus, linux/);
  const defs = selectBenchmarks("quick", "minigrid/explore/*", BENCHMARKS);
  const runs = await planRuns(defs, { profile: "quick", resultsDir: "r" });
  for (const c of runCosts(runs, costs)) {
    assert.ok(c.oneCore);
    // A variant newer than the measurement is costed as the slowest measured one.
    const slowest = Math.max(
      ...Object.entries(costs.msPerIteration).filter(([k]) => k.startsWith("wasm/")).map(([, v]) =>
        v
      ),
    );
    const ms = costs.msPerIteration[`wasm/${c.run.variant}`] ?? slowest;
    assert.equal(c.coreSeconds, (200 * ms) / 1000);
  }
  const hill = await planRuns(selectBenchmarks("quick", "hill/landscape", BENCHMARKS), {
    profile: "quick",
    resultsDir: "r",
  });
  assert.deepEqual(runCosts(hill, costs).map((c) => [c.oneCore, c.coreSeconds]), [[false, 60]]);
  assert.throws(
    () => runCosts(runs, { ...costs, msPerIteration: {} }),
    (e: unknown) =>
      e instanceof UsageError && /no measured time for wasm\/\S+/.test(e.what) &&
      e.where === `${ROOT}${DEFAULT_COSTS}: field artifacts.msPerIteration`,
  );
  // A result of another benchmark is not a cost source.
  const other = [...Deno.readDirSync(`${ROOT}fixtures/results`)][0].name;
  await assert.rejects(
    () => readLearnerCosts(`${ROOT}fixtures/results/${other}`),
    (e: unknown) => e instanceof UsageError && /not a perf\/learner result/.test(e.what),
  );
});

Deno.test("plan files round-trip; a shard count or run id that does not fit is refused", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "plan-" });
  const defs = selectBenchmarks("quick", "minigrid/explore/*", BENCHMARKS);
  const runs = await planRuns(defs, { profile: "quick", resultsDir: "r" });
  const plan: PlanFile = {
    schema: 1,
    profile: "quick",
    only: "minigrid/explore/*",
    cores: 2,
    hours: 1,
    costs: DEFAULT_COSTS,
    levels: 1,
    shards: [{ hours: 0, runs: [runs[3].runId, runs[0].runId] }, { hours: 0, runs: [] }],
  };
  writePlanSync(`${tmp}/plan.json`, plan);
  // A plan that cannot be written blames --write, the flag that named it.
  assert.throws(
    () => writePlanSync(`${tmp}/plan.json/in-a-file.json`, plan),
    (e: unknown) => e instanceof WriteFailure && e.where === "--write",
  );
  const read = await readPlan(`${tmp}/plan.json`);
  assert.deepEqual(read, plan);
  const path = `${tmp}/plan.json`;
  assert.deepEqual(runsOfShard(read, runs, { shard: [1, 2], path }), [runs[3], runs[0]]);
  assert.deepEqual(runsOfShard(read, runs, { shard: [2, 2], path }), []);
  assert.throws(
    () => runsOfShard(read, runs, { shard: [1, 3], path }),
    (e: unknown) => e instanceof UsageError && e.where === "--shard" && /i\/2/.test(e.fix),
  );
  assert.throws(
    () => runsOfShard(read, runs.slice(1), { shard: [1, 2], path }),
    (e: unknown) =>
      e instanceof UsageError && e.where === path && /not in profile quick/.test(e.what),
  );
  await Deno.writeTextFile(path, JSON.stringify({ ...plan, shards: [] }));
  await assert.rejects(
    () => readPlan(path),
    (e: unknown) => e instanceof UsageError && e.where === `${path}: field shards`,
  );
  await Deno.remove(tmp, { recursive: true });
});
