/**
 * Replays a Minigrid reference trace: restores the layout from its `reset` record, applies each
 * step's action and compares every field the trace records (image, direction, agent position
 * and direction, reward to 1e-6, flags, carried object, changed cells), then the `end` record's
 * totals and final grid. Pure: text in, outcome out; the CLI only reads files and prints.
 *
 * @module
 */

import type { MinigridLayout } from "./layout.ts";
import { restoreLayout } from "./layout_restore.ts";
import { NUM_ACTIONS } from "./objects.ts";
import { MinigridEnv } from "./single_env.ts";
import { OBS_SIZE, VIEW_SIZE } from "./observation.ts";
import {
  type EndRecord,
  parseEndRecord,
  parseResetRecord,
  parseStepRecord,
  recordKind,
  type StepRecord,
  TraceFormatError,
} from "./trace_format.ts";

/** Largest reward difference accepted: traces store rewards rounded to 6 decimals. */
export const REWARD_TOLERANCE = 1e-6;

/** Every step matched. */
export interface ReplayOk {
  /** Always "ok". */
  status: "ok";
  /** Number of step records replayed. */
  steps: number;
}

/** The first field where the port and the trace disagree. */
export interface ReplayMismatch {
  /** Always "mismatch". */
  status: "mismatch";
  /** Step number t (0 for the reset observation; the last step for the end record). */
  step: number;
  /** The field, with the cell for arrays, e.g. `image[3][5]` or `end.grid[2][4]`. */
  field: string;
  /** The trace's value, as text. */
  expected: string;
  /** The port's value, as text. */
  got: string;
}

/** The trace can't be replayed: bad JSON, a missing or ill-shaped field, an unknown env id. */
export interface ReplayMalformed {
  /** Always "malformed". */
  status: "malformed";
  /** 1-based line of the file where the problem is. */
  line: number;
  /** What is wrong. */
  problem: string;
}

/** What replaying one trace found. */
export type ReplayOutcome = ReplayOk | ReplayMismatch | ReplayMalformed;

/** Thrown inside the replay to stop at the first disagreement. */
class Mismatch extends Error {
  constructor(readonly field: string, readonly expected: string, readonly got: string) {
    super(`${field} expected ${expected} got ${got}`);
  }
}

/** Replays the JSON-lines text of one trace file. */
export function replayTrace(text: string): ReplayOutcome {
  const lines = text.split("\n");
  // Blank lines at the end (an editor's trailing newline) are not records.
  while (lines.length > 0 && lines.at(-1)!.trim() === "") lines.pop();
  let lineNo = 1, step = 0;
  try {
    if (lines.length === 0) throw new TraceFormatError("the file is empty");
    const first = parseLine(lines[0]);
    if (recordKind(first) !== "reset") {
      throw new TraceFormatError("the first record is not a reset record");
    }
    const reset = parseResetRecord(first);
    const { layout } = restoreLayout(reset);
    const env = startEnv(layout);
    const { width, height } = layout;
    compareImage(reset.image, env.image, "image");
    same("direction", reset.direction, env.agentDir);

    let before: Uint8Array = env.encodeGrid(), after: Uint8Array = new Uint8Array(before.length);
    let last = { terminated: false, truncated: false }, totalReward = 0, ended = false;
    for (lineNo = 2; lineNo <= lines.length; lineNo++) {
      if (ended) throw new TraceFormatError("a record follows the end record");
      const record = parseLine(lines[lineNo - 1]);
      const kind = recordKind(record);
      if (kind === "reset") throw new TraceFormatError("a second reset record");
      if (kind === "end") {
        compareEnd(parseEndRecord(record, { width, height }), {
          steps: step,
          env,
          totalReward,
          ...last,
        });
        ended = true;
        continue;
      }
      const s = parseStepRecord(record);
      if (s.t !== step + 1) throw new TraceFormatError(`field 't' is ${s.t}, expected ${step + 1}`);
      if (s.action < 0 || s.action >= NUM_ACTIONS) {
        throw new TraceFormatError(
          `field 'action' is ${s.action}, not one of 0..${NUM_ACTIONS - 1}`,
        );
      }
      step = s.t;
      last = env.step(s.action);
      totalReward += env.batch.rewards[0];
      env.encodeGrid(after);
      compareStep(s, env, { before, after, height });
      [before, after] = [after, before];
    }
    if (!ended) throw new TraceFormatError("the trace stops without an end record");
    return { status: "ok", steps: step };
  } catch (e) {
    if (e instanceof Mismatch) {
      return { status: "mismatch", step, field: e.field, expected: e.expected, got: e.got };
    }
    if (e instanceof TraceFormatError) {
      return { status: "malformed", line: lineNo, problem: e.message };
    }
    throw e;
  }
}

/** The one-line report of a trace: `ok …`, `<file> step <t>: …`, or an `error: …` line. */
export function formatOutcome(file: string, outcome: ReplayOutcome): string {
  switch (outcome.status) {
    case "ok":
      return `ok ${file} (${outcome.steps} steps)`;
    case "mismatch":
      return `${file} step ${outcome.step}: ${outcome.field} expected ${outcome.expected} got ${outcome.got}`;
    case "malformed":
      return `error: ${outcome.problem} (${file}:${outcome.line}): ` +
        "fix or re-record the trace (format: fixtures/minigrid/README.md)";
  }
}

