/**
 * Plain JSON values: what project and session documents hold, so that they survive `JSON.stringify` and
 * `JSON.parse` unchanged and can be compared and merged field by field.
 *
 * @module
 */

/** A value JSON can hold exactly: null, a boolean, a finite number, a string, an array or an object of them. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * True for a plain object (not null, not an array).
 *
 * @example
 * ```ts
 * isPlainObject({ a: 1 }); // true
 * isPlainObject([1]); // false
 * ```
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The dotted path of the first part of `value` that JSON cannot hold exactly (undefined, a function, a BigInt,
 * NaN or an infinity, a class instance such as a Date or a typed array, a cycle), or `undefined` when it is all
 * plain JSON.
 *
 * @example
 * ```ts
 * findNonJson({ a: [1, NaN] }, "parameters"); // "parameters.a[1]"
 * findNonJson({ a: "ok" }, "parameters"); // undefined
 * ```
 */
export function findNonJson(value: unknown, where: string, seen: Set<object> = new Set()): string | undefined {
  if (value === null || typeof value === "boolean" || typeof value === "string") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : where;
  if (typeof value !== "object") return where;
  if (seen.has(value)) return where;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const bad = findNonJson(value[i], `${where}[${i}]`, seen);
        if (bad !== undefined) return bad;
      }
      return undefined;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return where;
    for (const [key, item] of Object.entries(value)) {
      const bad = findNonJson(item, `${where}.${key}`, seen);
      if (bad !== undefined) return bad;
    }
    return undefined;
  } finally {
    seen.delete(value);
  }
}

/**
 * A deep copy of a JSON value, frozen all the way down.
 *
 * @example
 * ```ts
 * const doc = frozenCopy({ a: [1, 2] });
 * Object.isFrozen(doc.a); // true
 * ```
 */
export function frozenCopy<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  const copy = (Array.isArray(value) ? value.map((v: unknown) => frozenCopy(v)) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, frozenCopy(v)]))) as T;
  return Object.freeze(copy);
}
