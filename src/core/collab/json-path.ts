/**
 * Paths into JSON values ({@link JsonValue}, shared with projects), the conflicts a merge reports, and the
 * comparison the merge relies on: `deepEqual` ignores object key order, and `formatPath` renders a path for
 * people (`datasets[id=3f2a].name`).
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../project/json-value";

/** One step of a path into a JSON value: an object key, an array index, or an array record picked by its id. */
export type PathSegment = string | number | { idKey: string; id: string | number };

/** One place where two writers changed a value differently. `undefined` means absent (never there, or deleted). */
export interface MergeConflict {
  /** The path, readable: `"datasets[id=3f2a].name"`; `""` for the whole document. */
  path: string;
  /** The same path as segments. */
  segments: PathSegment[];
  /** The value in the version both writers started from. */
  base: JsonValue | undefined;
  /** The value in this writer's version. */
  ours: JsonValue | undefined;
  /** The value in the other writer's version (on disk). */
  theirs: JsonValue | undefined;
}

/**
 * True for a plain JSON object (not an array, not null).
 *
 * @example
 * ```ts
 * isJsonObject({ a: 1 }); // true
 * isJsonObject([1]); // false
 * ```
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Structural equality of JSON values; object key order does not matter, array order does. `undefined` equals
 * only `undefined`.
 *
 * @example
 * ```ts
 * deepEqual({ a: 1, b: [2] }, { b: [2], a: 1 }); // true
 * ```
 */
export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

/**
 * Renders a path for people: keys joined by dots, indices as `[3]`, records as `[id=3f2a]`.
 *
 * @example
 * ```ts
 * formatPath(["datasets", { idKey: "id", id: "3f2a" }, "name"]); // "datasets[id=3f2a].name"
 * ```
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "object") out += `[${s.idKey}=${String(s.id)}]`;
    else out += out === "" ? s : `.${s}`;
  }
  return out;
}
