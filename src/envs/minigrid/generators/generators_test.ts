import assert from "node:assert/strict";
import { UsageError } from "../../../errors.ts";
import { Rng } from "../../../rng/mod.ts";
import { MINIGRID_ENVS } from "../env_specs.ts";
import { assertValidLayout, type MinigridLayout, type Position } from "../layout.ts";
import { parseResetRecord } from "../trace_format.ts";
import { resetRecordFor, restoreLayout } from "../layout_restore.ts";
import { Color, DIR_X, DIR_Y, DoorState, NUM_ACTIONS, ObjectType } from "../objects.ts";
import { MinigridEnv } from "../single_env.ts";
import { crossingGap, fourRoomsFeatures } from "../symbolic.ts";
import { generateLayout, LAYOUT_GENERATORS } from "./mod.ts";

/** Seeds per env id for the invariants. */
const SEEDS = 200;

/** The `SEEDS` layouts of an env id, seed s drawn from `Rng.fromSeed(s)`. */
function layouts(envId: string): MinigridLayout[] {
  return Array.from({ length: SEEDS }, (_, s) => generateLayout(envId, Rng.fromSeed(s)));
}

/** Cell type, colour and state at (x, y). */
function cellAt(l: MinigridLayout, x: number, y: number): [number, number, number] {
  const o = (x * l.height + y) * 3;
  return [l.grid[o], l.grid[o + 1], l.grid[o + 2]];
}

/** Positions of every cell of `type`. */
function cellsOf(l: MinigridLayout, type: number): Position[] {
  const out: Position[] = [];
  for (let x = 0; x < l.width; x++) {
    for (let y = 0; y < l.height; y++) if (cellAt(l, x, y)[0] === type) out.push([x, y]);
  }
  return out;
}

/**
 * BFS distances from the agent (−1 where unreached) under this reachability rule: walls and lava
 * block; keys, balls and boxes count as passable, since the agent can pick them up and put them
 * elsewhere (a blocking ball, a box in the way); unlocked doors are passable (toggle opens them);
 * a locked door becomes passable once a key of its colour has been reached, lying in the grid or
 * inside a reached box. `opaque` cells block regardless (to count rooms).
 */
function reach(l: MinigridLayout, opaque: (x: number, y: number) => boolean = () => false) {
  const keys = new Set<number>();
  let dist: Int32Array;
  for (;;) {
    dist = new Int32Array(l.width * l.height).fill(-1);
    const queue: Position[] = [l.agentPos];
    dist[l.agentPos[0] * l.height + l.agentPos[1]] = 0;
    for (let q = 0; q < queue.length; q++) {
      const [x, y] = queue[q], d = dist[x * l.height + y];
      for (let k = 0; k < 4; k++) {
        const nx = x + DIR_X[k], ny = y + DIR_Y[k];
        if (nx < 0 || ny < 0 || nx >= l.width || ny >= l.height) continue;
        if (dist[nx * l.height + ny] >= 0 || opaque(nx, ny)) continue;
        const [t, c, s] = cellAt(l, nx, ny);
        if (t === ObjectType.wall || t === ObjectType.lava) continue;
        if (t === ObjectType.door && s === DoorState.locked && !keys.has(c)) continue;
        dist[nx * l.height + ny] = d + 1;
        queue.push([nx, ny]);
      }
    }
    const before = keys.size;
    for (const [x, y] of cellsOf(l, ObjectType.key)) {
      if (dist[x * l.height + y] >= 0) keys.add(cellAt(l, x, y)[1]);
    }
    for (const box of l.boxes) {
      const inside = box.contains;
      if (inside?.[0] === ObjectType.key && dist[box.pos[0] * l.height + box.pos[1]] >= 0) {
        keys.add(inside[1]);
      }
    }
    if (keys.size === before) break;
  }
  return { dist, at: (p: Position): number => dist[p[0] * l.height + p[1]] };
}

