/**
 * Binary values in widget state, as the Jupyter widget protocol carries them: outgoing, every `ArrayBufferView`
 * (or `ArrayBuffer`) at any depth is taken out of the JSON state and sent as a separate binary frame, its place
 * recorded in `buffer_paths` (object keys are deleted, array items become `null`, as `@jupyter-widgets/base`'s
 * `remove_buffers` does); incoming, the frames are put back at their paths as `DataView`s.
 *
 * @module
 */

/** The path of one binary value inside a state object: keys and array indexes from the top. */
export type BufferPath = (string | number)[];

/**
 * A state with its binary values taken out.
 *
 * @example
 * ```ts
 * const { state, bufferPaths, buffers } = separateBuffers({ trace: new Float32Array(4), name: "a" });
 * // state: { name: "a" }, bufferPaths: [["trace"]], buffers: [Float32Array]
 * ```
 */
export interface SeparatedState {
  /** The JSON part, a shallow-cloned copy where anything was removed (the input is never modified). */
  state: Record<string, unknown>;
  /** Where each buffer came from, in the order of `buffers`. */
  bufferPaths: BufferPath[];
  /** The binary values, in the order of `bufferPaths`. */
  buffers: ArrayBufferView[];
}

/**
 * True for the values sent as binary frames: any `ArrayBufferView` (typed arrays, `DataView`, `Buffer`) or an
 * `ArrayBuffer`.
 *
 * @example
 * ```ts
 * isBinary(new Float32Array(2)); // true
 * isBinary([1, 2]); // false
 * ```
 */
export function isBinary(value: unknown): value is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

function asView(value: ArrayBufferView | ArrayBuffer): ArrayBufferView {
  return value instanceof ArrayBuffer ? new Uint8Array(value) : value;
}

function hasToJSON(value: object): value is { toJSON(): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}

/**
 * Takes every binary value out of `state` (at any depth, in arrays and objects), without modifying `state`.
 * Objects with a `toJSON` method are converted first, as `JSON.stringify` would.
 *
 * @example
 * ```ts
 * const out = separateBuffers({ picks: [{ t: new Float64Array([0.5]) }] });
 * out.bufferPaths; // [["picks", 0, "t"]]
 * out.state; // { picks: [{}] }
 * ```
 */
export function separateBuffers(state: Record<string, unknown>): SeparatedState {
  const bufferPaths: BufferPath[] = [];
  const buffers: ArrayBufferView[] = [];
  const seen = new Set<object>();

  function remove(value: unknown, at: BufferPath): unknown {
    if (value === null || typeof value !== "object") return value;
    if (!isBinary(value) && hasToJSON(value)) return remove(value.toJSON(), at);
    if (seen.has(value)) return value; // a cycle: JSON.stringify reports it later
    seen.add(value);
    try {
      if (Array.isArray(value)) {
        let out: unknown[] = value;
        value.forEach((item: unknown, i) => {
          if (isBinary(item)) {
            if (out === value) out = value.slice();
            buffers.push(asView(item));
            bufferPaths.push([...at, i]);
            out[i] = null;
            return;
          }
          const replaced = remove(item, [...at, i]);
          if (replaced !== item) {
            if (out === value) out = value.slice();
            out[i] = replaced;
          }
        });
        return out;
      }
      const record = value as Record<string, unknown>;
      let out = record;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (isBinary(item)) {
          if (out === record) out = { ...record };
          buffers.push(asView(item));
          bufferPaths.push([...at, key]);
          delete out[key];
          continue;
        }
        const replaced = remove(item, [...at, key]);
        if (replaced !== item) {
          if (out === record) out = { ...record };
          out[key] = replaced;
        }
      }
      return out;
    } finally {
      seen.delete(value);
    }
  }

  const separated = remove(state, []) as Record<string, unknown>;
  return { state: separated, bufferPaths, buffers };
}

function isPath(value: unknown): value is BufferPath {
  return Array.isArray(value) && value.length > 0 && value.every((p) => typeof p === "string" || (typeof p === "number" && Number.isInteger(p) && p >= 0));
}

const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);

/**
 * Puts binary frames back into `state` (modified in place) at `bufferPaths`, as `DataView`s. Paths that are not
 * lists of keys and indexes, that walk through a missing or non-object value, or that name `__proto__` are
 * skipped and described in the returned list (a bad message never crashes the kernel); a buffer without a path
 * or a path without a buffer is reported the same way.
 *
 * @example
 * ```ts
 * const state: Record<string, unknown> = { picks: [{}] };
 * insertBuffers(state, [["picks", 0, "t"]], [new DataView(new ArrayBuffer(8))]); // []
 * state.picks; // [{ t: DataView }]
 * ```
 */
export function insertBuffers(state: Record<string, unknown>, bufferPaths: unknown, buffers: readonly DataView[]): string[] {
  const problems: string[] = [];
  const paths: unknown[] = bufferPaths === undefined ? [] : Array.isArray(bufferPaths) ? bufferPaths : [];
  if (bufferPaths !== undefined && !Array.isArray(bufferPaths)) problems.push("buffer_paths is not a list");
  if (paths.length !== buffers.length) problems.push(`${paths.length} buffer paths for ${buffers.length} buffers`);
  const n = Math.min(paths.length, buffers.length);
  for (let i = 0; i < n; i++) {
    const at = paths[i];
    if (!isPath(at)) {
      problems.push(`buffer path ${i} is not a list of keys and indexes: ${JSON.stringify(at)}`);
      continue;
    }
    if (at.some((p) => typeof p === "string" && FORBIDDEN_KEYS.has(p))) {
      problems.push(`buffer path ${i} names a forbidden key: ${JSON.stringify(at)}`);
      continue;
    }
    let target: unknown = state;
    for (const key of at.slice(0, -1)) {
      target = target !== null && typeof target === "object" ? (target as Record<string | number, unknown>)[key] : undefined;
    }
    if (target === null || typeof target !== "object") {
      problems.push(`buffer path ${i} walks through a missing value: ${JSON.stringify(at)}`);
      continue;
    }
    (target as Record<string | number, unknown>)[at[at.length - 1]] = buffers[i];
  }
  return problems;
}

/**
 * A `DataView` over exactly the bytes of a received frame.
 *
 * @example
 * ```ts
 * viewOf(Buffer.from([1, 2, 3])).byteLength; // 3
 * ```
 */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