/** The env for a layout; a layout the env rejects is a broken reset record. */
function startEnv(layout: MinigridLayout): MinigridEnv {
  try {
    return new MinigridEnv(layout);
  } catch (e) {
    if (e instanceof RangeError) throw new TraceFormatError(e.message);
    throw e;
  }
}

function parseLine(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line);
  } catch (e) {
    throw new TraceFormatError(`bad JSON: ${(e as Error).message}`);
  }
}

function show(v: unknown): string {
  return typeof v === "number" && !Number.isInteger(v)
    ? String(Math.round(v * 1e7) / 1e7)
    : JSON.stringify(v);
}

function same(field: string, expected: unknown, got: unknown): void {
  if (show(expected) !== show(got)) throw new Mismatch(field, show(expected), show(got));
}

function compareImage(expected: Uint8Array, got: Uint8Array, field: string): void {
  for (let k = 0; k < OBS_SIZE; k += 3) {
    if (
      expected[k] !== got[k] || expected[k + 1] !== got[k + 1] || expected[k + 2] !== got[k + 2]
    ) {
      const cell = k / 3, i = Math.floor(cell / VIEW_SIZE), j = cell % VIEW_SIZE;
      same(`${field}[${i}][${j}]`, [...expected.subarray(k, k + 3)], [...got.subarray(k, k + 3)]);
    }
  }
}

/** Cells of an x-major encoding that differ between two grids, as `x,y` → `[t, c, s]`. */
function changedCells(
  before: Uint8Array,
  after: Uint8Array,
  height: number,
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (let o = 0; o < after.length; o += 3) {
    if (
      before[o] !== after[o] || before[o + 1] !== after[o + 1] || before[o + 2] !== after[o + 2]
    ) {
      const cell = o / 3;
      out.set(`${Math.floor(cell / height)},${cell % height}`, [...after.subarray(o, o + 3)]);
    }
  }
  return out;
}

function compareStep(
  s: StepRecord,
  env: MinigridEnv,
  grids: { before: Uint8Array; after: Uint8Array; height: number },
): void {
  if (s.image) compareImage(s.image, env.image, "image");
  if (s.direction !== undefined) same("direction", s.direction, env.agentDir);
  if (s.agentPos) same("agent_pos", s.agentPos, env.agentPos);
  if (s.agentDir !== undefined) same("agent_dir", s.agentDir, env.agentDir);
  if (s.reward !== undefined) {
    const got = env.batch.rewards[0];
    if (Math.abs(got - s.reward) > REWARD_TOLERANCE) {
      throw new Mismatch("reward", show(s.reward), show(got));
    }
  }
  if (s.terminated !== undefined) same("terminated", s.terminated, env.batch.terminated[0] === 1);
  if (s.truncated !== undefined) same("truncated", s.truncated, env.batch.truncated[0] === 1);
  if (s.carrying !== undefined) same("carrying", s.carrying, env.carrying);
  if (s.gridDiff) {
    const got = changedCells(grids.before, grids.after, grids.height);
    const expected = new Map(s.gridDiff.map(([x, y, ...code]) => [`${x},${y}`, code]));
    const keys = [...new Set([...expected.keys(), ...got.keys()])].sort((a, b) => {
      const [ax, ay] = a.split(",").map(Number), [bx, by] = b.split(",").map(Number);
      return ax - bx || ay - by;
    });
    for (const key of keys) {
      const e = expected.get(key), g = got.get(key);
      const [x, y] = key.split(",");
      if (!e || !g || show(e) !== show(g)) {
        throw new Mismatch(
          `grid_diff[${x}][${y}]`,
          e ? show(e) : "unchanged",
          g ? show(g) : "unchanged",
        );
      }
    }
  }
}

function compareEnd(
  end: EndRecord,
  got: {
    steps: number;
    env: MinigridEnv;
    totalReward: number;
    terminated: boolean;
    truncated: boolean;
  },
): void {
  if (end.steps !== undefined) same("end.steps", end.steps, got.steps);
  if (end.stepCount !== undefined) same("end.step_count", end.stepCount, got.env.stepCount);
  if (
    end.totalReward !== undefined && Math.abs(end.totalReward - got.totalReward) > REWARD_TOLERANCE
  ) {
    throw new Mismatch("end.total_reward", show(end.totalReward), show(got.totalReward));
  }
  if (end.terminated !== undefined) same("end.terminated", end.terminated, got.terminated);
  if (end.truncated !== undefined) same("end.truncated", end.truncated, got.truncated);
  if (end.carryingIsTarget !== undefined) {
    same("end.carrying_is_target", end.carryingIsTarget, got.env.carryingTarget);
  }
  if (end.grid) {
    const mine = got.env.encodeGrid(), h = got.env.batch.grid.height[0];
    for (let o = 0; o < mine.length; o += 3) {
      const cell = o / 3;
      same(
        `end.grid[${Math.floor(cell / h)}][${cell % h}]`,
        [...end.grid.subarray(o, o + 3)],
        [...mine.subarray(o, o + 3)],
      );
    }
  }
}
