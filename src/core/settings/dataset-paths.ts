/**
 * Checks, on restore, that each remembered dataset is still there and readable. Missing or unreadable ones are
 * listed with the reason and skipped, never fatal. Locations with a URL scheme (`s3://…`, `az://…`) cannot be
 * checked without their credentials and are passed on as they are.
 *
 * @module
 */
import { constants, promises as fs } from "node:fs";
import type { LoadedDataset } from "./schema";

/** A remembered dataset that cannot be restored, and why. */
export interface MissingDatasetPath {
  dataset: LoadedDataset;
  /** For a person: "no such file or directory", "permission denied", ... */
  reason: string;
}

/** True for locations such as `s3://bucket/line.seis` (but not `file://` URLs nor Windows drive letters). */
function isUrlLocation(location: string): boolean {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(location) && !location.toLowerCase().startsWith("file://");
}

/**
 * Splits datasets into those whose path exists and is readable (directories must also be searchable) and
 * those that are missing, with the reason.
 *
 * @example
 * ```ts
 * const { available, missing } = await checkDatasetPaths(settings.get("loadedDatasets"));
 * const lines = missing.map((m) => `${m.dataset.name}: ${m.reason}`);
 * ```
 */
export async function checkDatasetPaths(datasets: readonly LoadedDataset[]): Promise<{ available: LoadedDataset[]; missing: MissingDatasetPath[] }> {
  const available: LoadedDataset[] = [];
  const missing: MissingDatasetPath[] = [];
  await Promise.all(
    datasets.map(async (dataset) => {
      const reason = await problemWith(dataset.path);
      if (reason === undefined) available.push(dataset);
      else missing.push({ dataset, reason });
    }),
  );
  const order = new Map(datasets.map((d, i) => [d, i]));
  const byOrder = (a: LoadedDataset, b: LoadedDataset): number => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  available.sort(byOrder);
  missing.sort((a, b) => byOrder(a.dataset, b.dataset));
  return { available, missing };
}

async function problemWith(location: string): Promise<string | undefined> {
  if (isUrlLocation(location)) return undefined;
  const local = location.toLowerCase().startsWith("file://") ? new URL(location).pathname : location;
  try {
    const stat = await fs.stat(local);
    await fs.access(local, stat.isDirectory() ? constants.R_OK | constants.X_OK : constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return "no such file or directory (deleted, moved, or on a drive that is not mounted)";
    if (code === "EACCES" || code === "EPERM") return "permission denied; check its permissions";
    return `cannot be read (${code ?? String(error)})`;
  }
}
