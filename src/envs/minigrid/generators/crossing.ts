/**
 * Minigrid's CrossingEnv with wall obstacles: `numCrossings` full walls ("rivers") chosen at
 * random among the even rows and columns, and one opening per river along a random monotone
 * path from the agent (top-left, facing right) to the goal (bottom-right).
 *
 * @module
 */

import type { Rng } from "../../../rng/mod.ts";
import type { MinigridEnvSpec } from "../env_specs.ts";
import type { MinigridLayout } from "../layout.ts";
import { GOAL, LayoutBuilder, WALL } from "./layout_builder.ts";

/** A river: a wall at constant x (`vertical`) or constant y, at `at`. */
interface River {
  vertical: boolean;
  at: number;
}

/** A Crossing layout of `spec`'s (odd) size with `numCrossings` walls. */
export function crossingLayout(
  spec: MinigridEnvSpec,
  rng: Rng,
  numCrossings: number,
): MinigridLayout {
  const { width: w, height: h } = spec;
  const b = new LayoutBuilder(spec, rng);
  b.wallRect(0, 0, w, h);
  b.agentPos = [1, 1];
  b.agentDir = 0;
  b.set(w - 2, h - 2, GOAL);

  const rivers: River[] = [];
  for (let x = 2; x < w - 2; x += 2) rivers.push({ vertical: true, at: x });
  for (let y = 2; y < h - 2; y += 2) rivers.push({ vertical: false, at: y });
  shuffle(b, rivers);
  const chosen = rivers.slice(0, numCrossings);
  const columns = chosen.filter((r) => r.vertical).map((r) => r.at).sort((p, q) => p - q);
  const rows = chosen.filter((r) => !r.vertical).map((r) => r.at).sort((p, q) => p - q);
  for (const y of rows) b.horizontalWall(1, y, w - 2, WALL);
  for (const x of columns) b.verticalWall(x, 1, h - 2, WALL);

  // The path crosses each wall once: a crossing of a column moves one room right, of a row one
  // room down, in a random order; each opening is at a random cell of the room's side.
  const path = [...columns.map(() => true), ...rows.map(() => false)];
  shuffle(b, path);
  const xLimits = [0, ...columns, w - 1], yLimits = [0, ...rows, h - 1];
  let roomX = 0, roomY = 0;
  for (const crossColumn of path) {
    if (crossColumn) {
      b.clear(xLimits[roomX + 1], b.int(yLimits[roomY] + 1, yLimits[roomY + 1]));
      roomX++;
    } else {
      b.clear(b.int(xLimits[roomX] + 1, xLimits[roomX + 1]), yLimits[roomY + 1]);
      roomY++;
    }
  }
  return b.build(spec);
}

/** Fisher–Yates shuffle in place, uniform over permutations. */
function shuffle<T>(b: LayoutBuilder, items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = b.int(0, i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}
