import assert from "node:assert/strict";
import { UsageError } from "../../errors.ts";
import { Rng } from "../../rng/mod.ts";
import { MINIGRID_SPEED_TASK, MinigridSpeedSchema } from "./minigrid_speed.ts";

/** Runs the task with `params` on seed 0. */
function run(params: Record<string, unknown>): ReturnType<typeof MINIGRID_SPEED_TASK.run> {
  return MINIGRID_SPEED_TASK.run({
    params: MinigridSpeedSchema.parse(params),
    variant: "none",
    lambda: 0,
    seed: 0,
    rng: Rng.fromSeed(0),
    workers: 2,
  });
}

Deno.test("perf/minigrid: one case per env, B and worker count (B ≥ W), episodes auto-reset", async () => {
  const out = await run({
    envIds: ["MiniGrid-FourRooms-v0"],
    batchSizes: [1, 4],
    workers: [1, 2],
    stepsPerRepeat: 2000,
    repeats: 1,
  });
  assert.deepEqual(Object.keys(out.metrics), [
    "MiniGrid-FourRooms-v0/b1/w1",
    "MiniGrid-FourRooms-v0/b4/w1",
    "MiniGrid-FourRooms-v0/b4/w2",
  ]);
  for (const v of Object.values(out.metrics)) assert.ok(Number.isFinite(v) && v > 0);
  // 4000 steps (warm-up and one repeat) with FourRooms' 100-step budget end ≥ 40 episodes.
  const ended = out.artifacts!.episodesEnded as Record<string, number>;
  for (const n of Object.values(ended)) assert.ok(n >= 40, `${n} episodes`);
  assert.equal(out.artifacts!.unit as string, "env-steps/s");
});

Deno.test("perf/minigrid: an unknown env id fails before any worker starts", async () => {
  await assert.rejects(() => run({ envIds: ["MiniGrid-Typo-v0"] }), UsageError);
});