/** Connected groups of cells with `inside(x, y)` true (4-neighbourhood). */
function components(l: MinigridLayout, inside: (x: number, y: number) => boolean): number {
  const seen = new Uint8Array(l.width * l.height);
  let count = 0;
  for (let x = 0; x < l.width; x++) {
    for (let y = 0; y < l.height; y++) {
      if (seen[x * l.height + y] || !inside(x, y)) continue;
      count++;
      const stack: Position[] = [[x, y]];
      seen[x * l.height + y] = 1;
      while (stack.length > 0) {
        const [cx, cy] = stack.pop()!;
        for (let k = 0; k < 4; k++) {
          const nx = cx + DIR_X[k], ny = cy + DIR_Y[k];
          if (nx < 0 || ny < 0 || nx >= l.width || ny >= l.height) continue;
          if (seen[nx * l.height + ny] || !inside(nx, ny)) continue;
          seen[nx * l.height + ny] = 1;
          stack.push([nx, ny]);
        }
      }
    }
  }
  return count;
}

/** Where the episode succeeds: the goal cell, or the target object. */
function successCell(l: MinigridLayout): Position {
  if (l.targetPos) return l.targetPos;
  const goals = cellsOf(l, ObjectType.goal);
  assert.equal(goals.length, 1, "one goal");
  return goals[0];
}

/** How often each value of `values` occurs. */
function histogram(values: number[]): Map<number, number> {
  const h = new Map<number, number>();
  for (const v of values) h.set(v, (h.get(v) ?? 0) + 1);
  return h;
}

Deno.test("every known env id has a generator; an unknown id is a UsageError naming them", () => {
  assert.deepEqual([...LAYOUT_GENERATORS.keys()].sort(), [...MINIGRID_ENVS.keys()].sort());
  assert.equal(LAYOUT_GENERATORS.size, 13);
  assert.throws(
    () => generateLayout("MiniGrid-Nope-v0", Rng.fromSeed(0)),
    (e: unknown) =>
      e instanceof UsageError && /unknown Minigrid env id 'MiniGrid-Nope-v0'/.test(e.message) &&
      e.fix.includes("MiniGrid-FourRooms-v0") && e.fix.includes("MiniGrid-ObstructedMaze-1Dlhb-v0"),
  );
});

/** What every layout of `envId` must satisfy, generated or recorded from Python Minigrid. */
function checkLayout(envId: string, l: MinigridLayout, where: string): void {
  const spec = MINIGRID_ENVS.get(envId)!;
  assertValidLayout(l);
  assert.deepEqual(
    [l.width, l.height, l.maxSteps, l.seeThroughWalls],
    [spec.width, spec.height, spec.maxSteps, spec.seeThroughWalls],
    where,
  );
  assert.equal(cellAt(l, l.agentPos[0], l.agentPos[1])[0], ObjectType.empty, where);
  assert.equal(l.targetPos !== null, spec.success === "pickup-target", where);
  assert.ok(reach(l).at(successCell(l)) > 0, `${where}: success reachable`);
}

Deno.test("all ids, 200 seeds: valid, the spec's size and budget, agent on an empty cell, success reachable, seeded", () => {
  for (const envId of MINIGRID_ENVS.keys()) {
    const all = layouts(envId);
    const keys = new Set<string>();
    all.forEach((l, seed) => {
      checkLayout(envId, l, `${envId} seed ${seed}`);
      keys.add(JSON.stringify(resetRecordFor(envId, l)));
    });
    assert.deepEqual(generateLayout(envId, Rng.fromSeed(17)), all[17], `${envId}: same seed`);
    // Empty is fixed; LavaGap has 3 × 5 layouts and S9N1 6 × 7; the others vary far more.
    const least = envId.includes("Empty") ? 1 : envId.includes("LavaGap") ? 15 : 30;
    assert.ok(keys.size >= least, `${envId}: ${keys.size} distinct layouts in ${SEEDS} seeds`);
    if (!envId.includes("Empty")) {
      assert.notDeepEqual(all[0], all[1], `${envId}: seeds 0 and 1 differ`);
    }
  }
});

