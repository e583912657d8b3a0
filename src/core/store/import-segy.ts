/**
 * SEG-Y import into a trace store: samples into the Zarr `traces` array, raw trace headers into `raw_headers`,
 * header values into one Parquet file per segment, then the gather index, the metadata and, last, the completion
 * marker. Memory stays bounded whatever the file size: one read batch, at most 8 chunks being compressed and
 * written, and one segment's header values as columns (about 400 bytes per trace of a ~64 MiB segment).
 *
 * Interrupted imports resume: after each segment, `seisproc/progress.json` records it as done; running the same
 * import again skips done segments. A store without `seisproc/COMPLETE` is never presented as complete.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { ImportError, isSeisprocError } from "../errors";
import { isUrlLocation } from "../cloud/location";
import { openByteSource } from "../cloud/open-byte-source";
import type { ByteSource } from "../segy/byte-source";
import { resolveCrsOption } from "../crs/dataset-crs";
import { SegyReader } from "../segy/segy-reader";
import type { SampleDtype } from "../segy/sample-formats";
import { readJson, writeJson } from "../storage/json";
import { fileSha256 } from "../util/file-sha256";
import { fileSha256InWorker } from "../util/sha256-worker";
import { defaultLogger } from "../util/logger";
import type { MutableStore, SetOptions } from "../storage/types";
import { ChunkCodec } from "./compression";
import { deriveGatherIndex, derivedArraySpec, writeDerivedGroup, writeDerivedTime, writeGatherIndexFiles } from "./store-derived";
import { headerSegmentBuilder, writeHeaderSegment } from "./header-segments";
import { importChunkSource } from "./import-chunks";
import { recordedOptions, type ImportOptions, type RecordedImportOptions } from "./import-options";
import { chunkKey, STORE_KEYS, storeFormatVersion, type ZarrFormat } from "./layout";
import { DTYPE_BYTES } from "./zarr-v2";
import { writeZarrArray } from "./zarr-v3";
import type { StoreMetadata } from "./store-metadata";

const SEGMENT_SAMPLE_BYTES = 64 << 20;
/** Chunks being compressed and written at once (memory: this many chunks of about 1 MiB, twice). */
const MAX_CHUNKS_IN_FLIGHT = 8;
/** Chunk writes are synced to disk together at the end of their segment (one `flush`), not one by one. */
const DEFERRED: SetOptions = { deferSync: true };

/** Sources at least this big are hashed on a worker thread during the import (starting one takes ~30 ms). */
const HASH_IN_WORKER_BYTES = 64 << 20;

/** The source's SHA-256, computed now, with progress. */
function hashSource(bytes: ByteSource, sourcePath: string, size: number, options: ImportOptions): Promise<string> {
  const onHashed = (done: number): void => options.onProgress?.({ phase: "checksum", done, total: size });
  return bytes.sha256 === undefined ? fileSha256(sourcePath, onHashed, options.signal) : bytes.sha256(onHashed, options.signal);
}

/** Waits for every promise; the first failure is thrown after all have settled (no write left running). */
async function settleAll(promises: Array<Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed !== undefined) throw failed.reason;
}

/** What an import did. */
export interface ImportReport {
  traceCount: number;
  gatherCount: number;
  duplicateTraces: number;
  missingTraces: number;
  /** Segments found done by an earlier, interrupted run. */
  resumedSegments: number;
  /** Segments written by this run. */
  writtenSegments: number;
  /** Bytes of sample chunks written by this run (compressed) and their uncompressed size. */
  storedSampleBytes: number;
  rawSampleBytes: number;
}

interface Progress {
  formatVersion: number;
  source: { path: string; size: number; mtimeMs: number };
  options: RecordedImportOptions;
  segmentTraces: number;
  done: number[];
  /** The dataset's persistent id, chosen when the import starts (kept when it resumes). */
  datasetId?: string;
}

