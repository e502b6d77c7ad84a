import assert from "node:assert/strict";
import { Rng } from "./mod.ts";

/** Pearson correlation of two equal-length arrays. */
function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

Deno.test("same seed gives the same stream; different seeds differ", () => {
  const a = Rng.fromSeed(7), b = Rng.fromSeed(7), c = Rng.fromSeed(8);
  const xa = Array.from({ length: 100 }, () => a.nextU32());
  const xb = Array.from({ length: 100 }, () => b.nextU32());
  const xc = Array.from({ length: 100 }, () => c.nextU32());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
});

Deno.test("xoshiro128** core matches its published reference output", () => {
  // Reference: the C implementation seeded with s = {1, 2, 3, 4} outputs 11520, 0, 5927040, ...
  const rng = Rng.fromState({ words: [0, 0, 0, 0, 1, 2, 3, 4], spare: null });
  assert.deepEqual([rng.nextU32(), rng.nextU32(), rng.nextU32()], [11520, 0, 5927040]);
});

Deno.test("child streams do not depend on the parent's draws", () => {
  const p1 = Rng.fromSeed(1);
  const p2 = Rng.fromSeed(1);
  for (let i = 0; i < 1000; i++) p2.nextU32();
  assert.equal(p1.child("hill", 3).nextU32(), p2.child("hill", 3).nextU32());
  assert.equal(p1.child("hill").child(3).nextU32(), p1.child("hill", 3).nextU32());
  assert.notEqual(p1.child("hill", 3).nextU32(), p1.child("hill", 4).nextU32());
  assert.notEqual(p1.child("3").nextU32(), p1.child(3).nextU32());
});

Deno.test("sibling, parent and seed streams are uncorrelated", () => {
  const n = 20000;
  const bound = 4 / Math.sqrt(n); // 4 standard errors of a zero correlation
  const draw = (r: Rng): Float64Array => {
    const out = new Float64Array(n);
    r.fillUniform(out);
    return out;
  };
  const root = Rng.fromSeed(0);
  const pairs: [Rng, Rng][] = [
    [root.child("a"), root.child("b")],
    [root.child(0), root.child(1)],
    [Rng.fromSeed(0), Rng.fromSeed(1)],
    [Rng.fromSeed(0), Rng.fromSeed(0).child("a")],
  ];
  for (const [x, y] of pairs) {
    const r = correlation(draw(x), draw(y));
    assert.ok(Math.abs(r) < bound, `correlation ${r} beyond ±${bound}`);
  }
});

Deno.test("uniforms are uniform (chi-square over 20 bins) and in range", () => {
  const rng = Rng.fromSeed(42);
  const bins = new Array(20).fill(0);
  const n = 100000;
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    bins[Math.floor(u * 20)]++;
  }
  const expected = n / 20;
  const chi2 = bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
  assert.ok(chi2 < 43.8, `chi2 = ${chi2} beyond the 0.999 quantile of chi2(19)`);
});

Deno.test("normals have mean 0, variance 1 and normal tails", () => {
  for (const fill of [true, false]) {
    const rng = Rng.fromSeed(3);
    const n = 200000;
    const xs = new Float64Array(n);
    if (fill) rng.fillNormal(xs);
    else for (let i = 0; i < n; i++) xs[i] = rng.normal();
    let m = 0, v = 0, beyond2 = 0, beyond3 = 0, below1 = 0, m4 = 0;
    for (const x of xs) m += x;
    m /= n;
    for (const x of xs) {
      v += (x - m) ** 2;
      if (Math.abs(x) > 1.959964) beyond2++;
      if (Math.abs(x) > 3) beyond3++;
      if (x < -1) below1++;
      m4 += x ** 4;
    }
    m4 /= n;
    v /= n - 1;
    assert.ok(Math.abs(m) < 5 / Math.sqrt(n), `mean ${m}`);
    assert.ok(Math.abs(v - 1) < 5 * Math.sqrt(2 / n), `variance ${v}`);
    const p = beyond2 / n;
    assert.ok(Math.abs(p - 0.05) < 5 * Math.sqrt(0.05 * 0.95 / n), `P(|z|>1.96) = ${p}`);
    // The tail beyond the ziggurat's base strip (r = 3.44) and the body both have the right mass.
    const p3 = beyond3 / n, p1 = below1 / n;
    assert.ok(Math.abs(p3 - 0.0026998) < 5 * Math.sqrt(0.0027 / n), `P(|z|>3) = ${p3}`);
    assert.ok(Math.abs(p1 - 0.158655) < 5 * Math.sqrt(0.16 * 0.84 / n), `P(z<-1) = ${p1}`);
    assert.ok(Math.abs(m4 - 3) < 0.1, `E[z^4] = ${m4}`);
  }
});

Deno.test("int and categorical draw with the right frequencies", () => {
  const rng = Rng.fromSeed(5);
  const n = 60000;
  const counts = [0, 0, 0];
  for (let i = 0; i < n; i++) counts[rng.int(3)]++;
  for (const c of counts) assert.ok(Math.abs(c / n - 1 / 3) < 0.01);
  const w = [0.1, 0, 0.6, 0.3];
  const cat = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) cat[rng.categorical(w)]++;
  assert.equal(cat[1], 0);
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(cat[i] / n - w[i]) < 0.01, `p[${i}]`);
  assert.throws(() => rng.categorical([0, 0]), /sum to 0/);
  assert.throws(() => rng.categorical([1, -1]), /weight 1/);
  assert.throws(() => rng.int(0), RangeError);
});

Deno.test("state round-trips exactly, including the normal spare", () => {
  const rng = Rng.fromSeed(9);
  rng.normal(); // leaves a spare
  const copy = Rng.fromState(rng.getState());
  for (let i = 0; i < 10; i++) assert.equal(copy.normal(), rng.normal());
  assert.deepEqual(copy.child("x").getState(), rng.child("x").getState());
  assert.throws(() => Rng.fromSeed(-1), RangeError);
  assert.throws(() => Rng.fromSeed(1.5), RangeError);
});

Deno.test("setState rewinds a stream in place and refuses another stream's state", () => {
  const rng = Rng.fromSeed(9);
  rng.normal();
  const saved = rng.getState();
  const ahead = [rng.normal(), rng.uniform(), rng.nextU32()];
  rng.setState(saved);
  assert.deepEqual([rng.normal(), rng.uniform(), rng.nextU32()], ahead);
  assert.throws(() => rng.setState(Rng.fromSeed(10).getState()), /another stream/);
});
