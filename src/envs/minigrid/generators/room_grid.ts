/**
 * Minigrid's RoomGrid, the base of KeyCorridor and ObstructedMaze: rows × columns of square
 * rooms sharing walls, one candidate door position per shared wall, and the helpers that add
 * doors, put objects in rooms, place the agent and connect every room to the agent's.
 *
 * @module
 */

import type { Rng } from "../../../rng/mod.ts";
import type { CellCode, Position } from "../layout.ts";
import { DIR_X, DIR_Y, ObjectType } from "../objects.ts";
import { door, LayoutBuilder, RANDOM_COLORS } from "./layout_builder.ts";

/** Size of a room grid. */
export interface RoomGridOptions {
  /** Side of a room, walls included (neighbouring rooms share a wall). */
  roomSize: number;
  /** Rows of rooms. */
  numRows: number;
  /** Columns of rooms. */
  numCols: number;
}

/** What a wall of a room has become: nothing yet, a door, or an opening. */
type Passage = "none" | "door" | "opening";

/** One room; wall k is 0 right, 1 bottom, 2 left, 3 top, as the directions. */
interface Room {
  i: number;
  j: number;
  top: Position;
  /** Where a door in wall k goes, or null on the grid's edge. */
  doorPos: (Position | null)[];
  neighbors: (Room | null)[];
  passages: Passage[];
  /** Whether the last door added to this room was locked (Minigrid's `room.locked`). */
  locked: boolean;
}

/** Tries Minigrid gives `place_in_room` and `place_agent` in a room grid. */
const ROOM_TRIES = 1000;
/** Rounds Minigrid gives `connect_all`. */
const CONNECT_ROUNDS = 5000;

/** A grid of rooms being drawn, with the agent at the middle room's centre until placed. */
export class RoomGrid {
  /** The layout underneath. */
  readonly builder: LayoutBuilder;
  /** Room side, walls included. */
  readonly roomSize: number;
  /** Rows of rooms. */
  readonly numRows: number;
  /** Columns of rooms. */
  readonly numCols: number;
  readonly #rooms: Room[][];