/**
 * Imports the SEG-Y or SU file `source` into `store`. `source` is a path or a URL (`s3://bucket/key`,
 * `az://container/name`): objects are read with ranged requests, never downloaded whole.
 *
 * @example
 * ```ts
 * const store = new FileSystemStore("line.seis");
 * const report = await importSegy("line.sgy", store, { gatherKey: "FieldRecord", onProgress: (p) => bar.update(p.done / p.total) });
 * ```
 */
export async function importSegy(source: string, store: MutableStore, options: ImportOptions = {}): Promise<ImportReport> {
  const bytes = await openByteSource(source);
  const reader = await SegyReader.open(bytes, { ...options.read, headerMap: options.headerMap });
  const background = new AbortController(); // stops work the import started beside it (hashing) when it ends
  try {
    return await importFrom(reader, bytes, store, options, background.signal);
  } catch (error) {
    if (isSeisprocError(error)) throw error;
    throw new ImportError(source, `import failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    background.abort();
    await reader.close();
  }
}

async function importFrom(reader: SegyReader, bytes: ByteSource, store: MutableStore, options: ImportOptions, ended: AbortSignal): Promise<ImportReport> {
  const sourcePath = isUrlLocation(reader.path) ? reader.path : path.resolve(reader.path);
  if (!reader.fixedLength) throw new ImportError(sourcePath, "variable-length traces cannot be stored as one Zarr array yet; convert them to fixed length first");
  const dtype: SampleDtype = options.sampleType === "float32" ? "float32" : reader.format.dtype;
  const elementBytes = DTYPE_BYTES[dtype];
  const gatherSize = options.chunkTraces === undefined ? await firstGatherSize(reader, options.gatherKey ?? "FieldRecord") : undefined;
  const recorded = recordedOptions({ ...options, chunkTraces: options.chunkTraces ?? chunkForGathers(gatherSize, reader.samplesPerTrace * elementBytes) }, reader.samplesPerTrace, elementBytes);
  // An object's size and time come with it; a local file's from the file system, as they always did.
  const stat = bytes.modifiedMs === undefined ? await fs.stat(sourcePath) : { size: bytes.size, mtimeMs: bytes.modifiedMs };
  const fingerprint = { path: sourcePath, size: stat.size, mtimeMs: stat.mtimeMs };
  const n = reader.traceCount;
  const ns = reader.samplesPerTrace;
  const chunkTraces = recorded.chunkTraces;
  const chunksPerSegment = Math.max(1, Math.floor((options.segmentBytes ?? SEGMENT_SAMPLE_BYTES) / (chunkTraces * ns * elementBytes || 1)));
  const segmentTraces = chunksPerSegment * chunkTraces;
  const segmentCount = Math.ceil(n / segmentTraces);

  const crs = await resolveCrsOption(options.crs); // an unknown code fails here, before anything is written
  const progress = await startOrResume(store, fingerprint, recorded, segmentTraces, options.overwrite === true);
  const logger = options.logger ?? defaultLogger();
  logger.log("info", progress.done.length > 0 ? "resuming an interrupted import" : "importing", {
    source: sourcePath,
    traces: n,
    segments: segmentCount,
    done: progress.done.length,
    chunkTraces,
    compression: recorded.compression,
  });
  const zarrFormat: ZarrFormat = recorded.zarrFormat ?? 2;
  const codec = await ChunkCodec.create(recorded.compression, elementBytes, zarrFormat);
  const headerCodec = await ChunkCodec.create(recorded.compression, 1, zarrFormat);
  const readChunk = importChunkSource(reader, codec, dtype, chunkTraces);
  // What the store's layout follows from; the checksum and the time of completion are filled in at the end.
  const layout: StoreMetadata = {
    formatVersion: storeFormatVersion(zarrFormat),
    createdAt: "",
    source: {
      path: sourcePath,
      size: stat.size,
      sha256: "",
      container: reader.container,
      format: reader.format.code,
      byteOrder: reader.byteOrder,
      revision: { ...reader.revision },
      textHeaders: reader.textHeaders.map((t) => Buffer.from(t.raw).toString("base64")),
      binaryHeader: Buffer.from(reader.layout.rawBinaryHeader).toString("base64"),
      additionalTraceHeaders: reader.layout.additionalTraceHeaders,
      firstSampleTimeMs: reader.firstSampleTimeMs,
    },
    importOptions: recorded,
    traceCount: n,
    samplesPerTrace: ns,
    sampleIntervalUs: reader.sampleIntervalUs,
    dtype,
    chunkTraces,
    segmentTraces,
    segmentCount,
    traceHeaderBytes: reader.layout.traceHeaderBytes,
    datasetId: progress.datasetId ?? randomUUID(),
    crs,
    provenance: [],
  };
  if (progress.done.length === 0) {
    await writeDerivedGroup(store, layout, false);
    await writeZarrArray(store, STORE_KEYS.traces, derivedArraySpec(layout, "traces"), zarrFormat);
    await writeZarrArray(store, STORE_KEYS.rawHeaders, derivedArraySpec(layout, "raw_headers"), zarrFormat);
  }

  const report: ImportReport = {
    traceCount: n,
    gatherCount: 0,
    duplicateTraces: 0,
    missingTraces: 0,
    resumedSegments: progress.done.length,
    writtenSegments: 0,
    storedSampleBytes: 0,
    rawSampleBytes: 0,
  };
  // A large local file is hashed on a worker thread while it is imported; anything else once it is in.
  const hashing = bytes.sha256 === undefined && stat.size >= HASH_IN_WORKER_BYTES ? fileSha256InWorker(sourcePath, undefined, options.signal === undefined ? ended : AbortSignal.any([ended, options.signal])) : undefined;
  hashing?.catch(() => undefined); // awaited at the end; an import that fails first must not leave it unhandled
  const done = new Set(progress.done);
  let segmentsRecorded: Promise<void> = Promise.resolve();
  let recordFailed = false;
  try {
    for (let segment = 0; segment < segmentCount; segment++) {
      if (done.has(segment)) continue;
      if (recordFailed) await segmentsRecorded; // a segment could not be made durable: stop with its error
      options.signal?.throwIfAborted();
      const first = segment * segmentTraces;
      const count = Math.min(segmentTraces, n - first);
      const headers = headerSegmentBuilder(reader.headerMap, reader.byteOrder);
      // Chunks are compressed (on the thread pool) and written while the next ones are read: a bounded window.
      const inFlight: Array<Promise<void>> = [];
      try {
        for (let c = 0; c < count; c += chunkTraces) {
          const traces = Math.min(chunkTraces, count - c);
          const { headers: run, encoded } = await readChunk(first + c, traces);
          const chunk = (first + c) / chunkTraces;
          const rawHeaders = new Uint8Array(chunkTraces * run.headerBytes);
          rawHeaders.set(run.rawHeaders);
          report.rawSampleBytes += traces * ns * elementBytes;
          inFlight.push(
            (async () => {
              const bytes = await encoded;
              report.storedSampleBytes += bytes.length;
              await Promise.all([
                store.set(chunkKey(STORE_KEYS.traces, chunk, zarrFormat), bytes, DEFERRED),
                headerCodec.encode(rawHeaders).then((h) => store.set(chunkKey(STORE_KEYS.rawHeaders, chunk, zarrFormat), h, DEFERRED)),
              ]);
            })(),
          );
          if (inFlight.length >= MAX_CHUNKS_IN_FLIGHT) await inFlight.shift();
          headers.add(run);
          options.onProgress?.({ phase: "traces", done: first + c + traces, total: n });
        }
      } catch (error) {
        await Promise.allSettled(inFlight); // no write left running (or rejecting unheard) when the import stops
        throw error;
      }
      await settleAll(inFlight);
      await writeHeaderSegment(store, segment, headers);
      // The segment's files reach the disk together while the next segment is read; only then does the progress
      // record say the segment is done (records are written in segment order).
      const flushed = store.flush?.();
      flushed?.catch(() => undefined); // handled where the chain awaits it
      segmentsRecorded = segmentsRecorded.then(async () => {
        await flushed;
        progress.done.push(segment);
        await writeJson(store, STORE_KEYS.progress, progress);
        report.writtenSegments++;
        logger.log("debug", "segment written", { segment, traces: count });
      });
      segmentsRecorded.catch(() => (recordFailed = true)); // awaited below; a failure must not count as unhandled meanwhile
    }
  } catch (error) {
    await segmentsRecorded.catch(() => undefined); // finished segments are recorded before the error ends the import
    throw error;
  }
  await segmentsRecorded;
  const { index, order } = await deriveGatherIndex(store, layout, options.signal, (done, total) => options.onProgress?.({ phase: "index", done, total }));
  await writeGatherIndexFiles(store, index, order, zarrFormat);
  report.gatherCount = index.keys.length;
  report.duplicateTraces = index.duplicateTraces;
  report.missingTraces = index.missingTraces;

  const sha256 = await (hashing ?? hashSource(bytes, sourcePath, stat.size, options));
  const metadata: StoreMetadata = { ...layout, createdAt: new Date().toISOString(), source: { ...layout.source, sha256 } };
  await writeDerivedTime(store, metadata);
  await writeJson(store, STORE_KEYS.metadata, metadata);
  await writeDerivedGroup(store, metadata, true);
  await writeJson(store, STORE_KEYS.complete, { completedAt: new Date().toISOString(), traceCount: n, sha256 });
  await store.delete(STORE_KEYS.progress);
  return report;
}

/**
 * Traces in the file's first gather when the second has as many (a regular survey), else undefined: chunks of
 * that many traces make every gather of a sorted file exactly one chunk.
 */
async function firstGatherSize(reader: SegyReader, key: string): Promise<number | undefined> {
  if (!reader.headerMap.has(key) || reader.traceCount === 0) return undefined;
  const scan = Math.min(reader.traceCount, 8192);
  const keys: number[] = [];
  for await (const batch of reader.batches({ end: scan, batchBytes: 1 << 20 })) keys.push(...batch.column(key));
  const runs: number[] = [];
  for (let i = 0, start = 0; i <= keys.length && runs.length < 3; i++) {
    if (i === keys.length || keys[i] !== keys[start]) {
      runs.push(i - start);
      start = i;
    }
  }
  return runs.length >= 3 && runs[0] === runs[1] ? runs[0] : undefined;
}

/** Gather-sized chunks when a gather's samples take 256 KiB to 16 MiB; otherwise the default (undefined). */
function chunkForGathers(gatherSize: number | undefined, traceBytes: number): number | undefined {
  if (gatherSize === undefined) return undefined;
  const bytes = gatherSize * traceBytes;
  return bytes >= 256 << 10 && bytes <= 16 << 20 ? gatherSize : undefined;
}

async function startOrResume(store: MutableStore, source: Progress["source"], options: RecordedImportOptions, segmentTraces: number, overwrite: boolean): Promise<Progress> {
  const fresh: Progress = { formatVersion: storeFormatVersion(options.zarrFormat ?? 2), source, options, segmentTraces, done: [] };
  const complete = await store.get(STORE_KEYS.complete);
  const previous = await readJson<Progress>(store, STORE_KEYS.progress);
  // An import started before the Zarr format option recorded none: it was format 2.
  const recorded = previous === undefined ? undefined : { ...previous, options: { ...previous.options, zarrFormat: previous.options?.zarrFormat ?? 2 } };
  const same = recorded !== undefined && JSON.stringify({ ...recorded, done: [], datasetId: undefined }) === JSON.stringify(fresh);
  if (!overwrite) {
    if (complete !== undefined) throw new ImportError(source.path, "the store already holds a complete import; pass overwrite (--force) to replace it");
    if (previous !== undefined && !same) {
      throw new ImportError(source.path, "the store holds an unfinished import of another file or with other options; pass overwrite (--force) to start over");
    }
    if (same) return recorded;
  }
  if (complete !== undefined || previous !== undefined || overwrite) {
    for await (const key of store.list("/")) await store.delete(key);
  }
  fresh.datasetId = randomUUID();
  await writeJson(store, STORE_KEYS.progress, fresh);
  return fresh;
}
