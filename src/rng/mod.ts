/**
 * The suite's seeded, splittable random number generator.
 *
 * Core: xoshiro128** (Blackman & Vigna), four 32-bit words of state, period 2^128 − 1. It runs on
 * 32-bit integer ops (`Math.imul`, shifts), which V8 keeps unboxed, so it is fast in JS hot loops.
 *
 * Splitting: every stream has a 128-bit *key*. `child(name)` hashes the parent's key with the name
 * into a new key, independent of how many numbers the parent has drawn. So a stream for
 * `seed 3 / hill/landscape / iK=5 / iσ=7` is the same whatever else ran before it, which is what
 * makes results independent of worker count, sharding and run order.
 *
 * Nothing in the suite calls `Math.random`; every draw goes through an `Rng`.
 *
 * @module
 */

const TWO_POW_32 = 4294967296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;
const INV_TWO_POW_53 = 1 / 9007199254740992;
const TWO_PI = 2 * Math.PI;

/**
 * Tables of the 128-layer ziggurat for the standard normal (Marsaglia & Tsang 2000): layer
 * thresholds `kn`, widths `wn` and densities `fn`. Computed once, in float64, from the two
 * published constants (right edge r = 3.442619855899, layer area v = 9.91256303526217e-3).
 */
const ZIG = (() => {
  const kn = new Uint32Array(128), wn = new Float64Array(128), fn = new Float64Array(128);
  const m1 = 2147483648, v = 9.91256303526217e-3;
  let dn = 3.442619855899, tn = dn;
  const q = v / Math.exp(-0.5 * dn * dn);
  kn[0] = Math.floor((dn / q) * m1);
  kn[1] = 0;
  wn[0] = q / m1;
  wn[127] = dn / m1;
  fn[0] = 1;
  fn[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(v / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
  return { kn, wn, fn, r: 3.442619855899 };
})();

/** Serialisable state of a stream: key and generator words (8 uint32), plus Box–Muller spare. */
export interface RngState {
  /** The stream's key (4 uint32) followed by the generator state (4 uint32). */
  words: number[];
  /** A cached second normal from Box–Muller, or null. */
  spare: number | null;
}

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Encodes a child name as 32-bit words: strings as UTF-8, numbers as float64 bits, tagged by type. */
function nameWords(name: string | number): number[] {
  if (typeof name === "number") {
    const f = new Float64Array([name]);
    const u = new Uint32Array(f.buffer);
    return [0x6e756d00, u[0], u[1]];
  }
  const bytes = new TextEncoder().encode(name);
  const words = [0x73747200, bytes.length];
  for (let i = 0; i < bytes.length; i += 4) {
    words.push(
      (bytes[i] | (bytes[i + 1] ?? 0) << 8 | (bytes[i + 2] ?? 0) << 16 |
        (bytes[i + 3] ?? 0) << 24) >>>
        0,
    );
  }
  return words;
}

/** Hashes a key and a list of words into a new 4-word key, each lane with its own multiplier. */
function deriveKey(key: Uint32Array, words: number[]): Uint32Array {
  const out = new Uint32Array(4);
  const lanes = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f];
  for (let lane = 0; lane < 4; lane++) {
    let h = fmix32(key[lane] ^ lanes[lane]);
    for (let i = 0; i < 4; i++) {
      h = fmix32((h ^ key[(lane + i) & 3]) + Math.imul(i + 1, lanes[lane]));
    }
    for (const w of words) h = fmix32(Math.imul(h ^ w, lanes[lane]) + 0x165667b1);
    out[lane] = fmix32(h ^ words.length);
  }
  return out;
}

/** A seeded, splittable stream of random numbers. */
export class Rng {
  /** The stream's identity; children are derived from it, never from the draw state. */
  readonly key: Uint32Array;
  #s0 = 0;
  #s1 = 0;
  #s2 = 0;
  #s3 = 0;
  #spare: number | null = null;

  private constructor(key: Uint32Array) {
    this.key = key;
    // Seed the generator from the key through one more mix so that state ≠ key.
    const seed = deriveKey(key, [0x73656564]);
    this.#s0 = seed[0] | 0;
    this.#s1 = seed[1] | 0;
    this.#s2 = seed[2] | 0;
    this.#s3 = seed[3] | 0;
    // xoshiro's all-zero state is a fixed point; the hash makes it astronomically unlikely,
    // but a stream must never be stuck.
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }

  /** The root stream of a run: a non-negative integer seed or a string label. */
  static fromSeed(seed: number | string): Rng {
    if (typeof seed === "number" && (!Number.isInteger(seed) || seed < 0)) {
      throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
    }
    return new Rng(deriveKey(new Uint32Array([0x65787062, 0x656e6368, 0, 0]), nameWords(seed)));
  }

  /** Restores a stream saved with `getState()`. */
  static fromState(state: RngState): Rng {
    if (state.words.length !== 8 || state.words.some((w) => !Number.isInteger(w) || w < 0)) {
      throw new RangeError("RngState.words must be 8 uint32 values");
    }
    const rng = new Rng(new Uint32Array(state.words.slice(0, 4)));
    rng.#s0 = state.words[4] | 0;
    rng.#s1 = state.words[5] | 0;
    rng.#s2 = state.words[6] | 0;
    rng.#s3 = state.words[7] | 0;
    rng.#spare = state.spare;
    return rng;
  }

  /**
   * A named child stream, e.g. `rng.child("hill/landscape", "iK", 3)`. Several names are applied in
   * turn. The child depends only on this stream's key and the names, not on draws made so far.
   */
  child(...names: (string | number)[]): Rng {
    let key = this.key;
    for (const name of names) key = deriveKey(key, nameWords(name));
    return new Rng(key);
  }

  /** The full state (key, generator words and normal spare), for checkpoints. */
  getState(): RngState {
    return {
      words: [...this.key, this.#s0 >>> 0, this.#s1 >>> 0, this.#s2 >>> 0, this.#s3 >>> 0],
      spare: this.#spare,
    };
  }

  /**
   * Restores, in place, a state this same stream saved with `getState()` (holders of the object
   * keep it). Throws when the state belongs to another stream.
   */
  setState(state: RngState): void {
    const restored = Rng.fromState(state);
    if (restored.key.some((w, i) => w !== this.key[i])) {
      throw new RangeError("RngState is of another stream (its key differs)");
    }
    this.#s0 = restored.#s0;
    this.#s1 = restored.#s1;
    this.#s2 = restored.#s2;
    this.#s3 = restored.#s3;
    this.#spare = restored.#spare;
  }

  /** Next uniform 32-bit unsigned integer (xoshiro128**). */
  nextU32(): number {
    const s0 = this.#s0, s1 = this.#s1, s2 = this.#s2, s3 = this.#s3;
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.#s1 = s1 ^ n2;
    this.#s0 = s0 ^ n3;
    this.#s2 = n2 ^ t;
    this.#s3 = (n3 << 11) | (n3 >>> 21);
    return r >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) * INV_TWO_POW_53;
  }

  /** Uniform integer in [0, n), without modulo bias: 32-bit draws at or above the largest multiple
   * of n are rejected. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`int(n) needs an integer n in [1, 2^32], got ${n}`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** Standard normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.#spare !== null) {
      const z = this.#spare;
      this.#spare = null;
      return z;
    }
    // (x + 0.5)/2^32 lies in (0, 1), so the log is finite.
    const u1 = (this.nextU32() + 0.5) * INV_TWO_POW_32;
    const u2 = this.nextU32() * INV_TWO_POW_32;
    const r = Math.sqrt(-2 * Math.log(u1));
    const a = TWO_PI * u2;
    this.#spare = r * Math.sin(a);
    return r * Math.cos(a);
  }

  /** Fills `out` with uniforms in (0, 1) of 32-bit resolution: the fast path for hot loops. */
  fillUniform(out: Float64Array | Float32Array): void {
    for (let i = 0; i < out.length; i++) out[i] = (this.nextU32() + 0.5) * INV_TWO_POW_32;
  }

  /**
   * Fills `out` with standard normals by the ziggurat method: the fast path for hot loops (about
   * 3× faster than Box–Muller here). Unlike Marsaglia & Tsang's original, the layer index comes
   * from its own draw, not from the low bits of the value, which removes the known correlation
   * between them (Doornik 2005). Independent of the single-draw spare of {@link normal}.
   */
  fillNormal(out: Float64Array | Float32Array): void {
    const { kn, wn } = ZIG;
    for (let i = 0; i < out.length; i++) {
      const hz = this.nextU32() | 0;
      const iz = this.nextU32() & 127;
      const abs = hz < 0 ? -hz : hz;
      out[i] = abs < kn[iz] ? hz * wn[iz] : this.#zigguratTail(hz, iz);
    }
  }

  /** The ziggurat's slow path: the base strip's tail, or a wedge test against the density. */
  #zigguratTail(hz: number, iz: number): number {
    const { kn, wn, fn, r } = ZIG;
    for (;;) {
      if (iz === 0) {
        // Tail beyond r: Marsaglia's exponential rejection.
        let x: number, y: number;
        do {
          x = -Math.log((this.nextU32() + 0.5) * INV_TWO_POW_32) / r;
          y = -Math.log((this.nextU32() + 0.5) * INV_TWO_POW_32);
        } while (y + y < x * x);
        return hz > 0 ? r + x : -r - x;
      }
      const x = hz * wn[iz];
      const u = (this.nextU32() + 0.5) * INV_TWO_POW_32;
      if (fn[iz] + u * (fn[iz - 1] - fn[iz]) < Math.exp(-0.5 * x * x)) return x;
      hz = this.nextU32() | 0;
      iz = this.nextU32() & 127;
      const abs = hz < 0 ? -hz : hz;
      if (abs < kn[iz]) return hz * wn[iz];
    }
  }

  /**
   * Index drawn with probability proportional to `weights[i]` (inverse CDF). Weights must be finite
   * and non-negative with a positive sum; they need not be normalised.
   */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new RangeError(`categorical weight ${i} is ${w}; weights must be finite and >= 0`);
      }
      total += w;
    }
    if (!(total > 0)) throw new RangeError("categorical weights sum to 0");
    const target = this.uniform() * total;
    let acc = 0;
    for (let i = 0; i < weights.length; i++) {
      acc += weights[i];
      if (target < acc) return i;
    }
    // Rounding can leave target ≥ the running sum; fall back to the last positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return weights.length - 1;
  }
}
