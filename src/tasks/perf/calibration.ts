/**
 * The calibration workload of the speed benchmarks: a fixed pure-JS loop and a fixed wasm matrix
 * product, timed in the perf run's own process right after every repeat of every case. Their
 * throughputs measure how fast this machine (and its load at that moment) runs JS and wasm, so
 * `deno task compare` can divide a case's throughput by them and a slower runner does not read
 * as a regression. Neither workload may ever change: a changed workload is a new calibration
 * `version`, and results of different versions are not normalised against each other.
 *
 * @module
 */

/** Version of the workload below; part of every result's calibration record. */
export const CALIBRATION_VERSION = 1;

/** Iterations of the JS loop per sample (≈ 3 ms on an idle 2020s x86 core). */
const JS_ITERATIONS = 1 << 20;
/** Side of the wasm matrices (n × n f64); 2n³ flops per product. */
const MATMUL_N = 48;
/** Products per wasm sample (≈ 3 ms on an idle 2020s x86 core). */
const MATMUL_REPS = 40;

/** One calibration sample: throughputs of both workloads. */
export interface CalibrationSample {
  /** JS-loop iterations per second. */
  js: number;
  /** wasm matrix-product flops per second. */
  wasm: number;
}

/** Units of {@link CalibrationSample}'s figures, as recorded in result files. */
export const CALIBRATION_UNITS = { js: "loop iterations/s", wasm: "flop/s" } as const;

/**
 * The pure-JS workload: an LCG whose bits feed a float accumulator, the integer and float
 * arithmetic and loop overhead of a simulator's inner loop. Returns a value so the JIT keeps it.
 */
function jsLoop(iterations: number): number {
  let x = 12345, acc = 0;
  for (let i = 0; i < iterations; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) | 0;
    acc += (x >>> 16) * 1.5e-5 - acc * 1e-6;
  }
  return acc;
}

/** Unsigned LEB128 (wasm's integer encoding). */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    const b = n & 0x7f;
    n >>>= 7;
    out.push(n ? b | 0x80 : b);
  } while (n);
  return out;
}

/** A wasm section: id, byte length, content. */
function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

/**
 * A wasm module exporting `mem` (one 64 KiB page) and `matmul(n)`: C = A·B for n × n f64
 * matrices stored row-major at byte 0 (A), 8n² (B) and 16n² (C), by the naive i-j-k loop.
 */
function matmulModule(): Uint8Array<ArrayBuffer> {
  const [get, set, i32, add, mul, shl, geU] = [0x20, 0x21, 0x41, 0x6a, 0x6c, 0x74, 0x4f];
  const [block, loop, end, br, brIf, void_] = [0x02, 0x03, 0x0b, 0x0c, 0x0d, 0x40];
  const [f64Load, f64Store, f64Add, f64Mul] = [[0x2b, 3, 0], [0x39, 3, 0], 0xa0, 0xa2];
  const N = 0, I = 1, J = 2, K = 3, ACC = 4, BOFF = 5, COFF = 6; // param n, then the locals
  /** Byte address of element (row, col) of the matrix at local `base` (or at 0). */
  const addr = (row: number, col: number, base?: number): number[] => {
    const offset = base === undefined ? [] : [get, base, add];
    return [get, row, get, N, mul, get, col, add, i32, 3, shl, ...offset];
  };
  /** `for (v = 0; v < n; v++) body`. */
  const forLoop = (v: number, body: number[]): number[] => {
    // deno-fmt-ignore
    return [
      i32, 0, set, v, block, void_, loop, void_,
      get, v, get, N, geU, brIf, 1, // exit when v >= n
      ...body,
      get, v, i32, 1, add, set, v, br, 0, end, end,
    ];
  };
  // deno-fmt-ignore
  const code = [
    get, N, get, N, mul, i32, 3, shl, set, BOFF, // bOff = 8n²
    get, BOFF, i32, 1, shl, set, COFF, // cOff = 16n²
    ...forLoop(I, forLoop(J, [
      0x44, 0, 0, 0, 0, 0, 0, 0, 0, set, ACC, // acc = 0.0
      ...forLoop(K, [
        get, ACC, ...addr(I, K), ...f64Load, ...addr(K, J, BOFF), ...f64Load, f64Mul, f64Add,
        set, ACC,
      ]),
      ...addr(I, J, COFF), get, ACC, ...f64Store,
    ])),
    end,
  ];
  const locals = [3, 3, 0x7f, 1, 0x7c, 2, 0x7f]; // i, j, k: i32; acc: f64; bOff, cOff: i32
  const body = [...locals, ...code];
  const name = (s: string): number[] => [s.length, ...new TextEncoder().encode(s)];
  // deno-fmt-ignore
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, [1, 0x60, 1, 0x7f, 0]), // type 0: (i32) -> ()
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0, 1]), // one memory, 1 page
    ...section(7, [2, ...name("mem"), 2, 0, ...name("matmul"), 0, 0]), // exports
    ...section(10, [1, ...leb(body.length), ...body]), // code
  ]);
}

/** The instantiated wasm workload: its matmul and its memory. */
interface WasmWorkload {
  /** C = A·B for n × n matrices. */
  matmul: (n: number) => void;
  /** The module's memory as f64: A, then B, then C. */
  memory: Float64Array;
}

let workload: WasmWorkload | undefined;

/** The wasm workload, instantiated and warmed up (to its optimising tier) on first use. */
export function wasmWorkload(): WasmWorkload {
  if (workload) return workload;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(matmulModule()));
  const { matmul, mem } = instance.exports as {
    matmul: (n: number) => void;
    mem: WebAssembly.Memory;
  };
  const memory = new Float64Array(mem.buffer);
  // Fixed inputs in (0, 1): the timing never depends on denormals or on what ran before.
  for (let i = 0; i < 2 * MATMUL_N * MATMUL_N; i++) memory[i] = ((i * 7919) % 1000) / 1000 + 0.001;
  workload = { matmul, memory };
  for (let r = 0; r < 20; r++) {
    matmul(MATMUL_N);
    jsLoop(JS_ITERATIONS >> 3);
  }
  return workload;
}

/** Times one run of each calibration workload. */
export function calibrationSample(): CalibrationSample {
  const { matmul } = wasmWorkload();
  let t0 = performance.now();
  const sink = jsLoop(JS_ITERATIONS);
  const jsSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  for (let r = 0; r < MATMUL_REPS; r++) matmul(MATMUL_N);
  const wasmSeconds = (performance.now() - t0) / 1000;
  if (sink === 0.5) throw new Error("unreachable: keeps the loop from being optimised away");
  return {
    js: JS_ITERATIONS / jsSeconds,
    wasm: (MATMUL_REPS * 2 * MATMUL_N ** 3) / wasmSeconds,
  };
}
