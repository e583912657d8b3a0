/**
 * An S3 client configured from the standard places, the way the AWS command line does it: the endpoint from
 * `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL` (unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`), the region from
 * `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile (else `us-east-1`), and credentials from the SDK's default
 * chain (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, `AWS_PROFILE` with `~/.aws/credentials`
 * and `~/.aws/config`, SSO, web identity, container and instance roles). The SDK's own retries are off: the
 * stores retry with {@link withRetry} so that every backend backs off the same way.
 *
 * @module
 */
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { ValidationError } from "../errors";
import { s3Sdk } from "./sdk";

/** How to reach S3; every field defaults to the environment. */
export interface S3ConnectionOptions {
  /** Endpoint URL of an S3-compatible server (default: `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, else AWS). */
  endpoint?: string;
  /** Region (default: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's, else `us-east-1`). */
  region?: string;
  /** Path-style URLs (`endpoint/bucket/key`); default true when an endpoint is set, as most S3-compatible servers need. */
  forcePathStyle?: boolean;
  /** Credentials or a provider of them (default: the SDK's default chain). Never written anywhere. */
  credentials?: S3ClientConfig["credentials"];
  /** Sockets kept open to the server (default 64). */
  maxSockets?: number;
  /** Longest time for one request, response included, in ms (default 120 000). */
  requestTimeoutMs?: number;
}

/** A configured client and what to say about it in messages. */
export interface S3Connection {
  client: S3Client;
  /** The endpoint for messages: the URL without user info or query, or "AWS S3". */
  endpoint: string;
}

/** Where S3 credentials are looked for, for error messages. */
export const S3_CREDENTIAL_SOURCES =
  "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), or AWS_PROFILE with a profile in ~/.aws/credentials, or run where an IAM role is available";

/**
 * The endpoint configured in the environment for S3, or undefined for AWS itself.
 *
 * @example
 * ```ts
 * process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:4568";
 * s3EndpointFromEnvironment(); // "http://127.0.0.1:4568"
 * ```
 */
export function s3EndpointFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true") return undefined;
  const value = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/**
 * An endpoint URL fit for messages: no user info, no query string.
 *
 * @example
 * ```ts
 * describeEndpoint("http://user:secret@host:9000/?x=1"); // "http://host:9000/"
 * ```
 */
export function describeEndpoint(endpoint: string | undefined, fallback = "AWS S3"): string {
  if (endpoint === undefined) return fallback;
  try {
    const url = new URL(endpoint);
    url.username = "";
    url.password = "";
    url.search = "";
    return url.toString();
  } catch {
    return "the configured endpoint (not a valid URL)";
  }
}

/**
 * Makes an S3 client from `options` and the environment, with the SDK's retries off, checksums only where S3
 * requires them (S3-compatible servers such as s3rver store streamed checksummed uploads with their chunk
 * framing), request timeouts that throw, and the SDK's Node-version warning silenced (the library never prints).
 *
 * @example
 * ```ts
 * const { client, endpoint } = createS3Connection({ region: "eu-west-1" });
 * ```
 */
export function createS3Connection(options: S3ConnectionOptions = {}): S3Connection {
  // The SDK announces its future Node requirement on stderr; a library must not print.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const endpoint = options.endpoint ?? s3EndpointFromEnvironment();
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(endpoint)) {
    const from = options.endpoint !== undefined ? "the endpoint option" : process.env.AWS_ENDPOINT_URL_S3 !== undefined ? "AWS_ENDPOINT_URL_S3" : "AWS_ENDPOINT_URL";
    throw new ValidationError(from, "is not an http:// or https:// URL; write it like http://127.0.0.1:9000 or https://s3.example.com");
  }
  const region = options.region ?? nonEmpty(process.env.AWS_REGION) ?? nonEmpty(process.env.AWS_DEFAULT_REGION);
  const maxSockets = options.maxSockets ?? 64;
  const config: S3ClientConfig = {
    region: region ?? profileRegionOrDefault,
    endpoint,
    forcePathStyle: options.forcePathStyle ?? endpoint !== undefined,
    credentials: options.credentials,
    maxAttempts: 1,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: {
      connectionTimeout: 10_000,
      requestTimeout: options.requestTimeoutMs ?? 120_000,
      throwOnRequestTimeout: true,
      httpAgent: { keepAlive: true, maxSockets },
      httpsAgent: { keepAlive: true, maxSockets },
    },
  };
  return { client: new (s3Sdk().S3Client)(config), endpoint: describeEndpoint(endpoint) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** The region of the active profile (`~/.aws/config`), through the SDK's own resolution; else `us-east-1`. */
async function profileRegionOrDefault(): Promise<string> {
  const probe: S3Client = new (s3Sdk().S3Client)({});
  try {
    return await probe.config.region();
  } catch {
    return "us-east-1";
  } finally {
    probe.destroy();
  }
}
