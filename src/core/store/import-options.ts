/**
 * Options of a SEG-Y import, their defaults, and the fingerprint that says whether an unfinished import in a
 * store is the same import (then it resumes) or another one (then it is refused).
 *
 * @module
 */
import { ValidationError } from "../errors";
import type { HeaderMap } from "../segy/header-map";
import type { SegyReadOptions } from "../segy/layout";
import type { Logger } from "../util/logger";
import type { CompressionName } from "./compression";
import type { CoordinateSystem } from "../crs/coordinate-system";
import type { ZarrFormat } from "./layout";

/** What an import reports as it goes. */
export interface ImportProgress {
  phase: "traces" | "index" | "checksum";
  done: number;
  total: number;
}

/** Options of {@link importSegy}. */
export interface ImportOptions {
  /** Header field that defines gathers (default `"FieldRecord"`). */
  gatherKey?: string;
  /** Header field that orders traces within a gather (default none: file order). */
  secondaryKey?: string;
  /** Header map for non-standard byte locations. */
  headerMap?: HeaderMap;
  /** Chunk compression (default `"lz4"`, with a byte shuffle). */
  compression?: CompressionName;
  /** Traces per chunk (default: about 1 MiB of samples, at least 16). */
  chunkTraces?: number;
  /** `"native"` keeps the file's sample type (default); `"float32"` converts. */
  sampleType?: "native" | "float32";
  /** How to read the SEG-Y file. */
  read?: SegyReadOptions;
  /** Approximate sample bytes per import segment, the unit of resumption (default 64 MiB). */
  segmentBytes?: number;
  /** Replace a complete store, or an unfinished import of something else. */
  overwrite?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** Where to log what the import does (default: silent unless SEISPROC_LOG is set). */
  logger?: Logger;
  /** The dataset's coordinate reference system, kept in its metadata: a CoordinateSystem or text such as `"EPSG:32631"`. */
  crs?: CoordinateSystem | string | number;
  /**
   * The Zarr format of the store's group and arrays: 2 (default; zarr-python 2 and 3, xarray, zarrita and
   * MDIO-era tools read it) or 3 (`zarr.json` metadata, blosc chunks, `c/` chunk keys: zarr-python 3 and zarrita).
   */
  zarrFormat?: ZarrFormat;
}

/** The options that decide what a store holds, as recorded in its metadata so an import can be repeated. */
export interface RecordedImportOptions {
  gatherKey: string;
  secondaryKey: string | null;
  headerMap: unknown;
  compression: CompressionName;
  chunkTraces: number;
  sampleType: "native" | "float32";
  read: Omit<SegyReadOptions, never>;
  /** The store's Zarr format (absent in stores written before the option, which are format 2). */
  zarrFormat?: ZarrFormat;
}

const TARGET_CHUNK_BYTES = 1 << 20;

/**
 * Fills in defaults and validates, given the file's samples per trace and bytes per stored sample.
 *
 * @example
 * ```ts
 * recordedOptions({}, 1500, 4).chunkTraces; // 174
 * ```
 */
export function recordedOptions(options: ImportOptions, samplesPerTrace: number, bytesPerSample: number): RecordedImportOptions {
  const chunkTraces = options.chunkTraces ?? Math.max(16, Math.round(TARGET_CHUNK_BYTES / Math.max(1, samplesPerTrace * bytesPerSample)));
  if (!Number.isInteger(chunkTraces) || chunkTraces < 1 || chunkTraces > 1 << 20) {
    throw new ValidationError("options.chunkTraces", `must be a whole number from 1 to ${1 << 20}, not ${chunkTraces}`);
  }
  const zarrFormat = options.zarrFormat ?? 2;
  if (zarrFormat !== 2 && zarrFormat !== 3) throw new ValidationError("options.zarrFormat", `must be 2 or 3, not ${JSON.stringify(zarrFormat)}`);
  return {
    gatherKey: options.gatherKey ?? "FieldRecord",
    secondaryKey: options.secondaryKey ?? null,
    headerMap: options.headerMap === undefined ? null : { fields: options.headerMap.fields },
    compression: options.compression ?? "lz4",
    chunkTraces,
    sampleType: options.sampleType ?? "native",
    read: { ...(options.read ?? {}) },
    // Last, so that the progress file of an import started before the option compares equal (see importSegy).
    zarrFormat,
  };
}
