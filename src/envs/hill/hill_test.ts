import assert from "node:assert/strict";
import { Rng } from "../../rng/mod.ts";
import {
  binCode,
  densityFromMass,
  discountedBinLaw,
  fitBin,
  futureKlColumn,
  height,
  heightSlope,
  HILL_BIN_EDGES,
  HILL_REFERENCE,
  HillBatch,
  hillRollouts,
  integrate,
  negKlToUniform,
  ON_EDGE,
  OUTSIDE,
  pooledFutureBins,
} from "./mod.ts";

const close = (got: number, want: number, tol: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} ± ${tol}`);
const mean = (a: Float64Array): number => a.reduce((s, x) => s + x, 0) / a.length;

Deno.test("h and h' at the spec's check points (hill.md §7)", () => {
  const table: [number, number][] = [[-4, 2.43623], [-3, -1], [-0.625, 0.00278], [0, 0], [3, -2], [
    5,
    33.43627,
  ]];
  for (const [x, h] of table) close(height(x), h, 1e-4, `h(${x})`);
  close(heightSlope(-3), -4.86e-6, 1e-8, "h'(-3)");
  close(heightSlope(3), 4.86e-6, 1e-8, "h'(3)");
});

Deno.test("one noise-free step matches the spec's table, including clipping", () => {
  const noNoise = { ...HILL_REFERENCE, actionNoiseStd: 0 };
  const rows: [number, number, number, number, number, number][] = [
    [-3, 0, 0, -3.0, 0.000004, 0.999998],
    [-3, 0, 25, -2.913425, 1.820758, 0.988965], // 25 clips to 10
    [-3, 0, -10, -3.086315, -1.790165, 0.987324],
    [0, 1, 0, 0.097133, 0.937277, 0.000047],
    [-3.9, -5, 0, -4, 0, -2.436228],
  ];
  for (const [x, v, u, x1, v1, r] of rows) {
    const env = new HillBatch(1, Rng.fromSeed(0), noNoise);
    env.x[0] = x;
    env.v[0] = v;
    env.step(new Float64Array([u]));
    close(env.x[0], x1, 1e-4, `x' from (${x}, ${v}), u=${u}`);
    close(env.v[0], v1, 1e-4, `v' from (${x}, ${v}), u=${u}`);
    close(env.reward[0], r, 1e-4, `r from (${x}, ${v}), u=${u}`);
  }
});

Deno.test("walls are absorbing: a car at −4 or 5 stays, v = 0, whatever the action", () => {
  const out = new Float64Array(1);
  for (const wall of [-4, 5]) {
    for (const u of [-10, 0, 10]) {
      assert.equal(integrate(wall, 3, u, HILL_REFERENCE, out), wall);
      assert.equal(out[0], 0);
    }
  }
  const env = new HillBatch(1, Rng.fromSeed(0), { ...HILL_REFERENCE, actionNoiseStd: 0 });
  env.x[0] = -3.9;
  env.v[0] = -5;
  for (let t = 0; t < 5; t++) env.step(new Float64Array([10]));
  assert.equal(env.x[0], -4);
  close(env.reward[0], -2.436228, 1e-4, "reward at the wall");
});

Deno.test("the noise is added before clipping and the episode has a fixed horizon", () => {
  const env = new HillBatch(4096, Rng.fromSeed(2));
  const a = new Float64Array(4096).fill(9.5);
  env.step(a);
  const u = env.force;
  assert.ok(u.every((f) => f <= 10 && f >= -10));
  const clipped = u.filter((f) => f === 10).length / u.length;
  close(clipped, 0.3085, 0.03, "P(9.5 + ξ > 10) = 1 − Φ(0.5)");
  for (let t = 1; t < 99; t++) assert.equal(env.step(a), false);
  assert.equal(env.step(a), true);
  assert.throws(() => env.step(a), /after the horizon/);
});

