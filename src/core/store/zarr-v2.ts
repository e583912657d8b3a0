/**
 * Zarr v2 metadata for the store's arrays: `.zarray` and `.zattrs` with `_ARRAY_DIMENSIONS`, the convention
 * xarray uses for dimension names. zarrita writes only Zarr v3, so v2 metadata is written here (v2 is what
 * zarr-python 2 and 3, xarray and MDIO-era tools all read).
 *
 * @module
 */
import { SAMPLE_ARRAY_TYPES, type SampleDtype } from "../segy/sample-formats";
import type { MutableStore, StoreKey } from "../storage/types";
import { writeJson } from "../storage/json";
import type { ZarrV2Compression } from "./compression";

const V2_DTYPES: Record<SampleDtype, string> = {
  float32: "<f4",
  float64: "<f8",
  int8: "|i1",
  int16: "<i2",
  int32: "<i4",
  int64: "<i8",
  uint8: "|u1",
  uint16: "<u2",
  uint32: "<u4",
  uint64: "<u8",
};

/** Bytes per element of each dtype. */
export const DTYPE_BYTES = Object.fromEntries(
  Object.entries(SAMPLE_ARRAY_TYPES).map(([dtype, type]) => [dtype, type.BYTES_PER_ELEMENT]),
) as Readonly<Record<SampleDtype, number>>;

/** A Zarr v2 array to write. */
export interface ZarrV2ArraySpec {
  shape: number[];
  chunks: number[];
  dtype: SampleDtype;
  compression: ZarrV2Compression;
  dimensions: string[];
  attributes?: Record<string, unknown>;
}

/**
 * Writes `.zarray` and `.zattrs` of an array.
 *
 * @example
 * ```ts
 * await writeZarrV2Array(store, "/time", { shape: [1000], chunks: [1000], dtype: "float64", compression, dimensions: ["sample"] });
 * ```
 */
export async function writeZarrV2Array(store: MutableStore, key: StoreKey, spec: ZarrV2ArraySpec): Promise<void> {
  await writeJson(store, `${key}/.zarray`, {
    zarr_format: 2,
    shape: spec.shape,
    chunks: spec.chunks,
    dtype: V2_DTYPES[spec.dtype],
    compressor: spec.compression.compressor,
    // No fill value: with one, xarray would mask real zero samples as missing (NaN). Every chunk is written.
    fill_value: null,
    order: "C",
    filters: spec.compression.filters,
    dimension_separator: ".",
  });
  await writeJson(store, `${key}/.zattrs`, { _ARRAY_DIMENSIONS: spec.dimensions, ...(spec.attributes ?? {}) });
}
