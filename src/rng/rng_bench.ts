import prand from "pure-rand";
import { Rng } from "./mod.ts";

const N = 1 << 20;
const out = new Float64Array(N);

Deno.bench("Rng.nextU32 ×2^20 (xoshiro128**)", { group: "u32", baseline: true }, () => {
  const rng = Rng.fromSeed(1);
  let acc = 0;
  for (let i = 0; i < N; i++) acc ^= rng.nextU32();
  if (acc === 0.5) throw new Error("unreachable");
});

Deno.bench("pure-rand xoroshiro128plus unsafeNext ×2^20", { group: "u32" }, () => {
  const g = prand.xoroshiro128plus(1);
  let acc = 0;
  for (let i = 0; i < N; i++) acc ^= g.unsafeNext();
  if (acc === 0.5) throw new Error("unreachable");
});

Deno.bench("Rng.fillUniform ×2^20", { group: "fill" }, () => {
  Rng.fromSeed(1).fillUniform(out);
});

Deno.bench("Rng.fillNormal ×2^20", { group: "fill" }, () => {
  Rng.fromSeed(1).fillNormal(out);
});

Deno.bench("Rng.child (derive a named stream)", () => {
  Rng.fromSeed(1).child("hill/landscape", 17, 42);
});
