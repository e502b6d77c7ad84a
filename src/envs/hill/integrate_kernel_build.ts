/**
 * Compiles integrate.wat with wabt and writes its bytes, base64, into integrate_kernel_wasm.ts
 * (run after editing the .wat: `deno run -A src/envs/hill/integrate_kernel_build.ts`). The bytes
 * are committed so that loading the kernel needs no compiler; integrate_kernel_test.ts checks
 * that they are this build's.
 *
 * @module
 */

import initWabt from "wabt";
import { encodeBase64 } from "./integrate_kernel.ts";

/** The kernel's bytes, compiled from integrate.wat. */
export async function buildIntegrateKernel(): Promise<Uint8Array> {
  const wabt = await initWabt();
  const url = new URL("./integrate.wat", import.meta.url);
  const module = wabt.parseWat("integrate.wat", await Deno.readTextFile(url), { simd: true });
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

if (import.meta.main) {
  const bytes = await buildIntegrateKernel();
  const out = new URL("./integrate_kernel_wasm.ts", import.meta.url);
  await Deno.writeTextFile(
    out,
    `/** integrate.wat compiled by integrate_kernel_build.ts (do not edit): base64 bytes. */\n` +
      `export const INTEGRATE_WASM = "${encodeBase64(bytes)}";\n`,
  );
  console.log(`wrote ${bytes.length} bytes to ${out.pathname}`);
}
