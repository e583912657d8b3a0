/**
 * Object storage: the store contract on S3 ({@link S3Store}) and Azure Blob ({@link AzureBlobStore}), locations
 * as URLs ({@link openStore}: a path, `file://`, `s3://bucket/prefix`, `az://container/prefix`, `memory://name`),
 * SEG-Y read straight from objects ({@link openByteSource}), files written to objects ({@link writeToLocation}),
 * and conditional writes for locks ({@link ConditionalStore}). Endpoints and credentials come from the standard
 * environment variables and files; they are never part of a location, a message or a file we write.
 *
 * @module
 * @example
 * ```ts
 * import { importSegy, LazySeismicData, openStore } from "seisproc";
 * const store = openStore("s3://surveys/2024/north.seis");
 * await importSegy("s3://surveys/raw/north.sgy", store); // ranged reads from the object, chunks written to S3
 * const data = await LazySeismicData.open(store, "s3://surveys/2024/north.seis");
 * ```
 */
export * from "./azure-client";
export * from "./azure-store";
export * from "./conditional";
export * from "./errors";
export * from "./location";
export * from "./object-byte-source";
export * from "./object-store";
export * from "./open-byte-source";
export * from "./open-store";
export * from "./s3-client";
export * from "./s3-store";
export * from "./write-location";
