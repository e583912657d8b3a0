/**
 * The cloud SDKs, loaded on first use: `@aws-sdk/client-s3` and `@azure/storage-blob` take a second or more to
 * load, and most uses of SeisProc (and every CLI command on local files) never touch object storage, so importing
 * `seisproc` must not load them.
 *
 * @module
 */

type S3Sdk = typeof import("@aws-sdk/client-s3");
type AzureSdk = typeof import("@azure/storage-blob");

let s3: S3Sdk | undefined;
let azure: AzureSdk | undefined;

/**
 * The AWS SDK's S3 client module, loaded the first time it is asked for.
 *
 * @example
 * ```ts
 * const client = new (s3Sdk().S3Client)({ region: "us-east-1" });
 * ```
 */
export function s3Sdk(): S3Sdk {
  return (s3 ??= require("@aws-sdk/client-s3") as S3Sdk);
}

/**
 * The Azure Storage Blob SDK, loaded the first time it is asked for.
 *
 * @example
 * ```ts
 * const service = azureSdk().BlobServiceClient.fromConnectionString(connectionString);
 * ```
 */
export function azureSdk(): AzureSdk {
  return (azure ??= require("@azure/storage-blob") as AzureSdk);
}
