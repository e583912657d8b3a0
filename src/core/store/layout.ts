/**
 * Where everything lives in a SeisProc trace store (format version 2, documented in docs/store-format.md).
 * A store is a Zarr group (Zarr format 2 by default, format 3 as an option) that zarr-python, xarray and zarrita
 * open as is; SeisProc's own files sit beside the arrays under `seisproc/` and `headers/`.
 *
 * @module
 */
import type { StoreKey } from "../storage/types";

/**
 * Version of the store layout; bumped on any incompatible change. Version 2 added the Zarr format 3 layout;
 * a version-1 store is a version-2 store in Zarr format 2, so stores in Zarr format 2 are still written as
 * version 1 (older SeisProc reads them) and only Zarr format 3 stores as version 2 (see {@link storeFormatVersion}).
 */
export const STORE_FORMAT_VERSION = 2;

/** The store format versions this SeisProc reads. */
export const READABLE_STORE_FORMAT_VERSIONS: readonly number[] = [1, 2];

/** The Zarr format of a store's group and arrays: 2 (the default) or 3. */
export type ZarrFormat = 2 | 3;

/**
 * The store format version written for a store of Zarr format `zarrFormat`: the oldest that describes it.
 *
 * @example
 * ```ts
 * storeFormatVersion(2); // 1
 * storeFormatVersion(3); // 2
 * ```
 */
export function storeFormatVersion(zarrFormat: ZarrFormat): number {
  return zarrFormat === 3 ? 2 : 1;
}

/**
 * The Zarr format of a store from its recorded import options (stores written before the option are format 2).
 *
 * @example
 * ```ts
 * zarrFormatOf(metadata.importOptions); // 2 or 3
 * ```
 */
export function zarrFormatOf(options: { zarrFormat?: ZarrFormat }): ZarrFormat {
  return options.zarrFormat === 3 ? 3 : 2;
}

/** Keys of a trace store. */
export const STORE_KEYS = {
  group: "/.zgroup",
  groupAttrs: "/.zattrs",
  /** The root group's metadata (and its consolidated metadata) in Zarr format 3. */
  zarrJson: "/zarr.json",
  traces: "/traces",
  rawHeaders: "/raw_headers",
  time: "/time",
  gatherOrder: "/gather_order",
  metadata: "/seisproc/metadata.json",
  gathers: "/seisproc/gathers.json",
  progress: "/seisproc/progress.json",
  complete: "/seisproc/COMPLETE",
} as const satisfies Record<string, StoreKey>;

/**
 * Key of the Parquet file holding the trace headers of import segment `index`.
 *
 * @example
 * ```ts
 * headerPartKey(3); // "/headers/part-00003.parquet"
 * ```
 */
export function headerPartKey(index: number): StoreKey {
  return `/headers/part-${String(index).padStart(5, "0")}.parquet`;
}

/**
 * Key of chunk `row` of a 2-D array chunked along its first dimension only: Zarr format 2 keys join the chunk's
 * coordinates with `.`; Zarr format 3 keys use the default chunk key encoding (`c/`, then the coordinates joined
 * with `/`).
 *
 * @example
 * ```ts
 * chunkKey("/traces", 12); // "/traces/12.0"
 * chunkKey("/traces", 12, 3); // "/traces/c/12/0"
 * ```
 */
export function chunkKey(array: StoreKey, row: number, zarrFormat: ZarrFormat = 2): StoreKey {
  return zarrFormat === 3 ? `${array}/c/${row}/0` : `${array}/${row}.0`;
}

/**
 * Key of the one chunk of a 1-D array stored as a single chunk (`time`, `gather_order`).
 *
 * @example
 * ```ts
 * singleChunkKey("/time"); // "/time/0"
 * singleChunkKey("/time", 3); // "/time/c/0"
 * ```
 */
export function singleChunkKey(array: StoreKey, zarrFormat: ZarrFormat = 2): StoreKey {
  return zarrFormat === 3 ? `${array}/c/0` : `${array}/0`;
}

/**
 * The metadata documents of an array or group at `node` (`""` for the root): `.zarray`/`.zgroup` and `.zattrs` in
 * Zarr format 2, `zarr.json` in format 3.
 *
 * @example
 * ```ts
 * metadataKeys("/time", 2, "array"); // ["/time/.zarray", "/time/.zattrs"]
 * metadataKeys("", 3, "group"); // ["/zarr.json"]
 * ```
 */
export function metadataKeys(node: StoreKey | "", zarrFormat: ZarrFormat, kind: "array" | "group"): StoreKey[] {
  if (zarrFormat === 3) return [`${node}/zarr.json`];
  return [`${node}/${kind === "array" ? ".zarray" : ".zgroup"}`, `${node}/.zattrs`];
}
