import assert from "node:assert/strict";
import { HILL_COLUMNS, HILL_PANELS, hillWeights, panelTitle, panelValues } from "./hill.ts";

Deno.test("panelValues weighs the columns: L = J + λ·J_state, joint adds J_action", () => {
  const col = (v: number): number[][] => [[v, v]];
  const columns = Object.fromEntries(HILL_COLUMNS.map((name) => [name, col(-1e6)]));
  Object.assign(columns, { J: col(1), J_state: col(10), J_c: col(100), J_action: col(1000) });
  columns.J_fkl = col(-1e4);
  const state01 = HILL_PANELS.find((p) => p.id === "state/0.1")!;
  const joint05 = HILL_PANELS.find((p) => p.id === "joint/0.5")!;
  assert.deepEqual(panelValues(columns, state01.weights), [[2, 2]]);
  assert.deepEqual(panelValues(columns, joint05.weights), [[1 + 5 + 500, 506]]);
  const fkl1 = HILL_PANELS.find((p) => p.id === "future-kl/1")!;
  assert.deepEqual(panelValues(columns, fkl1.weights), [[1 - 1e4, 1 - 1e4]]);
});

Deno.test("the five hill variants keep P1's panels and the gradient study's weights", () => {
  assert.deepEqual(HILL_COLUMNS.slice(0, 5), ["J", "J_state", "J_c", "J_action", "J_fkl"]);
  const zeros = (n: number): number[] => new Array(n).fill(0);
  const rest = zeros(HILL_COLUMNS.length - 5);
  assert.deepEqual(hillWeights("none", 0), [1, 0, 0, 0, 0, ...rest]);
  assert.deepEqual(hillWeights("joint", 0.1), [1, 0.1, 0, 0.1, 0, ...rest]);
  assert.deepEqual(hillWeights("future-kl", 1), [1, 0, 0, 0, 1, ...rest]);
  assert.deepEqual(
    HILL_PANELS.map((p) => p.id).filter((id) => !/^(count)\//.test(id)),
    [
      "none/0",
      "state/0.05",
      "state/0.1",
      "state/1",
      "action/0.01",
      "action/0.1",
      "action/0.5",
      "joint/0.01",
      "joint/0.05",
      "joint/0.1",
      "joint/0.5",
      "joint/1",
      "future-kl/0.05",
      "future-kl/0.1",
      "future-kl/1",
      "c/1",
    ],
  );
  const title = (id: string): string => panelTitle(HILL_PANELS.find((p) => p.id === id)!);
  assert.equal(title("none/0"), "J (none)");
  assert.equal(title("joint/0.1"), "joint λ=0.1: J + 0.1·(J_state + J_action)");
  assert.equal(title("c/1"), "J + J_c (P1's shaped reward)");
});
