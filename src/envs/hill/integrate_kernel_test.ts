import assert from "node:assert/strict";
import { HILL_REFERENCE, integrateBatch } from "./dynamics.ts";
import { encodeBase64, integrateBatchSimd } from "./integrate_kernel.ts";
import { buildIntegrateKernel } from "./integrate_kernel_build.ts";
import { INTEGRATE_WASM } from "./integrate_kernel_wasm.ts";
import { Rng } from "../../rng/mod.ts";

Deno.test("the committed kernel bytes are integrate.wat's build (rerun integrate_kernel_build.ts)", async () => {
  assert.equal(INTEGRATE_WASM, encodeBase64(await buildIntegrateKernel()));
});

Deno.test("integrateBatchSimd is bit-identical to integrateBatch, walls and a ragged tail included", () => {
  const rng = Rng.fromSeed(5);
  for (const n of [1, 3, 4, 4099]) {
    const x = new Float64Array(n), v = new Float64Array(n), u = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = -4 + 9 * rng.uniform();
      v[i] = 40 * (rng.uniform() - 0.5);
    }
    // On the walls, just inside them heading out, and at the hill's flat spots.
    const special = [[-4, 0], [5, 3], [-3.9999, -60], [4.999, 90], [-3, 0], [-0.625, 0]];
    special.slice(0, n).forEach(([xi, vi], i) => {
      x[i] = xi;
      v[i] = vi;
    });
    const x2 = x.slice(), v2 = v.slice();
    for (let t = 0; t < 100; t++) {
      for (let i = 0; i < n; i++) u[i] = 20 * (rng.uniform() - 0.5);
      integrateBatch(x, v, u, HILL_REFERENCE);
      integrateBatchSimd(x2, v2, u, HILL_REFERENCE);
      for (let i = 0; i < n; i++) {
        assert.ok(Object.is(x[i], x2[i]) && Object.is(v[i], v2[i]), `n ${n}, t ${t}, car ${i}`);
      }
    }
  }
});