  /**
   * Draws every room's walls and, room by room, the position of its right and bottom doors
   * (a random cell strictly inside the shared wall).
   */
  constructor(options: RoomGridOptions, rng: Rng) {
    const { roomSize: s, numRows, numCols } = options;
    this.roomSize = s;
    this.numRows = numRows;
    this.numCols = numCols;
    const b = this.builder = new LayoutBuilder(
      { width: (s - 1) * numCols + 1, height: (s - 1) * numRows + 1 },
      rng,
    );
    this.#rooms = Array.from(
      { length: numRows },
      (_, j) =>
        Array.from({ length: numCols }, (_, i): Room => {
          b.wallRect(i * (s - 1), j * (s - 1), s, s);
          return {
            i,
            j,
            top: [i * (s - 1), j * (s - 1)],
            doorPos: [null, null, null, null],
            neighbors: [null, null, null, null],
            passages: ["none", "none", "none", "none"],
            locked: false,
          };
        }),
    );
    for (const row of this.#rooms) {
      for (const room of row) {
        const { i, j } = room;
        const [left, top] = room.top, right = left + s - 1, bottom = top + s - 1;
        if (i < numCols - 1) {
          room.neighbors[0] = this.#rooms[j][i + 1];
          room.doorPos[0] = [right, b.int(top + 1, bottom)];
        }
        if (j < numRows - 1) {
          room.neighbors[1] = this.#rooms[j + 1][i];
          room.doorPos[1] = [b.int(left + 1, right), bottom];
        }
        if (i > 0) {
          room.neighbors[2] = this.#rooms[j][i - 1];
          room.doorPos[2] = room.neighbors[2].doorPos[0];
        }
        if (j > 0) {
          room.neighbors[3] = this.#rooms[j - 1][i];
          room.doorPos[3] = room.neighbors[3].doorPos[1];
        }
      }
    }
    const half = Math.floor(s / 2);
    b.agentPos = [
      Math.floor(numCols / 2) * (s - 1) + half,
      Math.floor(numRows / 2) * (s - 1) + half,
    ];
    b.agentDir = 0;
  }

  /** Removes the wall `wall` of room (i, j) between its corners (Minigrid's `remove_wall`). */
  removeWall(i: number, j: number, wall: number): void {
    const room = this.#rooms[j][i], s = this.roomSize, [tx, ty] = room.top;
    for (let k = 1; k < s - 1; k++) {
      if (wall === 0) this.builder.clear(tx + s - 1, ty + k);
      else if (wall === 1) this.builder.clear(tx + k, ty + s - 1);
      else if (wall === 2) this.builder.clear(tx, ty + k);
      else this.builder.clear(tx + k, ty);
    }
    room.passages[wall] = "opening";
    room.neighbors[wall]!.passages[(wall + 2) % 4] = "opening";
  }

  /**
   * Minigrid's `add_door`: a door of `color` in wall `wall` of room (i, j), locked or closed;
   * marks the room locked or not. Returns its position.
   */
  addDoor(i: number, j: number, at: { wall: number; color: number; locked: boolean }): Position {
    const room = this.#rooms[j][i], pos = room.doorPos[at.wall]!;
    room.locked = at.locked;
    this.builder.set(pos[0], pos[1], door(at.color, at.locked));
    room.passages[at.wall] = "door";
    room.neighbors[at.wall]!.passages[(at.wall + 2) % 4] = "door";
    return pos;
  }

  /**
   * Minigrid's `place_in_room`: `code` at a free cell of room (i, j), never within one step of
   * where the agent is at that moment.
   */
  placeInRoom(i: number, j: number, code: CellCode): Position {
    const b = this.builder, [ax, ay] = b.agentPos;
    return b.placeObject(code, {
      top: this.#rooms[j][i].top,
      size: [this.roomSize, this.roomSize],
      reject: (x, y) => Math.abs(ax - x) + Math.abs(ay - y) < 2,
      maxTries: ROOM_TRIES,
    });
  }

  /**
   * RoomGrid's `place_agent`: a free cell of room (i, j) and a random direction, redrawn until
   * the agent faces an empty cell or a wall.
   */
  placeAgentInRoom(i: number, j: number): void {
    const b = this.builder, room = this.#rooms[j][i];
    for (;;) {
      const [x, y] = b.placeAgent({
        top: room.top,
        size: [this.roomSize, this.roomSize],
        maxTries: ROOM_TRIES,
      });
      const front = b.typeAt(x + DIR_X[b.agentDir], y + DIR_Y[b.agentDir]);
      if (front === ObjectType.empty || front === ObjectType.wall) return;
    }
  }

  /**
   * Minigrid's `connect_all`: while some room can't be reached from the agent's room through
   * doors and openings, adds a closed door of a random colour in a random wall of a random room,
   * skipping walls that have one and rooms on either side that are locked.
   */
  connectAll(): void {
    const b = this.builder, s = this.roomSize;
    const start = this.#rooms[Math.floor(b.agentPos[1] / (s - 1))][
      Math.floor(b.agentPos[0] / (s - 1))
    ];
    for (let round = 0; round <= CONNECT_ROUNDS; round++) {
      if (this.#reachable(start) === this.numRows * this.numCols) return;
      const i = b.int(0, this.numCols), j = b.int(0, this.numRows), wall = b.int(0, 4);
      const room = this.#rooms[j][i];
      const neighbor = room.neighbors[wall];
      if (!neighbor || room.passages[wall] !== "none") continue;
      if (room.locked || neighbor.locked) continue;
      this.addDoor(i, j, { wall, color: b.pick(RANDOM_COLORS), locked: false });
    }
    throw new Error("connect_all failed to join every room");
  }

  /** Number of rooms joined to `start` by doors (locked ones too) and openings. */
  #reachable(start: Room): number {
    const seen = new Set<Room>(), stack = [start];
    while (stack.length > 0) {
      const room = stack.pop()!;
      if (seen.has(room)) continue;
      seen.add(room);
      room.passages.forEach((p, k) => {
        if (p !== "none") stack.push(room.neighbors[k]!);
      });
    }
    return seen.size;
  }
}
