/**
 * Minigrid's world objects as numbers: the type, colour and state codes of the `[type, color,
 * state]` cell encoding, the seven actions, the four directions, and per-object rules (can the agent
 * walk over it, pick it up) as lookup tables indexed by `type * 3 + state`. What blocks sight
 * is tested in observation.ts, on the hot path.
 *
 * @module
 */

/** Object type codes (Minigrid's OBJECT_TO_IDX). */
export const ObjectType = {
  unseen: 0,
  empty: 1,
  wall: 2,
  floor: 3,
  door: 4,
  key: 5,
  ball: 6,
  box: 7,
  goal: 8,
  lava: 9,
  agent: 10,
} as const;

/** Colour codes (Minigrid's COLOR_TO_IDX). */
export const Color = {
  red: 0,
  green: 1,
  blue: 2,
  purple: 3,
  yellow: 4,
  grey: 5,
} as const;

/** Door state codes; every other object has state 0. */
export const DoorState = { open: 0, closed: 1, locked: 2 } as const;

/** The seven actions, in Minigrid's order. */
export const Action = {
  left: 0,
  right: 1,
  forward: 2,
  pickup: 3,
  drop: 4,
  toggle: 5,
  done: 6,
} as const;

/** Number of actions; valid actions are 0 .. NUM_ACTIONS − 1. */
export const NUM_ACTIONS = 7;

/** x step of each direction: 0 right (+x), 1 down (+y), 2 left (−x), 3 up (−y). */
export const DIR_X: Int32Array = Int32Array.of(1, 0, -1, 0);
/** y step of each direction (y grows downward). */
export const DIR_Y: Int32Array = Int32Array.of(0, 1, 0, -1);

/** Largest valid type code in a grid cell (the agent is never written into a grid). */
const MAX_CELL_TYPE = ObjectType.lava;
/** Number of colours. */
const NUM_COLORS = 6;

/** 1 where `type * 3 + state` can be walked over: empty, floor, goal, lava, open door. */
export const WALKABLE: Uint8Array = ruleTable((t, s) =>
  t === ObjectType.empty || t === ObjectType.floor || t === ObjectType.goal ||
  t === ObjectType.lava || (t === ObjectType.door && s === DoorState.open)
);

/** 1 for the types the agent can pick up: key, ball, box. */
export const PICKABLE: Uint8Array = ruleTable((t) =>
  t === ObjectType.key || t === ObjectType.ball || t === ObjectType.box
);

/** A 0/1 table over every `type * 3 + state` code a cell can hold. */
function ruleTable(rule: (type: number, state: number) => boolean): Uint8Array {
  const table = new Uint8Array((ObjectType.agent + 1) * 3);
  for (let t = 0; t <= ObjectType.agent; t++) {
    for (let s = 0; s < 3; s++) table[t * 3 + s] = rule(t, s) ? 1 : 0;
  }
  return table;
}

/**
 * Why the cell encoding `[type, color, state]` at `codes[offset..offset + 2]` is not a valid grid
 * cell, or null when it is. Only doors have a non-zero state, and empty cells are `[1, 0, 0]`
 * exactly, as Minigrid encodes them.
 */
export function cellProblem(codes: ArrayLike<number>, offset = 0): string | null {
  const type = codes[offset], color = codes[offset + 1], state = codes[offset + 2];
  if (!Number.isInteger(type) || type < ObjectType.empty || type > MAX_CELL_TYPE) {
    return `object type ${type} is not one of 1..${MAX_CELL_TYPE}`;
  }
  if (!Number.isInteger(color) || color < 0 || color >= NUM_COLORS) {
    return `colour ${color} is not one of 0..${NUM_COLORS - 1}`;
  }
  if (!Number.isInteger(state) || state < 0 || state > 2) {
    return `state ${state} is not one of 0..2`;
  }
  if (type !== ObjectType.door && state !== 0) return `a non-door object has state ${state}`;
  if (type === ObjectType.empty && color !== 0) return `an empty cell has colour ${color}`;
  return null;
}
