/**
 * Minigrid's DoorKeyEnv: a vertical wall at a random column splits the room; a locked yellow
 * door sits in it at a random row; the agent (random cell and direction) and a yellow key are on
 * the left; the goal is in the bottom-right corner.
 *
 * @module
 */

import type { Rng } from "../../../rng/mod.ts";
import type { MinigridEnvSpec } from "../env_specs.ts";
import type { MinigridLayout } from "../layout.ts";
import { Color } from "../objects.ts";
import { door, GOAL, key, LayoutBuilder } from "./layout_builder.ts";

/** A DoorKey layout of `spec`'s size. */
export function doorKeyLayout(spec: MinigridEnvSpec, rng: Rng): MinigridLayout {
  const { width: w, height: h } = spec;
  const b = new LayoutBuilder(spec, rng);
  b.wallRect(0, 0, w, h);
  b.set(w - 2, h - 2, GOAL);
  const split = b.int(2, w - 2);
  b.verticalWall(split, 0, h);
  b.placeAgent({ size: [split, h] });
  // Minigrid draws the door row from 1..h−3, so the bottom interior row never gets the door.
  b.set(split, b.int(1, h - 2), door(Color.yellow, true));
  b.placeObject(key(Color.yellow), { size: [split, h] });
  return b.build(spec);
}
