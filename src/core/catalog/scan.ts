/**
 * Migration of existing JSON metadata into the catalog: walks directories for trace stores (directories with a
 * `seisproc/metadata.json`) and project files (`project.seisproc.json`), indexes the stores first and then the
 * projects (with their dataset references and processing histories, and any store a project names outside the
 * scanned directories). A rescan skips stores whose metadata has not changed, and can prune what has gone.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parseProjectJson } from "../project/project-json";
import { PROJECT_FILE_NAME, type Project } from "../project/project-types";
import { STORE_KEYS } from "../store/layout";
import type { Logger } from "../util/logger";
import type { Catalog } from "./catalog";
import type { CatalogProcessingStep } from "./records";
import { summarizeStore } from "./store-summary";

/** Options of {@link scanIntoCatalog}. */
export interface ScanOptions {
  /** How deep to look below each root (default 8). */
  maxDepth?: number;
  /** Re-index stores even when their metadata is unchanged. */
  force?: boolean;
  /** Remove catalogued datasets and projects under the roots that were not found. */
  prune?: boolean;
  /** Called as each store or project is done. */
  onProgress?: (event: { kind: "store" | "project"; location: string; outcome: "added" | "updated" | "unchanged" | "skipped" }) => void;
  /** Where to log what the scan does. */
  logger?: Logger;
  signal?: AbortSignal;
}

/** What a scan did. */
export interface ScanReport {
  /** Stores added to the catalog. */
  added: string[];
  /** Stores re-indexed because they changed. */
  updated: string[];
  /** Stores whose metadata had not changed. */
  unchanged: string[];
  /** Projects indexed. */
  projects: string[];
  /** What could not be indexed, and why. */
  skipped: Array<{ location: string; reason: string }>;
  /** Datasets and projects removed by `prune`. */
  removed: string[];
}

const STORE_METADATA = STORE_KEYS.metadata.slice(1);
const STORE_COMPLETE = STORE_KEYS.complete.slice(1);

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** Finds store directories and project files under `root`. */
async function walk(root: string, maxDepth: number, stores: Set<string>, projects: Set<string>, signal?: AbortSignal): Promise<void> {
  const visit = async (dir: string, depth: number): Promise<void> => {
    signal?.throwIfAborted();
    if (await exists(path.join(dir, STORE_METADATA)).then(async (m) => m || exists(path.join(dir, STORE_KEYS.progress.slice(1))))) {
      stores.add(dir); // a store's own directories hold chunks, not more stores
      return;
    }
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    if (entries.some((e) => e.isFile() && e.name === PROJECT_FILE_NAME)) projects.add(path.join(dir, PROJECT_FILE_NAME));
    if (depth >= maxDepth) return;
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules") await visit(path.join(dir, entry.name), depth + 1);
    }
  };
  const stat = await fs.stat(root).catch(() => undefined);
  if (stat?.isFile() === true && path.basename(root) === PROJECT_FILE_NAME) projects.add(root);
  else if (stat?.isDirectory() === true) await visit(root, 0);
}

function projectSteps(project: Project): CatalogProcessingStep[] {
  return project.processingHistory.map((step, position) => ({
    id: step.id,
    datasetId: step.outputDatasetId ?? step.inputDatasetId,
    inputDatasetId: step.inputDatasetId,
    projectId: project.id,
    position,
    processor: step.processorName,
    processorVersion: step.processorVersion,
    parameters: step.parameters as Record<string, unknown>,
    appliedAt: step.timestamp,
  }));
}

