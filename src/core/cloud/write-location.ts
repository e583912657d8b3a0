/**
 * Writing a file to a location that may be remote: the writer (an export, a conversion) writes a local temporary
 * file as usual, which is then uploaded in parallel parts and deleted. Readers of the object see the old version
 * or the complete new one, never a partial upload (S3 completes a multipart upload, Azure commits a block list,
 * at once). For a local location the writer writes the target directly (atomically, as it already does).
 *
 * @module
 */
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ValidationError } from "../errors";
import type { StoreKey } from "../storage/types";
import { AzureBlobStore } from "./azure-store";
import { parseLocation } from "./location";
import type { UploadOptions } from "./object-store";
import type { OpenStoreOptions } from "./open-store";
import { S3Store } from "./s3-store";

/** Options of {@link writeToLocation}. */
export interface WriteToLocationOptions extends OpenStoreOptions, UploadOptions {
  /** Directory for the temporary file (default the system's temporary directory). */
  tempDir?: string;
  /** Refuse when something already exists at the location (default false: replace it). */
  refuseExisting?: boolean;
}

/**
 * Runs `write(localPath)` and puts the file it wrote at `location`: directly for a local path, else through a
 * temporary file that is uploaded, then deleted (also on failure). Returns what `write` returned.
 *
 * @example
 * ```ts
 * await writeToLocation("s3://exports/north.sgy", (file) => exportDataset(data, file, "segy"));
 * ```
 */
export async function writeToLocation<T>(location: string, write: (localPath: string) => Promise<T>, options: WriteToLocationOptions = {}): Promise<T> {
  const parsed = parseLocation(location);
  if (parsed.kind === "file") {
    if (options.refuseExisting === true && (await fs.stat(parsed.path).then(() => true, () => false))) {
      throw new ValidationError(location, "exists; pass --force (or remove it) to replace it");
    }
    return write(parsed.path);
  }
  if (parsed.kind === "memory") throw new ValidationError(location, "memory:// names a store, not a file; give a path, s3://bucket/key or az://container/name");
  if (parsed.prefix === "") throw new ValidationError(location, `names a ${parsed.kind === "s3" ? "bucket" : "container"}, not a file; add the object's key`);
  const store =
    parsed.kind === "s3" ? new S3Store({ ...options.s3, bucket: parsed.bucket, prefix: "" }) : new AzureBlobStore({ ...options.azure, container: parsed.container, prefix: "" });
  const key = `/${parsed.prefix}` as StoreKey;
  try {
    if (options.refuseExisting === true && (await store.stat(key)) !== undefined) {
      throw new ValidationError(location, "exists; pass --force (or delete it) to replace it");
    }
    const dir = await fs.mkdtemp(path.join(options.tempDir ?? tmpdir(), "seisproc-upload-"));
    try {
      const local = path.join(dir, path.posix.basename(parsed.prefix));
      const result = await write(local);
      await store.uploadFile(key, local, options);
      return result;
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  } finally {
    if (store instanceof S3Store) store.destroy();
  }
}

/**
 * The size of the file or object at `location`, or `undefined` when there is none.
 *
 * @example
 * ```ts
 * await locationSize("s3://exports/north.sgy"); // 1048576000
 * ```
 */
export async function locationSize(location: string, options: OpenStoreOptions = {}): Promise<number | undefined> {
  const parsed = parseLocation(location);
  if (parsed.kind === "file") {
    const stat = await fs.stat(parsed.path).catch(() => undefined);
    return stat?.isFile() === true ? stat.size : undefined;
  }
  if (parsed.kind === "memory" || parsed.prefix === "") return undefined;
  const store =
    parsed.kind === "s3" ? new S3Store({ ...options.s3, bucket: parsed.bucket, prefix: "" }) : new AzureBlobStore({ ...options.azure, container: parsed.container, prefix: "" });
  try {
    return (await store.stat(`/${parsed.prefix}` as StoreKey))?.size;
  } finally {
    if (store instanceof S3Store) store.destroy();
  }
}
