/**
 * Minigrid's LavaGapEnv: a column of lava at a random x between the agent (top-left, facing
 * right) and the goal (bottom-right), with one random gap.
 *
 * @module
 */

import type { Rng } from "../../../rng/mod.ts";
import type { MinigridEnvSpec } from "../env_specs.ts";
import type { MinigridLayout } from "../layout.ts";
import { GOAL, LAVA, LayoutBuilder } from "./layout_builder.ts";

/** A LavaGap layout of `spec`'s size. */
export function lavaGapLayout(spec: MinigridEnvSpec, rng: Rng): MinigridLayout {
  const { width: w, height: h } = spec;
  const b = new LayoutBuilder(spec, rng);
  b.wallRect(0, 0, w, h);
  b.agentPos = [1, 1];
  b.agentDir = 0;
  b.set(w - 2, h - 2, GOAL);
  const gapX = b.int(2, w - 2), gapY = b.int(1, h - 1);
  b.verticalWall(gapX, 1, h - 2, LAVA);
  b.clear(gapX, gapY);
  return b.build(spec);
}
