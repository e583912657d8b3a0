/**
 * What an error of the AWS SDK's S3 client means for a store ({@link Failure}): a missing key, a failed
 * condition, throttling (`SlowDown`, 503, 429) and server or network blips worth retrying, credentials, a missing
 * bucket.
 *
 * @module
 */
import { networkFailure, type Failure } from "./failure";

const TRANSIENT_CODES = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "TooManyRequests",
  "RequestLimitExceeded",
  "RequestThrottled",
  "ServiceUnavailable",
  "InternalError",
  "RequestTimeout",
  "RequestTimeoutException",
  "ConditionalRequestConflict", // a concurrent conditional write is in flight: retry, then the condition decides
  "OperationAborted",
]);
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const REJECTED_CODES = new Set(["InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "InvalidClientTokenId", "AuthorizationHeaderMalformed"]);

/**
 * Classifies an error thrown by `S3Client.send`.
 *
 * @example
 * ```ts
 * try { await client.send(new GetObjectCommand(input)); }
 * catch (e) { if (classifyS3Error(e).kind === "missing") return undefined; throw e; }
 * ```
 */
export function classifyS3Error(error: unknown): Failure {
  const e = error as { name?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: number }; message?: unknown } | null | undefined;
  const name = typeof e?.Code === "string" ? e.Code : typeof e?.name === "string" ? e.name : "";
  const status = e?.$metadata?.httpStatusCode;
  if (name === "CredentialsProviderError" || (typeof e?.message === "string" && /Could not load credentials/i.test(e.message))) {
    return { kind: "credentials", problem: "missing", code: "no credentials" };
  }
  if (status === undefined) return networkFailure(error) ?? { kind: "other", code: name };
  const code = name === "" || name === "Error" || name === "Unknown" || name === "UnknownError" ? `HTTP ${status}` : name;
  if (name === "NoSuchBucket") return { kind: "container-missing", code };
  if (name === "NoSuchKey" || (status === 404 && name !== "NoSuchUpload")) return { kind: "missing", code };
  if (name === "PreconditionFailed" || status === 412) return { kind: "precondition", code };
  if (name === "InvalidRange" || status === 416) return { kind: "range", code };
  if (REJECTED_CODES.has(name)) return { kind: "credentials", problem: "rejected", code };
  if (name === "AccessDenied" || name === "AllAccessDisabled") return { kind: "credentials", problem: "denied", code };
  // A HEAD has no body, so no code: a wrong key and a missing permission look alike.
  if (status === 403) return { kind: "credentials", problem: "rejected", code };
  if (TRANSIENT_CODES.has(name) || TRANSIENT_STATUS.has(status)) return { kind: "transient", code };
  return networkFailure(error) ?? { kind: "other", code };
}
