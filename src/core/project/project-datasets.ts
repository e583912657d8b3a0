/**
 * Dataset references and their stores: making a reference from an opened dataset, storing paths relative to the
 * project directory (so that a project can be moved as a whole), resolving them back, and finding the datasets
 * whose stores are missing.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { STORE_KEYS } from "../store/layout";
import type { LazySeismicData } from "../store/lazy-seismic-data";
import type { JsonValue } from "./json-value";
import type { DatasetReference } from "./project-types";

/** A dataset of a project whose store cannot be found. */
export interface MissingDataset {
  /** The project's reference to it. */
  dataset: DatasetReference;
  /** Where its store was looked for. */
  resolvedPath: string;
  /** Why it counts as missing, e.g. `"no such directory"`. */
  reason: string;
}

/**
 * Checks one dataset's store: resolves to `undefined` when it is there, or to the reason it is not. `resolvedPath`
 * is a local path or a URL.
 */
export type DatasetCheck = (resolvedPath: string, dataset: DatasetReference) => Promise<string | undefined>;

/** True for `s3://...`, `az://...`, `file://...` and other URLs (but not `C:\...`). */
function isUrl(p: string): boolean {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(p);
}

/**
 * Where a dataset's store is: URLs and absolute paths as they are, relative paths against the project directory.
 *
 * @example
 * ```ts
 * resolveStoragePath("/work/p", "data/line1.seis"); // "/work/p/data/line1.seis"
 * resolveStoragePath("s3://b/p", "data/line1.seis"); // "s3://b/p/data/line1.seis"
 * ```
 */
export function resolveStoragePath(projectDirectory: string, storagePath: string): string {
  if (isUrl(storagePath)) return storagePath.startsWith("file://") ? new URL(storagePath).pathname : storagePath;
  if (path.isAbsolute(storagePath)) return storagePath;
  if (isUrl(projectDirectory)) return `${projectDirectory.replace(/\/+$/, "")}/${storagePath}`;
  return path.resolve(projectDirectory, storagePath);
}

/**
 * The storage path to record for a store: relative (with `/`) when it lies inside a local project directory,
 * otherwise unchanged.
 *
 * @example
 * ```ts
 * portableStoragePath("/work/p", "/work/p/data/line1.seis"); // "data/line1.seis"
 * portableStoragePath("/work/p", "/elsewhere/line1.seis"); // "/elsewhere/line1.seis"
 * ```
 */
export function portableStoragePath(projectDirectory: string, storagePath: string): string {
  if (isUrl(storagePath) || isUrl(projectDirectory) || !path.isAbsolute(storagePath)) return storagePath;
  const relative = path.relative(projectDirectory, storagePath);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return storagePath;
  return relative.split(path.sep).join("/");
}

/**
 * The default {@link DatasetCheck}: a local store must be a directory holding a complete SeisProc trace store
 * (its `seisproc/COMPLETE` marker); URLs cannot be checked without credentials and count as present.
 *
 * @example
 * ```ts
 * await localDatasetCheck("/work/p/data/line1.seis", ref); // undefined, or "no such directory"
 * ```
 */
export const localDatasetCheck: DatasetCheck = async (resolvedPath) => {
  if (isUrl(resolvedPath)) return undefined;
  try {
    const stat = await fs.stat(resolvedPath);
    if (!stat.isDirectory()) return "not a directory (a trace store is a directory)";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? "no such directory" : `cannot be read (${code ?? String(error)})`;
  }
  try {
    await fs.stat(path.join(resolvedPath, ...STORE_KEYS.complete.slice(1).split("/")));
    return undefined;
  } catch {
    return "not a complete SeisProc trace store (no seisproc/COMPLETE marker); finish or repeat its import";
  }
};

/**
 * The datasets of a project whose stores `check` does not find, in project order.
 *
 * @example
 * ```ts
 * const missing = await findMissingDatasets(project.datasets, "/work/p");
 * const lines = missing.map((m) => `${m.dataset.name}: ${m.reason} (${m.resolvedPath})`);
 * ```
 */
export async function findMissingDatasets(datasets: readonly DatasetReference[], projectDirectory: string, check: DatasetCheck = localDatasetCheck): Promise<MissingDataset[]> {
  const results = await Promise.all(
    datasets.map(async (dataset) => {
      const resolvedPath = resolveStoragePath(projectDirectory, dataset.storagePath);
      const reason = await check(resolvedPath, dataset);
      return reason === undefined ? undefined : { dataset, resolvedPath, reason };
    }),
  );
  return results.filter((m): m is MissingDataset => m !== undefined);
}

/** What {@link datasetReferenceFrom} needs besides the dataset. */
export interface DatasetReferenceOptions {
  /** Where the dataset's store is (a path or URL). */
  storagePath: string;
  /** A name for people (default: the dataset's name). */
  name?: string;
  /** When it was added (default: now). */
  addedAt?: string;
}

/**
 * A reference to an opened dataset: its UUID, its source file, and a summary of its metadata (trace count, sample
 * count and interval, sample type, source size and checksum, CRS).
 *
 * @example
 * ```ts
 * const data = await LazySeismicData.open(new FileSystemStore("p/data/line1.seis"));
 * manager.addDataset(datasetReferenceFrom(data, { storagePath: "p/data/line1.seis" }));
 * ```
 */
export function datasetReferenceFrom(data: LazySeismicData, options: DatasetReferenceOptions): DatasetReference {
  const m = data.metadata;
  return {
    datasetId: data.id,
    sourcePath: m.source.path,
    storagePath: options.storagePath,
    name: options.name ?? data.name,
    addedAt: options.addedAt ?? new Date().toISOString(),
    metadata: {
      traceCount: m.traceCount,
      samplesPerTrace: m.samplesPerTrace,
      sampleIntervalUs: m.sampleIntervalUs,
      dtype: m.dtype,
      gatherKey: data.gatherIndex.key,
      gatherCount: data.gatherCount,
      sourceSize: m.source.size,
      sourceSha256: m.source.sha256,
      crs: JSON.parse(JSON.stringify(m.crs ?? null)) as JsonValue,
    },
  };
}
