/**
 * The Minigrid env ids this suite knows, with their grid size, step budget and success rule, as
 * Farama Minigrid 3.1.0 registers them.
 *
 * @module
 */

/** How an episode of an env succeeds. */
export type SuccessRule =
  /** Walking onto the goal (lava ends the episode with reward 0). */
  | "goal"
  /** Picking up the target object (KeyCorridor, ObstructedMaze). */
  | "pickup-target";

/** What the suite needs to know about one env id. */
export interface MinigridEnvSpec {
  /** Gymnasium id, e.g. `MiniGrid-DoorKey-8x8-v0`. */
  id: string;
  /** Grid width, walls included. */
  width: number;
  /** Grid height, walls included. */
  height: number;
  /** Step budget (Minigrid's `max_steps` for these kwargs). */
  maxSteps: number;
  /** How an episode succeeds. */
  success: SuccessRule;
  /** Whether the whole 7×7 view is visible (only EmptyEnv sets Minigrid's see_through_walls). */
  seeThroughWalls: boolean;
}

/** Minigrid's defaults: success on the goal, walls hide what is behind them. */
const GOAL_ENV = { success: "goal", seeThroughWalls: false } as const;

/**
 * Crossing envs with one wall crossing, max_steps = 4·size². Minigrid registers only S9N1; S11N1,
 * S13N1 and S15N1 are this suite's ids for CrossingEnv(size, num_crossings=1, obstacle_type=Wall).
 */
const CROSSINGS: MinigridEnvSpec[] = [9, 11, 13, 15].map((size) => ({
  id: `MiniGrid-SimpleCrossingS${size}N1-v0`,
  width: size,
  height: size,
  maxSteps: 4 * size * size,
  ...GOAL_ENV,
}));

/** Every known env, by id. */
export const MINIGRID_ENVS: ReadonlyMap<string, MinigridEnvSpec> = new Map(
  ([
    // EmptyEnv: max_steps = 4·size², and the one env built with see_through_walls=True.
    {
      id: "MiniGrid-Empty-8x8-v0",
      width: 8,
      height: 8,
      maxSteps: 256,
      success: "goal",
      seeThroughWalls: true,
    },
    {
      id: "MiniGrid-Empty-16x16-v0",
      width: 16,
      height: 16,
      maxSteps: 1024,
      success: "goal",
      seeThroughWalls: true,
    },
    // FourRoomsEnv: fixed 19×19 and max_steps = 100.
    { id: "MiniGrid-FourRooms-v0", width: 19, height: 19, maxSteps: 100, ...GOAL_ENV },
    // DoorKeyEnv: max_steps = 10·size².
    { id: "MiniGrid-DoorKey-8x8-v0", width: 8, height: 8, maxSteps: 640, ...GOAL_ENV },
    // MultiRoomEnv: 25×25, max_steps = 20·maxNumRooms; the legacy v0 id builds 6 rooms.
    { id: "MiniGrid-MultiRoom-N4-S5-v0", width: 25, height: 25, maxSteps: 120, ...GOAL_ENV },
    { id: "MiniGrid-MultiRoom-N4-S5-v1", width: 25, height: 25, maxSteps: 80, ...GOAL_ENV },
    // KeyCorridorEnv(room_size 3, num_rows 2): 3 columns of rooms, max_steps = 30·room_size².
    {
      id: "MiniGrid-KeyCorridorS3R2-v0",
      width: 7,
      height: 5,
      maxSteps: 270,
      success: "pickup-target",
      seeThroughWalls: false,
    },
    // LavaGapEnv: max_steps = 4·size².
    { id: "MiniGrid-LavaGapS7-v0", width: 7, height: 7, maxSteps: 196, ...GOAL_ENV },
    ...CROSSINGS,
    // ObstructedMaze_1Dlhb: 1×2 rooms of size 6, max_steps = 4·2·6².
    {
      id: "MiniGrid-ObstructedMaze-1Dlhb-v0",
      width: 11,
      height: 6,
      maxSteps: 288,
      success: "pickup-target",
      seeThroughWalls: false,
    },
  ] satisfies MinigridEnvSpec[]).map((spec): [string, MinigridEnvSpec] => [spec.id, spec]),
);
