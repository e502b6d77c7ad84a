/**
 * Minigrid's MultiRoomEnv: a chain of walled rooms (sides 4..maxRoomSize, walls included) laid
 * out by a random walk on a 25×25 grid, each joined to the previous one by a closed door whose
 * colour differs from the previous door's. The agent starts in the first room (random cell and
 * direction), the goal is in the last. Cells outside the rooms stay empty.
 *
 * @module
 */

import type { Rng } from "../../../rng/mod.ts";
import type { MinigridEnvSpec } from "../env_specs.ts";
import type { MinigridLayout, Position } from "../layout.ts";
import { door, GOAL, LayoutBuilder, RANDOM_COLORS } from "./layout_builder.ts";

/** How many rooms, and how big. */
export interface MultiRoomOptions {
  /** Fewest rooms. */
  minRooms: number;
  /** Most rooms. */
  maxRooms: number;
  /** Largest room side, walls included (the smallest is 4). */
  maxRoomSize: number;
}

/** A room: its top-left wall corner, its size, and the door it is entered by. */
interface Room {
  top: Position;
  size: Position;
  entryDoor: Position;
}

/** Smallest room side, walls included. */
const MIN_ROOM_SIZE = 4;
/** Exit walls tried per room before the chain is cut short there. */
const EXIT_TRIES = 8;

/** A MultiRoom layout. */
export function multiRoomLayout(
  spec: MinigridEnvSpec,
  rng: Rng,
  options: MultiRoomOptions,
): MinigridLayout {
  const w = spec.width;
  const b = new LayoutBuilder(spec, rng);
  const numRooms = b.int(options.minRooms, options.maxRooms + 1);
  // Minigrid starts chains at random corners until one reaches numRooms rooms, keeping the
  // longest so far.
  let rooms: Room[] = [];
  while (rooms.length < numRooms) {
    const chain: Room[] = [];
    // Both coordinates are drawn below the width, as Minigrid does (its grids are square).
    const start: Position = [b.int(0, w - 2), b.int(0, w - 2)];
    placeRoom(b, chain, { left: numRooms, maxSize: options.maxRoomSize, entryWall: 2, start });
    if (chain.length > rooms.length) rooms = chain;
  }

  let previousColor = -1;
  rooms.forEach((room, i) => {
    b.wallRect(room.top[0], room.top[1], room.size[0], room.size[1]);
    if (i > 0) {
      const color = b.pick(RANDOM_COLORS.filter((c) => c !== previousColor));
      b.set(room.entryDoor[0], room.entryDoor[1], door(color, false));
      previousColor = color;
    }
  });
  const first = rooms[0], last = rooms[rooms.length - 1];
  b.placeAgent({ top: first.top, size: first.size });
  b.placeObject(GOAL, { top: last.top, size: last.size });
  return b.build(spec);
}

/**
 * Minigrid's `_placeRoom`: a room of random size entered through `start` on wall `entryWall`
 * (0 right, 1 bottom, 2 left, 3 top; the first room has `start` as its corner), kept if it fits
 * the grid and overlaps no room but the previous one; then up to {@link EXIT_TRIES} random exit
 * walls for the next room. Returns whether this room was placed.
 */
function placeRoom(
  b: LayoutBuilder,
  chain: Room[],
  at: { left: number; maxSize: number; entryWall: number; start: Position },
): boolean {
  const sizeX = b.int(MIN_ROOM_SIZE, at.maxSize + 1);
  const sizeY = b.int(MIN_ROOM_SIZE, at.maxSize + 1);
  const [dx, dy] = at.start;
  let topX: number, topY: number;
  if (chain.length === 0) [topX, topY] = [dx, dy];
  else if (at.entryWall === 0) [topX, topY] = [dx - sizeX + 1, b.int(dy - sizeY + 2, dy)];
  else if (at.entryWall === 1) [topX, topY] = [b.int(dx - sizeX + 2, dx), dy - sizeY + 1];
  else if (at.entryWall === 2) [topX, topY] = [dx, b.int(dy - sizeY + 2, dy)];
  else [topX, topY] = [b.int(dx - sizeX + 2, dx), dy];

  // Minigrid's bounds test is strict at the bottom only, so no room touches the last row.
  if (topX < 0 || topY < 0 || topX + sizeX > b.width || topY + sizeY >= b.height) return false;
  for (const room of chain.slice(0, -1)) {
    const apart = topX + sizeX < room.top[0] || room.top[0] + room.size[0] <= topX ||
      topY + sizeY < room.top[1] || room.top[1] + room.size[1] <= topY;
    if (!apart) return false;
  }
  chain.push({ top: [topX, topY], size: [sizeX, sizeY], entryDoor: at.start });
  if (at.left === 1) return true;

  const exits = [0, 1, 2, 3].filter((wall) => wall !== at.entryWall);
  for (let t = 0; t < EXIT_TRIES; t++) {
    const exitWall = b.pick(exits);
    let exit: Position;
    if (exitWall === 0) exit = [topX + sizeX - 1, topY + b.int(1, sizeY - 1)];
    else if (exitWall === 1) exit = [topX + b.int(1, sizeX - 1), topY + sizeY - 1];
    else if (exitWall === 2) exit = [topX, topY + b.int(1, sizeY - 1)];
    else exit = [topX + b.int(1, sizeX - 1), topY];
    const next = { left: at.left - 1, maxSize: at.maxSize, entryWall: (exitWall + 2) % 4 };
    if (placeRoom(b, chain, { ...next, start: exit })) break;
  }
  return true;
}
