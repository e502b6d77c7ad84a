/**
 * Minigrid's EmptyEnv: an open walled room, the goal in the bottom-right corner and the agent in
 * the top-left corner facing right. Nothing is random.
 *
 * @module
 */

import type { Rng } from "../../../rng/mod.ts";
import type { MinigridEnvSpec } from "../env_specs.ts";
import type { MinigridLayout } from "../layout.ts";
import { GOAL, LayoutBuilder } from "./layout_builder.ts";

/** The Empty-S×S layout of `spec`; `rng` is unused, as in Minigrid. */
export function emptyLayout(spec: MinigridEnvSpec, rng: Rng): MinigridLayout {
  const { width: w, height: h } = spec;
  const b = new LayoutBuilder(spec, rng);
  b.wallRect(0, 0, w, h);
  b.set(w - 2, h - 2, GOAL);
  b.agentPos = [1, 1];
  b.agentDir = 0;
  return b.build(spec);
}
