/**
 * `perf/rng`: draws per second of the suite's generator, against pure-rand's xoroshiro128+ as a
 * well-kept baseline (the reason the suite keeps its own: splittable named streams and bulk
 * normal fills at the speed the env loops need).
 *
 * @module
 */

import prand from "pure-rand";
import { z } from "zod";
import { Rng } from "../../rng/mod.ts";
import type { TaskDefinition, TaskOutput } from "../task.ts";
import { measureThroughput, perfOutput } from "./timing.ts";

/** Parameters: draws per repeat and repeats. */
export const RngSpeedSchema = z.object({
  draws: z.number().int().min(1024).default(1 << 22),
  repeats: z.number().int().min(1).default(7),
}).strict();

/** The `perf/rng` task kind. */
export const RNG_SPEED_TASK: TaskDefinition<z.infer<typeof RngSpeedSchema>> = {
  kind: "perf/rng",
  backends: ["js"],
  params: RngSpeedSchema,
  async run(ctx): Promise<TaskOutput> {
    const { draws, repeats } = ctx.params;
    const rng = Rng.fromSeed(ctx.seed);
    const buf = new Float64Array(draws);
    let sink = 0;
    const cases = {
      "nextU32": await measureThroughput(() => {
        for (let i = 0; i < draws; i++) sink ^= rng.nextU32();
      }, { units: draws, repeats }),
      "fillUniform": await measureThroughput(() => rng.fillUniform(buf), { units: draws, repeats }),
      "fillNormal": await measureThroughput(() => rng.fillNormal(buf), { units: draws, repeats }),
      "normal (Box–Muller, single draws)": await measureThroughput(() => {
        for (let i = 0; i < draws; i++) buf[i] = rng.normal();
      }, { units: draws, repeats }),
      "pure-rand xoroshiro128plus unsafeNext": await measureThroughput(() => {
        const g = prand.xoroshiro128plus(ctx.seed);
        for (let i = 0; i < draws; i++) sink ^= g.unsafeNext();
      }, { units: draws, repeats }),
    };
    if (sink === 0.5) throw new Error("unreachable: keeps the loops from being optimised away");
    return perfOutput(cases, "draws/s");
  },
};
