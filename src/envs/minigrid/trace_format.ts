/**
 * The records of a Minigrid reference trace (one JSON object a line: a `reset`, one `step` per
 * action, an `end`), checked field by field and turned into typed values. Anything missing or of
 * the wrong shape throws a {@link TraceFormatError} naming the field.
 *
 * @module
 */

import type { CellCode, Position } from "./layout.ts";
import { VIEW_SIZE } from "./observation.ts";

/** A record that is not what the trace format says; `message` names the field and the problem. */
export class TraceFormatError extends Error {
  /** Builds the error from a description of the problem. */
  constructor(message: string) {
    super(message);
    this.name = "TraceFormatError";
  }
}

/** The first record of a trace: the complete initial state of the episode. */
export interface ResetRecord {
  /** Gymnasium env id. */
  envId: string;
  /** Grid width, when the record gives it. */
  width?: number;
  /** Grid height, when the record gives it. */
  height?: number;
  /** Step budget, when the record gives it. */
  maxSteps?: number;
  /** Whether the whole view is visible, when the record gives it. */
  seeThroughWalls?: boolean;
  /** Agent start position. */
  agentPos: Position;
  /** Agent start direction. */
  agentDir: number;
  /** Contents of each box, as `{pos, contains}`. */
  boxes: { pos: Position; contains: CellCode | null }[];
  /** Position of the target object, or null. */
  targetPos: Position | null;
  /** Number of columns of `grid`. */
  gridWidth: number;
  /** Number of rows of `grid`. */
  gridHeight: number;
  /** Full-grid encoding, x-major W × H × 3. */
  grid: Uint8Array;
  /** Initial observation, 7 × 7 × 3. */
  image: Uint8Array;
  /** Initial `direction` observation. */
  direction: number;
}

/** One step of a trace; the fields after `action` are what the replay compares, when present. */
export interface StepRecord {
  /** 1-based step number. */
  t: number;
  /** Action taken, 0..6. */
  action: number;
  /** Observation after the step, 7 × 7 × 3. */
  image?: Uint8Array;
  /** `direction` observation. */
  direction?: number;
  /** Agent position after the step. */
  agentPos?: Position;
  /** Agent direction after the step. */
  agentDir?: number;
  /** Reward, rounded to 6 decimals. */
  reward?: number;
  /** Terminated flag. */
  terminated?: boolean;
  /** Truncated flag. */
  truncated?: boolean;
  /** Carried object's encoding, or null. */
  carrying?: CellCode | null;
  /** Cells whose encoding changed in the step, `[x, y, type, color, state]` each. */
  gridDiff?: (readonly [number, number, number, number, number])[];
}

/** The last record: totals and the final full grid. */
export interface EndRecord {
  /** Number of step records. */
  steps?: number;
  /** The env's step count at the end. */
  stepCount?: number;
  /** Sum of rewards. */
  totalReward?: number;
  /** Terminated flag of the last step. */
  terminated?: boolean;
  /** Truncated flag of the last step. */
  truncated?: boolean;
  /** Whether the carried object is the target object. */
  carryingIsTarget?: boolean;
  /** Final full grid, x-major W × H × 3. */
  grid?: Uint8Array;
}

/** Keys a step record may have; any other key would go unchecked, so it is an error. */
const STEP_KEYS = new Set([
  "kind",
  "t",
  "action",
  "image",
  "direction",
  "agent_pos",
  "agent_dir",
  "reward",
  "terminated",
  "truncated",
  "carrying",
  "grid_diff",
]);
/** Keys an end record may have. */
const END_KEYS = new Set([
  "kind",
  "steps",
  "step_count",
  "total_reward",
  "terminated",
  "truncated",
  "carrying_is_target",
  "grid",
]);

type Json = Record<string, unknown>;

/** The `kind` of a parsed JSON line, which must be an object. */
export function recordKind(value: unknown): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TraceFormatError("the line is not a JSON object");
  }
  const kind = (value as Json).kind;
  if (kind !== "reset" && kind !== "step" && kind !== "end") {
    throw new TraceFormatError(`field 'kind' is ${JSON.stringify(kind)}, not reset, step or end`);
  }
  return kind;
}

/** Parses a `reset` record. */
export function parseResetRecord(r: Record<string, unknown>): ResetRecord {
  const envId = required(r, "env_id");
  if (typeof envId !== "string") throw new TraceFormatError("field 'env_id' is not a string");
  if (r.agent_view_size !== undefined && r.agent_view_size !== VIEW_SIZE) {
    throw new TraceFormatError(`agent_view_size ${r.agent_view_size} is not ${VIEW_SIZE}`);
  }
  if (required(r, "carrying") !== null) {
    throw new TraceFormatError("field 'carrying' is not null; an episode starts empty-handed");
  }
  const rawGrid = required(r, "grid");
  const gridWidth = Array.isArray(rawGrid) ? rawGrid.length : 0;
  const gridHeight = Array.isArray(rawGrid) && Array.isArray(rawGrid[0]) ? rawGrid[0].length : 0;
  const boxes = required(r, "boxes");
  if (!Array.isArray(boxes)) throw new TraceFormatError("field 'boxes' is not an array");
  const targetPos = required(r, "target_pos");
  return {
    envId,
    width: optionalInt(r, "width"),
    height: optionalInt(r, "height"),
    maxSteps: optionalInt(r, "max_steps"),
    seeThroughWalls: r.see_through_walls === undefined
      ? undefined
      : boolean(r.see_through_walls, "see_through_walls"),
    agentPos: position(required(r, "agent_pos"), "agent_pos"),
    agentDir: integer(required(r, "agent_dir"), "agent_dir"),
    boxes: boxes.map((b, i) => {
      const where = `boxes[${i}]`;
      if (typeof b !== "object" || b === null) {
        throw new TraceFormatError(`${where} is not an object`);
      }
      const box = b as Json;
      const contains = required(box, "contains", where);
      return {
        pos: position(required(box, "pos", where), `${where}.pos`),
        contains: contains === null ? null : cell(contains, `${where}.contains`),
      };
    }),
    targetPos: targetPos === null ? null : position(targetPos, "target_pos"),
    gridWidth,
    gridHeight,
    grid: bytes(rawGrid, [Math.max(gridWidth, 1), Math.max(gridHeight, 1), 3], "grid"),
    image: bytes(required(r, "image"), [VIEW_SIZE, VIEW_SIZE, 3], "image"),
    direction: integer(required(r, "direction"), "direction"),
  };
}

