/**
 * Byte arrays that own their memory.
 *
 * @module
 */

/**
 * `bytes` as a plain Uint8Array alone on its ArrayBuffer: the same memory when `bytes` already spans its whole
 * buffer, else a copy (a Buffer or a view may share its buffer with other data, a pool or a larger chunk, which
 * whoever takes `.buffer` would otherwise get too).
 *
 * @example
 * ```ts
 * const owned = ownedBytes(view);
 * owned.buffer.byteLength === owned.byteLength; // true
 * ```
 */
export function ownedBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? new Uint8Array(bytes.buffer as ArrayBuffer) : new Uint8Array(bytes);
}
