import assert from "node:assert/strict";
import { Rng } from "../../rng/mod.ts";
import {
  Action,
  Color,
  DoorState,
  MINIGRID_ENVS,
  MinigridBatch,
  MinigridEnv,
  type MinigridLayout,
  ObjectType,
  OBS_SIZE,
  parseResetRecord,
  restoreLayout,
  TraceFormatError,
} from "./mod.ts";

const TRACES = new URL("../../../fixtures/minigrid/traces/", import.meta.url);

/** Cell codes of the map characters used by {@link mapLayout}. */
const CHARS: Record<string, [number, number, number]> = {
  ".": [ObjectType.empty, 0, 0],
  "W": [ObjectType.wall, Color.grey, 0],
  "G": [ObjectType.goal, Color.green, 0],
  "L": [ObjectType.lava, Color.red, 0],
  "F": [ObjectType.floor, Color.blue, 0],
  "o": [ObjectType.door, Color.yellow, DoorState.open],
  "d": [ObjectType.door, Color.yellow, DoorState.closed],
  "l": [ObjectType.door, Color.yellow, DoorState.locked],
  "k": [ObjectType.key, Color.yellow, 0],
  "r": [ObjectType.key, Color.red, 0],
  "b": [ObjectType.ball, Color.blue, 0],
  "x": [ObjectType.box, Color.purple, 0],
};

/** A layout drawn as rows of characters (row y, column x), with the agent and extras given. */
function mapLayout(
  rows: string[],
  opts: Partial<Omit<MinigridLayout, "width" | "height" | "grid">> = {},
): MinigridLayout {
  const height = rows.length, width = rows[0].length;
  const grid = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) grid.set(CHARS[rows[y][x]], (x * height + y) * 3);
  }
  return {
    width,
    height,
    grid,
    agentPos: [1, 1],
    agentDir: 0,
    seeThroughWalls: false,
    maxSteps: 100,
    boxes: [],
    targetPos: null,
    ...opts,
  };
}

/** Cell (i, j) of a 7×7×3 image. */
function viewCell(image: Uint8Array, i: number, j: number): number[] {
  const o = (i * 7 + j) * 3;
  return [...image.subarray(o, o + 3)];
}

/** Full-grid cell (x, y) of an env. */
function gridCell(env: MinigridEnv, x: number, y: number): number[] {
  return env.batch.grid.get(0, x, y);
}

Deno.test("an action outside 0..6 throws and changes nothing", () => {
  const env = new MinigridEnv(mapLayout(["WWWWW", "W...W", "WWWWW"]));
  for (const bad of [-1, 7, 100, 2.5]) {
    assert.throws(() => env.step(bad), RangeError);
  }
  const batch = new MinigridBatch({ numEnvs: 2, maxWidth: 5, maxHeight: 3 });
  batch.loadLayout(0, mapLayout(["WWWWW", "W...W", "WWWWW"]));
  batch.loadLayout(1, mapLayout(["WWWWW", "W...W", "WWWWW"]));
  assert.throws(() => batch.step(Int32Array.of(2, 7)), /action 7 of env 1 is not one of 0\.\.6/);
  assert.deepEqual([...batch.stepCount, ...batch.agentX], [0, 0, 1, 1], "env 0 did not move");
  assert.throws(() => batch.step(Int32Array.of(2)), /expects 2 actions/);
});

Deno.test("stepping before every env has a layout throws", () => {
  const batch = new MinigridBatch({ numEnvs: 2, maxWidth: 5, maxHeight: 3 });
  batch.loadLayout(1, mapLayout(["WWWWW", "W...W", "WWWWW"]));
  assert.throws(() => batch.step(Int32Array.of(0, 0)), /env 0 has no layout/);
});

