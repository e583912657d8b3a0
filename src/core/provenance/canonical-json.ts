/**
 * Canonical JSON (after RFC 8785, the JSON Canonicalization Scheme): object keys sorted by UTF-16 code units,
 * no whitespace, numbers in their shortest round-trip form (what `JSON.stringify` writes), `-0` as `0`. The
 * same value always gives the same text, whatever the order its keys were added in, so its SHA-256 can identify
 * a parameter set.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { ProvenanceError } from "./errors";

/**
 * The canonical JSON text of `value` (plain data: objects, arrays, strings, finite numbers, booleans, null).
 * Throws a ProvenanceError for anything else (undefined, functions, BigInts, NaN, Infinity, cycles).
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null, "x"] }); // '{"a":[true,null,"x"],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return write(value, "$", new Set());
}

/**
 * SHA-256 (lowercase hex) of the canonical JSON of `value`, as UTF-8.
 *
 * @example
 * ```ts
 * canonicalSha256({ windowMs: 500 }) === canonicalSha256({ windowMs: 500.0 }); // true
 * ```
 */
export function canonicalSha256(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value), "utf8").digest("hex");
}

function write(value: unknown, path: string, seen: Set<object>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new ProvenanceError(`${path} is ${value}, which JSON cannot hold; use a finite number or null`);
      return JSON.stringify(value === 0 ? 0 : value);
    case "object": {
      if (seen.has(value)) throw new ProvenanceError(`${path} refers back to itself; canonical JSON needs a tree`);
      seen.add(value);
      let text: string;
      if (Array.isArray(value)) {
        text = `[${value.map((v, i) => write(v, `${path}[${i}]`, seen)).join(",")}]`;
      } else {
        const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
        entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        text = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v, `${path}.${k}`, seen)}`).join(",")}}`;
      }
      seen.delete(value);
      return text;
    }
    default:
      throw new ProvenanceError(`${path} is a ${typeof value}, which JSON cannot hold; pass plain data`);
  }
}
