/**
 * Store directories on the command line: checking that a STORE argument is a usable directory, opening a
 * complete store (or saying, as bad input, what the store is instead and what to do), moving an old store
 * aside before it is replaced, and the bytes a store takes on disk.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import { FileAccessError, ValidationError, fileAccessError } from "../core/errors";
import { isUrlLocation, normalizeLocation, openStore, type LocatedStore } from "../core/cloud";
import { FileSystemStore } from "../core/storage";
import { describeUnfinished, LazySeismicData, storeStatus, type StoreStatus } from "../core/store";

/**
 * A FileSystemStore over an existing directory; a missing path or a file is a FileAccessError (exit 2). A URL
 * (`s3://bucket/prefix`, `az://container/prefix`) opens that store; whether it holds anything shows on first use.
 *
 * @example
 * ```ts
 * const store = await existingStoreDir("line.seis");
 * ```
 */
export async function existingStoreDir(location: string): Promise<LocatedStore> {
  const dir = normalizeLocation(location);
  if (isUrlLocation(dir)) return openStore(dir);
  const stat = await fs.stat(dir).catch((error: unknown) => {
    throw fileAccessError(dir, error);
  });
  if (!stat.isDirectory()) throw new FileAccessError(dir, "is a file, not a store directory; give the directory seisproc import wrote");
  return new FileSystemStore(dir);
}

/**
 * Why a store that is not complete cannot be used, and what to do, as a ValidationError (exit 2).
 *
 * @example
 * ```ts
 * throw notCompleteError("line.seis", await storeStatus(store));
 * ```
 */
export function notCompleteError(dir: string, status: StoreStatus): ValidationError {
  switch (status.state) {
    case "unfinished":
      return new ValidationError(dir, `unfinished store: ${describeUnfinished(status)}; run the same \`seisproc import ${status.source ?? "FILE"} ${dir} ...\` command again, with the same options, to resume it`);
    case "incomplete":
      return new ValidationError(dir, `the store is not marked complete (seisproc/COMPLETE is missing); run \`seisproc validate ${dir} --repair\``);
    default:
      return new ValidationError(dir, "is not a SeisProc trace store; create one with `seisproc import FILE STORE`");
  }
}

/**
 * Opens a complete store in `dir` lazily; anything else is a ValidationError saying what the store is.
 *
 * @example
 * ```ts
 * const data = await openCompleteStore("line.seis");
 * ```
 */
export async function openCompleteStore(dir: string): Promise<{ store: LocatedStore; data: LazySeismicData }> {
  const store = await existingStoreDir(dir);
  const status = await storeStatus(store);
  if (status.state !== "complete") throw notCompleteError(dir, status);
  return { store, data: await LazySeismicData.open(store, dir) };
}

/**
 * Renames `dir` to `<dir>.backup-<timestamp>` (a free name) and returns the new path.
 *
 * @example
 * ```ts
 * await moveAside("line.seis"); // "line.seis.backup-20250131T100000Z"
 * ```
 */
export async function moveAside(dir: string, now: Date = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  let target = `${dir.replace(/[\\/]+$/, "")}.backup-${stamp}`;
  for (let n = 2; await fs.stat(target).then(() => true, () => false); n++) target = `${dir.replace(/[\\/]+$/, "")}.backup-${stamp}-${n}`;
  await fs.rename(dir, target).catch((error: unknown) => {
    throw fileAccessError(dir, error);
  });
  return target;
}

/** Bytes a store takes, by top-level entry. */
export interface StoreSizes {
  traces: number;
  rawHeaders: number;
  headers: number;
  other: number;
  total: number;
}

/**
 * The bytes of a store's files, by part.
 *
 * @example
 * ```ts
 * (await storeSizes(store)).traces; // compressed sample chunks
 * ```
 */
export async function storeSizes(store: LocatedStore): Promise<StoreSizes> {
  const sizes: StoreSizes = { traces: 0, rawHeaders: 0, headers: 0, other: 0, total: 0 };
  // object stores list sizes with the keys (one request per thousand objects, not one per object)
  const listed = "listSizes" in store ? store.listSizes("/") : sizedKeys(store);
  for await (const { key, size } of listed) {
    const top = key.split("/")[1];
    if (top === "traces") sizes.traces += size;
    else if (top === "raw_headers") sizes.rawHeaders += size;
    else if (top === "headers") sizes.headers += size;
    else sizes.other += size;
    sizes.total += size;
  }
  return sizes;
}

async function* sizedKeys(store: LocatedStore): AsyncIterable<{ key: string; size: number }> {
  for await (const key of store.list("/")) yield { key, size: (await store.size(key)) ?? 0 };
}

/**
 * Bytes as `12.3 MB` (decimal units, as disks count).
 *
 * @example
 * ```ts
 * formatBytes(12_345_678); // "12.3 MB"
 * ```
 */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes.toLocaleString("en-US")} bytes` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
