/**
 * `DatasetNavigator`: the registry of open datasets, keyed by UUID, with an active dataset and typed events
 * (`dataset-added`, `dataset-removed`, `active-dataset-changed`). Switching the active dataset reloads nothing:
 * datasets stay open, each with its own {@link GatherNavigator}. Only the active dataset is fully cached; the
 * others keep their gather on screen (suspended navigator) and their metadata. At most `datasetCacheLimit`
 * datasets are held in memory at all; the least recently active beyond that are released to their metadata
 * and reopened (a few small JSON reads) when needed again.
 *
 * @module
 */
import { v5 as uuidv5 } from "uuid";
import * as path from "node:path";
import { ValidationError } from "../errors";
import { NavigationCancelledError } from "../navigation/errors";
import { GatherNavigator, type GatherNavigatorOptions } from "../navigation/gather-navigator";
import { TypedEmitter } from "../navigation/typed-emitter";
import { FileSystemStore } from "../storage/file-system-store";
import type { ReadableStore } from "../storage/types";
import { LazySeismicData } from "../store/lazy-seismic-data";
import { defaultLogger, type Logger } from "../util/logger";
import { compareDatasets, type CompareOptions, type DatasetComparison } from "./compare";
import { datasetInfo, type DatasetInfo } from "./dataset-info";
import { DatasetError } from "./errors";

/** Options of a {@link DatasetNavigator}. */
export interface DatasetNavigatorOptions {
  /** Datasets held in memory at once, at least 1 (default 3). */
  datasetCacheLimit?: number;
  /** Opens a location as a store (default: a directory, {@link FileSystemStore}). */
  openStore?: (location: string) => ReadableStore;
  /** Options of every dataset's gather navigator (cache budget, prefetch). */
  navigation?: GatherNavigatorOptions;
  /** Warm the cache up when a dataset becomes active for the first time (default true). */
  warmUp?: boolean;
  logger?: Logger;
}

/** Options of {@link DatasetNavigator.addDataset}. */
export interface AddDatasetOptions {
  /** Display name (default: the location's last part). */
  name?: string;
  /** Registry id to use (e.g. remembered in settings); default: the dataset's own UUID. */
  id?: string;
  /** Make it the active dataset (default: only when there is no active dataset yet). */
  activate?: boolean;
}

/** One row of {@link DatasetNavigator.listDatasets}. */
export interface DatasetListing extends DatasetInfo {
  active: boolean;
  /** True when the dataset is open in memory (false: released, metadata only). */
  inMemory: boolean;
}

/** The events of a {@link DatasetNavigator}. */
export interface DatasetNavigatorEvents {
  "dataset-added": { id: string; info: DatasetInfo };
  "dataset-removed": { id: string };
  /** `id` is null when no dataset is active any more. */
  "active-dataset-changed": { id: string | null; previousId: string | null };
  /** A dataset was released from memory (datasetCacheLimit); it keeps its metadata and reopens on demand. */
  "dataset-unloaded": { id: string };
  /** Something failed in the background (a warm-up), with the dataset's id. */
  "dataset-error": { id: string; error: unknown };
}

interface Entry {
  id: string;
  location: string;
  info: DatasetInfo;
  data: LazySeismicData | undefined;
  gathers: GatherNavigator | undefined;
  /** Tick of the last activation (or of the addition), for releasing the least recently active. */
  lastUsed: number;
  warmedUp: boolean;
  /** The background warm-up, settled (never rejects). */
  warming: Promise<void>;
}

/** Namespace of ids derived for copies of a store (same persistent UUID, another location). */
const COPY_NAMESPACE = "3d0b8f2e-6c1a-4f5e-9a7b-2c4d6e8f0a1b";

/**
 * The registry of open datasets and the active one.
 *
 * @example
 * ```ts
 * const datasets = new DatasetNavigator({ datasetCacheLimit: 3, navigation: { budget: 512e6 } });
 * let showing: string | undefined;
 * datasets.on("active-dataset-changed", (e) => (showing = e.id));
 * const raw = await datasets.addDataset("raw.seis");
 * const filtered = await datasets.addDataset("filtered.seis");
 * await datasets.setActiveDataset(filtered);
 * await datasets.gatherNavigator()?.next();
 * const diff = await datasets.compareDatasets(raw, filtered);
 * ```
 */
