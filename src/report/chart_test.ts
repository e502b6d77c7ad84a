import assert from "node:assert/strict";
import { intervalChart, labelLines } from "./chart.ts";

Deno.test("long category labels break after / or at spaces into lines of about the width", () => {
  assert.equal(labelLines("env-steps/b1/w1"), "env-steps/b1/w1");
  assert.deepEqual(labelLines("landscape-env-steps/4x4x256/w1"), [
    "landscape-env-steps/",
    "4x4x256/w1",
  ]);
  assert.deepEqual(labelLines("#1 6d2aa90* 2026-11-25", 12), ["#1 6d2aa90*", "2026-11-25"]);
  // Every character is kept, in order.
  const label = "normal (Box–Muller, single draws)";
  assert.equal((labelLines(label) as string[]).join(" "), label);
});

Deno.test("an interval chart draws its reference as a dashed line across every category", () => {
  const chart = intervalChart({
    id: "c",
    title: "t",
    xLabel: "x",
    yLabel: "y",
    categories: ["a", "b", "c"],
    series: [{ label: "s", estimate: [1, 2, 3], lower: [0, 1, 2], upper: [2, 3, 4] }],
    table: { id: "c-numbers", columns: [], rows: [] },
    reference: { label: "none: 0.5", value: 0.5 },
  });
  const datasets = (chart.config.data as { datasets: Record<string, unknown>[] }).datasets;
  const line = datasets.find((d) => d.label === "none: 0.5");
  assert.deepEqual(line?.data, [0.5, 0.5, 0.5]);
  assert.ok(Array.isArray(line?.borderDash));
});
