/**
 * A dataset's CRS: read from, and set in, the `crs` slot of its store's `seisproc/metadata.json`. Setting it
 * rewrites the metadata document in one atomic store write (readers see the old document or the new one).
 *
 * @module
 */
import { StorageError } from "../errors";
import { readJson, writeJson } from "../storage/json";
import type { MutableStore, ReadableStore } from "../storage/types";
import { STORE_KEYS } from "../store/layout";
import type { StoreMetadata } from "../store/store-metadata";
import { CoordinateSystem } from "./coordinate-system";
import type { CrsMetadata } from "./crs-metadata";

async function readMetadata(store: ReadableStore, name: string): Promise<StoreMetadata> {
  if ((await store.get(STORE_KEYS.complete)) === undefined) {
    throw new StorageError("the store is not complete (no seisproc/COMPLETE); finish the import, or check it with `seisproc validate`", { store: name, key: STORE_KEYS.complete, operation: "get", transient: false });
  }
  const metadata = await readJson<StoreMetadata>(store, STORE_KEYS.metadata);
  if (metadata === undefined || typeof metadata !== "object" || metadata === null) {
    throw new StorageError("seisproc/metadata.json is missing; run seisproc validate --repair", { store: name, key: STORE_KEYS.metadata, operation: "get", transient: false });
  }
  return metadata;
}

/**
 * The CRS recorded for the dataset in `store`, or null when none is.
 *
 * @example
 * ```ts
 * (await readDatasetCrs(new FileSystemStore("line.seis")))?.identifier; // "EPSG:32631"
 * ```
 */
export async function readDatasetCrs(store: ReadableStore, name = "store"): Promise<CoordinateSystem | null> {
  return CoordinateSystem.fromMetadata((await readMetadata(store, name)).crs);
}

/**
 * Records `crs` (a {@link CoordinateSystem}, or text for {@link CoordinateSystem.parse} such as `"EPSG:32631"`;
 * null clears it) as the CRS of the complete dataset in `store`. The CRS is resolved before anything is
 * written, so an unknown code changes nothing. Datasets opened before the call keep the metadata they read:
 * open the store again to see the new CRS.
 *
 * @example
 * ```ts
 * const crs = await setDatasetCrs(new FileSystemStore("line.seis"), "EPSG:32631");
 * crs?.description; // "WGS 84 / UTM zone 31N"
 * ```
 */
export async function setDatasetCrs(store: MutableStore, crs: CoordinateSystem | string | number | null, name = "store"): Promise<CoordinateSystem | null> {
  const resolved = crs === null || crs instanceof CoordinateSystem ? crs : await CoordinateSystem.parse(crs);
  const metadata = await readMetadata(store, name);
  await writeJson(store, STORE_KEYS.metadata, { ...metadata, crs: resolved === null ? null : resolved.toMetadata() });
  return resolved;
}

/**
 * Resolves the `crs` import option (a {@link CoordinateSystem}, or text such as `"EPSG:32631"`) to the metadata
 * an import records, or null without one. Call it before an import writes anything, so that an unknown code
 * stops the import before it starts.
 *
 * @example
 * ```ts
 * const crs = await resolveCrsOption(options.crs); // CrsMetadata | null
 * ```
 */
export async function resolveCrsOption(crs: CoordinateSystem | string | number | null | undefined): Promise<CrsMetadata | null> {
  if (crs === undefined || crs === null) return null;
  return (crs instanceof CoordinateSystem ? crs : await CoordinateSystem.parse(crs)).toMetadata();
}