/** True when `location` is `root` or inside it. */
function isUnder(location: string, root: string): boolean {
  const relative = path.relative(root, location);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/**
 * Scans `roots` (directories, or project files) and brings the catalog up to date with the stores and projects
 * found: stores first, then projects. Problems with one store or project are reported in `skipped`, not thrown.
 *
 * @example
 * ```ts
 * const report = await scanIntoCatalog(catalog, ["/data/surveys"], { prune: true });
 * const summary = `${report.added.length} new datasets, ${report.skipped.length} skipped`;
 * ```
 */
export async function scanIntoCatalog(catalog: Catalog, roots: string | readonly string[], options: ScanOptions = {}): Promise<ScanReport> {
  const absoluteRoots = (typeof roots === "string" ? [roots] : roots).map((r) => path.resolve(r));
  const stores = new Set<string>();
  const projectFiles = new Set<string>();
  for (const root of absoluteRoots) await walk(root, options.maxDepth ?? 8, stores, projectFiles, options.signal);
  const report: ScanReport = { added: [], updated: [], unchanged: [], projects: [], skipped: [], removed: [] };
  const done = new Set<string>();
  const skip = (kind: "store" | "project", location: string, reason: string): void => {
    report.skipped.push({ location, reason });
    options.logger?.log("warn", `catalog scan skipped a ${kind}`, { location, reason });
    options.onProgress?.({ kind, location, outcome: "skipped" });
  };

  const indexStore = async (dir: string): Promise<void> => {
    if (done.has(dir)) return;
    done.add(dir);
    options.signal?.throwIfAborted();
    if (!(await exists(path.join(dir, STORE_COMPLETE)))) return skip("store", dir, "the store is not complete (an unfinished import?); finish or repair it, then scan again");
    try {
      const bytes = await fs.readFile(path.join(dir, STORE_METADATA));
      const sha = createHash("sha256").update(bytes).digest("hex");
      const known = catalog.datasetAt(dir);
      if (known !== undefined && known.metadataSha256 === sha && options.force !== true) {
        report.unchanged.push(dir);
        options.onProgress?.({ kind: "store", location: dir, outcome: "unchanged" });
        return;
      }
      catalog.upsertDataset(await summarizeStore(dir, { logger: options.logger }));
      (known === undefined ? report.added : report.updated).push(dir);
      options.onProgress?.({ kind: "store", location: dir, outcome: known === undefined ? "added" : "updated" });
    } catch (error) {
      skip("store", dir, error instanceof Error ? error.message : String(error));
    }
  };

  for (const dir of [...stores].sort()) await indexStore(dir);
  const projectIds = new Set<string>();
  for (const file of [...projectFiles].sort()) {
    options.signal?.throwIfAborted();
    let project: Project;
    try {
      project = parseProjectJson(await fs.readFile(file, "utf8"), file).project;
    } catch (error) {
      skip("project", file, error instanceof Error ? error.message : String(error));
      continue;
    }
    const directory = path.dirname(file);
    // Stores a project names that the walk did not reach (outside the roots) are indexed too.
    for (const reference of project.datasets) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference.storagePath) || reference.storagePath === "") continue;
      const dir = path.resolve(directory, reference.storagePath);
      if (!done.has(dir) && (await exists(path.join(dir, STORE_METADATA)))) await indexStore(dir);
    }
    catalog.upsertProject({
      id: project.id,
      name: project.name,
      location: directory,
      notes: project.notes,
      createdAt: project.createdAt,
      modifiedAt: project.modifiedAt,
      datasets: project.datasets.map((d) => ({ datasetId: d.datasetId, name: d.name, storagePath: d.storagePath })),
      processing: projectSteps(project),
    });
    projectIds.add(project.id);
    report.projects.push(file);
    options.onProgress?.({ kind: "project", location: file, outcome: "added" });
  }

  if (options.prune === true) {
    for (const dataset of catalog.datasets({ limit: Number.MAX_SAFE_INTEGER })) {
      if (!done.has(dataset.location) && absoluteRoots.some((r) => isUnder(dataset.location, r)) && !stores.has(dataset.location)) {
        catalog.removeDataset(dataset.id);
        report.removed.push(dataset.location);
      }
    }
    for (const project of catalog.projects()) {
      if (!projectIds.has(project.id) && absoluteRoots.some((r) => isUnder(project.location, r))) {
        catalog.removeProject(project.id);
        report.removed.push(project.location);
      }
    }
  }
  return report;
}
