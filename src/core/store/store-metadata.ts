/**
 * The metadata a trace store keeps in `seisproc/metadata.json`: where the data came from (with the source file's
 * checksum and its raw file headers, for bit-exact export), the import options (so an import can be repeated),
 * the array layout, and the CRS and provenance slots.
 *
 * @module
 */
import type { RecordedImportOptions } from "./import-options";
import type { SampleDtype } from "../segy/sample-formats";
import type { CrsMetadata } from "../crs/crs-metadata";

/** `seisproc/metadata.json`. */
export interface StoreMetadata {
  formatVersion: number;
  createdAt: string;
  source: {
    path: string;
    size: number;
    sha256: string;
    container: "segy" | "su";
    format: number;
    byteOrder: "big" | "little";
    revision: { major: number; minor: number };
    /** Raw 3200-byte textual headers, base64. */
    textHeaders: string[];
    /** Raw 400-byte binary header, base64 (empty for SU). */
    binaryHeader: string;
    additionalTraceHeaders: number;
    firstSampleTimeMs: number;
  };
  importOptions: RecordedImportOptions;
  traceCount: number;
  samplesPerTrace: number;
  sampleIntervalUs: number | null;
  dtype: SampleDtype;
  chunkTraces: number;
  segmentTraces: number;
  segmentCount: number;
  traceHeaderBytes: number;
  /** The dataset's persistent UUID (stores imported before it existed have none: they get one per opening). */
  datasetId?: string;
  /** Coordinate reference system (set with `setDatasetCrs` or the import option `crs`), or null. */
  crs: CrsMetadata | null;
  /** Processing steps that produced this dataset (filled by the provenance work). */
  provenance: unknown[];
}
