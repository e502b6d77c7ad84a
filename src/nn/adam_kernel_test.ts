import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { Rng } from "../rng/mod.ts";
import { Adam } from "./mlp.ts";

Deno.test("fused Adam on wasm: bit-identical to the tfjs op chain, lengths not a multiple of 4 included", async () => {
  await initBackend("wasm");
  const shapes: [number, number][] = [[257, 257], [40, 257], [257, 7], [3, 5]];
  const rng = Rng.fromSeed(3);
  const draw = (n: number): Float32Array => {
    const x = new Float64Array(n);
    rng.fillNormal(x);
    return Float32Array.from(x);
  };
  const init = shapes.map(([r, c]) => draw(r * c));
  const vars = (): tf.Variable[] =>
    shapes.map((s, i) => tf.tidy(() => tf.variable(tf.tensor2d(init[i], s))));
  const fused = vars(), chain = vars();
  // A reshape shares its input's buffer; a second reference makes Adam take the op chain.
  const pins = chain.map((v) => tf.reshape(v, v.shape));
  const settings = { lr: 1e-3, adamBeta1: 0.9, adamBeta2: 0.999, adamEps: 1e-8 };
  const a = new Adam(fused, settings), b = new Adam(chain, settings);
  try {
    for (let step = 0; step < 4; step++) {
      // Gradients spanning many magnitudes, so that the ε̂ and √v paths both matter.
      const grads = shapes.map(([r, c]) => {
        const g = draw(r * c).map((x, i) => x * 10 ** ((i % 13) - 9));
        return tf.tensor2d(g, [r, c]);
      });
      await a.step(grads);
      await b.step(grads);
      tf.dispose(grads);
    }
    for (let i = 0; i < shapes.length; i++) {
      const x = new Uint32Array((await fused[i].data() as Float32Array).slice().buffer);
      const y = new Uint32Array((await chain[i].data() as Float32Array).slice().buffer);
      assert.deepEqual(x, y, `parameters of tensor ${i}`);
    }
    assert.deepEqual(await a.saveState(), await b.saveState());
    assert.notDeepEqual(await fused[0].data(), init[0]);
  } finally {
    a.dispose();
    b.dispose();
    tf.dispose([...fused, ...chain, ...pins]);
  }
});