Deno.test("turning, walls, and the goal reward 1 − 0.9·stepCount/maxSteps", () => {
  const env = new MinigridEnv(mapLayout(["WWWWW", "W..GW", "WWWWW"], { maxSteps: 10 }));
  assert.deepEqual(env.step(Action.left), { reward: 0, terminated: false, truncated: false });
  assert.equal(env.agentDir, 3);
  env.step(Action.forward); // a wall: no move, still a step
  assert.deepEqual(env.agentPos, [1, 1]);
  env.step(Action.right);
  env.step(Action.forward);
  assert.deepEqual(env.agentPos, [2, 1]);
  const last = env.step(Action.forward);
  assert.deepEqual(env.agentPos, [3, 1]);
  assert.equal(last.terminated, true);
  assert.ok(Math.abs(last.reward - (1 - 0.9 * 5 / 10)) < 1e-7);
  assert.deepEqual(gridCell(env, 3, 1), [8, 1, 0], "the goal stays in the grid");
  assert.deepEqual(viewCell(env.image, 3, 6), [1, 0, 0], "the agent's cell shows empty hands");
});

Deno.test("lava ends the episode with reward 0; truncation can coincide with termination", () => {
  const env = new MinigridEnv(mapLayout(["WWWW", "W.LW", "WWWW"], { maxSteps: 1 }));
  assert.deepEqual(env.step(Action.forward), { reward: 0, terminated: true, truncated: true });
  assert.deepEqual(env.agentPos, [2, 1]);
  assert.deepEqual(env.step(Action.done), { reward: 0, terminated: false, truncated: true });
  assert.equal(env.stepCount, 2);
});

Deno.test("pickup, drop, and carried objects in the agent's own view cell", () => {
  const env = new MinigridEnv(mapLayout(["WWWWW", "W.bFW", "WWWWW"]));
  env.step(Action.drop); // nothing carried: no effect
  env.step(Action.pickup);
  assert.deepEqual(env.carrying, [6, 2, 0]);
  assert.deepEqual(gridCell(env, 2, 1), [1, 0, 0]);
  assert.deepEqual(viewCell(env.image, 3, 6), [6, 2, 0]);
  env.step(Action.forward);
  env.step(Action.drop); // onto floor: not allowed
  assert.deepEqual(env.carrying, [6, 2, 0]);
  env.step(Action.left);
  env.step(Action.left);
  env.step(Action.forward);
  env.step(Action.left);
  env.step(Action.left);
  env.step(Action.drop);
  assert.equal(env.carrying, null);
  assert.deepEqual(gridCell(env, 2, 1), [6, 2, 0]);
});

Deno.test("doors: a locked door opens only for a key of its colour, which is kept", () => {
  const env = new MinigridEnv(mapLayout(["WWWWWW", "W.r.lW", "WWWWWW"], { agentPos: [3, 1] }));
  env.step(Action.toggle);
  assert.deepEqual(gridCell(env, 4, 1), [4, 4, 2], "no key: still locked");
  env.step(Action.left);
  env.step(Action.left);
  env.step(Action.pickup); // the red key
  env.step(Action.right);
  env.step(Action.right);
  env.step(Action.toggle);
  assert.deepEqual(gridCell(env, 4, 1), [4, 4, 2], "a red key does not open a yellow door");

  const env2 = new MinigridEnv(mapLayout(["WWWWWW", "Wk..lW", "WWWWWW"], { agentPos: [2, 1] }));
  env2.step(Action.left);
  env2.step(Action.left);
  env2.step(Action.pickup);
  env2.step(Action.right);
  env2.step(Action.right);
  env2.step(Action.forward);
  env2.step(Action.toggle);
  assert.deepEqual(gridCell(env2, 4, 1), [4, 4, 0], "unlocked and open");
  assert.deepEqual(env2.carrying, [5, 4, 0], "the key is kept");
  env2.step(Action.toggle);
  assert.deepEqual(gridCell(env2, 4, 1), [4, 4, 1], "an unlocked door closes");
  env2.step(Action.forward);
  assert.deepEqual(env2.agentPos, [3, 1], "a closed door blocks");
  env2.step(Action.toggle);
  env2.step(Action.forward);
  assert.deepEqual(env2.agentPos, [4, 1], "an open door can be walked over");
  assert.deepEqual(viewCell(env2.image, 3, 6), [5, 4, 0], "the agent's cell shows the key");
});

