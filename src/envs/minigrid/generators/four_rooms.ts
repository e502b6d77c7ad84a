/**
 * Minigrid's FourRoomsEnv: a 19×19 grid split by one vertical and one horizontal wall into four
 * rooms, each half-wall with one random opening; the agent (random cell and direction) and the
 * goal (random cell) anywhere free, openings included.
 *
 * @module
 */

import type { Rng } from "../../../rng/mod.ts";
import type { MinigridEnvSpec } from "../env_specs.ts";
import type { MinigridLayout } from "../layout.ts";
import { GOAL, LayoutBuilder } from "./layout_builder.ts";

/** A FourRooms layout. */
export function fourRoomsLayout(spec: MinigridEnvSpec, rng: Rng): MinigridLayout {
  const { width: w, height: h } = spec;
  const b = new LayoutBuilder(spec, rng);
  b.wallRect(0, 0, w, h);
  const roomW = Math.floor(w / 2), roomH = Math.floor(h / 2);
  // Minigrid walks the rooms row by row; each room draws its right wall and then its bottom
  // wall, and opens one cell strictly inside each, so the openings are drawn in that order.
  for (let j = 0; j < 2; j++) {
    for (let i = 0; i < 2; i++) {
      const left = i * roomW, top = j * roomH, right = left + roomW, bottom = top + roomH;
      if (i === 0) {
        b.verticalWall(right, top, roomH);
        b.clear(right, b.int(top + 1, bottom));
      }
      if (j === 0) {
        b.horizontalWall(left, bottom, roomW);
        b.clear(b.int(left + 1, right), bottom);
      }
    }
  }
  b.placeAgent();
  b.placeObject(GOAL);
  return b.build(spec);
}