Deno.test("histogram bins follow numpy: [e_b, e_{b+1}) fit, strict evaluation, walls at p̂ = 0", () => {
  assert.equal(HILL_BIN_EDGES.length, 21);
  assert.equal(fitBin(-4), 0);
  assert.equal(fitBin(5), 19);
  assert.equal(binCode(-4), 0 + ON_EDGE);
  assert.equal(binCode(5), 19 + ON_EDGE);
  assert.equal(fitBin(HILL_BIN_EDGES[3]), 3);
  assert.equal(binCode(HILL_BIN_EDGES[3]), 3 + ON_EDGE);
  assert.equal(binCode(-3), 2);
  assert.equal(binCode(-4.5), OUTSIDE);
  // All mass in one bin: reference p̂ = 1/9, so the per-step bonus is −log(1e-4 + 1/9) = 2.196.
  const mass = new Float64Array(20);
  mass[2] = 3;
  close(-Math.log(1e-4 + densityFromMass(mass, "reference")[2]), 2.196, 1e-3, "one-bin bonus");
  close(densityFromMass(mass, "density")[2], 1 / 0.45, 1e-12, "true density");
});

Deno.test("E[J_action] = 63.397 · ½ ln(2πe(σ² + 1e-6)), whatever K", () => {
  const want: [number, number][] = [[0, -347.97], [0.5, 46.01], [1, 89.96], [2, 133.9], [
    4,
    177.84,
  ]];
  for (const [sigma, value] of want) {
    for (const K of [-1, 2]) {
      const c = hillRollouts({ policy: { K, sigma }, rollouts: 1024, rng: Rng.fromSeed(1) });
      close(mean(c.J_action), value, 1, `E[J_a] at σ = ${sigma}, K = ${K}`);
    }
  }
});

Deno.test("J and J_state at the spec's table points, within its tolerance (4096 rollouts)", () => {
  const J: [number, number, number][] = [
    [-4, 0, 30.6],
    [-2, 1, 51.8],
    [-1, 0, 71.6],
    [-1, 2, 69.5],
    [-1, 4, 64.6],
    [-0.5, 0, 54.2],
    [-0.5, 4, 54.9],
    [0, 0, 62.3],
    [0, 2, 58.1],
    [0, 4, 49.9],
    [1, 1, 48.7],
    [3, 0, 33.05],
  ];
  for (const [K, sigma, value] of J) {
    const c = hillRollouts({ policy: { K, sigma }, rollouts: 4096, rng: Rng.fromSeed(11) });
    close(mean(c.J), value, sigma >= 4 ? 1.5 : 1.0, `J(${K}, ${sigma})`);
    if (K === 0 && sigma === 0) close(mean(c.J_state), 166.2, 2, "J_s(0, 0)");
    if (K === -1 && sigma === 0) close(mean(c.J_state), 282.0, 2, "J_s(-1, 0)");
    if (K === 3 && sigma === 0) close(mean(c.J_state), 177.3, 2, "J_s(3, 0)");
    if (K === -0.5 && sigma === 4) close(mean(c.J_state), 295.5, 2, "J_s(-0.5, 4)");
  }
});

Deno.test("rollouts are a pure function of the stream", () => {
  const a = hillRollouts({
    policy: { K: -1, sigma: 1 },
    rollouts: 64,
    rng: Rng.fromSeed(5),
    scores: true,
  });
  const b = hillRollouts({
    policy: { K: -1, sigma: 1 },
    rollouts: 64,
    rng: Rng.fromSeed(5),
    scores: true,
  });
  assert.deepEqual(a, b);
  const c = hillRollouts({ policy: { K: -1, sigma: 1 }, rollouts: 64, rng: Rng.fromSeed(6) });
  assert.notDeepEqual(a.J, c.J);
});

