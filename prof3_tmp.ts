import { hillRollouts } from "./src/envs/hill/mod.ts";
import { Rng } from "./src/rng/mod.ts";
import { HILL_CODE_COLUMNS } from "./src/exploration/variants/hill.ts";
const names = Object.keys(HILL_CODE_COLUMNS);
const sets: Record<string, Record<string, any> | undefined> = { none: undefined, all: HILL_CODE_COLUMNS };
for (const n of names) sets[n] = { [n]: HILL_CODE_COLUMNS[n] };
const time = (cols: any) => { const t = performance.now(); for (let e = 0; e < 15; e++) hillRollouts({ policy: { K: -1, sigma: 1 }, rollouts: 4096, rng: Rng.fromSeed(e), codeColumns: cols }); return (performance.now() - t) / 15; };
for (const s of Object.values(sets)) time(s);
for (let r = 0; r < 2; r++) console.log(Object.fromEntries(Object.entries(sets).map(([k, s]) => [k, time(s).toFixed(2)])));
