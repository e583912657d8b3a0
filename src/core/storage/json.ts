/**
 * JSON documents in a store (dataset metadata, Zarr `.zarray` / `.zattrs`): UTF-8, pretty-printed and
 * newline-terminated on the way in; a missing key reads as `undefined`, bad bytes as a ValidationError that names
 * the key.
 *
 * @module
 */
import { ValidationError } from "../errors";
import type { ReadableStore, StoreKey, WritableStore } from "./types";

/**
 * Reads and parses the JSON document under `key`, or returns `undefined` when there is none. The result is not
 * checked against `T`: validate it before trusting its fields. Throws a ValidationError naming the key when the
 * bytes are not UTF-8 JSON.
 *
 * @example
 * ```ts
 * const meta = await readJson<{ zarr_format: number }>(store, "/traces/.zarray");
 * if (meta === undefined) throw new Error("not a Zarr array");
 * ```
 */
export async function readJson<T>(store: ReadableStore, key: StoreKey, options: { signal?: AbortSignal } = {}): Promise<T | undefined> {
  const bytes = await store.get(key, options);
  if (bytes === undefined) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new ValidationError(key, "is not UTF-8 text, so not a JSON document; rewrite it or restore it from a copy", { cause: error });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ValidationError(key, `is not valid JSON (${why}); rewrite it or restore it from a copy`, { cause: error });
  }
}

/**
 * Writes `value` as pretty-printed (2-space), newline-terminated UTF-8 JSON under `key`. Throws a ValidationError
 * for values JSON cannot hold (undefined, functions, BigInts, cycles).
 *
 * @example
 * ```ts
 * await writeJson(store, "/.zattrs", { survey: "north-sea", traces: 12000 });
 * ```
 */
export async function writeJson(store: WritableStore, key: StoreKey, value: unknown): Promise<void> {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, 2);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ValidationError(key, `cannot be written as JSON (${why}); pass plain data without BigInts or cycles`, { cause: error });
  }
  if (text === undefined) throw new ValidationError(key, `cannot be written as JSON: ${typeof value} has no JSON form; pass plain data`);
  await store.set(key, new TextEncoder().encode(`${text}\n`));
}