/** Parses a `step` record. */
export function parseStepRecord(r: Record<string, unknown>): StepRecord {
  for (const key of Object.keys(r)) {
    if (!STEP_KEYS.has(key)) {
      throw new TraceFormatError(
        `unknown field '${key}' in a step record; the replay can't check it`,
      );
    }
  }
  const step: StepRecord = {
    t: integer(required(r, "t"), "t"),
    action: integer(required(r, "action"), "action"),
  };
  if (r.image !== undefined) step.image = bytes(r.image, [VIEW_SIZE, VIEW_SIZE, 3], "image");
  if (r.direction !== undefined) step.direction = integer(r.direction, "direction");
  if (r.agent_pos !== undefined) step.agentPos = position(r.agent_pos, "agent_pos");
  if (r.agent_dir !== undefined) step.agentDir = integer(r.agent_dir, "agent_dir");
  if (r.reward !== undefined) step.reward = finite(r.reward, "reward");
  if (r.terminated !== undefined) step.terminated = boolean(r.terminated, "terminated");
  if (r.truncated !== undefined) step.truncated = boolean(r.truncated, "truncated");
  if (r.carrying !== undefined) {
    step.carrying = r.carrying === null ? null : cell(r.carrying, "carrying");
  }
  if (r.grid_diff !== undefined) {
    if (!Array.isArray(r.grid_diff)) {
      throw new TraceFormatError("field 'grid_diff' is not an array");
    }
    step.gridDiff = r.grid_diff.map((d, i) => {
      const v = ints(d, [5], `grid_diff[${i}]`, Number.MAX_SAFE_INTEGER);
      return [v[0], v[1], v[2], v[3], v[4]] as const;
    });
  }
  return step;
}

/** Parses an `end` record; `gridSize` is the size of the reset's grid. */
export function parseEndRecord(
  r: Record<string, unknown>,
  gridSize: { width: number; height: number },
): EndRecord {
  for (const key of Object.keys(r)) {
    if (!END_KEYS.has(key)) {
      throw new TraceFormatError(
        `unknown field '${key}' in the end record; the replay can't check it`,
      );
    }
  }
  const end: EndRecord = {
    steps: optionalInt(r, "steps"),
    stepCount: optionalInt(r, "step_count"),
  };
  if (r.total_reward !== undefined) end.totalReward = finite(r.total_reward, "total_reward");
  if (r.terminated !== undefined) end.terminated = boolean(r.terminated, "terminated");
  if (r.truncated !== undefined) end.truncated = boolean(r.truncated, "truncated");
  if (r.carrying_is_target !== undefined) {
    end.carryingIsTarget = boolean(r.carrying_is_target, "carrying_is_target");
  }
  if (r.grid !== undefined) end.grid = bytes(r.grid, [gridSize.width, gridSize.height, 3], "grid");
  return end;
}

function required(r: Json, key: string, where?: string): unknown {
  if (!(key in r)) throw new TraceFormatError(`missing field '${where ? `${where}.` : ""}${key}'`);
  return r[key];
}

function optionalInt(r: Json, key: string): number | undefined {
  return r[key] === undefined ? undefined : integer(r[key], key);
}

function integer(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TraceFormatError(`field '${field}' is ${JSON.stringify(v)}, not an integer`);
  }
  return v;
}

function finite(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new TraceFormatError(`field '${field}' is ${JSON.stringify(v)}, not a number`);
  }
  return v;
}

function boolean(v: unknown, field: string): boolean {
  if (typeof v !== "boolean") {
    throw new TraceFormatError(`field '${field}' is ${JSON.stringify(v)}, not true or false`);
  }
  return v;
}

function position(v: unknown, field: string): Position {
  const p = ints(v, [2], field, Number.MAX_SAFE_INTEGER);
  return [p[0], p[1]];
}

function cell(v: unknown, field: string): CellCode {
  const c = ints(v, [3], field, 255);
  return [c[0], c[1], c[2]];
}

/** A nested array of bytes of exactly `shape`, flattened with the first index outermost. */
function bytes(v: unknown, shape: number[], field: string): Uint8Array {
  return Uint8Array.from(ints(v, shape, field, 255));
}

/** A nested array of integers in 0..max of exactly `shape`, flattened, first index outermost. */
function ints(v: unknown, shape: number[], field: string, max: number): number[] {
  const out: number[] = [];
  const walk = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node !== "number" || !Number.isInteger(node) || node < 0 || node > max) {
        throw new TraceFormatError(
          `${field}${path} is ${JSON.stringify(node)}, not ${
            max === 255 ? "an integer in 0..255" : "a non-negative integer"
          }`,
        );
      }
      out.push(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new TraceFormatError(
        `field '${field}' is not a ${shape.join("×")} array (at ${field}${path || " itself"})`,
      );
    }
    node.forEach((child, i) => walk(child, depth + 1, `${path}[${i}]`));
  };
  walk(v, 0, "");
  return out;
}
