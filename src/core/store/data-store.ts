/**
 * `IDataStore`, the seed's storage interface (load, save, get one gather, iterate gathers, export), and
 * `ZarrDataStore`, its implementation over trace stores (Zarr + Parquet) on any storage backend. Datasets are
 * known by the UUID of their opened {@link LazySeismicData}.
 *
 * @module
 */
import { ValidationError } from "../errors";
import { openStore as openLocatedStore } from "../cloud/open-store";
import { writeToLocation } from "../cloud/write-location";
import type { MutableStore } from "../storage/types";
import { exportDataset, type ExportOptions } from "./export";
import type { ImportOptions } from "./import-options";
import { importSegy, type ImportReport } from "./import-segy";
import { LazySeismicData, type Gather } from "./lazy-seismic-data";

/**
 * What every SeisProc data store offers.
 *
 * @example
 * ```ts
 * const stores: IDataStore = new ZarrDataStore();
 * const data = await stores.loadDataset("line.seis");
 * const keys: number[] = [];
 * for await (const gather of stores.iterGathers(data.id)) keys.push(gather.key);
 * ```
 */
export interface IDataStore {
  /** Opens the dataset at `location` lazily (metadata only) and registers it under its `id`. */
  loadDataset(location: string): Promise<LazySeismicData>;
  /** Saves the SEG-Y or SU file `source` as a dataset at `location` (an import: resumable, atomic per file). */
  saveDataset(source: string, location: string, options?: ImportOptions): Promise<ImportReport>;
  /** One gather of a loaded dataset, by key. */
  getGather(datasetId: string, gatherKey: number): Promise<Gather>;
  /** Every gather of a loaded dataset, in key order, one at a time. */
  iterGathers(datasetId: string, options?: { signal?: AbortSignal }): AsyncIterable<Gather>;
  /** Exports a loaded dataset through the export format registry (`segy`, `su`, `headers-csv`). */
  export(datasetId: string, path: string, format: string, options?: ExportOptions): Promise<{ path: string; traceCount: number }>;
}

/**
 * {@link IDataStore} over trace stores; `openStore` maps a location to a storage backend (default
 * {@link openStore}: a path is a directory, `s3://bucket/prefix` an S3Store, `az://container/prefix` an
 * AzureBlobStore). Export paths may be URLs too: the file is written locally, then uploaded.
 *
 * @example
 * ```ts
 * const stores = new ZarrDataStore();
 * await stores.saveDataset("line.sgy", "line.seis", { gatherKey: "FieldRecord" });
 * const data = await stores.loadDataset("line.seis");
 * const shot = await stores.getGather(data.id, 1);
 * await stores.export(data.id, "copy.sgy", "segy");
 * ```
 */
export class ZarrDataStore implements IDataStore {
  private readonly datasets = new Map<string, LazySeismicData>();

  constructor(private readonly openStore: (location: string) => MutableStore = (location) => openLocatedStore(location)) {}

  async loadDataset(location: string): Promise<LazySeismicData> {
    const data = await LazySeismicData.open(this.openStore(location), location);
    this.datasets.set(data.id, data);
    return data;
  }

  async saveDataset(source: string, location: string, options: ImportOptions = {}): Promise<ImportReport> {
    return importSegy(source, this.openStore(location), options);
  }

  async getGather(datasetId: string, gatherKey: number): Promise<Gather> {
    return this.dataset(datasetId).getGather(gatherKey);
  }

  async *iterGathers(datasetId: string, options: { signal?: AbortSignal } = {}): AsyncIterable<Gather> {
    const data = this.dataset(datasetId);
    for (let g = 0; g < data.gatherCount; g++) {
      options.signal?.throwIfAborted();
      yield await data.getGatherAt(g, { signal: options.signal });
    }
  }

  async export(datasetId: string, path: string, format: string, options: ExportOptions = {}) {
    const result = await writeToLocation(path, (local) => exportDataset(this.dataset(datasetId), local, format, options));
    return { ...result, path };
  }

  /** Forgets a loaded dataset; true when it was loaded. */
  unload(datasetId: string): boolean {
    return this.datasets.delete(datasetId);
  }

  private dataset(id: string): LazySeismicData {
    const data = this.datasets.get(id);
    if (data === undefined) throw new ValidationError("datasetId", `no loaded dataset ${id}; load it with loadDataset(location) first`);
    return data;
  }
}