Deno.test("the reference traces' layouts, made by Python Minigrid, pass the same checks", () => {
  const traces = new URL("../../../../fixtures/minigrid/traces/", import.meta.url);
  let checked = 0;
  for (const entry of Deno.readDirSync(traces)) {
    if (!entry.name.endsWith(".jsonl")) continue;
    const first = Deno.readTextFileSync(new URL(entry.name, traces)).split("\n")[0];
    const record = parseResetRecord(JSON.parse(first));
    checkLayout(record.envId, restoreLayout(record).layout, entry.name);
    checked++;
  }
  assert.equal(checked, 40);
});

Deno.test("Empty: fixed walls, goal bottom-right, agent top-left facing right", () => {
  for (const envId of ["MiniGrid-Empty-8x8-v0", "MiniGrid-Empty-16x16-v0"]) {
    const l = generateLayout(envId, Rng.fromSeed(3)), n = l.width;
    assert.deepEqual(cellsOf(l, ObjectType.goal), [[n - 2, n - 2]]);
    assert.equal(cellsOf(l, ObjectType.wall).length, 4 * (n - 1));
    assert.deepEqual([l.agentPos, l.agentDir], [[1, 1], 0]);
  }
});

Deno.test("FourRooms: four rooms, two openings per wall in each half, goal off the agent", () => {
  const xs: number[] = [];
  for (const l of layouts("MiniGrid-FourRooms-v0")) {
    const f = fourRoomsFeatures(l); // throws unless exactly two openings per wall and one goal
    assert.ok(f.doorsX[0] <= 7 && f.doorsX[1] >= 9, `openings ${f.doorsX} in each half`);
    assert.ok(f.doorsY[0] <= 7 && f.doorsY[1] >= 9, `openings ${f.doorsY} in each half`);
    const openings = new Set([
      ...f.doorsX.map((x) => `${x + 1},9`),
      ...f.doorsY.map((y) => `9,${y + 1}`),
    ]);
    const rooms = components(
      l,
      (x, y) => cellAt(l, x, y)[0] !== ObjectType.wall && !openings.has(`${x},${y}`),
    );
    assert.equal(rooms, 4);
    assert.notDeepEqual([f.goal[0] + 1, f.goal[1] + 1], l.agentPos);
    assert.equal(cellsOf(l, ObjectType.wall).length, 4 * 18 + 2 * 17 - 1 - 4);
    xs.push(f.doorsX[0]);
  }
  assert.equal(histogram(xs).size, 8, "the left opening takes all 8 positions");
});

Deno.test("DoorKey: one locked yellow door in a full wall, its key and the agent on the left", () => {
  const splits: number[] = [];
  for (const l of layouts("MiniGrid-DoorKey-8x8-v0")) {
    const doors = cellsOf(l, ObjectType.door), keys = cellsOf(l, ObjectType.key);
    assert.equal(doors.length, 1);
    assert.equal(keys.length, 1);
    const [dx, dy] = doors[0];
    assert.deepEqual(cellAt(l, dx, dy), [ObjectType.door, Color.yellow, DoorState.locked]);
    assert.equal(cellAt(l, keys[0][0], keys[0][1])[1], Color.yellow, "key matches the door");
    assert.ok(dx >= 2 && dx <= 5 && dy >= 1 && dy <= 5, `door at ${doors[0]}`);
    for (let y = 0; y < l.height; y++) {
      if (y !== dy) assert.equal(cellAt(l, dx, y)[0], ObjectType.wall);
    }
    assert.ok(keys[0][0] < dx && l.agentPos[0] < dx, "key and agent left of the wall");
    assert.deepEqual(cellsOf(l, ObjectType.goal), [[6, 6]]);
    splits.push(dx);
  }
  const h = histogram(splits);
  assert.deepEqual([...h.keys()].sort(), [2, 3, 4, 5]);
  for (const n of h.values()) assert.ok(n > SEEDS / 4 * 0.6, `split columns near uniform: ${n}`);
});

