/**
 * Canonical JSON: object keys sorted, no whitespace. Two equal values always give the same bytes,
 * which run ids and byte-identical result files rely on.
 *
 * @module
 */

/** Returns `value` with every object's keys in sorted order (arrays and typed arrays as arrays). */
export function sortKeys(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new RangeError(`canonical JSON cannot hold ${value}`);
  }
  return value;
}

/** Canonical JSON text of `value`. Non-finite numbers are an error, not a silent `null`. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** First 16 hex digits of the SHA-256 of the canonical JSON of {config, codeVersion}. */
export async function runIdOf(config: unknown, codeVersion: string): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson({ config, codeVersion }));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}
