/**
 * Opening a file location for random-access reads: a path or `file://` URL is a local file
 * ({@link FileByteSource}); `s3://bucket/key` and `az://container/name` are objects read with ranged requests
 * ({@link ObjectByteSource}), never downloaded whole.
 *
 * @module
 */
import { ValidationError } from "../errors";
import { FileByteSource, type ByteSource } from "../segy/byte-source";
import type { StoreKey } from "../storage/types";
import { AzureBlobStore } from "./azure-store";
import { parseLocation } from "./location";
import { ObjectByteSource, type ObjectByteSourceOptions } from "./object-byte-source";
import type { OpenStoreOptions } from "./open-store";
import { S3Store } from "./s3-store";

/**
 * Opens the file at `location` for reading. A missing file or object is a FileAccessError naming it; bad
 * credentials a CredentialsError.
 *
 * @example
 * ```ts
 * const source = await openByteSource("s3://surveys/2024/north.sgy");
 * const reader = await SegyReader.open(source); // ranged reads, nothing downloaded to disk
 * ```
 */
export async function openByteSource(location: string, options: OpenStoreOptions & Omit<ObjectByteSourceOptions, "name" | "onClose"> = {}): Promise<ByteSource> {
  const parsed = parseLocation(location);
  if (parsed.kind === "file") return FileByteSource.open(parsed.path);
  if (parsed.kind === "memory") throw new ValidationError(location, "memory:// names a store, not a file; give a path, s3://bucket/key or az://container/name");
  if (parsed.prefix === "") throw new ValidationError(location, `names a ${parsed.kind === "s3" ? "bucket" : "container"}, not a file; add the object's key`);
  const store =
    parsed.kind === "s3" ? new S3Store({ ...options.s3, bucket: parsed.bucket, prefix: "" }) : new AzureBlobStore({ ...options.azure, container: parsed.container, prefix: "" });
  const onClose = store instanceof S3Store ? () => store.destroy() : undefined;
  return ObjectByteSource.open(store, `/${parsed.prefix}` as StoreKey, { blockBytes: options.blockBytes, readAhead: options.readAhead, name: location, onClose });
}
