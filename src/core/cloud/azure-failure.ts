/**
 * What an error of the Azure Storage SDK means for a store ({@link Failure}): a missing blob, a failed condition
 * (`ConditionNotMet`, or `BlobAlreadyExists` for `If-None-Match: *`), throttling (`ServerBusy`, 503, 429) and blips
 * worth retrying, credentials, a missing container.
 *
 * @module
 */
import { networkFailure, type Failure } from "./failure";

const TRANSIENT_CODES = new Set(["ServerBusy", "InternalError", "OperationTimedOut", "TooManyRequests"]);
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const REJECTED_CODES = new Set(["AuthenticationFailed", "AuthorizationFailure", "InvalidAuthenticationInfo", "NoAuthenticationInformation"]);

/**
 * Thrown (by the store) when no credentials were found, before any request is made; classified as missing
 * credentials, so callers see a {@link CredentialsError}.
 *
 * @example
 * ```ts
 * classifyAzureError(new MissingAzureCredentials("none of the Azure variables is set")).kind; // "credentials"
 * ```
 */
export class MissingAzureCredentials extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "MissingAzureCredentials";
  }
}

/**
 * Classifies an error thrown by the Azure Storage Blob SDK.
 *
 * @example
 * ```ts
 * try { await blob.download(); }
 * catch (e) { if (classifyAzureError(e).kind === "missing") return undefined; throw e; }
 * ```
 */
export function classifyAzureError(error: unknown): Failure {
  if (error instanceof MissingAzureCredentials) return { kind: "credentials", problem: "missing", code: "no credentials", detail: error.message };
  const e = error as { name?: unknown; code?: unknown; statusCode?: unknown; response?: { headers?: { get?(name: string): string | undefined } } } | null | undefined;
  if (e?.name === "AbortError") return { kind: "aborted", code: "AbortError" };
  const status = typeof e?.statusCode === "number" ? e.statusCode : undefined;
  const header = typeof e?.response?.headers?.get === "function" ? e.response.headers.get("x-ms-error-code") : undefined;
  const name = typeof e?.code === "string" && e.code !== "REQUEST_SEND_ERROR" ? e.code : header ?? "";
  if (status === undefined) return networkFailure(error) ?? (e?.code === "REQUEST_SEND_ERROR" ? { kind: "transient", code: "REQUEST_SEND_ERROR" } : { kind: "other", code: name });
  const code = name === "" ? `HTTP ${status}` : name;
  if (name === "ContainerNotFound") return { kind: "container-missing", code };
  if (status === 404) return { kind: "missing", code };
  if (status === 412 || name === "ConditionNotMet" || name === "BlobAlreadyExists") return { kind: "precondition", code };
  if (status === 416 || name === "InvalidRange") return { kind: "range", code };
  if (REJECTED_CODES.has(name) || (status === 403 && name === "")) return { kind: "credentials", problem: "rejected", code };
  if (status === 403) return { kind: "credentials", problem: "denied", code };
  if (TRANSIENT_CODES.has(name) || TRANSIENT_STATUS.has(status)) return { kind: "transient", code };
  return networkFailure(error) ?? { kind: "other", code };
}
