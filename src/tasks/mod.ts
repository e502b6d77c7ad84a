/**
 * Every task kind, by id. A kind is added by one file in src/tasks/ and one line here.
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import { FUTURE_KL_CHECK_TASK } from "./hill/future_kl_check.ts";
import { HILL_GRADIENT_TASK } from "./hill/gradient.ts";
import { HILL_IMPROVEMENT_TASK } from "./hill/improvement.ts";
import { MINIGRID_CONTROL_TASK, MINIGRID_EXPLORE_TASK } from "./minigrid.ts";
import { HILL_LANDSCAPE_TASK } from "./hill/landscape.ts";
import { HILL_SPEED_TASK } from "./perf/hill_speed.ts";
import { LEARNER_SPEED_TASK } from "./perf/learner_speed.ts";
import { MINIGRID_SPEED_TASK } from "./perf/minigrid_speed.ts";
import { RNG_SPEED_TASK } from "./perf/rng_speed.ts";
import type { TaskDefinition } from "./task.ts";

export type { TaskContext, TaskDefinition, TaskOutput } from "./task.ts";
export { RunStopped } from "./task.ts";

/** Task kinds by id. */
// deno-lint-ignore no-explicit-any
export const TASKS: Readonly<Record<string, TaskDefinition<any>>> = {
  [HILL_LANDSCAPE_TASK.kind]: HILL_LANDSCAPE_TASK,
  [HILL_IMPROVEMENT_TASK.kind]: HILL_IMPROVEMENT_TASK,
  [HILL_GRADIENT_TASK.kind]: HILL_GRADIENT_TASK,
  [FUTURE_KL_CHECK_TASK.kind]: FUTURE_KL_CHECK_TASK,
  [MINIGRID_EXPLORE_TASK.kind]: MINIGRID_EXPLORE_TASK,
  [MINIGRID_CONTROL_TASK.kind]: MINIGRID_CONTROL_TASK,
  [RNG_SPEED_TASK.kind]: RNG_SPEED_TASK,
  [HILL_SPEED_TASK.kind]: HILL_SPEED_TASK,
  [MINIGRID_SPEED_TASK.kind]: MINIGRID_SPEED_TASK,
  [LEARNER_SPEED_TASK.kind]: LEARNER_SPEED_TASK,
};

/** Looks up a task kind, naming the known ones on error. */
// deno-lint-ignore no-explicit-any
export function taskFor(kind: string, where: string): TaskDefinition<any> {
  const task = TASKS[kind];
  if (!task) {
    throw new UsageError(
      `unknown task kind '${kind}'`,
      where,
      `use one of ${Object.keys(TASKS).join(", ")}`,
    );
  }
  return task;
}
