/**
 * What a failed object-storage request means, whatever the SDK: a missing key (not an error for a store), a
 * failed condition, throttling or a blip worth retrying, credentials, a missing bucket or container, or something
 * else. Each backend classifies its SDK's errors into a {@link Failure}; this module turns the rest into typed
 * errors with advice, and strips request details (signed URLs, headers) from the causes it keeps.
 *
 * @module
 */
import { StorageError, type StorageOperation } from "../errors";
import { CredentialsError, type CredentialsProblem } from "./errors";

/** A failed request, classified. */
export type Failure =
  | { kind: "missing"; code: string }
  | { kind: "precondition"; code: string }
  | { kind: "range"; code: string }
  | { kind: "container-missing"; code: string }
  | { kind: "credentials"; problem: CredentialsProblem; code: string; detail?: string }
  | { kind: "transient"; code: string }
  | { kind: "unreachable"; code: string }
  | { kind: "aborted"; code: string }
  | { kind: "other"; code: string };

/** Socket-level error codes that mean "try again": the connection dropped or timed out. */
const TRANSIENT_NETWORK = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE", "ECONNABORTED", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);
/** Socket-level error codes that mean "nothing answers there": wrong endpoint or server down. */
const UNREACHABLE_NETWORK = new Set(["ECONNREFUSED", "ENOTFOUND"]);

/**
 * Classifies an error below HTTP (sockets, DNS, timeouts, aborts), or returns undefined when it is not one.
 *
 * @example
 * ```ts
 * networkFailure(Object.assign(new Error("reset"), { code: "ECONNRESET" })); // { kind: "transient", code: "ECONNRESET" }
 * ```
 */
export function networkFailure(error: unknown): Failure | undefined {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (name === "AbortError") return { kind: "aborted", code: "AbortError" };
    if (typeof code === "string" && TRANSIENT_NETWORK.has(code)) return { kind: "transient", code };
    if (typeof code === "string" && UNREACHABLE_NETWORK.has(code)) return { kind: "unreachable", code };
    if (name === "TimeoutError" || name === "RequestTimeout") return { kind: "transient", code: String(name) };
    if (typeof message === "string") {
      const m = /\b(ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT|EPIPE|socket hang up)\b/.exec(message);
      if (m !== null) return UNREACHABLE_NETWORK.has(m[1]) ? { kind: "unreachable", code: m[1] } : { kind: "transient", code: m[1] };
    }
  }
  return undefined;
}

/** What a backend says in its errors: where it looked for credentials, and how to name its container. */
export interface FailureAdvice {
  /** Where credentials come from, for "missing" and "rejected" messages. */
  credentials: string;
  /** "bucket" or "container". */
  container: string;
  /** The endpoint, for "unreachable" messages (no credentials in it). */
  endpoint: string;
}

/** Where a request failed. */
export interface FailureContext {
  /** The store's URL. */
  store: string;
  /** The store key (or list prefix). */
  key: string;
  operation: StorageOperation;
}

/**
 * The typed error for a classified failure: a {@link CredentialsError} for credentials, a {@link StorageError}
 * with advice otherwise (`transient` for throttling and blips that outlasted their retries). `attempts` is the
 * number of attempts made, for the message.
 *
 * @example
 * ```ts
 * throw failureError({ kind: "transient", code: "SlowDown" }, error, { store, key, operation: "get" }, advice, 6);
 * ```
 */
export function failureError(failure: Failure, error: unknown, context: FailureContext, advice: FailureAdvice, attempts: number): StorageError {
  const cause = redacted(error);
  const code = failure.code === "" ? "" : ` (${failure.code})`;
  switch (failure.kind) {
    case "credentials": {
      const what = {
        missing: `no credentials found${failure.detail === undefined ? "" : `: ${failure.detail}`}; ${advice.credentials}`,
        rejected: `the server rejected the credentials${code}: the key is wrong, expired, for another account or without permission here; ${advice.credentials}`,
        denied: `access denied${code}: the credentials are valid but may not ${context.operation} here; ask for the permission or use other credentials`,
      }[failure.problem];
      return new CredentialsError(failure.problem, what, context, { cause });
    }
    case "container-missing":
      return new StorageError(`the ${advice.container} does not exist${code}; create it first or check the location`, { ...context, transient: false }, { cause });
    case "transient":
      return new StorageError(`the server is busy or the connection failed${code}, still failing after ${attempts} attempts; retry later or lower the concurrency`, { ...context, transient: true }, { cause });
    case "unreachable":
      return new StorageError(`cannot reach ${advice.endpoint}${code}; check the endpoint (AWS_ENDPOINT_URL, the connection string) and that the server is running`, { ...context, transient: false }, { cause });
    default:
      return new StorageError(`unexpected error from the server${code}; see the cause`, { ...context, transient: false }, { cause });
  }
}

/**
 * A copy of an SDK error without what could hold secrets: the request (signed URL with a SAS token, headers with
 * signatures) and the raw response. Keeps name, message, code, status and the cause chain.
 *
 * @example
 * ```ts
 * throw new StorageError("failed", context, { cause: redacted(sdkError) });
 * ```
 */
export function redacted(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 5) return error;
  const copy = new Error(scrub(error.message), error.cause === undefined ? undefined : { cause: redacted(error.cause, depth + 1) });
  copy.name = error.name;
  const e = error as { code?: unknown; statusCode?: unknown; $metadata?: { httpStatusCode?: number } };
  Object.assign(copy, {
    ...(e.code === undefined ? {} : { code: e.code }),
    ...(e.statusCode === undefined ? {} : { statusCode: e.statusCode }),
    ...(e.$metadata?.httpStatusCode === undefined ? {} : { statusCode: e.$metadata.httpStatusCode }),
  });
  return copy;
}

/**
 * Removes query strings (SAS tokens, presigned signatures) and user info from URLs in a message.
 *
 * @example
 * ```ts
 * scrub("GET https://acct.blob.core.windows.net/c/b?sig=abc failed"); // "GET https://acct.blob.core.windows.net/c/b?<redacted> failed"
 * ```
 */
export function scrub(text: string): string {
  return text.replace(/(https?:\/\/)([^/\s@]*@)?([^\s?#]*)\?[^\s#]*/g, "$1$3?<redacted>").replace(/(https?:\/\/)[^/\s@]*@/g, "$1");
}
