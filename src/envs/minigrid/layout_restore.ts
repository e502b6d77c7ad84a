/**
 * Builds a {@link MinigridLayout} from a trace's `reset` record, without Minigrid's RNG: the grid,
 * agent, box contents and target object come from the record; the env id fixes the grid size,
 * step budget and success rule (a record's own `max_steps`, `width` and `height` must agree).
 * And the way back: a layout written as a reset record, e.g. to keep a generated layout as a
 * fixture or to load it into Python Minigrid.
 *
 * @module
 */

import { MINIGRID_ENVS, type MinigridEnvSpec } from "./env_specs.ts";
import type { MinigridLayout } from "./layout.ts";
import { VIEW_SIZE } from "./observation.ts";
import { MinigridEnv } from "./single_env.ts";
import { type ResetRecord, TraceFormatError } from "./trace_format.ts";

/** A layout with the spec of the env it belongs to. */
export interface RestoredLayout {
  /** The env id's size, budget and success rule. */
  spec: MinigridEnvSpec;
  /** The initial state to load. */
  layout: MinigridLayout;
}

/**
 * The layout a reset record describes. Throws a {@link TraceFormatError} for an unknown env id, or
 * a size, budget or target that disagrees with the env's rules.
 */
export function restoreLayout(reset: ResetRecord): RestoredLayout {
  const spec = MINIGRID_ENVS.get(reset.envId);
  if (!spec) {
    throw new TraceFormatError(
      `unknown env id '${reset.envId}'; known: ${[...MINIGRID_ENVS.keys()].join(", ")}`,
    );
  }
  const checks: [string, number | undefined, number][] = [
    ["width", reset.width, spec.width],
    ["height", reset.height, spec.height],
    ["grid width", reset.gridWidth, spec.width],
    ["grid height", reset.gridHeight, spec.height],
    ["max_steps", reset.maxSteps, spec.maxSteps],
  ];
  for (const [what, got, want] of checks) {
    if (got !== undefined && got !== want) {
      throw new TraceFormatError(`${what} ${got} is not ${spec.id}'s ${want}`);
    }
  }
  if (reset.seeThroughWalls !== undefined && reset.seeThroughWalls !== spec.seeThroughWalls) {
    throw new TraceFormatError(
      `see_through_walls is ${reset.seeThroughWalls}, not ${spec.id}'s ${spec.seeThroughWalls}`,
    );
  }
  if ((spec.success === "pickup-target") !== (reset.targetPos !== null)) {
    throw new TraceFormatError(
      spec.success === "pickup-target"
        ? `target_pos is null, but ${spec.id} ends on picking up its target`
        : `target_pos is set, but ${spec.id} has no target object`,
    );
  }
  return {
    spec,
    layout: {
      width: spec.width,
      height: spec.height,
      grid: reset.grid,
      agentPos: reset.agentPos,
      agentDir: reset.agentDir,
      seeThroughWalls: spec.seeThroughWalls,
      maxSteps: spec.maxSteps,
      boxes: reset.boxes,
      targetPos: reset.targetPos,
    },
  };
}

/**
 * The JSON `reset` record of a trace (fixtures/minigrid/README.md) for an episode of `envId`
 * starting from `layout`, with its first image; {@link restoreLayout} of its parsed form gives
 * the layout back.
 */
export function resetRecordFor(envId: string, layout: MinigridLayout): Record<string, unknown> {
  const { width: w, height: h, grid } = layout;
  const env = new MinigridEnv(layout);
  const cell = (codes: ArrayLike<number>, o: number): number[] => [
    codes[o],
    codes[o + 1],
    codes[o + 2],
  ];
  return {
    kind: "reset",
    env_id: envId,
    width: w,
    height: h,
    max_steps: layout.maxSteps,
    agent_view_size: VIEW_SIZE,
    see_through_walls: layout.seeThroughWalls,
    agent_pos: [...layout.agentPos],
    agent_dir: layout.agentDir,
    carrying: null,
    boxes: layout.boxes.map((b) => ({
      pos: [...b.pos],
      contains: b.contains ? [...b.contains] : null,
    })),
    target_pos: layout.targetPos ? [...layout.targetPos] : null,
    grid: Array.from(
      { length: w },
      (_, x) => Array.from({ length: h }, (_, y) => cell(grid, (x * h + y) * 3)),
    ),
    image: Array.from(
      { length: VIEW_SIZE },
      (_, i) =>
        Array.from({ length: VIEW_SIZE }, (_, j) => cell(env.image, (i * VIEW_SIZE + j) * 3)),
    ),
    direction: env.agentDir,
  };
}
