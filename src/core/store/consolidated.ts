/**
 * Consolidated metadata: every metadata document of the store in one, so that zarr-python and `xarray.open_zarr`
 * open a store with one read instead of one per array (and without the warning xarray gives for stores that lack
 * it). Zarr format 2: `.zmetadata` with every `.zgroup`, `.zattrs` and `.zarray`. Zarr format 3: the root
 * `zarr.json` holds each array's `zarr.json` under `consolidated_metadata` (zarr-python 3's inline format, read by
 * zarrita's `withConsolidatedMetadata` too). Written when an import completes and by repair.
 *
 * @module
 */
import { readJson, writeJson } from "../storage/json";
import type { MutableStore, StoreKey } from "../storage/types";
import { STORE_KEYS, type ZarrFormat } from "./layout";
import { zarrV3GroupDocument } from "./zarr-v3";

/** The key of the consolidated metadata. */
export const CONSOLIDATED_KEY: StoreKey = "/.zmetadata";

/** The arrays a trace store may hold, in the order they are listed. */
const ARRAYS = [STORE_KEYS.traces, STORE_KEYS.rawHeaders, STORE_KEYS.time, STORE_KEYS.gatherOrder] as const;

/**
 * Writes the consolidated metadata from the group's and arrays' metadata documents as they are in `store` now
 * (arrays that are absent are left out): `.zmetadata` in Zarr format 2, the root `zarr.json` in format 3. Call it
 * after the last metadata document is written.
 *
 * @example
 * ```ts
 * await writeConsolidatedMetadata(store); // then: xarray.open_zarr(path, consolidated=True)
 * await writeConsolidatedMetadata(v3Store, 3); // then: zarr.open_consolidated(path, zarr_format=3)
 * ```
 */
export async function writeConsolidatedMetadata(store: MutableStore, zarrFormat: ZarrFormat = 2): Promise<void> {
  if (zarrFormat === 3) return writeConsolidatedV3(store);
  const metadata: Record<string, unknown> = {};
  const add = async (key: StoreKey) => {
    const value = await readJson<unknown>(store, key);
    if (value !== undefined) metadata[key.slice(1)] = value;
  };
  await add(STORE_KEYS.group);
  await add(STORE_KEYS.groupAttrs);
  for (const array of ARRAYS) {
    await add(`${array}/.zarray`);
    await add(`${array}/.zattrs`);
  }
  await writeJson(store, CONSOLIDATED_KEY, { zarr_consolidated_format: 1, metadata });
}

async function writeConsolidatedV3(store: MutableStore): Promise<void> {
  const group = await readJson<{ attributes?: Record<string, unknown> }>(store, STORE_KEYS.zarrJson);
  const arrays: Record<string, unknown> = {};
  for (const array of ARRAYS) {
    const value = await readJson<unknown>(store, `${array}/zarr.json`);
    if (value !== undefined) arrays[array.slice(1)] = value;
  }
  await writeJson(store, STORE_KEYS.zarrJson, zarrV3GroupDocument(group?.attributes ?? {}, arrays));
}