Deno.test("MultiRoom: 6 (v0) or 4 (v1) rooms in a chain of closed doors, consecutive colours differ", () => {
  for (
    const [envId, rooms] of [["MiniGrid-MultiRoom-N4-S5-v0", 6], [
      "MiniGrid-MultiRoom-N4-S5-v1",
      4,
    ]] as const
  ) {
    for (const l of layouts(envId)) {
      const doors = cellsOf(l, ObjectType.door);
      assert.equal(doors.length, rooms - 1);
      for (const [x, y] of doors) assert.equal(cellAt(l, x, y)[2], DoorState.closed);
      const { at } = reach(l);
      // Rooms are the groups of reachable cells once doors are shut.
      assert.equal(
        components(l, (x, y) => at([x, y]) >= 0 && cellAt(l, x, y)[0] !== ObjectType.door),
        rooms,
      );
      // Doors in order along the walk from the agent: every one lies before the goal.
      const ordered = [...doors].sort((a, b) => at(a) - at(b));
      const goal = successCell(l);
      assert.ok(ordered.every((d) => at(d) > 0 && at(d) < at(goal)), "goal behind every door");
      for (let k = 1; k < ordered.length; k++) {
        assert.notEqual(
          cellAt(l, ...ordered[k])[1],
          cellAt(l, ...ordered[k - 1])[1],
          "neighbouring doors differ in colour",
        );
      }
    }
  }
});

Deno.test("KeyCorridor S3R2: the target ball behind the one locked door, its key elsewhere, every room joined", () => {
  for (const l of layouts("MiniGrid-KeyCorridorS3R2-v0")) {
    const locked = cellsOf(l, ObjectType.door).filter(([x, y]) =>
      cellAt(l, x, y)[2] === DoorState.locked
    );
    assert.equal(locked.length, 1);
    const [lx, ly] = locked[0], color = cellAt(l, lx, ly)[1];
    assert.equal(lx, 4, "the locked door leads into the right column");
    assert.deepEqual(l.targetPos, [5, ly], "the target is in the locked room");
    assert.equal(cellAt(l, 5, ly)[0], ObjectType.ball);
    const keys = cellsOf(l, ObjectType.key);
    assert.equal(keys.length, 1);
    assert.equal(keys[0][0], 1, "the key is in the left column");
    assert.equal(cellAt(l, ...keys[0])[1], color, "key matches the locked door");
    assert.equal(cellAt(l, 3, 2)[0], ObjectType.empty, "the corridor is open");
    const { at } = reach(l);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 2; j++) assert.ok(at([2 * i + 1, 2 * j + 1]) >= 0, `room ${i},${j}`);
    }
  }
});

Deno.test("ObstructedMaze 1Dlhb: locked door blocked by a green ball, key in a grey box, blue target beyond", () => {
  for (const l of layouts("MiniGrid-ObstructedMaze-1Dlhb-v0")) {
    const doors = cellsOf(l, ObjectType.door);
    assert.equal(doors.length, 1);
    const [dx, dy] = doors[0], [, color, state] = cellAt(l, dx, dy);
    assert.deepEqual([dx, state], [5, DoorState.locked]);
    assert.deepEqual(cellAt(l, 4, dy), [ObjectType.ball, Color.green, 0], "blocking ball");
    assert.equal(l.boxes.length, 1);
    const box = l.boxes[0];
    assert.deepEqual(cellAt(l, ...box.pos), [ObjectType.box, Color.grey, 0]);
    assert.deepEqual(box.contains, [ObjectType.key, color, 0], "the box holds the door's key");
    assert.ok(box.pos[0] < 5 && l.agentPos[0] < 5, "box and agent in the left room");
    assert.ok(l.targetPos![0] > 5);
    assert.deepEqual(cellAt(l, ...l.targetPos!), [ObjectType.ball, Color.blue, 0]);
    const front = cellAt(l, l.agentPos[0] + DIR_X[l.agentDir], l.agentPos[1] + DIR_Y[l.agentDir]);
    assert.ok(front[0] === ObjectType.empty || front[0] === ObjectType.wall, "agent faces nothing");
    // Without the box's key the target is out of reach.
    assert.equal(reach({ ...l, boxes: [] }).at(l.targetPos!), -1);
  }
});

