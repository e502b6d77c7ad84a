/**
 * Checkpoints of long runs: a tree of numbers, strings and typed arrays (network weights, optimiser
 * moments, replay contents, env state, RNG states) saved as one JSON file and restored in place, so
 * that a run killed and resumed ends byte-identical to one that never stopped.
 *
 * Typed arrays travel as base64 of their bytes (exact for floats), tagged with their element type;
 * restoring checks the type and length against the live array and names the field when they
 * differ. Files are written with the suite's atomic writer, so a kill mid-write leaves the previous
 * checkpoint intact.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { writeTextAtomicSync } from "../atomic_file.ts";
import { UsageError } from "../errors.ts";
import type { Rng, RngState } from "../rng/mod.ts";

/** The typed arrays a checkpoint stores. */
export type StateArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array;

/** A value in a checkpoint tree. */
export type StateValue =
  | number
  | string
  | boolean
  | null
  | StateArray
  | StateValue[]
  | StateTree;

/** A checkpoint: named values, nested. */
export interface StateTree {
  [name: string]: StateValue;
}

/** Something whose whole mutable state can be saved and restored in place. */
export interface Checkpointable {
  /**
   * A snapshot of the mutable state (copies, so later changes do not alter it); asynchronous where
   * it reads tensors back.
   */
  saveState(): StateTree | Promise<StateTree>;
  /** Restores a snapshot made by `saveState` of an object built with the same configuration. */
  loadState(state: StateTree): void;
}

const ARRAY_TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  uint8: Uint8Array,
} as const;
type ArrayTypeName = keyof typeof ARRAY_TYPES;

/** The tag of a typed array, or null for any other value. */
function arrayTypeName(value: unknown): ArrayTypeName | null {
  for (const [name, ctor] of Object.entries(ARRAY_TYPES)) {
    if (value instanceof ctor) return name as ArrayTypeName;
  }
  return null;
}

/** JSON-ready form of a tree: typed arrays become `{ $array: type, base64 }`. */
function encode(value: StateValue): unknown {
  const type = arrayTypeName(value);
  if (type) {
    const a = value as StateArray;
    const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    return { $array: type, base64: bytes.toString("base64") };
  }
  if (typeof value === "number" && !Number.isFinite(value)) return { $number: String(value) };
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v as StateValue)]));
  }
  return value;
}

/** Inverse of {@link encode}. */
function decode(value: unknown): StateValue {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.$array === "string" && typeof o.base64 === "string") {
      const ctor = ARRAY_TYPES[o.$array as ArrayTypeName];
      if (!ctor) throw new TypeError(`unknown array type '${o.$array}'`);
      const bytes = Buffer.from(o.base64, "base64");
      // Copy into a fresh, aligned buffer of the element type.
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      if (copy.byteLength % ctor.BYTES_PER_ELEMENT !== 0) {
        throw new TypeError(`${o.$array} array of ${copy.byteLength} bytes`);
      }
      return new ctor(copy.buffer);
    }
    if (typeof o.$number === "string") return Number(o.$number);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v)]));
  }
  return value as StateValue;
}

/** The JSON text of a checkpoint tree. */
function checkpointText(tree: StateTree): string {
  return JSON.stringify(encode(tree));
}

/** Parses checkpoint text; a malformed file is a usage error naming it. */
function parseCheckpoint(text: string, path: string): StateTree {
  try {
    const tree = decode(JSON.parse(text));
    if (tree === null || typeof tree !== "object" || Array.isArray(tree) || isArray(tree)) {
      throw new TypeError("expected a JSON object");
    }
    return tree as StateTree;
  } catch (e) {
    throw new UsageError(
      `checkpoint is not readable: ${(e as Error).message}`,
      path,
      "delete the checkpoint to start the run afresh",
    );
  }
}

/**
 * Writes a checkpoint atomically (`writeTextAtomicSync`: a kill mid-write keeps the previous one);
 * synchronous for hot loops. A failure is blamed on train's `--checkpoint` (bench re-blames its
 * `--out`, see executeRun).
 */
export function writeCheckpointSync(path: string, tree: StateTree): void {
  writeTextAtomicSync(path, checkpointText(tree), "--checkpoint");
}

/** Reads a checkpoint, or null when there is none at `path`. */
export function readCheckpointSync(path: string): StateTree | null {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw new UsageError(
      `cannot read the checkpoint: ${(e as Error).message}`,
      path,
      "give a checkpoint file path (a missing file starts the run afresh)",
    );
  }
  return parseCheckpoint(text, path);
}

/** Whether `value` is one of the checkpoint's typed arrays. */
function isArray(value: unknown): value is StateArray {
  return arrayTypeName(value) !== null;
}

/** Thrown when a checkpoint does not fit the object it is loaded into. */
export class CheckpointMismatch extends Error {
  /** The path of the field in the checkpoint tree. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/** `tree[name]` as a sub-tree. */
export function subtree(tree: StateTree, name: string): StateTree {
  const v = tree[name];
  if (v === null || typeof v !== "object" || Array.isArray(v) || isArray(v)) {
    throw new CheckpointMismatch(name, "missing or not an object");
  }
  return v as StateTree;
}

/** `tree[name]` as a finite or infinite number. */
export function numberField(tree: StateTree, name: string): number {
  const v = tree[name];
  if (typeof v !== "number") throw new CheckpointMismatch(name, "missing or not a number");
  return v;
}

/** `tree[name]` as a list. */
export function listField(tree: StateTree, name: string): StateValue[] {
  const v = tree[name];
  if (!Array.isArray(v)) throw new CheckpointMismatch(name, "missing or not a list");
  return v;
}

/** Copies the saved array `tree[name]` into `target`, which must have its type and length. */
export function restoreArray(target: StateArray, tree: StateTree, name: string): void {
  const v = tree[name];
  if (!isArray(v) || arrayTypeName(v) !== arrayTypeName(target)) {
    throw new CheckpointMismatch(name, `missing or not a ${arrayTypeName(target)} array`);
  }
  if (v.length !== target.length) {
    throw new CheckpointMismatch(name, `length ${v.length}, expected ${target.length}`);
  }
  target.set(v as never);
}

/** A stream's state as a checkpoint value. */
export function rngState(rng: Rng): StateTree {
  const { words, spare } = rng.getState();
  return { words, spare };
}

/** Rewinds `rng` in place to the state saved at `tree[name]` (see {@link rngState}). */
export function restoreRng(rng: Rng, tree: StateTree, name: string): void {
  const saved = subtree(tree, name);
  const words = listField(saved, "words"), spare = saved.spare;
  if (
    !words.every((w) => typeof w === "number") || !(spare === null || typeof spare === "number")
  ) {
    throw new CheckpointMismatch(name, "not a random stream's state");
  }
  try {
    rng.setState({ words, spare } as RngState);
  } catch (e) {
    throw new CheckpointMismatch(name, (e as Error).message);
  }
}

/** Copies of named arrays, as a checkpoint sub-tree. */
export function saveArrays(arrays: Record<string, StateArray>): StateTree {
  return Object.fromEntries(Object.entries(arrays).map(([k, a]) => [k, a.slice()]));
}

/** Restores each of the named arrays from `tree` (see {@link saveArrays}). */
export function restoreArrays(arrays: Record<string, StateArray>, tree: StateTree): void {
  for (const [k, a] of Object.entries(arrays)) restoreArray(a, tree, k);
}
