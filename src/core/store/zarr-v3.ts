/**
 * Zarr format 3 metadata for the store's arrays and group: one `zarr.json` per node, with `dimension_names`
 * (what xarray reads for dimensions in format 3, instead of `_ARRAY_DIMENSIONS`) and a codec chain that zarrita
 * and zarr-python 3 both decode: `bytes` (little-endian), then `blosc` with the byte shuffle, LZ4 or Zstandard
 * (see {@link encodeBloscFrame}). Chunk keys use the default encoding (`c/` and `/`), as zarr-python 3 writes.
 *
 * @module
 */
import type { MutableStore, ReadableStore, StoreKey } from "../storage/types";
import { readJson, writeJson } from "../storage/json";
import type { ZarrV2Compression } from "./compression";
import type { ZarrFormat } from "./layout";
import { DTYPE_BYTES, writeZarrV2Array, type ZarrV2ArraySpec } from "./zarr-v2";

/** One codec of a Zarr v3 codec chain. */
export interface ZarrV3Codec {
  name: string;
  configuration?: Record<string, unknown>;
}

/**
 * The Zarr v3 codec chain equivalent to a Zarr v2 compression choice for elements of `elementSize` bytes:
 * `bytes` alone for none; `bytes` then `blosc` (LZ4 at clevel 9, i.e. LZ4's default acceleration, or Zstandard
 * at clevel 1, i.e. level 1) with the byte shuffle when the elements are wider than a byte.
 *
 * @example
 * ```ts
 * zarrV3Codecs(compressionMetadata("lz4", 4), 4);
 * // [{ name: "bytes", configuration: { endian: "little" } },
 * //  { name: "blosc", configuration: { cname: "lz4", clevel: 9, shuffle: "shuffle", typesize: 4, blocksize: 0 } }]
 * ```
 */
export function zarrV3Codecs(compression: ZarrV2Compression, elementSize: number): ZarrV3Codec[] {
  const bytes: ZarrV3Codec = elementSize > 1 ? { name: "bytes", configuration: { endian: "little" } } : { name: "bytes" };
  const compressor = compression.compressor?.id;
  if (compressor === undefined) return [bytes];
  const cname = compressor === "zstd" ? "zstd" : "lz4";
  const shuffled = elementSize > 1 && (compression.filters ?? []).some((f) => f.id === "shuffle");
  return [
    bytes,
    { name: "blosc", configuration: { cname, clevel: cname === "zstd" ? 1 : 9, shuffle: shuffled ? "shuffle" : "noshuffle", typesize: elementSize, blocksize: 0 } },
  ];
}

/**
 * The `zarr.json` document of an array.
 *
 * @example
 * ```ts
 * zarrV3ArrayDocument({ shape: [1000], chunks: [1000], dtype: "float64", compression, dimensions: ["sample"] }).dimension_names; // ["sample"]
 * ```
 */
export function zarrV3ArrayDocument(spec: ZarrV2ArraySpec): Record<string, unknown> {
  return {
    zarr_format: 3,
    node_type: "array",
    shape: spec.shape,
    data_type: spec.dtype,
    chunk_grid: { name: "regular", configuration: { chunk_shape: spec.chunks } },
    chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
    // Format 3 requires a fill value. Every chunk is written, so it is never used for data, and xarray does not
    // mask with it in format 3 (use_zarr_fill_value_as_mask defaults to False there): zero samples stay zero.
    fill_value: 0,
    codecs: zarrV3Codecs(spec.compression, DTYPE_BYTES[spec.dtype]),
    attributes: spec.attributes ?? {},
    dimension_names: spec.dimensions,
  };
}

/**
 * Writes an array's `zarr.json`.
 *
 * @example
 * ```ts
 * await writeZarrV3Array(store, "/time", { shape: [1000], chunks: [1000], dtype: "float64", compression, dimensions: ["sample"] });
 * ```
 */
export async function writeZarrV3Array(store: MutableStore, key: StoreKey, spec: ZarrV2ArraySpec): Promise<void> {
  await writeJson(store, `${key}/zarr.json`, zarrV3ArrayDocument(spec));
}

/**
 * The attributes of the group or array at `node` (`""` for the root): `.zattrs` in Zarr format 2, the
 * `attributes` of `zarr.json` in format 3. A missing or unreadable document, or one that is not an object, gives
 * `{}`: callers rewrite the document and keep what attributes they can.
 *
 * @example
 * ```ts
 * const kept = await readAttributes(store, "/traces", 3); // the array's user attributes, to keep in a rewrite
 * ```
 */
export async function readAttributes(store: ReadableStore, node: StoreKey | "", zarrFormat: ZarrFormat): Promise<Record<string, unknown>> {
  const attributes =
    zarrFormat === 3
      ? await readJson<{ attributes?: unknown }>(store, `${node}/zarr.json`).then((doc) => doc?.attributes, () => undefined)
      : await readJson<unknown>(store, `${node}/.zattrs`).catch(() => undefined);
  return typeof attributes === "object" && attributes !== null && !Array.isArray(attributes) ? (attributes as Record<string, unknown>) : {};
}

/**
 * Writes an array's metadata in the given Zarr format (`.zarray` and `.zattrs`, or `zarr.json`).
 *
 * @example
 * ```ts
 * await writeZarrArray(store, "/traces", derivedArraySpec(metadata, "traces"), 3);
 * ```
 */
export async function writeZarrArray(store: MutableStore, key: StoreKey, spec: ZarrV2ArraySpec, zarrFormat: ZarrFormat): Promise<void> {
  await (zarrFormat === 3 ? writeZarrV3Array(store, key, spec) : writeZarrV2Array(store, key, spec));
}

/**
 * The root group's `zarr.json`, with the consolidated metadata of its arrays (zarr-python 3's inline format,
 * which zarrita's `withConsolidatedMetadata` reads too) when `arrays` is given.
 *
 * @example
 * ```ts
 * zarrV3GroupDocument({ seisproc: { formatVersion: 2 } }, { traces: tracesZarrJson });
 * ```
 */
export function zarrV3GroupDocument(attributes: Record<string, unknown>, arrays?: Record<string, unknown>): Record<string, unknown> {
  const group: Record<string, unknown> = { zarr_format: 3, node_type: "group", attributes };
  if (arrays !== undefined) group.consolidated_metadata = { kind: "inline", must_understand: false, metadata: arrays };
  return group;
}