Deno.test("toggling a box reveals its contents, or an empty cell", () => {
  const env = new MinigridEnv(
    mapLayout(["WWWWW", "W.x.W", "W.x.W", "WWWWW"], {
      boxes: [{ pos: [2, 1], contains: [ObjectType.key, Color.blue, 0] }],
    }),
  );
  env.step(Action.toggle);
  assert.deepEqual(gridCell(env, 2, 1), [5, 2, 0]);
  env.step(Action.right);
  env.step(Action.forward);
  env.step(Action.left);
  env.step(Action.toggle);
  assert.deepEqual(gridCell(env, 2, 2), [1, 0, 0]);
});

Deno.test("a carried box keeps its contents", () => {
  const env = new MinigridEnv(
    mapLayout(["WWWWW", "W.x.W", "WWWWW"], {
      boxes: [{ pos: [2, 1], contains: [ObjectType.ball, Color.red, 0] }],
    }),
  );
  env.step(Action.pickup);
  assert.deepEqual(env.carrying, [7, 3, 0]);
  env.step(Action.drop);
  env.step(Action.toggle);
  assert.deepEqual(gridCell(env, 2, 1), [6, 0, 0]);
});

Deno.test("target pickup is by identity, survives drop and re-pickup, and needs the pickup action", () => {
  // Two blue balls: only the one at targetPos (3, 1) is the target.
  const layout = mapLayout(["WWWWWW", "W.bb.W", "WWWWWW"], { targetPos: [3, 1], maxSteps: 50 });
  const env = new MinigridEnv(layout);
  assert.equal(env.step(Action.pickup).terminated, false, "the twin ball is not the target");
  assert.deepEqual(env.carrying, [6, 2, 0]);
  assert.equal(env.carryingTarget, false);

  // Take the target from the other side, drop it, pick it up again.
  const env2 = new MinigridEnv(
    mapLayout(["WWWWWW", "W.bb.W", "WWWWWW"], { agentPos: [4, 1], agentDir: 2, targetPos: [3, 1] }),
  );
  const hit = env2.step(Action.pickup);
  assert.equal(hit.terminated, true);
  assert.ok(Math.abs(hit.reward - (1 - 0.9 * 1 / 100)) < 1e-7);
  assert.equal(env2.carryingTarget, true);
  assert.equal(env2.step(Action.drop).terminated, false);
  assert.equal(env2.carryingTarget, false);
  assert.equal(env2.step(Action.pickup).terminated, true, "still the target after a drop");
  assert.equal(env2.step(Action.done).terminated, false, "only the pickup action succeeds");
  const again = env2.step(Action.pickup);
  assert.equal(again.terminated, true, "Minigrid tests the action, not whether it picked up");
});

Deno.test("walls and closed doors hide what is behind them; open doors do not", () => {
  // Agent at (1, 2) facing right; column x = 3 is a wall, or a door at (3, 2); goal at (5, 2).
  // image[i][j] shows agentPos + (6 − j)·(1, 0) + (i − 3)·(0, 1): (3, 2) is image[3][4] and the
  // goal is image[3][2].
  const withMiddle = (c: string): MinigridEnv =>
    new MinigridEnv(
      mapLayout(["WWWWWWWW", "W..W...W", `W..${c}.G.W`, "W..W...W", "WWWWWWWW"], {
        agentPos: [1, 2],
      }),
    );
  const wall = withMiddle("W").image;
  assert.deepEqual(viewCell(wall, 3, 4), [2, 5, 0], "the wall is seen");
  assert.deepEqual(viewCell(wall, 3, 2), [0, 0, 0], "the goal behind it is not");
  const closed = withMiddle("d").image;
  assert.deepEqual(viewCell(closed, 3, 4), [4, 4, 1]);
  assert.deepEqual(viewCell(closed, 3, 2), [0, 0, 0]);
  const open = withMiddle("o").image;
  assert.deepEqual(viewCell(open, 3, 4), [4, 4, 0]);
  assert.deepEqual(viewCell(open, 3, 2), [8, 1, 0], "seen through the open door");
  assert.deepEqual(viewCell(open, 2, 2), [1, 0, 0], "and its neighbours above the door's row");

  const seeAll = new MinigridEnv({
    ...mapLayout(["WWWWWWWW", "W..W...W", "W..W.G.W", "W..W...W", "WWWWWWWW"], {
      agentPos: [1, 2],
    }),
    seeThroughWalls: true,
  });
  assert.deepEqual(viewCell(seeAll.image, 3, 2), [8, 1, 0], "see-through: the goal behind a wall");
  assert.deepEqual(viewCell(seeAll.image, 0, 6), [2, 5, 0], "outside the grid reads as wall");
});

