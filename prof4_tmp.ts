import { improvementRow, landscapeRow } from "./src/tasks/hill/rows.ts";
import { HILL_PANELS } from "./src/exploration/variants/hill.ts";
const grid = { kMin: -4, kMax: 3, sigmaMin: 0, sigmaMax: 4, kCount: 10, sigmaCount: 200, rollouts: 4096, densityNorm: "reference" as const, groupSize: 8, lookup: "nearest" as const };
const panels = HILL_PANELS.map(() => new Float64Array(grid.kCount * grid.sigmaCount).map((_, i) => Math.sin(i)));
landscapeRow({ grid, seed: 1 }, 50); improvementRow({ grid, seed: 1, panels }, 50);
for (let r = 0; r < 2; r++) {
  let t = performance.now(); landscapeRow({ grid, seed: 1 }, 60); const a = (performance.now() - t) / 10;
  t = performance.now(); improvementRow({ grid, seed: 1, panels }, 60); const b = (performance.now() - t) / 10;
  console.log({ landscape_ms_per_point: a.toFixed(1), improvement_ms_per_point: b.toFixed(1), panels: HILL_PANELS.length });
}
