/**
 * One decision of N hill cars as a WebAssembly SIMD kernel, two cars per f64x2 lane pair: the
 * noised, clipped force, the Euler sub-steps and the reward −h(x'). In JavaScript each sub-step
 * of a car is a dependent polynomial → division → velocity chain, one double at a time; here every
 * sub-step is one sweep over all cars, so the CPU overlaps independent cars and does two per
 * instruction, the division included.
 *
 * Every operation is the one {@link integrate} and {@link height} apply, in the same order, in
 * IEEE-754 double precision with round-to-nearest (WebAssembly has no fused multiply-add and no
 * reassociation), and the selects keep JavaScript's comparison semantics (NaN included): the
 * results are bit-identical to the scalar code (tested car by car, walls included).
 *
 * The module is assembled from its text by the `wabt` package when this file is first imported
 * (≈ 0.1 s per process or worker); each {@link HillStepKernel} gets its own memory.
 *
 * @module
 */

import wabtInit from "wabt";
import { HILL_POLYNOMIAL, type HillConfig } from "./dynamics.ts";

/** Constants block at byte 0, in this order (one f64 each). */
const CONSTANTS = [
  "invM",
  "gravity",
  "damping",
  "dt",
  "lo",
  "hi",
  "noiseStd",
  "clip",
  "D2",
  "D3",
  "D4",
  "D5",
  "E1",
  "E2",
  "E3",
  "E4",
  "C3",
  "C4",
  "C5",
  "C6",
] as const;

/** Byte offset where the car arrays start (after the constants, 16-byte aligned). */
const ARRAYS_AT = Math.ceil((CONSTANTS.length * 8) / 16) * 16;

/** `(v128.load64_splat offset=… (i32.const 0))` of constant `name`. */
function k(name: (typeof CONSTANTS)[number]): string {
  return `(v128.load64_splat offset=${CONSTANTS.indexOf(name) * 8} (i32.const 0))`;
}

/** f64x2 op of two operands, for readable formulas. */
const op = (name: string, a: string, b: string): string => `(f64x2.${name} ${a} ${b})`;
const add = (a: string, b: string): string => op("add", a, b);
const sub = (a: string, b: string): string => op("sub", a, b);
const mul = (a: string, b: string): string => op("mul", a, b);
/** `cond ? a : b` lane-wise (`cond` a comparison mask). */
const select = (a: string, b: string, cond: string): string => `(v128.bitselect ${a} ${b} ${cond})`;
const get = (name: string): string => `(local.get $${name})`;
const at = (array: string): string => `(i32.add (local.get $${array}) (local.get $i))`;

/**
 * `step(pairs, subSteps, x, v, a, xi, u, r)` over byte offsets: u = clip(a + noiseStd·ξ),
 * `subSteps` Euler steps of (x, v), r = −h(x). Three sweeps over the pairs of cars: force, then one
 * sweep per sub-step, then reward.
 */