Deno.test("a batch steps like independent single envs, layouts of different sizes mixed", () => {
  const layouts: MinigridLayout[] = [];
  for (
    const name of [
      "MiniGrid-DoorKey-8x8-v0_seed0",
      "MiniGrid-MultiRoom-N4-S5-v1_seed1",
      "MiniGrid-ObstructedMaze-1Dlhb-v0_seed0",
      "MiniGrid-Empty-8x8-v0_seed1",
      "MiniGrid-KeyCorridorS3R2-v0_seed1",
      "MiniGrid-LavaGapS7-v0_seed0",
    ]
  ) {
    const text = Deno.readTextFileSync(new URL(`${name}.jsonl`, TRACES));
    layouts.push(restoreLayout(parseResetRecord(JSON.parse(text.split("\n")[0]))).layout);
  }
  const batch = new MinigridBatch({ numEnvs: layouts.length, maxWidth: 25, maxHeight: 25 });
  layouts.forEach((l, e) => batch.loadLayout(e, l));
  const singles = layouts.map((l) => new MinigridEnv(l));
  const rng = Rng.fromSeed(5).child("minigrid/batch-test");
  const actions = new Int32Array(layouts.length);
  for (let t = 0; t < 300; t++) {
    for (let e = 0; e < layouts.length; e++) actions[e] = rng.int(7);
    batch.step(actions);
    singles.forEach((env, e) => {
      const out = env.step(actions[e]);
      const where = `env ${e} step ${t + 1}`;
      assert.deepEqual(
        batch.observations.subarray(e * OBS_SIZE, (e + 1) * OBS_SIZE),
        env.image,
        where,
      );
      assert.deepEqual([batch.agentX[e], batch.agentY[e]], env.agentPos, where);
      assert.equal(batch.rewards[e], out.reward, where);
      assert.equal(batch.terminated[e] === 1, out.terminated, where);
      assert.equal(batch.truncated[e] === 1, out.truncated, where);
      if (out.terminated || out.truncated) {
        batch.loadLayout(e, layouts[e]);
        env.reset(layouts[e]);
      }
    });
  }
});

