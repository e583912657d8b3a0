/**
 * Lazy access to a trace store: opening reads metadata only (a few small JSON files, whatever the size); gathers,
 * trace ranges and header columns are read when asked for, a chunk or a column at a time.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { ownedBytes } from "../util/bytes";
import type { Table } from "apache-arrow";
import { StorageError } from "../errors";
import { SAMPLE_ARRAY_TYPES, type SampleArray, type SampleDtype } from "../segy/sample-formats";
import { readJson } from "../storage/json";
import type { ReadableStore, StoreKey } from "../storage/types";
import { ChunkCodec } from "./compression";
import { tracesOfGather, type GatherIndex } from "./gather-index";
import { HeaderSegments } from "./header-segments";
import { chunkKey, singleChunkKey, STORE_KEYS, zarrFormatOf } from "./layout";
import type { StoreMetadata } from "./store-metadata";
import { DTYPE_BYTES } from "./zarr-v2";

/** One gather: its key, its traces (file indices, in gather order), their samples and header values. */
export interface Gather {
  key: number;
  /** Position of the gather among all gathers (0-based). */
  index: number;
  traceIndices: Int32Array;
  /** Samples, trace after trace (`traceIndices.length × samplesPerTrace`). */
  samples: SampleArray;
  /** Header columns of these traces (the requested ones; by default the gather key and a few geometry fields). */
  headers: Table;
}

const DEFAULT_GATHER_COLUMNS = ["FieldRecord", "TraceNumber", "CDP", "offset", "SourceX", "SourceY", "GroupX", "GroupY", "INLINE_3D", "CROSSLINE_3D"];

/**
 * A dataset in a trace store (Zarr format 2 or 3), opened lazily.
 *
 * @example
 * ```ts
 * const data = await LazySeismicData.open(new FileSystemStore("line.seis"));
 * const gather = await data.getGather(data.gatherKeys()[0]);
 * gather.samples; gather.headers.getChild("offset");
 * ```
 */
export class LazySeismicData {
  private order: Int32Array | null | undefined;
  private traceCodec: Promise<ChunkCodec> | undefined;
  private headerCodec: Promise<ChunkCodec> | undefined;
  private readonly keyPosition: Map<number, number>;

  private constructor(
    /** The store the dataset is read from (processing copies its unprocessed parts byte for byte). */
    readonly store: ReadableStore,
    /** The store's metadata. */
    readonly metadata: StoreMetadata,
    /** The gather index. */
    readonly gatherIndex: GatherIndex,
    /** The header columns, read on demand. */
    readonly headers: HeaderSegments,
    /** A name for messages. */
    readonly name: string,
    /** The dataset's UUID: `metadata.datasetId`, the same at every opening (registries such as ZarrDataStore key datasets by it). */
    readonly id: string,
  ) {
    this.keyPosition = new Map(gatherIndex.keys.map((k, i) => [k, i]));
  }

  /** Opens a complete store; an unfinished or foreign one gives a StorageError saying what to do. */
  static async open(store: ReadableStore, name = "store", id?: string): Promise<LazySeismicData> {
    const fail = (detail: string): never => {
      throw new StorageError(detail, { store: name, key: STORE_KEYS.complete, operation: "get", transient: false });
    };
    // The three reads go out together (a cold open waits for one round trip, not three); the marker decides.
    const [complete, metadataRead, indexRead] = await Promise.allSettled([
      store.get(STORE_KEYS.complete),
      readJson<StoreMetadata>(store, STORE_KEYS.metadata),
      readJson<GatherIndex>(store, STORE_KEYS.gathers),
    ]);
    if (complete.status === "rejected") throw complete.reason;
    if (complete.value === undefined) {
      const unfinished = (await store.get(STORE_KEYS.progress)) !== undefined;
      fail(unfinished ? "the import into this store did not finish; run the same import again to resume it" : "not a SeisProc trace store (no seisproc/COMPLETE marker)");
    }
    if (metadataRead.status === "rejected") throw metadataRead.reason;
    if (indexRead.status === "rejected") throw indexRead.reason;
    const metadata = metadataRead.value ?? fail("seisproc/metadata.json is missing; run seisproc validate --repair");
    const index = indexRead.value ?? fail("seisproc/gathers.json is missing; run seisproc validate --repair");
    return new LazySeismicData(store, metadata, index, new HeaderSegments(store, metadata.segmentCount, metadata.segmentTraces, metadata.traceCount), name, id ?? metadata.datasetId ?? randomUUID());
  }

  get traceCount(): number {
    return this.metadata.traceCount;
  }
  get samplesPerTrace(): number {
    return this.metadata.samplesPerTrace;
  }
  get sampleIntervalUs(): number | null {
    return this.metadata.sampleIntervalUs;
  }
  /** Number of gathers. */
  get gatherCount(): number {
    return this.gatherIndex.keys.length;
  }

  /** Gather key values, ascending (from the index, no header scan). */
  gatherKeys(): number[] {
    return this.gatherIndex.keys;
  }

  /** The position (0-based, in key order) of the gather with key `key`, or undefined when there is none. */
  gatherPosition(key: number): number | undefined {
    return this.keyPosition.get(key);
  }

  /** The gather with key `key` (e.g. a shot number). */
  async getGather(key: number, options: { columns?: string[]; signal?: AbortSignal } = {}): Promise<Gather> {
    const position = this.gatherPosition(key);
    if (position === undefined) {
      throw new StorageError(`no gather with ${this.gatherIndex.key} = ${key}; keys run from ${this.gatherIndex.keys[0]} to ${this.gatherIndex.keys.at(-1)}`, {
        store: this.name,
        key: STORE_KEYS.gathers,
        operation: "get",
        transient: false,
      });
    }
    return this.getGatherAt(position, options);
  }

