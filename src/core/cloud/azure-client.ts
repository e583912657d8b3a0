/**
 * An Azure Blob service client configured from the standard places: `AZURE_STORAGE_CONNECTION_STRING` (account
 * key or SAS, any endpoint, Azurite included), or `AZURE_STORAGE_ACCOUNT` with `AZURE_STORAGE_KEY` or
 * `AZURE_STORAGE_SAS_TOKEN` (endpoint `https://<account>.blob.core.windows.net`). The SDK's own retries are off:
 * the stores retry with {@link withRetry}, like every backend.
 *
 * @module
 */
import type { BlobServiceClient, StoragePipelineOptions } from "@azure/storage-blob";
import { azureSdk } from "./sdk";
import { describeEndpoint } from "./s3-client";

/** How to reach Azure Blob Storage; defaults to the environment. */
export interface AzureConnectionOptions {
  /** A connection string (default `AZURE_STORAGE_CONNECTION_STRING`). Never written anywhere. */
  connectionString?: string;
  /** Account name (default `AZURE_STORAGE_ACCOUNT`), with `accountKey` or `sasToken`. */
  account?: string;
  /** Account key (default `AZURE_STORAGE_KEY`). Never written anywhere. */
  accountKey?: string;
  /** SAS token (default `AZURE_STORAGE_SAS_TOKEN`). Never written anywhere. */
  sasToken?: string;
  /** Longest time for one request, in ms (default 120 000). */
  requestTimeoutMs?: number;
}

/** A configured client (or why there is none) and what to say about it in messages. */
export interface AzureConnection {
  /** The client, or undefined when no credentials were found or they could not be parsed. */
  client: BlobServiceClient | undefined;
  /** Why there is no client, for the error raised on first use; never holds a secret. */
  problem: string | undefined;
  /** The endpoint for messages, without query or user info. */
  endpoint: string;
}

/** Where Azure credentials are looked for, for error messages. */
export const AZURE_CREDENTIAL_SOURCES =
  "set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN";

/**
 * Makes a Blob service client from `options` and the environment. Missing or unparsable credentials do not
 * throw here: the store raises a {@link CredentialsError} naming its location on first use.
 *
 * @example
 * ```ts
 * const { client } = createAzureConnection(); // from AZURE_STORAGE_CONNECTION_STRING, ...
 * ```
 */
export function createAzureConnection(options: AzureConnectionOptions = {}): AzureConnection {
  const { AnonymousCredential, BlobServiceClient, StorageSharedKeyCredential } = azureSdk();
  const env = process.env;
  const pipeline: StoragePipelineOptions = { retryOptions: { maxTries: 1, tryTimeoutInMs: options.requestTimeoutMs ?? 120_000 } };
  const connectionString = options.connectionString ?? nonEmpty(env.AZURE_STORAGE_CONNECTION_STRING);
  const account = options.account ?? nonEmpty(env.AZURE_STORAGE_ACCOUNT);
  const accountKey = options.accountKey ?? nonEmpty(env.AZURE_STORAGE_KEY);
  const sasToken = options.sasToken ?? nonEmpty(env.AZURE_STORAGE_SAS_TOKEN);
  if (connectionString !== undefined) {
    try {
      const client = BlobServiceClient.fromConnectionString(connectionString, pipeline);
      return { client, problem: undefined, endpoint: describeEndpoint(client.url, "Azure Blob Storage") };
    } catch {
      // The SDK's message may quote the string; say what is wrong without it.
      return { client: undefined, problem: "the connection string (AZURE_STORAGE_CONNECTION_STRING) cannot be parsed; copy it again from the portal or the Azurite docs", endpoint: "Azure Blob Storage" };
    }
  }
  if (account !== undefined && (accountKey !== undefined || sasToken !== undefined)) {
    const url = `https://${account}.blob.core.windows.net`;
    try {
      const client =
        accountKey !== undefined
          ? new BlobServiceClient(url, new StorageSharedKeyCredential(account, accountKey), pipeline)
          : new BlobServiceClient(`${url}?${sasToken?.replace(/^\?/, "")}`, new AnonymousCredential(), pipeline);
      return { client, problem: undefined, endpoint: url };
    } catch {
      return { client: undefined, problem: "the account key (AZURE_STORAGE_KEY) is not valid base64; copy it again", endpoint: url };
    }
  }
  const partial = account !== undefined ? "AZURE_STORAGE_ACCOUNT is set but neither AZURE_STORAGE_KEY nor AZURE_STORAGE_SAS_TOKEN" : "none of the Azure variables is set";
  return { client: undefined, problem: partial, endpoint: account === undefined ? "Azure Blob Storage" : `https://${account}.blob.core.windows.net` };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
