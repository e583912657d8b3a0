/**
 * Store and file locations as strings: a plain path, or a URL naming where the bytes live (`file://`,
 * `s3://bucket/prefix`, `az://container/prefix`, `memory://name`). Locations never hold credentials: endpoints
 * and keys come from the environment (see {@link S3Store} and {@link AzureBlobStore}), so a location can be
 * written into metadata, projects and logs as it is.
 *
 * @module
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { ValidationError } from "../errors";

/** Where a store or a file lives, parsed. */
export type ParsedLocation =
  | { kind: "file"; path: string }
  | { kind: "s3"; bucket: string; prefix: string }
  | { kind: "azure"; container: string; prefix: string }
  | { kind: "memory"; name: string };

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;

/**
 * True when `location` is a URL (`scheme://...`) rather than a plain path. Windows drive paths (`C:\data`) are
 * paths.
 *
 * @example
 * ```ts
 * isUrlLocation("s3://bucket/line.seis"); // true
 * isUrlLocation("/data/line.seis"); // false
 * ```
 */
export function isUrlLocation(location: string): boolean {
  return SCHEME.test(location);
}

/**
 * True when `location` is on object storage or in memory, that is anything but a local path or `file://` URL.
 *
 * @example
 * ```ts
 * isRemoteLocation("az://surveys/north"); // true
 * isRemoteLocation("file:///data/north.seis"); // false
 * ```
 */
export function isRemoteLocation(location: string): boolean {
  return isUrlLocation(location) && parseLocation(location).kind !== "file";
}

/**
 * Parses a location. `s3://` and `az://` URLs are taken literally (no percent-decoding, as the AWS and Azure
 * command lines do); a `file://` URL becomes its path. A trailing `/` is dropped from prefixes. Throws a
 * ValidationError naming the location for unknown schemes, bad bucket or container names and empty segments.
 *
 * @example
 * ```ts
 * parseLocation("s3://surveys/2024/north.seis"); // { kind: "s3", bucket: "surveys", prefix: "2024/north.seis" }
 * parseLocation("line.seis"); // { kind: "file", path: "line.seis" }
 * ```
 */
export function parseLocation(location: string): ParsedLocation {
  if (typeof location !== "string" || location === "") throw new ValidationError("location", "is empty; give a path or a URL such as s3://bucket/prefix");
  const scheme = SCHEME.exec(location)?.[1].toLowerCase();
  if (scheme === undefined) return { kind: "file", path: location };
  const rest = location.slice(scheme.length + 3);
  switch (scheme) {
    case "file":
      try {
        return { kind: "file", path: fileURLToPath(location) };
      } catch (error) {
        throw new ValidationError(location, "is not a valid file:// URL; write file:///absolute/path or give a plain path", { cause: error });
      }
    case "s3": {
      const { head, prefix } = splitHead(location, rest, "bucket");
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(head) || head.includes("..")) {
        throw new ValidationError(location, `"${head}" is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)`);
      }
      return { kind: "s3", bucket: head, prefix };
    }
    case "az":
    case "azure": {
      const { head, prefix } = splitHead(location, rest, "container");
      if (!/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(head) && head !== "$root") {
        throw new ValidationError(location, `"${head}" is not an Azure container name (3 to 63 lowercase letters, digits and single hyphens)`);
      }
      return { kind: "azure", container: head, prefix };
    }
    case "memory":
      return { kind: "memory", name: rest.replace(/\/+$/, "") };
    default:
      throw new ValidationError(location, `unknown scheme "${scheme}://"; use a path, file://, s3://bucket/prefix, az://container/prefix or memory://name`);
  }
}

/** Splits `head/prefix`, checking that the prefix has no empty, `.` or `..` segments. */
function splitHead(location: string, rest: string, what: string): { head: string; prefix: string } {
  const slash = rest.indexOf("/");
  const head = slash === -1 ? rest : rest.slice(0, slash);
  const prefix = slash === -1 ? "" : rest.slice(slash + 1).replace(/\/+$/, "");
  if (head === "") throw new ValidationError(location, `names no ${what}; write ${location.slice(0, location.indexOf("://") + 3)}${what}/prefix`);
  if (prefix !== "" && prefix.split("/").some((s) => s === "" || s === "." || s === "..")) {
    throw new ValidationError(location, 'has an empty, "." or ".." segment in its prefix; object keys must be plain names separated by single "/"');
  }
  if (/[\0\\]/.test(prefix)) throw new ValidationError(location, "holds a backslash or a NUL character; separate parts with /");
  return { head, prefix };
}

/**
 * The location of `name` inside the store or folder at `location`: a path joined with `path.join`, or a URL with
 * `/` added.
 *
 * @example
 * ```ts
 * childLocation("s3://surveys/2024", "north.sgy"); // "s3://surveys/2024/north.sgy"
 * childLocation("/data", "north.sgy"); // "/data/north.sgy"
 * ```
 */
export function childLocation(location: string, name: string): string {
  if (!isUrlLocation(location)) return path.join(location, name);
  return `${location.replace(/\/+$/, "")}/${name}`;
}

/**
 * A location with `file://` URLs turned into plain paths; paths and other URLs are returned as they are. Code that
 * handles local paths itself (moving a directory aside, `fs.stat`) can then test {@link isUrlLocation} alone.
 *
 * @example
 * ```ts
 * normalizeLocation("file:///data/line.seis"); // "/data/line.seis"
 * normalizeLocation("s3://surveys/line.seis"); // unchanged
 * ```
 */
export function normalizeLocation(location: string): string {
  const parsed = parseLocation(location);
  return parsed.kind === "file" ? parsed.path : location;
}
