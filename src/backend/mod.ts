/**
 * Choosing and initialising the math backend, and describing it for result manifests.
 *
 * | name | what runs | default for |
 * |---|---|---|
 * | `js` | plain typed arrays, no tfjs kernels | the simulators (hill, Minigrid) |
 * | `wasm` | tfjs-backend-wasm (SIMD, no threads in Deno) | neural nets on CPU |
 * | `cpu` | tfjs's plain-JS kernels | reference / debugging |
 * | `webgpu` | tfjs-backend-webgpu on Deno's WebGPU (a GPU, or Mesa's llvmpipe) | GPUs |
 * | `tensorflow` | tfjs-node / tfjs-node-gpu (libtensorflow), when installed | optional |
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { UsageError } from "../errors.ts";

/** Every backend name the `--backend` flag accepts. */
export const BACKENDS = ["js", "wasm", "cpu", "webgpu", "tensorflow"] as const;

/** A backend name. */
export type BackendName = typeof BACKENDS[number];

/** What a manifest records about the backend a run used. */
export interface BackendInfo {
  /** The backend's name. */
  backend: BackendName;
  /** The GPU adapter's description for `webgpu`, else null. */
  adapter: string | null;
  /** The tfjs version the suite is built on. */
  tfjs: string;
}

/** Checks a `--backend` value, naming the allowed values on error. */
export function parseBackend(value: string, where = "--backend"): BackendName {
  if ((BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  throw new UsageError(
    `unknown backend '${value}'`,
    where,
    `use one of ${BACKENDS.join(", ")}`,
  );
}

/** The `dist/` folder of the installed tfjs-backend-wasm package, where its .wasm files are. */
function wasmDistDir(): string {
  const entry = import.meta.resolve("@tensorflow/tfjs-backend-wasm");
  return decodeURIComponent(new URL("./", entry).pathname);
}

/** Whether a WebGPU adapter can be found here (tests that need one are skipped without it). */
export async function hasWebgpuAdapter(): Promise<boolean> {
  return !!(await (globalThis.navigator as Navigator | undefined)?.gpu?.requestAdapter());
}

/** Finds a WebGPU adapter and names it from `adapter.info`. */
async function webgpuAdapterName(): Promise<string> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  const noAdapter = new UsageError(
    "no WebGPU adapter found",
    "--backend=webgpu",
    "install a GPU driver or Mesa's software adapter (apt-get install mesa-vulkan-drivers), " +
      "or use --backend=wasm",
  );
  if (!gpu) throw noAdapter;
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw noAdapter;
  const info = adapter.info;
  return info.description ||
    [info.vendor, info.architecture, info.device].filter(Boolean).join(" ") ||
    "unknown adapter";
}

/** Loads tfjs-node(-gpu) if it is installed in node_modules, else explains how to install it. */
async function loadTensorflow(): Promise<void> {
  const candidates = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"];
  const reasons: string[] = [];
  for (const name of candidates) {
    try {
      await Deno.stat(`node_modules/${name}/package.json`);
    } catch {
      reasons.push(`${name} not installed`);
      continue;
    }
    try {
      // A computed specifier keeps `deno check` and the module graph from requiring the package.
      const specifier = `npm:${name}`;
      await import(specifier);
      return;
    } catch (e) {
      reasons.push(`${name} failed to load: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  throw new UsageError(
    `backend tensorflow is not available: ${reasons.join("; ")}`,
    "--backend=tensorflow",
    "install it with `npm install @tensorflow/tfjs-node` (downloads libtensorflow, so it needs " +
      "network access to its binaries) or use --backend=wasm",
  );
}

/**
 * Initialises `name` as tfjs's active backend (a no-op for `js`) and returns what the manifest
 * records. Throws a {@link UsageError} with the fix when the backend cannot run here.
 */
export async function initBackend(name: BackendName): Promise<BackendInfo> {
  let adapter: string | null = null;
  // Production mode: no debug checks, and no "install tfjs-node" banner on the cpu backend.
  tf.enableProdMode();
  switch (name) {
    case "js":
      break;
    case "cpu":
      await tf.setBackend("cpu");
      break;
    case "wasm": {
      const { setWasmPaths } = await import("@tensorflow/tfjs-backend-wasm");
      setWasmPaths(wasmDistDir());
      if (!(await tf.setBackend("wasm"))) {
        throw new UsageError(
          "the wasm backend failed to initialise",
          "--backend=wasm",
          "reinstall dependencies (delete node_modules and rerun) or use --backend=cpu",
        );
      }
      break;
    }
    case "webgpu": {
      adapter = await webgpuAdapterName();
      await import("@tensorflow/tfjs-backend-webgpu");
      if (!(await tf.setBackend("webgpu"))) {
        throw new UsageError(
          `tfjs could not start WebGPU on adapter '${adapter}'`,
          "--backend=webgpu",
          "use --backend=wasm",
        );
      }
      break;
    }
    case "tensorflow":
      await loadTensorflow();
      await tf.setBackend("tensorflow");
      break;
  }
  if (name !== "js") await tf.ready();
  return { backend: name, adapter, tfjs: tf.version.tfjs };
}
