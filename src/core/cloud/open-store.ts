/**
 * One entry point from a location string to a store: a plain path or `file://` URL is a directory
 * ({@link FileSystemStore}), `s3://bucket/prefix` an {@link S3Store}, `az://container/prefix` an
 * {@link AzureBlobStore}, `memory://name` a {@link ConditionalMemoryStore} shared by every opener in the process.
 * Connections and credentials come from the environment, never from the location.
 *
 * @module
 */
import { FileSystemStore, type FileSystemStoreOptions } from "../storage/file-system-store";
import { AzureBlobStore, type AzureBlobStoreOptions } from "./azure-store";
import { ConditionalMemoryStore } from "./conditional";
import { parseLocation } from "./location";
import { S3Store, type S3StoreOptions } from "./s3-store";

/** Any store {@link openStore} returns. */
export type LocatedStore = FileSystemStore | S3Store | AzureBlobStore | ConditionalMemoryStore;

/** Options per backend, used when the location names that backend. */
export interface OpenStoreOptions {
  file?: FileSystemStoreOptions;
  s3?: Omit<S3StoreOptions, "bucket" | "prefix">;
  azure?: Omit<AzureBlobStoreOptions, "container" | "prefix">;
}

const memoryStores = new Map<string, ConditionalMemoryStore>();

/**
 * Opens the store at `location`. Nothing is read or checked yet (a missing bucket or bad credentials show at the
 * first request, as a typed error naming the location); a malformed location is a ValidationError at once.
 *
 * @example
 * ```ts
 * const local = openStore("line.seis"); // FileSystemStore
 * const remote = openStore("s3://surveys/2024/line.seis"); // S3Store, endpoint and keys from the environment
 * const data = await LazySeismicData.open(remote, "s3://surveys/2024/line.seis");
 * ```
 */
export function openStore(location: string, options: OpenStoreOptions = {}): LocatedStore {
  const parsed = parseLocation(location);
  switch (parsed.kind) {
    case "file":
      return new FileSystemStore(parsed.path, options.file);
    case "s3":
      return new S3Store({ ...options.s3, bucket: parsed.bucket, prefix: parsed.prefix });
    case "azure":
      return new AzureBlobStore({ ...options.azure, container: parsed.container, prefix: parsed.prefix });
    case "memory": {
      let store = memoryStores.get(parsed.name);
      if (store === undefined) memoryStores.set(parsed.name, (store = new ConditionalMemoryStore()));
      return store;
    }
  }
}

/**
 * How to name a store in messages: its URL, or its root directory.
 *
 * @example
 * ```ts
 * storeLabel(openStore("s3://surveys/line.seis")); // "s3://surveys/line.seis"
 * ```
 */
export function storeLabel(store: LocatedStore): string {
  if (store instanceof FileSystemStore) return store.root;
  if (store instanceof S3Store || store instanceof AzureBlobStore) return store.url;
  for (const [name, s] of memoryStores) if (s === store) return `memory://${name}`;
  return "memory store";
}
