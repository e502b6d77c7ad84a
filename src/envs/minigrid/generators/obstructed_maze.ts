/**
 * Minigrid's ObstructedMaze_1Dlhb: two rooms side by side joined by a locked door of a random
 * colour, blocked on the agent's side by a green ball; the key is hidden in a grey box in the
 * agent's room; the target blue ball is in the other room.
 *
 * @module
 */

import type { Rng } from "../../../rng/mod.ts";
import type { MinigridEnvSpec } from "../env_specs.ts";
import type { MinigridLayout } from "../layout.ts";
import { DIR_X, DIR_Y, ObjectType } from "../objects.ts";
import { ball, key, RANDOM_COLORS } from "./layout_builder.ts";
import { RoomGrid } from "./room_grid.ts";

/** ObstructedMaze's room side, walls included. */
const ROOM_SIZE = 6;
/** The door is in the right wall of the left room. */
const DOOR_WALL = 0;

/**
 * An ObstructedMaze-1Dlhb layout; the target is the blue ball. Minigrid's colours for this family
 * come from COLOR_NAMES by position: the target ball is the first (blue), the blocking ball the
 * second (green), the box the third (grey); the door takes the first of a random permutation,
 * i.e. a uniform colour.
 */
export function obstructedMazeLayout(spec: MinigridEnvSpec, rng: Rng): MinigridLayout {
  const rooms = new RoomGrid({ roomSize: ROOM_SIZE, numRows: 1, numCols: 2 }, rng);
  const b = rooms.builder;
  const color = b.pick(RANDOM_COLORS);
  const [dx, dy] = rooms.addDoor(0, 0, { wall: DOOR_WALL, color, locked: true });
  b.set(dx - DIR_X[DOOR_WALL], dy - DIR_Y[DOOR_WALL], ball(RANDOM_COLORS[1]));
  const box = rooms.placeInRoom(0, 0, [ObjectType.box, RANDOM_COLORS[2], 0]);
  b.boxes.push({ pos: box, contains: key(color) });
  b.targetPos = rooms.placeInRoom(1, 0, ball(RANDOM_COLORS[0]));
  rooms.placeAgentInRoom(0, 0);
  return b.build(spec);
}
