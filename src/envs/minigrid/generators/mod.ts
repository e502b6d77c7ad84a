/**
 * Layout generators for every env id of {@link MINIGRID_ENVS}: each follows the rules of the
 * Farama Minigrid 3.1.0 env it is named after (what is random, over which range, and what
 * placements are refused), drawing from the suite's {@link Rng} instead of numpy. The layouts
 * are not numpy's, but they come from the same distribution.
 *
 * @module
 */

import { UsageError } from "../../../errors.ts";
import type { Rng } from "../../../rng/mod.ts";
import { MINIGRID_ENVS, type MinigridEnvSpec } from "../env_specs.ts";
import type { MinigridLayout } from "../layout.ts";
import { crossingLayout } from "./crossing.ts";
import { doorKeyLayout } from "./door_key.ts";
import { emptyLayout } from "./empty.ts";
import { fourRoomsLayout } from "./four_rooms.ts";
import { keyCorridorLayout } from "./key_corridor.ts";
import { lavaGapLayout } from "./lava_gap.ts";
import { multiRoomLayout } from "./multi_room.ts";
import { obstructedMazeLayout } from "./obstructed_maze.ts";

export { LayoutBuilder, type PlaceOptions, RANDOM_COLORS } from "./layout_builder.ts";

/** Draws one layout for an env id's spec. */
export type LayoutGenerator = (spec: MinigridEnvSpec, rng: Rng) => MinigridLayout;

/** The generator of each env id, with the kwargs Minigrid registers it with. */
export const LAYOUT_GENERATORS: ReadonlyMap<string, LayoutGenerator> = new Map<
  string,
  LayoutGenerator
>([
  ["MiniGrid-Empty-8x8-v0", emptyLayout],
  ["MiniGrid-Empty-16x16-v0", emptyLayout],
  ["MiniGrid-FourRooms-v0", fourRoomsLayout],
  ["MiniGrid-DoorKey-8x8-v0", doorKeyLayout],
  // The legacy v0 id passes minNumRooms = maxNumRooms = 6 despite its name.
  [
    "MiniGrid-MultiRoom-N4-S5-v0",
    (spec, rng) => multiRoomLayout(spec, rng, { minRooms: 6, maxRooms: 6, maxRoomSize: 5 }),
  ],
  [
    "MiniGrid-MultiRoom-N4-S5-v1",
    (spec, rng) => multiRoomLayout(spec, rng, { minRooms: 4, maxRooms: 4, maxRoomSize: 5 }),
  ],
  [
    "MiniGrid-KeyCorridorS3R2-v0",
    (spec, rng) => keyCorridorLayout(spec, rng, { roomSize: 3, numRows: 2 }),
  ],
  ["MiniGrid-LavaGapS7-v0", lavaGapLayout],
  ...[9, 11, 13, 15].map((size): [string, LayoutGenerator] => [
    `MiniGrid-SimpleCrossingS${size}N1-v0`,
    (spec, rng) => crossingLayout(spec, rng, 1),
  ]),
  ["MiniGrid-ObstructedMaze-1Dlhb-v0", obstructedMazeLayout],
]);

/**
 * The spec of an env id that has a generator. Throws a {@link UsageError} naming the known ids
 * for any other.
 */
export function generatedEnvSpec(envId: string): MinigridEnvSpec {
  const spec = MINIGRID_ENVS.get(envId);
  if (!spec || !LAYOUT_GENERATORS.has(envId)) {
    throw new UsageError(
      `unknown Minigrid env id '${envId}'`,
      "generateLayout",
      `use one of ${[...LAYOUT_GENERATORS.keys()].join(", ")}`,
    );
  }
  return spec;
}

/**
 * A new layout of env `envId` drawn from `rng` (which it advances). Throws a {@link UsageError}
 * naming the known ids for an unknown one.
 */
export function generateLayout(envId: string, rng: Rng): MinigridLayout {
  return LAYOUT_GENERATORS.get(envId)!(generatedEnvSpec(envId), rng);
}
