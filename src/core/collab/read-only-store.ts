/**
 * Read-only stores: {@link readOnly} wraps any store so that reads work as before and every write is refused
 * with a {@link ReadOnlyError} before it reaches the backend. Only methods known to read pass through; any other
 * method (a write, or one this wrapper does not know) is refused, so a backend with extra write methods cannot
 * leak a write.
 *
 * @module
 */
import { ReadOnlyError } from "./errors";

/** Methods that change nothing in the store (reads, descriptions, closing the client), passed through. */
export const READ_METHODS: ReadonlySet<string> = new Set([
  "get",
  "getRange",
  "getWithEtag",
  "list",
  "size",
  "has",
  "exists",
  "filePath",
  "describe",
  "toString",
  "toJSON",
  "close",
  "destroy",
]);

const WRAPPED = Symbol("seisproc.readOnly.wrapped");

/**
 * The same store, read-only: `get`, `getRange`, `getWithEtag`, `list`, `size` (and other read methods in
 * {@link READ_METHODS}) work; `set`, `delete`, `putIfAbsent`, `putIfMatch` and any other method throw a
 * {@link ReadOnlyError} naming the store, the operation and the key. Properties (such as `root`) read through.
 * Wrapping twice gives the same wrapper.
 *
 * @example
 * ```ts
 * const store = readOnly(new FileSystemStore("survey.zarr"));
 * await store.get("/.zgroup"); // works
 * await store.set("/.zgroup", bytes); // rejects with ReadOnlyError
 * ```
 */
export function readOnly<S extends object>(store: S, name = describeStore(store)): S {
  if (isReadOnly(store)) return store;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === WRAPPED) return target;
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      if (typeof property === "symbol" || READ_METHODS.has(property)) return (value as (...a: unknown[]) => unknown).bind(target);
      // Store writes are async: refuse them the way they fail, with a rejected promise.
      return (...args: unknown[]): Promise<never> => Promise.reject(new ReadOnlyError(name, property, typeof args[0] === "string" ? args[0] : undefined));
    },
    set(_target, property) {
      throw new ReadOnlyError(name, `assign ${String(property)}`);
    },
    deleteProperty(_target, property) {
      throw new ReadOnlyError(name, `delete property ${String(property)}`);
    },
  });
}

/**
 * True when `store` was made by {@link readOnly}.
 *
 * @example
 * ```ts
 * isReadOnly(readOnly(new MemoryStore())); // true
 * ```
 */
export function isReadOnly(store: unknown): boolean {
  return typeof store === "object" && store !== null && (store as { [WRAPPED]?: unknown })[WRAPPED] !== undefined;
}

/** The store described for messages: its `root` or `url` when it has one, else its class name. */
function describeStore(store: object): string {
  const s = store as { root?: unknown; url?: unknown };
  if (typeof s.root === "string") return s.root;
  if (typeof s.url === "string") return s.url;
  return store.constructor?.name ?? "store";
}
