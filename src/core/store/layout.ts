/**
 * Where everything lives in a SeisProc trace store (format version 1, documented in docs/store-format.md).
 * A store is a Zarr v2 group that zarr-python, xarray and zarrita open as is; SeisProc's own files sit beside the
 * arrays under `seisproc/` and `headers/`.
 *
 * @module
 */
import type { StoreKey } from "../storage/types";

/** Version of the store layout; bumped on any incompatible change. */
export const STORE_FORMAT_VERSION = 1;

/** Keys of a trace store. */
export const STORE_KEYS = {
  group: "/.zgroup",
  groupAttrs: "/.zattrs",
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
 * Key of chunk `row` of a 2-D Zarr v2 array chunked along its first dimension only.
 *
 * @example
 * ```ts
 * chunkKey("/traces", 12); // "/traces/12.0"
 * ```
 */
export function chunkKey(array: StoreKey, row: number): StoreKey {
  return `${array}/${row}.0`;
}
