/**
 * A store in an S3 bucket (AWS S3 or an S3-compatible server such as MinIO or s3rver), under a key prefix: Zarr
 * chunks, Parquet header parts and metadata are objects. Ranged reads are single `GET`s with a `Range` header,
 * writes are single `PUT`s with a buffered body (atomic for readers), large files go up as multipart uploads,
 * conditional writes use `If-None-Match: *` and `If-Match`. Connection and credentials come from the environment
 * ({@link createS3Connection}).
 *
 * @module
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { ownedBytes } from "../util/bytes";
import { ValidationError } from "../errors";
import type { Failure, FailureAdvice } from "./failure";
import { mapConcurrent } from "../util/limiter";
import { ObjectStore, type ListedObject, type ObjectStat, type ObjectStoreOptions, type RequestRunner, type WriteCondition } from "./object-store";
import { createS3Connection, S3_CREDENTIAL_SOURCES, type S3ConnectionOptions } from "./s3-client";
import { classifyS3Error } from "./s3-failure";
import { s3Sdk } from "./sdk";

/** Options of an {@link S3Store}. */
export interface S3StoreOptions extends ObjectStoreOptions, S3ConnectionOptions {
  /** The bucket. */
  bucket: string;
  /** Key prefix of the store inside the bucket (default `""`, the whole bucket). */
  prefix?: string;
  /** A client to use instead of one made from the connection options and the environment. */
  client?: S3Client;
}

/**
 * A {@link MutableStore} and {@link ConditionalStore} over `s3://bucket/prefix`. A missing bucket is an error that
 * says so; missing, wrong or insufficient credentials are a {@link CredentialsError} naming the location.
 *
 * @example
 * ```ts
 * const store = new S3Store({ bucket: "surveys", prefix: "2024/north.seis" }); // endpoint, keys: environment
 * await importSegy("north.sgy", store);
 * const data = await LazySeismicData.open(store, store.url);
 * ```
 */
export class S3Store extends ObjectStore {
  /** The bucket. */
  readonly bucket: string;
  /** The client in use. */
  readonly client: S3Client;
  protected readonly advice: FailureAdvice;
  private readonly ownsClient: boolean;

  constructor(options: S3StoreOptions) {
    const prefix = (options.prefix ?? "").replace(/^\/+|\/+$/g, "");
    if (typeof options.bucket !== "string" || options.bucket === "") throw new ValidationError("bucket", "is required; name the S3 bucket");
    super(`s3://${options.bucket}${prefix === "" ? "" : `/${prefix}`}`, prefix, options);
    this.bucket = options.bucket;
    const connection = options.client === undefined ? createS3Connection(options) : { client: options.client, endpoint: "the S3 endpoint" };
    this.client = connection.client;
    this.ownsClient = options.client === undefined;
    this.advice = { credentials: S3_CREDENTIAL_SOURCES, container: `bucket "${options.bucket}"`, endpoint: connection.endpoint };
  }

  /** Closes the client's connections (only when the store made the client). */
  destroy(): void {
    if (this.ownsClient) this.client.destroy();
  }

  protected async fetchObject(name: string, range: { start: number; end: number } | undefined, signal: AbortSignal | undefined): Promise<{ bytes: Uint8Array; etag: string }> {
    const response = await this.client.send(
      new (s3Sdk().GetObjectCommand)({ Bucket: this.bucket, Key: name, Range: range === undefined ? undefined : `bytes=${range.start}-${range.end - 1}` }),
      { abortSignal: signal },
    );
    const body = response.Body === undefined ? new Uint8Array(0) : await response.Body.transformToByteArray();
    return { bytes: ownedBytes(body), etag: response.ETag ?? "" }; // a Buffer may be a view into a shared pool
  }

  protected async headObject(name: string, signal: AbortSignal | undefined): Promise<ObjectStat> {
    const response = await this.client.send(new (s3Sdk().HeadObjectCommand)({ Bucket: this.bucket, Key: name }), { abortSignal: signal });
    return { size: response.ContentLength ?? 0, etag: response.ETag ?? "", lastModified: response.LastModified };
  }

  protected async putObject(name: string, bytes: Uint8Array, condition: WriteCondition): Promise<string> {
    const response = await this.client.send(
      new (s3Sdk().PutObjectCommand)({
        Bucket: this.bucket,
        Key: name,
        Body: bytes,
        ContentLength: bytes.length,
        IfNoneMatch: condition.ifNoneMatch === true ? "*" : undefined,
        IfMatch: condition.ifMatch,
      }),
    );
    return response.ETag ?? "";
  }

  protected async deleteObject(name: string, ifMatch: string | undefined): Promise<void> {
    await this.client.send(new (s3Sdk().DeleteObjectCommand)({ Bucket: this.bucket, Key: name, IfMatch: ifMatch }));
  }

  protected async listObjects(prefix: string, signal: AbortSignal | undefined): Promise<ListedObject[]> {
    const names: ListedObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new (s3Sdk().ListObjectsV2Command)({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }), { abortSignal: signal });
      for (const item of page.Contents ?? []) if (item.Key !== undefined) names.push({ name: item.Key, size: item.Size ?? 0 });
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return names;
  }

  protected async uploadParts(
    name: string,
    partCount: number,
    readPart: (index: number) => Promise<Uint8Array>,
    run: RequestRunner,
    concurrency: number,
    partDone: (bytes: number) => void,
  ): Promise<void> {
    if (partCount > 10_000) throw new ValidationError("partBytes", `S3 takes at most 10,000 parts and this file needs ${partCount}; use a larger part size`);
    const created = await run(() => this.client.send(new (s3Sdk().CreateMultipartUploadCommand)({ Bucket: this.bucket, Key: name })));
    const uploadId = created.UploadId;
    if (uploadId === undefined) throw new ValidationError("upload", `the server started no multipart upload for ${name}`);
    try {
      const parts = await mapConcurrent(
        Array.from({ length: partCount }, (_, i) => i),
        concurrency,
        async (index) => {
          const body = await readPart(index);
          const part = await run(() => this.client.send(new (s3Sdk().UploadPartCommand)({ Bucket: this.bucket, Key: name, UploadId: uploadId, PartNumber: index + 1, Body: body, ContentLength: body.length })));
          partDone(body.length);
          return { PartNumber: index + 1, ETag: part.ETag };
        },
      );
      await run(() => this.client.send(new (s3Sdk().CompleteMultipartUploadCommand)({ Bucket: this.bucket, Key: name, UploadId: uploadId, MultipartUpload: { Parts: parts } })));
    } catch (error) {
      await this.client.send(new (s3Sdk().AbortMultipartUploadCommand)({ Bucket: this.bucket, Key: name, UploadId: uploadId })).catch(() => undefined);
      throw error;
    }
  }

  protected classify(error: unknown): Failure {
    return classifyS3Error(error);
  }
}