  /** The `index`-th gather (0-based, in key order). */
  async getGatherAt(index: number, options: { columns?: string[]; signal?: AbortSignal } = {}): Promise<Gather> {
    const traceIndices = tracesOfGather(this.gatherIndex, await this.gatherOrderArray(), index);
    // Samples and headers are read side by side: one's file reads overlap the other's decoding.
    const [samples, headers] = await Promise.all([
      this.readTraceSamples(traceIndices, options.signal),
      this.headers.columnsFor(options.columns ?? DEFAULT_GATHER_COLUMNS, traceIndices),
    ]);
    options.signal?.throwIfAborted();
    return { key: this.gatherIndex.keys[index], index, traceIndices, samples, headers };
  }

  /** Samples of traces `start .. start + count - 1`, trace after trace. */
  async readTraces(start: number, count: number, signal?: AbortSignal): Promise<SampleArray> {
    const list = new Int32Array(count);
    for (let i = 0; i < count; i++) list[i] = start + i;
    return this.readTraceSamples(list, signal);
  }

  /** Header columns as an Arrow table, for all traces or a range. */
  async headerColumns(names: string[], range?: [number, number]): Promise<Table> {
    return this.headers.columns(names, range);
  }

  /** Raw trace headers (file byte order, `traceHeaderBytes` each) of the given traces, for bit-exact export. */
  async readRawHeaders(traces: Int32Array, signal?: AbortSignal): Promise<Uint8Array> {
    const codec = await (this.headerCodec ??= ChunkCodec.create(this.metadata.importOptions.compression, 1, zarrFormatOf(this.metadata.importOptions)));
    return (await this.readRows(STORE_KEYS.rawHeaders, codec, "uint8", this.metadata.traceHeaderBytes, traces, signal)) as Uint8Array;
  }

  /** Samples of the given traces (file indices), trace after trace. */
  async readTraceSamples(traces: Int32Array, signal?: AbortSignal): Promise<SampleArray> {
    const { samplesPerTrace: ns, dtype } = this.metadata;
    const codec = await (this.traceCodec ??= ChunkCodec.create(this.metadata.importOptions.compression, DTYPE_BYTES[dtype], zarrFormatOf(this.metadata.importOptions)));
    return this.readRows(STORE_KEYS.traces, codec, dtype, ns, traces, signal);
  }

  /** Rows `traces` of a 2-D array chunked along rows, `width` elements each. */
  private async readRows(
    array: typeof STORE_KEYS.traces | typeof STORE_KEYS.rawHeaders,
    codec: ChunkCodec,
    dtype: SampleDtype,
    width: number,
    traces: Int32Array,
    signal?: AbortSignal,
  ): Promise<SampleArray> {
    const { chunkTraces } = this.metadata;
    const whole = wholeChunk(traces, chunkTraces);
    if (whole !== undefined) {
      // No copy when the decoded chunk is the answer and owns its whole buffer (callers may send `.buffer` on).
      return viewAs(dtype, ownedBytes(await codec.decode(await this.chunkBytes(array, whole, signal))));
    }
    const out = new SAMPLE_ARRAY_TYPES[dtype](traces.length * width);
    const chunks = new Map<number, SampleArray>();
    for (const t of traces) {
      const c = Math.floor(t / chunkTraces);
      if (chunks.has(c)) continue;
      chunks.set(c, viewAs(dtype, await codec.decode(await this.chunkBytes(array, c, signal))));
    }
    traces.forEach((t, i) => {
      const chunk = chunks.get(Math.floor(t / chunkTraces)) as Float32Array;
      const row = t % chunkTraces;
      (out as Float32Array).set(chunk.subarray(row * width, (row + 1) * width), i * width);
    });
    return out;
  }

  /** The stored (encoded) bytes of chunk `c` of an array. */
  private async chunkBytes(array: StoreKey, c: number, signal?: AbortSignal): Promise<Uint8Array> {
    signal?.throwIfAborted();
    const key = chunkKey(array, c, zarrFormatOf(this.metadata.importOptions));
    const bytes = await this.store.get(key, { signal });
    if (bytes === undefined) throw new StorageError("chunk missing; run seisproc validate", { store: this.name, key, operation: "get", transient: false });
    return bytes;
  }

  /** The gather-order permutation, or null when the file is sorted by the gather key. */
  async gatherOrderArray(): Promise<Int32Array | null> {
    if (this.order !== undefined) return this.order;
    if (this.gatherIndex.sorted) return (this.order = null);
    const bytes = await this.store.get(singleChunkKey(STORE_KEYS.gatherOrder, zarrFormatOf(this.metadata.importOptions)));
    if (bytes === undefined) {
      throw new StorageError("gather order missing; run seisproc validate --repair", { store: this.name, key: STORE_KEYS.gatherOrder, operation: "get", transient: false });
    }
    return (this.order = new Int32Array(bytes.slice().buffer));
  }
}

/** The chunk whose rows are exactly `traces` (consecutive, first to last, a full chunk), or undefined. */
function wholeChunk(traces: Int32Array, chunkTraces: number): number | undefined {
  const first = traces[0];
  if (traces.length !== chunkTraces || first % chunkTraces !== 0) return undefined; // a last chunk is padded: copy
  for (let i = 1; i < traces.length; i++) if (traces[i] !== first + i) return undefined;
  return first / chunkTraces;
}

function viewAs(dtype: SampleDtype, bytes: Uint8Array): SampleArray {
  const aligned = bytes.byteOffset % DTYPE_BYTES[dtype] === 0 ? bytes : bytes.slice();
  return new SAMPLE_ARRAY_TYPES[dtype](aligned.buffer as ArrayBuffer, aligned.byteOffset, aligned.byteLength / DTYPE_BYTES[dtype]);
}
