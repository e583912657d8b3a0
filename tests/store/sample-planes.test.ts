/**
 * The import's WebAssembly path from file bytes to shuffled float32 planes (store/sample-planes.ts) and the chunk
 * source built on it (store/import-chunks.ts): bit for bit what the JavaScript decoder and shuffle give, for IBM
 * and IEEE floats in both byte orders, any samples per trace, short chunks padded with zeros, every IBM exponent
 * and the edge cases of rounding (subnormals, underflow to zero, overflow to infinity, signed zeros).
 */
import assert from "node:assert/strict";
import { decodeIbm } from "../../src/core/segy/ibm-float";
import { SegyReader } from "../../src/core/segy/segy-reader";
import { toFloat32 } from "../../src/core/segy/sample-formats";
import { ChunkCodec, shuffle } from "../../src/core/store/compression";
import { importChunkSource } from "../../src/core/store/import-chunks";
import { samplePlanes, type PlaneFormat } from "../../src/core/store/sample-planes";
import { conformanceFiles } from "../helpers/conformance";
import { pseudoRandomBytes } from "../helpers/pseudo-random";

/** IBM words at the edges: zeros of both signs, 1, the largest and smallest magnitudes, unnormalised values. */
const EDGES = [0, 0x80000000, 0x00000001, 0x80000001, 0x7fffffff, 0xffffffff, 0x41100000, 0xc276a000, 0x00ffffff, 0x21000001, 0x20ffffff, 0x1c000001, 0x1bffffff, 0x61ffffff, 0x60ffffff, 0x60100000, 0x5fffffff];

/** What the JavaScript path gives: each trace decoded (IBM: decodeIbm; IEEE: the bytes swapped), padded, shuffled. */
function expectedPlanes(bytes: Uint8Array, traces: number, traceBytes: number, headerBytes: number, ns: number, format: PlaneFormat, littleEndian: boolean, rows: number): Uint8Array {
  const decoded = new Uint8Array(4 * rows * ns);
  for (let t = 0; t < traces; t++) {
    const at = t * traceBytes + headerBytes;
    if (format === 1) decodeIbm(bytes, at, ns, littleEndian, new Float32Array(decoded.buffer), t * ns);
    else for (let i = 0; i < 4 * ns; i++) decoded[4 * t * ns + i] = bytes[at + (littleEndian ? i : (i & ~3) + 3 - (i & 3))];
  }
  return shuffle(decoded, 4, { simd: false });
}

describe("store import: samples to shuffled planes with WebAssembly SIMD", () => {
  it("runs here (Node 20 has WebAssembly SIMD), so the tests below test the SIMD path", () => {
    assert.ok(samplePlanes(new Uint8Array(8), { traces: 1, traceBytes: 8, headerBytes: 0, samplesPerTrace: 2, format: 1, littleEndian: false }, 1));
  });

  for (const format of [1, 5] as const) {
    for (const littleEndian of [false, true]) {
      it(`format ${format}, ${littleEndian ? "little" : "big"}-endian: bit for bit the JavaScript decode and shuffle, any shape, short chunks padded`, () => {
        const shapes = [
          { traces: 240, ns: 1500, headerBytes: 240, rows: 240 },
          { traces: 7, ns: 13, headerBytes: 240, rows: 9 },
          { traces: 3, ns: 1, headerBytes: 480, rows: 3 },
          { traces: 5, ns: 2001, headerBytes: 240, rows: 5 },
          { traces: 1, ns: 4, headerBytes: 0, rows: 4 },
        ];
        for (const [s, { traces, ns, headerBytes, rows }] of shapes.entries()) {
          const traceBytes = headerBytes + 4 * ns;
          const bytes = pseudoRandomBytes(traces * traceBytes, 97 * s + format + (littleEndian ? 7 : 0));
          const view = new DataView(bytes.buffer);
          for (let t = 0; t < traces; t++) EDGES.forEach((word, e) => view.setUint32(t * traceBytes + headerBytes + 4 * ((e * 7) % ns), word, littleEndian));
          const layout = { traces, traceBytes, headerBytes, samplesPerTrace: ns, format, littleEndian };
          const want = expectedPlanes(bytes, traces, traceBytes, headerBytes, ns, format, littleEndian, rows);
          assert.deepEqual(samplePlanes(bytes, layout, rows), want, `${traces} × ${ns}, ${rows} rows`);
          const out = new Uint8Array(want.length + 8).fill(0xee);
          assert.deepEqual(samplePlanes(bytes, layout, rows, out), want, `${traces} × ${ns} into a given buffer`);
        }
      });
    }
  }

  it("IBM: every sign and exponent with random mantissas (and short ones) decodes as decodeIbm rounds it", () => {
    const n = 1 << 18;
    const bytes = pseudoRandomBytes(4 * n, 5);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < n; i++) {
      const mantissa = view.getUint32(4 * i) & 0xffffff;
      view.setUint32(4 * i, (((i & 0xff) << 24) | (i % 13 === 0 ? mantissa >>> 20 : mantissa)) >>> 0);
    }
    const planes = samplePlanes(bytes, { traces: 1, traceBytes: 4 * n, headerBytes: 0, samplesPerTrace: n, format: 1, littleEndian: false }, 1);
    assert.deepEqual(planes, expectedPlanes(bytes, 1, 4 * n, 0, n, 1, false, 1));
  });

  it("gives the same compressed chunks as decoding in JavaScript, for every 4-byte-float file of the conformance corpus", async () => {
    const codec = await ChunkCodec.create("lz4", 4);
    let files = 0;
    for (const { file, su, expected } of conformanceFiles()) {
      if (expected.traces.count === 0) continue;
      const reader = await SegyReader.open(file, { container: su ? "su" : "segy", byteOrder: expected.endianness });
      try {
        if (!reader.fixedLength || (reader.format.code !== 1 && reader.format.code !== 5)) continue;
        files++;
        const chunkTraces = Math.max(1, Math.ceil(reader.traceCount / 3)) + 1; // three chunks, the last short
        const read = importChunkSource(reader, codec, "float32", chunkTraces);
        assert.equal(read.way, "planes", file);
        for (let first = 0; first < reader.traceCount; first += chunkTraces) {
          const count = Math.min(chunkTraces, reader.traceCount - first);
          const { headers, encoded } = await read(first, count);
          const batch = await reader.readTraces(first, count);
          const padded = new Float32Array(chunkTraces * reader.samplesPerTrace);
          padded.set(toFloat32(batch.samples) as Float32Array);
          assert.deepEqual(await encoded, await codec.encode(new Uint8Array(padded.buffer)), `${file}, traces ${first}..${first + count - 1}`);
          assert.deepEqual(headers.rawHeaders, batch.rawHeaders, `${file}: raw headers`);
          assert.deepEqual(headers.header(count - 1), batch.header(count - 1), `${file}: header values`);
        }
      } finally {
        await reader.close();
      }
    }
    assert.ok(files >= 10, `only ${files} conformance files have 4-byte float samples`);
    const other = await SegyReader.open(conformanceFiles().find((f) => f.relative.endsWith("Format2msb.sgy"))?.file ?? "");
    try {
      assert.equal(importChunkSource(other, codec, "int32", 10).way, "decoded", "integer samples keep their type");
      assert.equal(importChunkSource(other, await ChunkCodec.create("none", 4), "float32", 10).way, "decoded", "nothing to shuffle");
    } finally {
      await other.close();
    }
  });
});
