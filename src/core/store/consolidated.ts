/**
 * Zarr v2 consolidated metadata (`.zmetadata`): every `.zgroup`, `.zattrs` and `.zarray` of the store in one
 * object, so that zarr-python and `xarray.open_zarr` open a store with one read instead of one per array (and
 * without the warning xarray gives for stores that lack it). Written when an import completes and by repair.
 *
 * @module
 */
import { readJson, writeJson } from "../storage/json";
import type { MutableStore, StoreKey } from "../storage/types";
import { STORE_KEYS } from "./layout";

/** The key of the consolidated metadata. */
export const CONSOLIDATED_KEY: StoreKey = "/.zmetadata";

/** The arrays a trace store may hold, in the order they are listed. */
const ARRAYS = [STORE_KEYS.traces, STORE_KEYS.rawHeaders, STORE_KEYS.time, STORE_KEYS.gatherOrder] as const;

/**
 * Writes `.zmetadata` from the group's and arrays' metadata documents as they are in `store` now (arrays that
 * are absent are left out). Call it after the last metadata document is written.
 *
 * @example
 * ```ts
 * await writeConsolidatedMetadata(store); // then: xarray.open_zarr(path, consolidated=True)
 * ```
 */
export async function writeConsolidatedMetadata(store: MutableStore): Promise<void> {
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