export class DatasetNavigator extends TypedEmitter<DatasetNavigatorEvents> {
  private readonly entries = new Map<string, Entry>();
  private readonly openStore: (location: string) => ReadableStore;
  private readonly navigation: GatherNavigatorOptions;
  private readonly warmUpOnActivate: boolean;
  private readonly logger: Logger;
  private limit: number;
  private active: string | null = null;
  private tick = 0;
  private switching: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(options: DatasetNavigatorOptions = {}) {
    super();
    this.limit = checkLimit(options.datasetCacheLimit ?? 3);
    this.openStore = options.openStore ?? ((location) => new FileSystemStore(location));
    this.navigation = options.navigation ?? {};
    this.warmUpOnActivate = options.warmUp ?? true;
    this.logger = options.logger ?? defaultLogger();
  }

  /** The active dataset's id, or null. */
  get activeDatasetId(): string | null {
    return this.active;
  }

  /** Datasets held in memory at once. */
  get datasetCacheLimit(): number {
    return this.limit;
  }

  /** Changes the number of datasets held in memory; datasets beyond it are released at once. */
  setDatasetCacheLimit(limit: number): void {
    this.limit = checkLimit(limit);
    this.enforceLimit();
  }

  /**
   * Adds the dataset at `location` (opened here unless `data` is given) and returns its id. Adding a location
   * already registered returns its id again. A copy of a store registered elsewhere (same persistent UUID) gets
   * an id derived from that UUID and its location, stable from one session to the next.
   */
  async addDataset(location: string, data?: LazySeismicData, options: AddDatasetOptions = {}): Promise<string> {
    this.assertOpen();
    const where = normalizeLocation(location);
    const known = [...this.entries.values()].find((e) => e.location === where);
    if (known !== undefined && (options.id === undefined || options.id === known.id)) return known.id;
    if (options.id !== undefined && this.entries.has(options.id)) {
      throw new DatasetError("duplicate-id", options.id, `another dataset (${this.entries.get(options.id)?.location}) already has this id; remove it first or add this one without an id`);
    }
    const opened = data ?? (await this.open(where));
    const id = options.id ?? (this.entries.has(opened.id) ? uuidv5(`${opened.id}\n${where}`, COPY_NAMESPACE) : opened.id);
    if (this.entries.has(id)) return id;
    const name = options.name ?? defaultName(where);
    const entry: Entry = { id, location: where, info: datasetInfo(opened, { id, location: where, name }), data: opened, gathers: undefined, lastUsed: ++this.tick, warmedUp: false, warming: Promise.resolve() };
    this.entries.set(id, entry);
    this.emit("dataset-added", { id, info: { ...entry.info } });
    if (options.activate === true || (options.activate === undefined && this.active === null)) await this.setActiveDataset(id);
    else this.enforceLimit();
    return id;
  }