Deno.test("the SIMD step kernel is bit-identical to integrate and height per car, walls included", () => {
  const n = 103; // odd: the spare slot of the last pair is a car nobody reads
  const rng = Rng.fromSeed(4);
  for (const env of [HILL_REFERENCE, { ...HILL_REFERENCE, actionNoiseStd: 0 }]) {
    const batch = new HillBatch(n, rng.child("env"), env);
    const x = new Float64Array(n), v = new Float64Array(n), a = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i % 17 === 0 ? -4 : i % 19 === 0 ? 5 : i % 23 === 0 ? NaN : -4 + 9 * rng.uniform();
      v[i] = i % 13 === 0 ? -0 : 6 * rng.normal();
      a[i] = i % 11 === 0 ? -0 : 14 * (2 * rng.uniform() - 1);
    }
    batch.x.set(x);
    batch.v.set(v);
    // The same env stream, replayed: the noise the batch will draw.
    const noise = new Float64Array(n);
    if (env.actionNoiseStd > 0) rng.child("env").fillNormal(noise);
    batch.step(a);
    const out = new Float64Array(1);
    for (let i = 0; i < n; i++) {
      const raw = a[i] + (env.actionNoiseStd > 0 ? env.actionNoiseStd * noise[i] : 0);
      const u = raw > env.actionClip
        ? env.actionClip
        : raw < -env.actionClip
        ? -env.actionClip
        : raw;
      const x1 = integrate(x[i], v[i], u, env, out);
      assert.ok(Object.is(batch.force[i], u), `force of car ${i}: ${batch.force[i]} vs ${u}`);
      assert.ok(Object.is(batch.x[i], x1), `x of car ${i}: ${batch.x[i]} vs ${x1}`);
      assert.ok(Object.is(batch.v[i], out[0]), `v of car ${i}: ${batch.v[i]} vs ${out[0]}`);
      assert.ok(Object.is(batch.reward[i], -height(x1)), `reward of car ${i}`);
    }
  }
});

