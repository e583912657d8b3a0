/**
 * Trace stores: SEG-Y imported into Zarr (samples, raw headers) and Parquet (header values), opened lazily,
 * exported back through a registry of formats.
 *
 * @module
 * @example
 * ```ts
 * import { FileSystemStore, importSegy, LazySeismicData, exportDataset } from "seisproc";
 * const store = new FileSystemStore("line.seis");
 * await importSegy("line.sgy", store);
 * const data = await LazySeismicData.open(store);
 * await exportDataset(data, "copy.sgy", "segy");
 * ```
 */
export * from "./compression";
export * from "./consolidated";
export * from "./data-store";
export * from "./export";
export * from "./export-headers-parquet";
export * from "./export-selection";
export * from "./gather-index";
export * from "./import-options";
export * from "./import-segy";
export * from "./layout";
export * from "./lazy-seismic-data";
export * from "./repair";
export * from "./store-metadata";
export * from "./store-status";
export * from "./validate";