  /** Removes a dataset (closing its navigator); if it was active, no dataset is active after. True when known. */
  removeDataset(id: string): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    entry.gathers?.dispose();
    this.entries.delete(id);
    this.emit("dataset-removed", { id });
    if (this.active === id) {
      this.active = null;
      this.emit("active-dataset-changed", { id: null, previousId: id });
    }
    return true;
  }

  /** The dataset, opened again if it had been released from memory; undefined for an unknown id. */
  async getDataset(id: string): Promise<LazySeismicData | undefined> {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    return this.ensureOpen(entry);
  }

  /** The active dataset, or undefined. */
  getActiveDataset(): LazySeismicData | undefined {
    return this.active === null ? undefined : this.entries.get(this.active)?.data;
  }

  /**
   * Makes `id` the active dataset; false for an unknown id. Nothing is reloaded: the previous dataset's
   * navigator is suspended (it keeps its gather on screen), this one's resumes, or is made and warmed up in
   * the background starting at `gatherKey` (default: where it was, else the first gather).
   */
  setActiveDataset(id: string, options: { gatherKey?: number } = {}): Promise<boolean> {
    const run = this.switching.then(() => this.activate(id, options.gatherKey));
    this.switching = run.catch(() => undefined);
    return run;
  }

  /** The active dataset's gather navigator, or that of another dataset held in memory; undefined otherwise. */
  gatherNavigator(id: string | null = this.active): GatherNavigator | undefined {
    if (id === null) return undefined;
    const entry = this.entries.get(id);
    if (entry?.data === undefined) return undefined;
    if (entry.gathers === undefined) {
      entry.gathers = new GatherNavigator(entry.data, this.navigation);
      if (id !== this.active) entry.gathers.suspend();
    }
    return entry.gathers;
  }

  /**
   * Resolves when the dataset's background warm-up (started when it became active) has finished or failed;
   * at once when there is none. For a "loading" indicator, or before measuring.
   */
  async ready(id: string | null = this.active): Promise<void> {
    await this.switching;
    if (id !== null) await this.entries.get(id)?.warming;
  }

  /** Every dataset's metadata, in the order they were added, with whether it is active and in memory. */
  listDatasets(): DatasetListing[] {
    return [...this.entries.values()].map((e) => ({ ...e.info, active: e.id === this.active, inMemory: e.data !== undefined }));
  }

  /** A dataset's metadata (kept even while it is released from memory), or undefined for an unknown id. */
  getDatasetMetadata(id: string): DatasetInfo | undefined {
    const info = this.entries.get(id)?.info;
    return info === undefined ? undefined : { ...info };
  }

  /** Compares two registered datasets side by side (geometry, sample interval, header ranges, amplitudes). */
  async compareDatasets(idA: string, idB: string, options: CompareOptions = {}): Promise<DatasetComparison> {
    const [a, b] = [await this.getDataset(idA), await this.getDataset(idB)];
    if (a === undefined || b === undefined) {
      const missing = a === undefined ? idA : idB;
      throw new DatasetError("unknown-id", missing, "no such dataset in this navigator; add it with addDataset(location) first");
    }
    const comparison = await compareDatasets(a, b, options);
    comparison.names = { a: this.entries.get(idA)?.info.name ?? a.name, b: this.entries.get(idB)?.info.name ?? b.name };
    return comparison;
  }

  /** Closes every navigator and forgets every dataset; the registry is unusable after. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const entry of this.entries.values()) entry.gathers?.dispose();
    this.entries.clear();
    this.active = null;
    this.removeAllListeners();
  }

  private async activate(id: string, gatherKey: number | undefined): Promise<boolean> {
    this.assertOpen();
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    entry.lastUsed = ++this.tick;
    if (this.active === id) return true;
    await this.ensureOpen(entry);
    if (!this.entries.has(id)) return false; // removed while it was being reopened
    const previousId = this.active;
    if (previousId !== null) this.entries.get(previousId)?.gathers?.suspend();
    this.active = id;
    const gathers = this.gatherNavigator(id) as GatherNavigator;
    gathers.resume();
    this.enforceLimit();
    this.emit("active-dataset-changed", { id, previousId });
    if (gatherKey !== undefined || (this.warmUpOnActivate && !entry.warmedUp)) {
      entry.warmedUp = true;
      const start = gatherKey !== undefined && entry.data?.gatherPosition(gatherKey) !== undefined ? gatherKey : undefined;
      entry.warming = gathers.warmUp(start).then(
        () => undefined,
        (error: unknown) => {
          if (error instanceof NavigationCancelledError || entry.gathers !== gathers) return; // navigation moved on, or the dataset was released
          this.logger.log("warn", `warm-up of dataset ${entry.info.name} failed`, { error: error instanceof Error ? error.message : String(error) });
          this.emit("dataset-error", { id, error });
        },
      );
    }
    return true;
  }

  private async open(location: string): Promise<LazySeismicData> {
    try {
      return await LazySeismicData.open(this.openStore(location), location);
    } catch (error) {
      throw new DatasetError("open-failed", location, `cannot be opened: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  private async ensureOpen(entry: Entry): Promise<LazySeismicData> {
    if (entry.data !== undefined) return entry.data;
    const data = await this.open(entry.location);
    if (entry.data !== undefined) return entry.data; // opened meanwhile by another call
    entry.data = data;
    entry.lastUsed = Math.max(entry.lastUsed, ++this.tick);
    this.enforceLimit(entry.id);
    return data;
  }

  /** Releases the least recently used datasets beyond the limit (never the active one, nor `keep`). */
  private enforceLimit(keep?: string): void {
    const held = [...this.entries.values()].filter((e) => e.data !== undefined).sort((x, y) => x.lastUsed - y.lastUsed);
    let excess = held.length - this.limit;
    for (const entry of held) {
      if (excess <= 0) break;
      if (entry.id === this.active || entry.id === keep) continue;
      entry.gathers?.dispose();
      entry.gathers = undefined;
      entry.data = undefined;
      excess--;
      this.emit("dataset-unloaded", { id: entry.id });
    }
  }

  private assertOpen(): void {
    if (this.disposed) throw new DatasetError("unknown-id", "DatasetNavigator", "this navigator was disposed; make a new one");
  }
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new ValidationError("datasetCacheLimit", `must be a whole number >= 1, got ${limit}`);
  return limit;
}

/** Local paths are made absolute (so that one store is one dataset); URLs are kept as they are. */
function normalizeLocation(location: string): string {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(location) ? location : path.resolve(location);
}

function defaultName(location: string): string {
  const base = location.replace(/[/\\]+$/, "").split(/[/\\]/).pop() ?? location;
  return base.replace(/\.seis$/, "") || location;
}