const STEP_WAT = `(module
  (memory (export "memory") 1)
  (func (export "step")
    (param $pairs i32) (param $subSteps i32)
    (param $x i32) (param $v i32) (param $a i32) (param $xi i32) (param $u i32) (param $r i32)
    (local $i i32) (local $end i32) (local $s i32)
    (local $X v128) (local $V v128) (local $U v128) (local $P v128) (local $Q v128)
    (local $N v128) (local $W v128)
    (local.set $end (i32.shl (local.get $pairs) (i32.const 4)))
    ;; u = a + noiseStd·ξ, clipped to ±clip (u > clip ? clip : u < −clip ? −clip : u).
    (local.set $i (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $U ${add(`(v128.load ${at("a")})`, mul(k("noiseStd"), `(v128.load ${at("xi")})`))})
      (v128.store ${at("u")} ${
  select(
    k("clip"),
    select(`(f64x2.neg ${k("clip")})`, get("U"), `(f64x2.lt ${get("U")} (f64x2.neg ${k("clip")}))`),
    `(f64x2.gt ${get("U")} ${k("clip")})`,
  )
})
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $next)))
    ;; Sub-steps: a car at or past a wall before a sub-step stays, with v = 0.
    (local.set $s (i32.const 0))
    (block $stepsDone (loop $nextStep
      (br_if $stepsDone (i32.ge_u (local.get $s) (local.get $subSteps)))
      (local.set $i (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $X (v128.load ${at("x")}))
        (local.set $V (v128.load ${at("v")}))
        (local.set $W (v128.or (f64x2.le ${get("X")} ${k("lo")}) (f64x2.ge ${get("X")} ${k("hi")})))
        ;; h'(x) = x²·(D2 + x(D3 + x(D4 + x·D5))), h''(x) = x·(E1 + x(E2 + x(E3 + x·E4))).
        (local.set $P ${
  mul(
    mul(get("X"), get("X")),
    add(k("D2"), mul(get("X"), add(k("D3"), mul(get("X"), add(k("D4"), mul(get("X"), k("D5"))))))),
  )
})
        (local.set $Q ${
  mul(
    get("X"),
    add(k("E1"), mul(get("X"), add(k("E2"), mul(get("X"), add(k("E3"), mul(get("X"), k("E4"))))))),
  )
})
        ;; x + dt·v, clamped to the walls.
        (local.set $N ${add(get("X"), mul(k("dt"), get("V")))})
        (local.set $N ${
  select(
    k("lo"),
    select(k("hi"), get("N"), `(f64x2.gt ${get("N")} ${k("hi")})`),
    `(f64x2.lt ${get("N")} ${k("lo")})`,
  )
})
        (v128.store ${at("x")} ${select(get("X"), get("N"), get("W"))})
        ;; v + dt·((u/m − g·h' − v²·h'·h'')/(1 + h'²) − c·v).
        (v128.store ${at("v")} ${
  select(
    "(v128.const i64x2 0 0)",
    add(
      get("V"),
      mul(
        k("dt"),
        sub(
          op(
            "div",
            sub(
              sub(mul(`(v128.load ${at("u")})`, k("invM")), mul(k("gravity"), get("P"))),
              mul(mul(mul(get("V"), get("V")), get("P")), get("Q")),
            ),
            add("(f64x2.splat (f64.const 1))", mul(get("P"), get("P"))),
          ),
          mul(k("damping"), get("V")),
        ),
      ),
    ),
    get("W"),
  )
})
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $nextStep)))
    ;; r = −h(x) = −(x³·(C3 + x(C4 + x(C5 + x·C6)))).
    (local.set $i (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $X (v128.load ${at("x")}))
      (v128.store ${at("r")} (f64x2.neg ${
  mul(
    mul(mul(get("X"), get("X")), get("X")),
    add(k("C3"), mul(get("X"), add(k("C4"), mul(get("X"), add(k("C5"), mul(get("X"), k("C6"))))))),
  )
}))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $next)))))`;

/** The assembled module, compiled once per process or worker. */
const STEP_MODULE: WebAssembly.Module = await (async () => {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat("hill_step.wat", STEP_WAT, { simd: true });
  try {
    return new WebAssembly.Module(new Uint8Array(parsed.toBinary({}).buffer));
  } finally {
    parsed.destroy();
  }
})();

/**
 * The arrays of N cars in a kernel's own memory, and the step over them. Arrays hold an even
 * number of slots; the spare slot of an odd N is a car nobody reads.
 */
export class HillStepKernel {
  /** Positions x. */
  readonly x: Float64Array;
  /** Velocities v. */
  readonly v: Float64Array;
  /** Pre-noise actions a of the next step. */
  readonly actions: Float64Array;
  /** Env noise ξ of the next step. */
  readonly noise: Float64Array;
  /** Force u = clip(a + noiseStd·ξ) of the last step. */
  readonly force: Float64Array;
  /** Rewards −h(x') of the last step. */
  readonly reward: Float64Array;
  readonly #run: () => void;

  /** Arrays for `n` cars under `config`'s constants. */
  constructor(n: number, config: Readonly<HillConfig>) {
    const slots = n + (n & 1), bytes = slots * 8;
    const instance = new WebAssembly.Instance(STEP_MODULE, {});
    const memory = instance.exports.memory as WebAssembly.Memory;
    const pages = Math.ceil((ARRAYS_AT + 6 * bytes) / 65536);
    if (pages > 1) memory.grow(pages - 1);
    // Views are made after the growth: growing detaches the old buffer.
    const buffer = memory.buffer;
    const array = (j: number): Float64Array => new Float64Array(buffer, ARRAYS_AT + j * bytes, n);
    [this.x, this.v, this.actions, this.noise, this.force, this.reward] = [0, 1, 2, 3, 4, 5].map(
      array,
    );
    const values: Record<(typeof CONSTANTS)[number], number> = {
      invM: 1 / config.mass,
      gravity: config.gravity,
      damping: config.damping,
      dt: config.subDt,
      lo: config.xMin,
      hi: config.xMax,
      // P1 adds no noise unless its std is positive (then u = a + 0).
      noiseStd: config.actionNoiseStd > 0 ? config.actionNoiseStd : 0,
      clip: config.actionClip,
      ...HILL_POLYNOMIAL,
    };
    new Float64Array(buffer, 0, CONSTANTS.length).set(CONSTANTS.map((name) => values[name]));
    const step = instance.exports.step as (...args: number[]) => void;
    const off = (j: number): number => ARRAYS_AT + j * bytes;
    const pairs = slots / 2, subSteps = config.subSteps;
    this.#run = () => step(pairs, subSteps, off(0), off(1), off(2), off(3), off(4), off(5));
  }

  /** One decision: `force`, then x and v after the sub-steps, then `reward`. */
  step(): void {
    this.#run();
  }
}
