/**
 * One chunk of an import at a time: read its traces, start compressing its samples, hand back its headers. Two
 * ways, chosen once per import: 4-byte float samples (formats 1 and 5 stored as float32, shuffled before
 * compression) go from the file's bytes to shuffled planes in WebAssembly (sample-planes.ts), with the read buffer
 * and the plane buffers reused; everything else is decoded by the reader and shuffled by the codec.
 *
 * @module
 */
import type { SegyReader } from "../segy/segy-reader";
import { toFloat32, type SampleArray, type SampleDtype } from "../segy/sample-formats";
import type { TraceHeaders } from "../segy/trace-batch";
import type { ChunkCodec } from "./compression";
import { samplePlanes, samplePlanesAvailable, type PlaneFormat } from "./sample-planes";

/** A chunk read: its traces' headers, and its samples being compressed. */
export interface ImportChunk {
  headers: TraceHeaders;
  /** The compressed samples of `chunkTraces` rows (short chunks padded with zeros). */
  encoded: Promise<Uint8Array>;
}

/** Reads chunk after chunk: `read(first, count)` for traces `first .. first + count - 1`. */
export interface ChunkSource {
  (first: number, count: number): Promise<ImportChunk>;
  /** Which way samples go: straight from file bytes to shuffled planes, or decoded by the reader first. */
  readonly way: "planes" | "decoded";
}

/**
 * The chunk source for an import of `reader` into chunks of `chunkTraces` rows of `dtype`, compressed by `codec`.
 * Chunks must be read one after the other (the read buffer is reused once the previous read is decoded).
 *
 * @example
 * ```ts
 * const read = importChunkSource(reader, codec, "float32", 240);
 * const { headers, encoded } = await read(0, 240);
 * ```
 */
export function importChunkSource(reader: SegyReader, codec: ChunkCodec, dtype: SampleDtype, chunkTraces: number): ChunkSource {
  const format = reader.format.code;
  const planes = dtype === "float32" && (format === 1 || format === 5) && codec.takesShuffled4 && reader.layout.traceOffsets === null;
  // (without WebAssembly SIMD, samples are decoded by the reader)
  if (planes && samplePlanesAvailable()) return planeChunkSource(reader, codec, format, chunkTraces);
  return decodedChunkSource(reader, codec, dtype, chunkTraces);
}

function planeChunkSource(reader: SegyReader, codec: ChunkCodec, format: PlaneFormat, chunkTraces: number): ChunkSource {
  const ns = reader.samplesPerTrace;
  const { traceBytes, traceHeaderBytes: headerBytes } = reader.layout;
  const littleEndian = reader.byteOrder === "little";
  const readBuffer = new Uint8Array(chunkTraces * traceBytes);
  const free: Uint8Array[] = []; // plane buffers whose compression has finished
  const read = async (first: number, count: number): Promise<ImportChunk> => {
    const run = await reader.readTraceBytes(first, count, readBuffer);
    const out = free.pop() ?? new Uint8Array(4 * chunkTraces * ns);
    const planes = samplePlanes(run.bytes, { traces: count, traceBytes, headerBytes, samplesPerTrace: ns, format, littleEndian }, chunkTraces, out);
    const encoded = codec.encodeShuffled(planes as Uint8Array).finally(() => free.push(out));
    return { headers: run, encoded };
  };
  return Object.assign(read, { way: "planes" as const });
}

function decodedChunkSource(reader: SegyReader, codec: ChunkCodec, dtype: SampleDtype, chunkTraces: number): ChunkSource {
  const ns = reader.samplesPerTrace;
  const read = async (first: number, count: number): Promise<ImportChunk> => {
    const batch = await reader.readTraces(first, count);
    const samples = padRows(dtype === "float32" ? toFloat32(batch.samples) : batch.samples, batch.count, chunkTraces, ns);
    return { headers: batch, encoded: codec.encode(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength)) };
  };
  return Object.assign(read, { way: "decoded" as const });
}

function padRows(samples: SampleArray, rows: number, chunkRows: number, ns: number): SampleArray {
  if (rows === chunkRows) return samples;
  const Ctor = samples.constructor as new (length: number) => SampleArray;
  const out = new Ctor(chunkRows * ns);
  (out as Float32Array).set(samples as Float32Array);
  return out;
}