Deno.test("loadLayout rejects states Minigrid can't be in, naming the problem", () => {
  const ok = mapLayout(["WWWWW", "W.x.W", "WWWWW"]);
  const batch = new MinigridBatch({ numEnvs: 1, maxWidth: 5, maxHeight: 3 });
  const cases: [Partial<MinigridLayout>, RegExp][] = [
    [{ agentPos: [2, 1] }, /can't stand on/],
    [{ agentPos: [5, 1] }, /off the grid/],
    [{ agentDir: 4 }, /direction 4/],
    [{ maxSteps: 0 }, /maxSteps/],
    [{ boxes: [{ pos: [3, 1], contains: null }] }, /no box/],
    [{ targetPos: [3, 1] }, /no key, ball or box/],
    [{ grid: new Uint8Array(3) }, /grid has 3 numbers/],
    [{ width: 6 }, /grid has 45 numbers, a 6×3 grid needs 54/],
    [mapLayout(["WWWWWW", "W....W", "WWWWWW"]), /does not fit this batch \(5×3\)/],
  ];
  for (const [patch, re] of cases) {
    assert.throws(() => batch.loadLayout(0, { ...ok, ...patch }), re, JSON.stringify(patch));
  }
  const badCell = new Uint8Array(ok.grid as Uint8Array);
  badCell.set([ObjectType.wall, Color.grey, 1], (0 * 3 + 0) * 3);
  assert.throws(() => batch.loadLayout(0, { ...ok, grid: badCell }), /cell \(0, 0\): a non-door/);
  assert.throws(() => batch.loadLayout(1, ok), /env index 1/);
});

/** A reset record for `envId` with an all-wall border and the agent at (1, 1). */
function syntheticReset(envId: string, size: [number, number]): Record<string, unknown> {
  const [w, h] = size;
  const grid = Array.from(
    { length: w },
    (_, x) =>
      Array.from(
        { length: h },
        (_, y) => x === 0 || y === 0 || x === w - 1 || y === h - 1 ? [2, 5, 0] : [1, 0, 0],
      ),
  );
  return {
    kind: "reset",
    env_id: envId,
    agent_pos: [1, 1],
    agent_dir: 0,
    carrying: null,
    boxes: [],
    target_pos: null,
    grid,
    image: Array.from({ length: 7 }, () => Array.from({ length: 7 }, () => [0, 0, 0])),
    direction: 0,
  };
}

Deno.test("every env id of the traces' index and SimpleCrossingS{9..15}N1 restores, with Minigrid's max_steps", async () => {
  const index = JSON.parse(await Deno.readTextFile(new URL("index.json", TRACES)));
  const ids = new Set<string>(index.traces.map((t: { env_id: string }) => t.env_id));
  for (const s of [9, 11, 13, 15]) ids.add(`MiniGrid-SimpleCrossingS${s}N1-v0`);
  const expectedMax: Record<string, number> = {
    "MiniGrid-Empty-8x8-v0": 256,
    "MiniGrid-Empty-16x16-v0": 1024,
    "MiniGrid-FourRooms-v0": 100,
    "MiniGrid-DoorKey-8x8-v0": 640,
    "MiniGrid-MultiRoom-N4-S5-v0": 120,
    "MiniGrid-MultiRoom-N4-S5-v1": 80,
    "MiniGrid-KeyCorridorS3R2-v0": 270,
    "MiniGrid-LavaGapS7-v0": 196,
    "MiniGrid-SimpleCrossingS9N1-v0": 324,
    "MiniGrid-SimpleCrossingS11N1-v0": 484,
    "MiniGrid-SimpleCrossingS13N1-v0": 676,
    "MiniGrid-SimpleCrossingS15N1-v0": 900,
    "MiniGrid-ObstructedMaze-1Dlhb-v0": 288,
  };
  assert.equal(ids.size, 13);
  for (const id of ids) {
    const spec = MINIGRID_ENVS.get(id);
    assert.ok(spec, id);
    assert.equal(spec.maxSteps, expectedMax[id], id);
  }
  for (const s of [11, 13, 15]) {
    const id = `MiniGrid-SimpleCrossingS${s}N1-v0`;
    // No max_steps in the record: the env id's rule supplies it.
    const { layout } = restoreLayout(parseResetRecord(syntheticReset(id, [s, s])));
    assert.equal(layout.maxSteps, 4 * s * s);
    const env = new MinigridEnv(layout);
    assert.equal(env.step(Action.forward).truncated, false);
  }
  const wrongMax = { ...syntheticReset("MiniGrid-SimpleCrossingS11N1-v0", [11, 11]), max_steps: 5 };
  assert.throws(() => restoreLayout(parseResetRecord(wrongMax)), TraceFormatError);
  const unknown = syntheticReset("MiniGrid-Nope-v0", [5, 5]);
  assert.throws(
    () => restoreLayout(parseResetRecord(unknown)),
    /unknown env id 'MiniGrid-Nope-v0'/,
  );
});
