/**
 * A store in an Azure Blob Storage container (or Azurite), under a name prefix: Zarr chunks, Parquet header parts
 * and metadata are block blobs. Ranged reads are single ranged downloads, writes single `Put Blob`s (atomic for
 * readers), large files staged blocks committed at once, conditional writes `If-None-Match: *` and `If-Match`.
 * Credentials come from the environment ({@link createAzureConnection}).
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { ContainerClient } from "@azure/storage-blob";
import { ValidationError } from "../errors";
import { classifyAzureError, MissingAzureCredentials } from "./azure-failure";
import { AZURE_CREDENTIAL_SOURCES, createAzureConnection, type AzureConnectionOptions } from "./azure-client";
import type { Failure, FailureAdvice } from "./failure";
import { mapConcurrent } from "../util/limiter";
import { ObjectStore, type ListedObject, type ObjectStat, type ObjectStoreOptions, type RequestRunner, type WriteCondition } from "./object-store";

/** Options of an {@link AzureBlobStore}. */
export interface AzureBlobStoreOptions extends ObjectStoreOptions, AzureConnectionOptions {
  /** The container. */
  container: string;
  /** Name prefix of the store inside the container (default `""`, the whole container). */
  prefix?: string;
  /** A container client to use instead of one made from the connection options and the environment. */
  containerClient?: ContainerClient;
}

/**
 * A {@link MutableStore} and {@link ConditionalStore} over `az://container/prefix`. A missing container is an error
 * that says so; missing, wrong or insufficient credentials are a {@link CredentialsError} naming the location.
 *
 * @example
 * ```ts
 * const store = new AzureBlobStore({ container: "surveys", prefix: "north.seis" }); // AZURE_STORAGE_CONNECTION_STRING
 * await importSegy("north.sgy", store);
 * const data = await LazySeismicData.open(store, store.url);
 * ```
 */
export class AzureBlobStore extends ObjectStore {
  /** The container. */
  readonly container: string;
  protected readonly advice: FailureAdvice;
  private readonly client: ContainerClient | undefined;
  private readonly problem: string | undefined;

  constructor(options: AzureBlobStoreOptions) {
    const prefix = (options.prefix ?? "").replace(/^\/+|\/+$/g, "");
    if (typeof options.container !== "string" || options.container === "") throw new ValidationError("container", "is required; name the Azure container");
    super(`az://${options.container}${prefix === "" ? "" : `/${prefix}`}`, prefix, options);
    this.container = options.container;
    if (options.containerClient !== undefined) {
      this.client = options.containerClient;
      this.advice = { credentials: AZURE_CREDENTIAL_SOURCES, container: `container "${options.container}"`, endpoint: "the Azure endpoint" };
    } else {
      const connection = createAzureConnection(options);
      this.client = connection.client?.getContainerClient(options.container);
      this.problem = connection.problem;
      this.advice = { credentials: AZURE_CREDENTIAL_SOURCES, container: `container "${options.container}"`, endpoint: connection.endpoint };
    }
  }

  /** The container client; throws {@link MissingAzureCredentials} (classified as missing credentials) when there is none. */
  private get containerClient(): ContainerClient {
    if (this.client === undefined) throw new MissingAzureCredentials(this.problem ?? "no Azure credentials");
    return this.client;
  }

  protected async fetchObject(name: string, range: { start: number; end: number } | undefined, signal: AbortSignal | undefined): Promise<{ bytes: Uint8Array; etag: string }> {
    const blob = this.containerClient.getBlobClient(name);
    const response = range === undefined ? await blob.download(0, undefined, { abortSignal: signal }) : await blob.download(range.start, range.end - range.start, { abortSignal: signal });
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of response.readableStreamBody ?? []) {
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      length += buffer.length;
    }
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return { bytes, etag: response.etag ?? "" };
  }

  protected async headObject(name: string, signal: AbortSignal | undefined): Promise<ObjectStat> {
    const properties = await this.containerClient.getBlobClient(name).getProperties({ abortSignal: signal });
    return { size: properties.contentLength ?? 0, etag: properties.etag ?? "", lastModified: properties.lastModified };
  }

  protected async putObject(name: string, bytes: Uint8Array, condition: WriteCondition): Promise<string> {
    const response = await this.containerClient.getBlockBlobClient(name).upload(bytes, bytes.length, {
      conditions: { ifNoneMatch: condition.ifNoneMatch === true ? "*" : undefined, ifMatch: condition.ifMatch },
    });
    return response.etag ?? "";
  }

  protected async deleteObject(name: string, ifMatch: string | undefined): Promise<void> {
    await this.containerClient.getBlobClient(name).delete({ deleteSnapshots: "include", conditions: ifMatch === undefined ? undefined : { ifMatch } });
  }

  protected async listObjects(prefix: string, signal: AbortSignal | undefined): Promise<ListedObject[]> {
    const names: ListedObject[] = [];
    for await (const page of this.containerClient.listBlobsFlat({ prefix, abortSignal: signal }).byPage({ maxPageSize: 5000 })) {
      for (const item of page.segment.blobItems) names.push({ name: item.name, size: item.properties.contentLength ?? 0 });
    }
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
    if (partCount > 50_000) throw new ValidationError("partBytes", `a block blob takes at most 50,000 blocks and this file needs ${partCount}; use a larger part size`);
    const blob = this.containerClient.getBlockBlobClient(name);
    // Block ids must all have the same length; staged blocks stay invisible until the list is committed. A fresh
    // upload id keeps two uploads of the same blob from committing each other's blocks.
    const upload = randomUUID();
    const ids = Array.from({ length: partCount }, (_, i) => Buffer.from(`${upload}-${String(i).padStart(6, "0")}`).toString("base64"));
    await mapConcurrent(ids, concurrency, async (id, index) => {
      const body = await readPart(index);
      await run(() => blob.stageBlock(id, body, body.length));
      partDone(body.length);
    });
    await run(() => blob.commitBlockList(ids));
  }

  protected classify(error: unknown): Failure {
    return classifyAzureError(error);
  }
}
