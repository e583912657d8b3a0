/**
 * The `session` module of the engine (placeholder until its first export lands).
 *
 * @module
 * @example
 * ```ts
 * import * as seisproc from "seisproc";
 * ```
 */
export {};
