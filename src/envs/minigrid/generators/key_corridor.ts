/**
 * Minigrid's KeyCorridorEnv: three columns of rooms; the middle column is opened into a
 * corridor; a locked door of a random colour leads from it into a random room on the right,
 * which holds the target ball (random colour); the matching key is in a random room on the left;
 * the agent starts in the middle room of the corridor; closed doors then join every room.
 *
 * @module
 */

import type { Rng } from "../../../rng/mod.ts";
import type { MinigridEnvSpec } from "../env_specs.ts";
import type { MinigridLayout } from "../layout.ts";
import { ball, key, RANDOM_COLORS } from "./layout_builder.ts";
import { RoomGrid } from "./room_grid.ts";

/** Size of a KeyCorridor. */
export interface KeyCorridorOptions {
  /** Side of a room, walls included. */
  roomSize: number;
  /** Rows of rooms. */
  numRows: number;
}

/** A KeyCorridor layout; the target is the ball behind the locked door. */
export function keyCorridorLayout(
  spec: MinigridEnvSpec,
  rng: Rng,
  options: KeyCorridorOptions,
): MinigridLayout {
  const rooms = new RoomGrid({ ...options, numCols: 3 }, rng);
  const b = rooms.builder;
  for (let j = 1; j < options.numRows; j++) rooms.removeWall(1, j, 3);
  const lockedRow = b.int(0, options.numRows);
  const color = b.pick(RANDOM_COLORS);
  rooms.addDoor(2, lockedRow, { wall: 2, color, locked: true });
  b.targetPos = rooms.placeInRoom(2, lockedRow, ball(b.pick(RANDOM_COLORS)));
  rooms.placeInRoom(0, b.int(0, options.numRows), key(color));
  rooms.placeAgentInRoom(1, Math.floor(options.numRows / 2));
  rooms.connectAll();
  return b.build(spec);
}