/** Solves A x = b for a small dense system by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

Deno.test("pooled future-bin law matches the exact fixed point on a Markov chain over bins", () => {
  // A 4-state chain on bins 3..6; its exact discounted future law is q = (1−γ) P (I − γP)⁻¹.
  const P = [[0.5, 0.5, 0, 0], [0.2, 0.3, 0.5, 0], [0, 0.4, 0.2, 0.4], [0.3, 0, 0.3, 0.4]];
  const gamma = 0.8, n = 400, T = 200, S = P.length;
  const codes = new Uint8Array((T + 1) * n);
  const rng = Rng.fromSeed(8);
  for (let i = 0; i < n; i++) {
    let s = rng.int(S);
    for (let t = 0; t <= T; t++) {
      codes[t * n + i] = 3 + s;
      s = rng.categorical(P[s]);
    }
  }
  const q = pooledFutureBins(codes, { groups: 1, size: n, T, gamma, group: 0 });
  // Row j of (I − γP)⁻¹ solves (I − γP)ᵀ y = e_j; then q_b = (1−γ) Σ_j P[b][j] · row_j.
  const A = P.map((_, r) => P.map((__, c) => (r === c ? 1 : 0) - gamma * P[c][r]));
  const inv = P.map((_, j) => solve(A, P.map((__, k) => (k === j ? 1 : 0))));
  for (let b = 0; b < S; b++) {
    let kl = 0;
    for (let z = 0; z < S; z++) {
      const exact = (1 - gamma) * P[b].reduce((acc, p, j) => acc + p * inv[j][z], 0);
      const est = q[(3 + b) * 20 + 3 + z];
      if (exact > 0) kl += exact * Math.log(exact / est);
    }
    assert.ok(kl < 0.01, `KL(exact ‖ pooled) for bin ${3 + b} = ${kl}`);
  }
  assert.equal(q[0], 0, "unvisited rows stay 0");
});

Deno.test("pooled future-bin law is bit-identical to the dense O(bins) backward pass", () => {
  // The dense loops the sparse pass replaced: every bin multiplied and added at every step.
  const dense = (codes: Uint8Array, n: number, T: number, gamma: number): Float64Array => {
    const B = 20, rows = new Float64Array(B * B), future = new Float64Array(B);
    for (let i = 0; i < n; i++) {
      future.fill(0);
      for (let t = T - 1; t >= 0; t--) {
        for (let z = 0; z < B; z++) future[z] *= gamma;
        future[codes[(t + 1) * n + i] & (ON_EDGE - 1)] += 1 - gamma;
        const row = (codes[t * n + i] & (ON_EDGE - 1)) * B;
        for (let z = 0; z < B; z++) rows[row + z] += future[z];
      }
    }
    for (let b = 0; b < B; b++) {
      let total = 0;
      for (let z = 0; z < B; z++) total += rows[b * B + z];
      if (total > 0) { for (let z = 0; z < B; z++) rows[b * B + z] /= total; }
    }
    return rows;
  };
  const T = HILL_REFERENCE.horizon, n = 256;
  for (const [K, sigma] of [[-1, 0], [0, 0.5], [-0.5, 4], [3, 2]]) {
    const { trajectories } = hillRollouts({
      policy: { K, sigma },
      rollouts: n,
      rng: Rng.fromSeed(11),
      trajectories: true,
    });
    const codes = Uint8Array.from(trajectories!.x, binCode);
    const got = pooledFutureBins(codes, { groups: 1, size: n, T, gamma: 0.99, group: 0 });
    assert.deepEqual(got, dense(codes, n, T, 0.99), `K = ${K}, σ = ${sigma}`);
  }
});

Deno.test("future-KL column: a car that never leaves its bin gets −log 20 per step", () => {
  const n = 2, T = 10, gamma = 0.9;
  const codes = new Uint8Array((T + 1) * n).fill(5);
  const col = futureKlColumn(codes, { groups: 1, size: n, T, gamma });
  const sum = (1 - gamma ** T) / (1 - gamma);
  close(col[0], -Math.log(20) * sum, 1e-12, "J_fkl");
  const c = hillRollouts({
    policy: { K: -1, sigma: 1 },
    rollouts: 64,
    rng: Rng.fromSeed(3),
    codeColumns: { J_fkl: futureKlColumn },
  });
  assert.ok(c.own.J_fkl.every((v) => v <= 0 && v >= -Math.log(20) * 63.4));
});

Deno.test("nested Monte-Carlo law converges to the exact chain law; small M biases the KL upward", () => {
  const P = [[0.5, 0.5, 0, 0], [0.2, 0.3, 0.5, 0], [0, 0.4, 0.2, 0.4], [0.3, 0, 0.3, 0.4]];
  const gamma = 0.8, L = 80, S = P.length;
  const A = P.map((_, r) => P.map((__, c) => (r === c ? 1 : 0) - gamma * P[c][r]));
  const inv = P.map((_, j) => solve(A, P.map((__, k) => (k === j ? 1 : 0))));
  const exactRow = (b: number): number[] =>
    P.map((_, z) => (1 - gamma) * P[b].reduce((acc, p, j) => acc + p * inv[j][z], 0));
  const rng = Rng.fromSeed(21);
  const continuations = (start: number, M: number): Uint8Array => {
    const codes = new Uint8Array(M * L);
    for (let m = 0; m < M; m++) {
      let s = start;
      for (let k = 0; k < L; k++) {
        s = rng.categorical(P[s]);
        codes[m * L + k] = s;
      }
    }
    return codes;
  };
  for (let b = 0; b < S; b++) {
    const q = discountedBinLaw(continuations(b, 4000), { M: 4000, L, gamma });
    const exact = exactRow(b);
    const kl = exact.reduce((acc, p, z) => acc + (p > 0 ? p * Math.log(p / q[z]) : 0), 0);
    assert.ok(kl < 0.01, `KL(exact ‖ nested) from state ${b} = ${kl}`);
  }
  // M = 8: the empirical law has less entropy on average, so −KL(q̂ ‖ U) is biased downward.
  const exactBonus = negKlToUniform([...exactRow(1), ...new Array(16).fill(0)]);
  let mean = 0;
  for (let r = 0; r < 200; r++) {
    mean += negKlToUniform(discountedBinLaw(continuations(1, 8), { M: 8, L, gamma })) / 200;
  }
  assert.ok(mean < exactBonus, `small-M bonus ${mean} should be below the exact ${exactBonus}`);
});
