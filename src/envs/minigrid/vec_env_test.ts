import assert from "node:assert/strict";
import { UsageError } from "../../errors.ts";
import { Rng } from "../../rng/mod.ts";
import {
  Action,
  generateLayout,
  MinigridEnv,
  MinigridVecEnv,
  NUM_ACTIONS,
  OBS_SIZE,
} from "./mod.ts";

const EMPTY8 = "MiniGrid-Empty-8x8-v0";
/** Empty-8x8 from (1, 1) facing right to the goal at (6, 6): 11 steps. */
const TO_GOAL = [
  ...Array(5).fill(Action.forward),
  Action.right,
  ...Array(5).fill(Action.forward),
];

/** Env `e`'s image. */
function image(env: MinigridVecEnv, e: number): number[] {
  return [...env.observations.subarray(e * OBS_SIZE, (e + 1) * OBS_SIZE)];
}

/** Env `e`'s full grid and agent, as plain data. */
function state(env: MinigridVecEnv, e: number): unknown {
  const b = env.batch;
  return [[...b.grid.encode(e)], b.agentX[e], b.agentY[e], b.agentDir[e], b.stepCount[e]];
}

Deno.test("each env's layouts come from its own stream: the same whatever B and slicing", () => {
  const rng = Rng.fromSeed(5);
  const big = new MinigridVecEnv({ envId: "MiniGrid-FourRooms-v0", numEnvs: 4, rng });
  const slice = new MinigridVecEnv({
    envId: "MiniGrid-FourRooms-v0",
    numEnvs: 2,
    rng,
    firstEnv: 2,
  });
  assert.deepEqual(state(slice, 0), state(big, 2));
  assert.deepEqual(state(slice, 1), state(big, 3));
  assert.notDeepEqual(state(big, 0), state(big, 1));
  const first = generateLayout("MiniGrid-FourRooms-v0", rng.child(3, 0));
  assert.deepEqual([big.batch.agentX[3], big.batch.agentY[3]], first.agentPos);
  assert.deepEqual([...big.episodes], [1, 1, 1, 1]);
});

Deno.test("auto-reset: the ending step keeps its reward and flags, the observation is the new episode's", () => {
  const env = new MinigridVecEnv({
    envId: EMPTY8,
    numEnvs: 2,
    rng: Rng.fromSeed(1),
    symbolic: true,
  });
  const start = image(env, 0);
  const actions = new Int32Array(2);
  TO_GOAL.forEach((a, t) => {
    actions[0] = a;
    actions[1] = Action.left;
    env.step(actions);
    if (t < TO_GOAL.length - 1) assert.equal(env.terminated[0], 0);
  });
  assert.equal(env.terminated[0], 1);
  assert.equal(env.truncated[0], 0);
  assert.ok(Math.abs(env.rewards[0] - (1 - 0.9 * 11 / 256)) < 1e-6);
  assert.deepEqual([env.finalAgentX[0], env.finalAgentY[0], env.finalAgentDir[0]], [6, 6, 1]);
  assert.deepEqual([...env.finalSymbolic.subarray(0, 3)], [1, 5, 5]);
  assert.deepEqual([env.batch.agentX[0], env.batch.agentY[0], env.batch.stepCount[0]], [1, 1, 0]);
  assert.deepEqual(image(env, 0), start, "the new episode's first image");
  assert.deepEqual([...env.symbolic!.values.subarray(0, 3)], [0, 0, 0]);
  assert.deepEqual([...env.episodes], [2, 1]);
  assert.deepEqual([env.terminated[1], env.batch.agentDir[1]], [0, (0 - 11 + 44) % 4]);
  // The next step clears the flags.
  env.step(actions);
  assert.deepEqual([env.terminated[0], env.rewards[0]], [0, 0]);
});

Deno.test("auto-reset on truncation; without auto-reset the env carries on until reset", () => {
  const auto = new MinigridVecEnv({ envId: EMPTY8, numEnvs: 1, rng: Rng.fromSeed(2) });
  const manual = new MinigridVecEnv({
    envId: EMPTY8,
    numEnvs: 1,
    rng: Rng.fromSeed(2),
    autoReset: false,
  });
  const done = Int32Array.of(Action.done);
  for (let t = 1; t <= 256; t++) {
    auto.step(done);
    manual.step(done);
  }
  assert.deepEqual([auto.truncated[0], auto.batch.stepCount[0], auto.episodes[0]], [1, 0, 2]);
  assert.deepEqual([manual.truncated[0], manual.batch.stepCount[0], manual.episodes[0]], [
    1,
    256,
    1,
  ]);
  manual.reset(0);
  assert.deepEqual([manual.truncated[0], manual.batch.stepCount[0], manual.episodes[0]], [0, 0, 2]);
  assert.deepEqual(state(manual, 0), state(auto, 0), "episode 2 from the same stream");
});

Deno.test("stepping equals a single env on the same layouts, across auto-resets", () => {
  for (
    const envId of [
      "MiniGrid-FourRooms-v0",
      "MiniGrid-DoorKey-8x8-v0",
      "MiniGrid-KeyCorridorS3R2-v0",
    ]
  ) {
    const rng = Rng.fromSeed(11);
    const vec = new MinigridVecEnv({ envId, numEnvs: 3, rng });
    const episode = [0, 0, 0];
    const layout = (e: number) => generateLayout(envId, rng.child(e, episode[e]));
    const single = [0, 1, 2].map((e) => new MinigridEnv(layout(e)));
    const draws = Rng.fromSeed(4), actions = new Int32Array(3);
    let resets = 0;
    for (let t = 0; t < 700; t++) {
      for (let e = 0; e < 3; e++) actions[e] = draws.int(NUM_ACTIONS);
      vec.step(actions);
      for (let e = 0; e < 3; e++) {
        const out = single[e].step(actions[e]);
        assert.deepEqual(
          [vec.rewards[e], vec.terminated[e] === 1, vec.truncated[e] === 1],
          [out.reward, out.terminated, out.truncated],
        );
        if (out.terminated || out.truncated) {
          assert.deepEqual(
            [...vec.finalObservations.subarray(e * OBS_SIZE, (e + 1) * OBS_SIZE)],
            [...single[e].image],
          );
          episode[e]++;
          single[e].reset(layout(e));
          resets++;
        }
        assert.deepEqual(image(vec, e), [...single[e].image], `${envId} env ${e} step ${t}`);
      }
    }
    assert.ok(resets > 0, `${envId}: some episodes ended`);
  }
});

Deno.test("an unknown id or a symbolic observation the id lacks is a UsageError", () => {
  assert.throws(
    () => new MinigridVecEnv({ envId: "MiniGrid-X-v0", numEnvs: 1, rng: Rng.fromSeed(0) }),
    UsageError,
  );
  assert.throws(
    () =>
      new MinigridVecEnv({
        envId: "MiniGrid-DoorKey-8x8-v0",
        numEnvs: 1,
        rng: Rng.fromSeed(0),
        symbolic: true,
      }),
    /has no symbolic observation/,
  );
});
