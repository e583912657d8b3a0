/**
 * Chunk codecs of the two store formats, one chunk at a time on one thread: encode and decode speed (MB/s of
 * samples) and compression ratio, on gather-sized chunks (240 traces × 1500 float32 samples) of a synthetic shot
 * survey. Compares the Zarr v2 chain (shuffle + numcodecs LZ4), the Zarr v3 blosc frames SeisProc writes (LZ4 or
 * Zstandard, shuffled), the same frames decoded by numcodecs.js's WebAssembly blosc (what zarrita uses), blosc
 * frames written by that WebAssembly blosc, and the v3 `zstd` codec without a shuffle.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { SegyReader } from "../src/core/segy/segy-reader";
import { toFloat32 } from "../src/core/segy/sample-formats";
import { decodeBloscFrame, encodeBloscFrame } from "../src/core/store/blosc-frame";
import { ChunkCodec } from "../src/core/store/compression";
import { specForTargetBytes, writeSurvey } from "../src/core/synthetic";
import { importEsm } from "../src/core/util/esm";
import { round, type BenchContext, type BenchResult, type Benchmark } from "./lib/result";

interface Codec {
  encode(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  decode(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}
type Numcodecs = { default: { fromConfig(config: Record<string, unknown>): Codec } };

async function chunks(context: BenchContext): Promise<Uint8Array[]> {
  const file = path.join(context.dataDir, "shots-2d-64MB-240ch-ibm.sgy");
  if (!existsSync(file)) {
    context.log(`generating ${file} (once)`);
    await writeSurvey(file, specForTargetBytes("shots-2d", 64e6, { seed: 3, channels: 240, samples: 1500 }), { format: 1 });
  }
  const reader = await SegyReader.open(file);
  try {
    const out: Uint8Array[] = [];
    for (let t = 0; t + 240 <= reader.traceCount; t += 240) {
      const samples = toFloat32((await reader.readTraces(t, 240)).samples);
      out.push(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
    }
    return out;
  } finally {
    await reader.close();
  }
}

async function measure(name: string, data: Uint8Array[], encode: Codec["encode"], decode: Codec["decode"]): Promise<BenchResult[]> {
  const bytes = data.reduce((n, c) => n + c.length, 0);
  const encoded: Uint8Array[] = [];
  for (const c of data.slice(0, 4)) await decode(await encode(c)); // warm up (WebAssembly instantiation)
  let t0 = performance.now();
  for (const c of data) encoded.push(await encode(c));
  const encodeMs = performance.now() - t0;
  t0 = performance.now();
  for (const e of encoded) await decode(e);
  const decodeMs = performance.now() - t0;
  const stored = encoded.reduce((n, c) => n + c.length, 0);
  return [
    { bench: `${name} encode`, value: round(bytes / 1e3 / encodeMs), unit: "MB/s" },
    { bench: `${name} decode`, value: round(bytes / 1e3 / decodeMs), unit: "MB/s" },
    { bench: `${name} ratio`, value: round(bytes / stored, 2), unit: "x" },
  ];
}

export const benchmarks: Benchmark[] = [
  {
    name: "chunk-codecs",
    description: "Zarr v2 and v3 chunk codecs: encode and decode MB/s and ratio, 240 × 1500 float32 chunks, one thread",
    async run(context) {
      const data = await chunks(context);
      const v2 = await ChunkCodec.create("lz4", 4);
      const wasmBlosc = (await importEsm<Numcodecs>("numcodecs/blosc")).default;
      const wasmLz4 = wasmBlosc.fromConfig({ cname: "lz4", clevel: 9, shuffle: 1 });
      const zstd = (await importEsm<Numcodecs>("numcodecs/zstd")).default.fromConfig({ level: 1 });
      return [
        ...(await measure("v2 shuffle+lz4 (lz4-napi)", data, (c) => v2.encode(c), (c) => v2.decode(c))),
        ...(await measure("v3 blosc lz4 shuffle (SeisProc frames, lz4-napi)", data, (c) => encodeBloscFrame(c, 4, "lz4"), decodeBloscFrame)),
        ...(await measure("v3 blosc lz4 shuffle, decoded by numcodecs.js WebAssembly blosc", data, (c) => encodeBloscFrame(c, 4, "lz4"), (c) => wasmLz4.decode(c))),
        ...(await measure("v3 blosc lz4 by numcodecs.js WebAssembly blosc (typesize 1)", data, (c) => wasmLz4.encode(c), (c) => wasmLz4.decode(c))),
        ...(await measure("v3 blosc zstd shuffle (SeisProc frames)", data, (c) => encodeBloscFrame(c, 4, "zstd"), decodeBloscFrame)),
        ...(await measure("v3 bytes+zstd level 1 (numcodecs.js, no shuffle)", data, (c) => zstd.encode(c), (c) => zstd.decode(c))),
      ];
    },
  },
];
