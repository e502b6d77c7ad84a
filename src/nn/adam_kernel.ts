/**
 * Adam's update of one tensor as a single pass on tfjs's wasm backend. Written as tfjs ops it is
 * 12 kernels per layer, each a full pass over the weights with a fresh output buffer, which made
 * the optimiser 20–35% of a learner iteration; this loop reads p, m, v and g once and writes p, m
 * and v in place, in the wasm backend's own memory (its exported `memory`, imported here).
 *
 * Every operation is the one tfjs's kernels apply, in the same order and in float32 (wasm's f32
 * arithmetic, square root included, is IEEE-754 correctly rounded, as tfjs's wasm kernels are),
 * so the results are bit-identical to the op chain of {@link Adam}'s other path.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import wabtInit from "wabt";

/**
 * m ← m·β1 + g·(1−β1); v ← v·β2 + (g·g)·(1−β2); p ← p − (m/(√v + ε̂))·α over n floats at byte
 * offsets p, m, v, g: four lanes at a time, then the n mod 4 left one at a time.
 */
const ADAM_WAT = `(module
  (import "tfjs" "memory" (memory 1))
  (func (export "adam")
    (param $p i32) (param $m i32) (param $v i32) (param $g i32) (param $n i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32) (param $alpha f32)
    (param $eps f32)
    (local $i i32) (local $end i32) (local $vecEnd i32)
    (local $B1 v128) (local $C1 v128) (local $B2 v128) (local $C2 v128) (local $A v128)
    (local $E v128) (local $gi v128) (local $mi v128) (local $vi v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $A (f32x4.splat (local.get $alpha)))
    (local.set $E (f32x4.splat (local.get $eps)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vecEnd (i32.and (local.get $end) (i32.const -16)))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $i) (local.get $vecEnd)))
        (local.set $gi (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $mi (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $B1))
          (f32x4.mul (local.get $gi) (local.get $C1))))
        (v128.store (i32.add (local.get $m) (local.get $i)) (local.get $mi))
        (local.set $vi (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $B2))
          (f32x4.mul (f32x4.mul (local.get $gi) (local.get $gi)) (local.get $C2))))
        (v128.store (i32.add (local.get $v) (local.get $i)) (local.get $vi))
        (v128.store (i32.add (local.get $p) (local.get $i))
          (f32x4.sub
            (v128.load (i32.add (local.get $p) (local.get $i)))
            (f32x4.mul
              (f32x4.div (local.get $mi) (f32x4.add (f32x4.sqrt (local.get $vi)) (local.get $E)))
              (local.get $A))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ms (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
          (f32.mul (local.get $gs) (local.get $c1))))
        (f32.store (i32.add (local.get $m) (local.get $i)) (local.get $ms))
        (local.set $vs (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $c2))))
        (f32.store (i32.add (local.get $v) (local.get $i)) (local.get $vs))
        (f32.store (i32.add (local.get $p) (local.get $i))
          (f32.sub
            (f32.load (i32.add (local.get $p) (local.get $i)))
            (f32.mul
              (f32.div (local.get $ms) (f32.add (f32.sqrt (local.get $vs)) (local.get $eps)))
              (local.get $alpha))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tail)))))`;

/** The coefficients of one step, rounded to float32 on the way in as tfjs's scalars are. */
export interface AdamCoefficients {
  /** β1 and 1 − β1. */
  b1: number;
  c1: number;
  /** β2 and 1 − β2. */
  b2: number;
  c2: number;
  /** α_t = lr·√(1−β2^t)/(1−β1^t). */
  alpha: number;
  /** ε̂_t = ε·√(1−β2^t). */
  eps: number;
}

/** What this module reads of tfjs-backend-wasm's backend (not part of its typed API). */
interface WasmBackend {
  wasm: { asm: { memory: WebAssembly.Memory } };
  dataIdMap: { get(id: object): { memoryOffset: number; refCount: number } };
}

/** The fused update for the active wasm backend's memory. */
export class FusedAdam {
  readonly #backend: WasmBackend;
  readonly #adam: (...args: number[]) => void;

  /** Use {@link FusedAdam.forActiveBackend}. */
  constructor(backend: WasmBackend, adam: (...args: number[]) => void) {
    this.#backend = backend;
    this.#adam = adam;
  }

  /**
   * Updates `p`, `m` and `v` in place from `g`; false (nothing done) when one of `p`, `m`, `v`
   * shares its buffer with another tensor, which an in-place write would change too.
   */
  step(
    t: { p: tf.Tensor; m: tf.Tensor; v: tf.Tensor; g: tf.Tensor },
    c: AdamCoefficients,
  ): boolean {
    const map = this.#backend.dataIdMap;
    const [p, m, v, g] = [t.p, t.m, t.v, t.g].map((x) => map.get(x.dataId));
    if (p.refCount !== 1 || m.refCount !== 1 || v.refCount !== 1) return false;
    this.#adam(
      p.memoryOffset,
      m.memoryOffset,
      v.memoryOffset,
      g.memoryOffset,
      t.p.size,
      c.b1,
      c.c1,
      c.b2,
      c.c2,
      c.alpha,
      c.eps,
    );
    return true;
  }

  /** The kernel bound to the active backend's memory; null unless that backend is wasm. */
  static async forActiveBackend(): Promise<FusedAdam | null> {
    if (tf.getBackend() !== "wasm") return null;
    const backend = tf.backend() as unknown as WasmBackend;
    let kernel = KERNELS.get(backend);
    if (!kernel) {
      kernel = instantiate(backend);
      KERNELS.set(backend, kernel);
    }
    return await kernel;
  }
}

/** One kernel per backend instance (a test may start several). */
const KERNELS = new WeakMap<WasmBackend, Promise<FusedAdam>>();

/** Assembles {@link ADAM_WAT} and instantiates it on `backend`'s memory. */
async function instantiate(backend: WasmBackend): Promise<FusedAdam> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat("adam.wat", ADAM_WAT, { simd: true });
  try {
    const { buffer } = parsed.toBinary({});
    // A module this small may be compiled synchronously.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(buffer)), {
      tfjs: { memory: backend.wasm.asm.memory },
    });
    return new FusedAdam(backend, instance.exports.adam as (...args: number[]) => void);
  } finally {
    parsed.destroy();
  }
}