Deno.test("LavaGap S7: one lava column with exactly one gap, between agent and goal", () => {
  const gaps: string[] = [];
  for (const l of layouts("MiniGrid-LavaGapS7-v0")) {
    const lava = cellsOf(l, ObjectType.lava);
    const columns = new Set(lava.map(([x]) => x));
    assert.equal(columns.size, 1);
    const [x] = columns;
    assert.ok(x >= 2 && x <= 4);
    assert.equal(lava.length, l.height - 3, "one gap in the column");
    const gapY = [1, 2, 3, 4, 5].find((y) => cellAt(l, x, y)[0] === ObjectType.empty)!;
    gaps.push(`${x},${gapY}`);
    assert.deepEqual([l.agentPos, l.agentDir, successCell(l)], [[1, 1], 0, [5, 5]]);
  }
  assert.equal(new Set(gaps).size, 15, "every gap position occurs");
});

Deno.test("SimpleCrossing N1: one wall with exactly one gap, either orientation", () => {
  for (const size of [9, 11, 13, 15]) {
    const orientations: number[] = [];
    for (const l of layouts(`MiniGrid-SimpleCrossingS${size}N1-v0`)) {
      const gap = crossingGap(l); // throws unless exactly one gap
      const n = size - 2, walls = cellsOf(l, ObjectType.wall).length;
      assert.equal(walls, 4 * (size - 1) + n - 1, "one interior wall of n − 1 cells");
      const [gx, gy] = [gap.x + 1, gap.y + 1];
      assert.equal(gap.orientation === 0 ? gx % 2 : gy % 2, 0, "walls stand on even lines");
      assert.deepEqual([l.agentPos, successCell(l)], [[1, 1], [size - 2, size - 2]]);
      orientations.push(gap.orientation);
    }
    const h = histogram(orientations);
    assert.ok(h.get(0)! > SEEDS * 0.35 && h.get(1)! > SEEDS * 0.35, `size ${size}: ${[...h]}`);
  }
});

Deno.test("round trip: a generated layout written as a reset record and restored steps identically", () => {
  const actions = Rng.fromSeed(99);
  for (const envId of MINIGRID_ENVS.keys()) {
    for (let seed = 0; seed < 4; seed++) {
      const layout = generateLayout(envId, Rng.fromSeed(seed));
      const record = JSON.parse(JSON.stringify(resetRecordFor(envId, layout)));
      const { layout: restored } = restoreLayout(parseResetRecord(record));
      const a = new MinigridEnv(layout), b = new MinigridEnv(restored);
      assert.deepEqual(b.image, a.image);
      for (let t = 1; t <= 300; t++) {
        const action = actions.int(NUM_ACTIONS);
        const sa = a.step(action), sb = b.step(action);
        const where = `${envId} seed ${seed} step ${t}`;
        assert.deepEqual(sb, sa, where);
        assert.deepEqual(b.image, a.image, where);
        assert.deepEqual([b.agentPos, b.agentDir, b.carrying], [
          a.agentPos,
          a.agentDir,
          a.carrying,
        ]);
        assert.deepEqual(b.encodeGrid(), a.encodeGrid(), where);
        if (sa.terminated || sa.truncated) break;
      }
    }
  }
});
