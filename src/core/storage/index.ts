/**
 * Storage backends: a tiny key/value contract (`get`, optional `getRange`, `set`, plus `delete`, `list` and
 * `size` for mutable stores), shaped like zarrita's store types so that zarrita reads our stores directly, and the
 * backends that implement it (local files, memory; S3 and Azure later).
 *
 * @module
 * @example
 * ```ts
 * import { FileSystemStore, readJson, writeJson } from "seisproc";
 * const store = new FileSystemStore("survey.zarr");
 * await writeJson(store, "/.zgroup", { zarr_format: 2 });
 * const group = await readJson<{ zarr_format: number }>(store, "/.zgroup");
 * ```
 */
export * from "./file-system-store";
export * from "./json";
export * from "./memory-store";
export * from "./retry";
export * from "./types";
