import type { Rng } from "../../rng/mod.ts";
import { HILL_REFERENCE, type HillConfig } from "./dynamics.ts";
import { HillStepKernel } from "./step_kernel.ts";

/**
 * N independent hill cars stepped together over typed arrays (in a {@link HillStepKernel}'s
 * memory: the step is one WebAssembly SIMD call).
 *
 * The env owns its action noise ξ: each `step` draws N normals from the env's own stream, so the
 * policy's draws and the env's draws never interleave.
 */
export class HillBatch {
  /** Number of cars. */
  readonly n: number;
  /** Constants in use. */
  readonly config: Readonly<HillConfig>;
  /** Positions x, one per car. */
  readonly x: Float64Array;
  /** Velocities v, one per car. */
  readonly v: Float64Array;
  /** Rewards −h(x_{t+1}) of the last step. */
  readonly reward: Float64Array;
  /** The noise-free force u = clip(a + ξ) of the last step, for tests and diagnostics. */
  readonly force: Float64Array;
  /** Decisions taken since reset. */
  stepCount = 0;
  readonly #rngs: Rng[];
  readonly #kernel: HillStepKernel;

  /**
   * N cars with the given constants. `rng` is the env's own noise stream, or one stream per group
   * of n / rng.length consecutive cars (independent runs batched together keep their own streams).
   */
  constructor(n: number, rng: Rng | Rng[], config: Readonly<HillConfig> = HILL_REFERENCE) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`HillBatch needs n >= 1, got ${n}`);
    const rngs = Array.isArray(rng) ? rng : [rng];
    if (rngs.length < 1 || n % rngs.length !== 0) {
      throw new RangeError(`HillBatch: ${n} cars do not split into ${rngs.length} equal groups`);
    }
    this.n = n;
    this.config = config;
    this.#kernel = new HillStepKernel(n, config);
    ({ x: this.x, v: this.v, reward: this.reward, force: this.force } = this.#kernel);
    this.#rngs = rngs;
    this.reset();
  }

  /** Puts every car back at (x0, v0). */
  reset(): void {
    this.x.fill(this.config.x0);
    this.v.fill(this.config.v0);
    this.stepCount = 0;
  }

  /**
   * Applies pre-noise actions a (one per car): u = clip(a + ξ, ±clip), integrate, reward
   * −h(x_{t+1}). Returns true when the episode is over (t + 1 ≥ horizon). Stepping past the horizon
   * is an error: episodes have a fixed length.
   */
  step(actions: Float64Array): boolean {
    const { n, config } = this;
    if (actions.length !== n) {
      throw new RangeError(`HillBatch.step expects ${n} actions, got ${actions.length}`);
    }
    if (this.stepCount >= config.horizon) {
      throw new RangeError(
        `HillBatch.step called after the horizon ${config.horizon}; reset first`,
      );
    }
    const kernel = this.#kernel;
    kernel.actions.set(actions);
    // With no noise the kernel's ξ stays all zero (fresh memory), so u = a + 0 as in P1.
    if (config.actionNoiseStd > 0) {
      const size = n / this.#rngs.length, noise = kernel.noise;
      this.#rngs.forEach((r, g) => r.fillNormal(noise.subarray(g * size, (g + 1) * size)));
    }
    kernel.step();
    this.stepCount++;
    return this.stepCount >= config.horizon;
  }
}
