import assert from "node:assert/strict";
import { UsageError } from "../src/errors.ts";
import { planRuns } from "../src/cli/runner.ts";
import { BENCHMARKS, validateDefinitions } from "./mod.ts";

const base = {
  id: "minigrid/explore/MiniGrid-Empty-16x16-v0",
  task: "minigrid/explore",
  title: "t",
  variants: [{ variant: "none", lambdas: [0] }, { variant: "count", lambdas: [0.01] }],
};

Deno.test("a profile's variants must be among the definition's", () => {
  const def = {
    ...base,
    profiles: { quick: { seeds: [1], params: {}, budgetSeconds: 1, variants: ["rnd"] } },
  };
  assert.throws(
    () => validateDefinitions([def]),
    (e: unknown) =>
      e instanceof UsageError && /variant rnd is not among/.test(e.message) &&
      /profiles\.quick\.variants/.test(e.where),
  );
});

Deno.test("planRuns runs only a profile's variants, all of them when it names none", async () => {
  const [def] = validateDefinitions([{
    ...base,
    profiles: {
      quick: { seeds: [1, 2], params: { env: "MiniGrid-Empty-16x16-v0" }, budgetSeconds: 1 },
      full: {
        seeds: [1, 2],
        params: { env: "MiniGrid-Empty-16x16-v0" },
        budgetSeconds: 1,
        variants: ["none"],
      },
    },
  }]);
  const variantsOf = async (profile: "quick" | "full"): Promise<string[]> =>
    [
      ...new Set(
        (await planRuns([def], { profile, resultsDir: "/nonexistent" })).map((r) => r.variant),
      ),
    ]
      .sort();
  assert.deepEqual(await variantsOf("quick"), ["count", "none"]);
  assert.deepEqual(await variantsOf("full"), ["none"]);
});

Deno.test("full Minigrid is paper 2's 900 runs; the baselines run in quick and default explore", async () => {
  const minigrid = BENCHMARKS.filter((d) => d.id.startsWith("minigrid/"));
  const runs = async (profile: "quick" | "default" | "full") =>
    await planRuns(minigrid, { profile, resultsDir: "/nonexistent" });
  const full = await runs("full");
  assert.equal(full.length, 900);
  assert.ok(full.every((r) => r.variant !== "count" && r.variant !== "rnd"));
  const def = await runs("default");
  const baselines = def.filter((r) => r.variant === "count" || r.variant === "rnd");
  assert.equal(baselines.length, 6);
  assert.ok(baselines.every((r) => r.benchmark.startsWith("minigrid/explore/")));
  assert.ok((await runs("quick")).some((r) => r.variant === "rnd"));
});
