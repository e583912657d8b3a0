/**
 * The parts of the WebAssembly JavaScript API that SeisProc uses, typed here because the package compiles
 * without the DOM library (which is where TypeScript declares `WebAssembly`).
 *
 * @module
 */

/** A WebAssembly memory: its current buffer (replaced when it grows) and `grow` in 64 KiB pages. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** `WebAssembly`: validate, compile and instantiate synchronously. */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: abstract new (...args: never[]) => WasmMemory;
}

/**
 * The runtime's `WebAssembly` object.
 *
 * @example
 * ```ts
 * const ok = wasm.validate(bytes);
 * ```
 */
export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
