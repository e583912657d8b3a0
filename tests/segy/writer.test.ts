import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import {
  convertSegy,
  ibmToNumber,
  isSeisprocError,
  numberToIbm,
  SegyReader,
  SegyWriter,
  ValidationError,
  type ByteOrder,
  type SampleArray,
  type TraceHeader,
} from "../../src";
import { conformanceDir, tempDir } from "../helpers/paths";
import { Rng } from "../helpers/prng";

type Order = ByteOrder;
const ORDERS: readonly Order[] = ["big", "little"];
const NS = 37; // odd, so that traces start at every alignment
const TRACES = 3;

/** Sample values that the format holds exactly, extremes included, and the independent encoding of one sample. */
interface FormatCase {
  readonly code: number;
  readonly make: (rng: Rng, n: number) => SampleArray;
  readonly encode: (value: number | bigint, littleEndian: boolean) => number[];
}

function bytesOf(size: number, write: (view: DataView) => void): number[] {
  const view = new DataView(new ArrayBuffer(size));
  write(view);
  return [...new Uint8Array(view.buffer)];
}

function fill<T extends SampleArray>(array: T, extremes: ReadonlyArray<number | bigint>, random: () => number | bigint): T {
  const values = array as unknown as Array<number | bigint>;
  for (let i = 0; i < array.length; i++) values[i] = i < extremes.length ? extremes[i] : random();
  return array;
}

const FORMATS: readonly FormatCase[] = [
  {
    code: 1,
    make: (rng, n) => fill(new Float32Array(n), [0, 1, -118.625, 3.4028234663852886e38], () => ibmToNumber(((rng.chance(0.5) ? 0x80000000 : 0) | (rng.range(40, 90) << 24) | rng.range(0x100000, 0xffffff)) >>> 0)),
    encode: (v, le) => bytesOf(4, (d) => d.setUint32(0, numberToIbm(Number(v)), le)),
  },
  { code: 2, make: (rng, n) => fill(new Int32Array(n), [-(2 ** 31), 2 ** 31 - 1, 0, -1], () => rng.uint32() | 0), encode: (v, le) => bytesOf(4, (d) => d.setInt32(0, Number(v), le)) },
  { code: 3, make: (rng, n) => fill(new Int16Array(n), [-32768, 32767, 0, -1], () => rng.range(-32768, 32767)), encode: (v, le) => bytesOf(2, (d) => d.setInt16(0, Number(v), le)) },
  {
    code: 5,
    make: (rng, n) => {
      const out = fill(new Float32Array(n), [NaN, -0, Infinity, -Infinity, 1.401298464324817e-45, 3.4028234663852886e38], () => 0);
      const bits = new Uint32Array(out.buffer);
      for (let i = 6; i < n; i++) bits[i] = rng.uint32() & 0xff7fffff; // finite values of every exponent
      return out;
    },
    encode: (v, le) => bytesOf(4, (d) => d.setFloat32(0, Number(v), le)),
  },
  {
    code: 6,
    make: (rng, n) => fill(new Float64Array(n), [Number.MAX_VALUE, -Number.MIN_VALUE, -0, 0.1], () => (rng.next() - 0.5) * 10 ** rng.range(-300, 300)),
    encode: (v, le) => bytesOf(8, (d) => d.setFloat64(0, Number(v), le)),
  },
  {
    code: 7,
    make: (rng, n) => fill(new Int32Array(n), [-(2 ** 23), 2 ** 23 - 1, 0, -1], () => rng.range(-(2 ** 23), 2 ** 23 - 1)),
    encode: (v, le) => {
      const u = Number(v) & 0xffffff;
      const big = [u >>> 16, (u >>> 8) & 0xff, u & 0xff];
      return le ? big.reverse() : big;
    },
  },
  { code: 8, make: (rng, n) => fill(new Int8Array(n), [-128, 127, 0, -1], () => rng.range(-128, 127)), encode: (v) => [Number(v) & 0xff] },
  {
    code: 9,
    make: (rng, n) => fill(new BigInt64Array(n), [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n], () => BigInt.asIntN(64, (BigInt(rng.uint32()) << 32n) | BigInt(rng.uint32()))),
    encode: (v, le) => bytesOf(8, (d) => d.setBigInt64(0, BigInt(v), le)),
  },
  { code: 10, make: (rng, n) => fill(new Uint32Array(n), [0, 2 ** 32 - 1], () => rng.uint32()), encode: (v, le) => bytesOf(4, (d) => d.setUint32(0, Number(v), le)) },
  { code: 11, make: (rng, n) => fill(new Uint16Array(n), [0, 65535], () => rng.int(65536)), encode: (v, le) => bytesOf(2, (d) => d.setUint16(0, Number(v), le)) },
  {
    code: 12,
    make: (rng, n) => fill(new BigUint64Array(n), [0n, 2n ** 64n - 1n], () => (BigInt(rng.uint32()) << 32n) | BigInt(rng.uint32())),
    encode: (v, le) => bytesOf(8, (d) => d.setBigUint64(0, BigInt(v), le)),
  },
  {
    code: 15,
    make: (rng, n) => fill(new Uint32Array(n), [0, 2 ** 24 - 1], () => rng.int(2 ** 24)),
    encode: (v, le) => {
      const u = Number(v);
      const big = [u >>> 16, (u >>> 8) & 0xff, u & 0xff];
      return le ? big.reverse() : big;
    },
  },
  { code: 16, make: (rng, n) => fill(new Uint8Array(n), [0, 255], () => rng.int(256)), encode: (v) => [Number(v)] },
];

function sameSamples(got: SampleArray, want: SampleArray, what: string): void {
  assert.equal(got.constructor, want.constructor, `${what}: type`);
  const bytes = (a: SampleArray): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  assert.ok(bytes(got).equals(bytes(want)), `${what}: samples differ`);
}

function traceHeader(i: number): TraceHeader {
  return { FieldRecord: 10 + i, CDP: 1000 + i, offset: 25 - 50 * i, INLINE_3D: 7, CROSSLINE_3D: 100 + i, SourceX: -123456 - i, SourceGroupScalar: -100 };
}

describe("SEG-Y writer", () => {
  const dir = tempDir("seisproc-writer-");
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe("every sample format in both byte orders round-trips typed arrays exactly", () => {
    for (const format of FORMATS) {
      for (const order of ORDERS) {
        it(`format ${format.code}, ${order}-endian`, async () => {
          const rng = new Rng(format.code * 2 + (order === "big" ? 0 : 1));
          const traces = Array.from({ length: TRACES }, () => format.make(rng, NS));
          const out = path.join(dir, `f${format.code}-${order}.sgy`);
          const writer = await SegyWriter.create(out, { format: format.code, byteOrder: order, samplesPerTrace: NS, sampleIntervalUs: 2000 });
          for (let i = 0; i < TRACES; i++) await writer.writeTrace(traceHeader(i), traces[i]);
          const result = await writer.close();
          const bytesPerSample = format.encode(0, false).length;
          assert.equal(result.bytes, 3600 + TRACES * (240 + NS * bytesPerSample));
          assert.equal(statSync(out).size, result.bytes);

          // The bytes on disk, checked without the reader.
          const file = readFileSync(out);
          const first = traces[0][0];
          assert.deepEqual([...file.subarray(3840, 3840 + bytesPerSample)], format.encode(first, order === "little"), "first sample's bytes");
          const formatBytes = order === "big" ? [0, format.code] : [format.code, 0];
          assert.deepEqual([...file.subarray(3224, 3226)], formatBytes, "format code at 3225-3226");

          const reader = await SegyReader.open(out);
          try {
            assert.equal(reader.byteOrder, order);
            assert.equal(reader.format.code, format.code);
            assert.equal(reader.traceCount, TRACES);
            assert.equal(reader.samplesPerTrace, NS);
            assert.equal(reader.sampleIntervalUs, 2000);
            const batch = await reader.readTraces(0, TRACES);
            for (let i = 0; i < TRACES; i++) {
              sameSamples(batch.traceSamples(i), traces[i], `trace ${i}`);
              const header = batch.header(i);
              for (const [name, value] of Object.entries(traceHeader(i))) assert.equal(header[name], value, `trace ${i} ${name}`);
              assert.equal(header.TRACE_SAMPLE_COUNT, NS);
              assert.equal(header.TRACE_SAMPLE_INTERVAL, 2000);
            }
          } finally {
            await reader.close();
          }
        });
      }
    }

    it("plain number arrays are rounded into integer formats and bigint formats", async () => {
      const out = path.join(dir, "rounded.sgy");
      const writer = await SegyWriter.create(out, { format: 9, samplesPerTrace: 4, sampleIntervalUs: 1000 });
      await writer.writeTrace({}, [1.4, -2.6, 2 ** 53, 0]);
      await writer.close();
      const reader = await SegyReader.open(out);
      assert.deepEqual([...((await reader.readTrace(0)).samples as BigInt64Array)], [1n, -3n, 2n ** 53n, 0n]);
      await reader.close();
    });
  });

  describe("revision 2", () => {
    for (const order of ORDERS) {
      it(`writes the integer constant (${order}-endian) and the reader then decides the byte order by it`, async () => {
        const out = path.join(dir, `rev2-${order}.sgy`);
        const writer = await SegyWriter.create(out, { revision: 2, byteOrder: order, format: 1, samplesPerTrace: 5, sampleIntervalUs: 500 });
        await writer.writeTrace({ CDP: 1 }, Float32Array.of(1, 2, 3, 4, 5));
        await writer.close();
        const file = readFileSync(out);
        assert.deepEqual([...file.subarray(3296, 3300)], order === "big" ? [1, 2, 3, 4] : [4, 3, 2, 1]);
        assert.deepEqual([...file.subarray(3500, 3502)], order === "big" ? [2, 0] : [0, 2], "revision 2.0 at 3501-3502");
        const reader = await SegyReader.open(out);
        assert.equal(reader.byteOrderSource, "integer-constant");
        assert.equal(reader.byteOrder, order);
        assert.deepEqual(reader.revision, { major: 2, minor: 0 });
        assert.equal(reader.binaryHeader.ExtInterval, 500);
        assert.deepEqual([...(await reader.readTrace(0)).samples], [1, 2, 3, 4, 5]);
        await reader.close();
      });
    }

    it("rev 1 writes no constant; the reader then decides by plausibility", async () => {
      const out = path.join(dir, "rev1.sgy");
      const writer = await SegyWriter.create(out, { byteOrder: "little", samplesPerTrace: 5, sampleIntervalUs: 500 });
      await writer.close();
      assert.deepEqual([...readFileSync(out).subarray(3296, 3300)], [0, 0, 0, 0]);
      const reader = await SegyReader.open(out);
      assert.equal(reader.byteOrderSource, "plausibility");
      assert.equal(reader.byteOrder, "little");
      assert.equal(reader.traceCount, 0);
      await reader.close();
    });

    it("more than 65535 samples go to the extended count (3269-3272)", async () => {
      const out = path.join(dir, "ext-samples.sgy");
      const ns = 70000;
      const writer = await SegyWriter.create(out, { revision: 2, samplesPerTrace: ns, sampleIntervalUs: 250 });
      const samples = Float32Array.from({ length: ns }, (_, i) => i);
      await writer.writeTrace({}, samples);
      await writer.writeTrace({}, samples.map((v) => -v));
      await writer.close();
      const reader = await SegyReader.open(out);
      assert.equal(reader.binaryHeader.Samples, 0);
      assert.equal(reader.binaryHeader.ExtSamples, ns);
      assert.equal(reader.samplesPerTrace, ns);
      assert.equal(reader.traceCount, 2);
      assert.deepEqual((await reader.readTrace(0)).samples, samples);
      await reader.close();
    });

    it("additional trace headers are written, counted and read back (values, raw, and 240-byte raw headers zero-filled)", async () => {
      const out = path.join(dir, "additional.sgy");
      // 2.8 MB traces: the third one is written after a flush, into the reused start of the write buffer.
      const ns = 700_000;
      const writer = await SegyWriter.create(out, { revision: 2, additionalTraceHeaders: 2, samplesPerTrace: ns, sampleIntervalUs: 1000 });
      const raw = new Uint8Array(720).fill(0xab);
      raw.fill(0, 0, 240);
      new DataView(raw.buffer).setInt32(20, 4242);
      const samples = (v: number): Float32Array => new Float32Array(ns).fill(v);
      await writer.writeTrace(raw, samples(1));
      await writer.writeTrace({ CDP: 7 }, samples(2));
      await writer.writeTrace(raw.subarray(0, 240), samples(3));
      await writer.close();
      const reader = await SegyReader.open(out);
      try {
        assert.equal(reader.layout.additionalTraceHeaders, 2);
        assert.equal(reader.traceCount, 3);
        assert.deepEqual(await reader.readRawHeader(0), raw);
        assert.equal((await reader.readHeader(0)).CDP, 4242);
        assert.equal((await reader.readHeader(1)).CDP, 7);
        assert.deepEqual((await reader.readRawHeader(1)).subarray(240), new Uint8Array(480));
        const third = await reader.readRawHeader(2);
        assert.deepEqual(third.subarray(0, 240), raw.subarray(0, 240));
        assert.deepEqual(third.subarray(240), new Uint8Array(480), "additional headers of a 240-byte raw header are zero");
        assert.deepEqual((await reader.readTrace(2)).samples, samples(3));
      } finally {
        await reader.close();
      }
    });
  });

  describe("variable-length traces (rev 2)", () => {
    const lengths = [50, 7, 123, 1, 50, 300, 2];
    const out = path.join(dir, "variable.sgy");
    const traces = lengths.map((n, t) => Float32Array.from({ length: n }, (_, i) => t * 1000 + i));

    before(async () => {
      const writer = await SegyWriter.create(out, { revision: 2, variableLength: true, format: 5, samplesPerTrace: 50, sampleIntervalUs: 4000 });
      for (const [t, samples] of traces.entries()) await writer.writeTrace({ CDP: t }, samples);
      await writer.close();
    });

    it("are written with the fixed-length flag 0 and per-trace sample counts", () => {
      const file = readFileSync(out);
      assert.equal(file.readInt16BE(3502), 0, "fixed-length flag at 3503-3504");
      let at = 3600;
      for (const n of lengths) {
        assert.equal(file.readUInt16BE(at + 114), n);
        at += 240 + 4 * n;
      }
      assert.equal(at, file.length);
    });

    it("are read back by scanning: fixedLength false, each trace's count, offset and samples", async () => {
      const reader = await SegyReader.open(out);
      try {
        assert.equal(reader.fixedLength, false);
        assert.equal(reader.traceCount, lengths.length);
        assert.equal(reader.samplesPerTrace, 50);
        let at = 3600;
        for (const [t, n] of lengths.entries()) {
          assert.equal(reader.traceSampleCount(t), n);
          assert.equal(reader.traceOffset(t), at);
          at += 240 + 4 * n;
          const trace = await reader.readTrace(t);
          assert.deepEqual(trace.samples, traces[t]);
          assert.equal(trace.header.CDP, t);
        }
        const seen: number[] = [];
        for await (const batch of reader.batches({ batchBytes: 600 })) for (let i = 0; i < batch.count; i++) seen.push(batch.traceSamples(i).length);
        assert.deepEqual(seen, lengths);
      } finally {
        await reader.close();
      }
    });

    it("survive a convert to IBM float little-endian (raw headers carried over)", async () => {
      const copy = path.join(dir, "variable-ibm.sgy");
      await convertSegy(out, copy, { format: 1, byteOrder: "little" });
      const reader = await SegyReader.open(copy);
      try {
        assert.equal(reader.byteOrderSource, "integer-constant");
        assert.equal(reader.fixedLength, false);
        for (const [t, n] of lengths.entries()) {
          assert.equal(reader.traceSampleCount(t), n);
          assert.deepEqual((await reader.readTrace(t)).samples, traces[t]);
        }
      } finally {
        await reader.close();
      }
    });

    it("a variable-length file whose traces all have the nominal count reads as fixed-length", async () => {
      const same = path.join(dir, "variable-same.sgy");
      const writer = await SegyWriter.create(same, { revision: 2, variableLength: true, samplesPerTrace: 4, sampleIntervalUs: 4000 });
      for (let t = 0; t < 3; t++) await writer.writeTrace({}, new Float32Array(4).fill(t));
      await writer.close();
      const reader = await SegyReader.open(same);
      assert.equal(reader.fixedLength, true);
      assert.equal(reader.traceCount, 3);
      await reader.close();
    });

    it("need rev 2", async () => {
      await assert.rejects(
        SegyWriter.create(path.join(dir, "v1.sgy"), { revision: 1, variableLength: true, samplesPerTrace: 4, sampleIntervalUs: 4000 }),
        (e: unknown) => isSeisprocError(e, ValidationError) && e.key === "options.variableLength",
      );
    });
  });

  describe("Seismic Unix output", () => {
    for (const order of ORDERS) {
      it(`${order}-endian: no file headers, 240-byte headers and IEEE floats, read back as SU`, async () => {
        const out = path.join(dir, `out-${order}.su`);
        const writer = await SegyWriter.create(out, { container: "su", byteOrder: order, samplesPerTrace: 11, sampleIntervalUs: 4000 });
        const traces = Array.from({ length: 5 }, (_, t) => Float32Array.from({ length: 11 }, (_, i) => t - i / 4));
        for (const [t, samples] of traces.entries()) await writer.writeTrace({ cdp: 500 + t, offset: t * 25 }, samples);
        await writer.close();
        const file = readFileSync(out);
        assert.equal(file.length, 5 * (240 + 44));
        assert.equal(order === "big" ? file.readUInt16BE(114) : file.readUInt16LE(114), 11);
        const reader = await SegyReader.open(out);
        try {
          assert.equal(reader.container, "su");
          assert.equal(reader.byteOrder, order);
          assert.equal(reader.format.code, 5);
          assert.equal(reader.sampleIntervalUs, 4000);
          assert.equal(reader.textHeaders.length, 0);
          for (const [t, samples] of traces.entries()) {
            const trace = await reader.readTrace(t);
            assert.deepEqual(trace.samples, samples);
            assert.equal(trace.header.CDP, 500 + t);
            assert.equal(trace.header.offset, t * 25);
          }
        } finally {
          await reader.close();
        }
      });
    }

    it("refuses any format but 5", async () => {
      await assert.rejects(
        SegyWriter.create(path.join(dir, "x.su"), { container: "su", format: 1, samplesPerTrace: 4, sampleIntervalUs: 1 }),
        (e: unknown) => isSeisprocError(e, ValidationError) && e.key === "options.format",
      );
    });
  });

  describe("atomic output", () => {
    it("the file does not exist under its name before close(), and close leaves no temporary file", async () => {
      const sub = path.join(dir, "atomic");
      mkdirSync(sub);
      const out = path.join(sub, "atomic.sgy");
      const writer = await SegyWriter.create(out, { samplesPerTrace: 1000, sampleIntervalUs: 1000 });
      for (let t = 0; t < 3000; t++) await writer.writeTrace({ CDP: t }, new Float32Array(1000).fill(t)); // 12 MB: some is flushed
      assert.equal(existsSync(out), false);
      const partial = readdirSync(sub);
      assert.equal(partial.length, 1);
      assert.match(partial[0], /^\.atomic\.sgy\.partial-/);
      assert.ok(statSync(path.join(sub, partial[0])).size > 0, "data is being written to the temporary file");
      const result = await writer.close();
      assert.deepEqual(readdirSync(sub), ["atomic.sgy"]);
      assert.equal(result.traceCount, 3000);
      assert.equal(statSync(out).size, 3600 + 3000 * 4240);
      const reader = await SegyReader.open(out);
      assert.equal((await reader.readHeader(2999)).CDP, 2999);
      await reader.close();
    });

    it("a sample interval over 32767 µs goes to the rev 2 extended field only (the int16 field gets 0)", async () => {
      const out = path.join(dir, "interval.sgy");
      const writer = await SegyWriter.create(out, { revision: 2, samplesPerTrace: 2, sampleIntervalUs: 32767.6 });
      await writer.writeTrace({}, Float32Array.of(1, 2));
      await writer.close();
      const reader = await SegyReader.open(out);
      assert.equal(reader.binaryHeader.Interval, 0);
      assert.equal(reader.sampleIntervalUs, 32767.6);
      await reader.close();
    });
  });
});

describe("SegyWriter fixes found by the CLI work", () => {
  it("converting to rev 2 writes the byte-order constant and the fixed-length flag", async () => {
    const out = path.join(tempDir(), "r2.sgy");
    await convertSegy(path.join(conformanceDir(), "segyio", "small.sgy"), out, { revision: 2 });
    const reader = await SegyReader.open(out);
    assert.equal(reader.binaryHeader.IntegerConstant, 0x01020304);
    assert.equal(reader.binaryHeader.TraceFlag, 1);
    assert.equal(reader.byteOrderSource, "integer-constant");
    assert.equal(reader.revision.major, 2);
    await reader.close();
  });
});

describe("SegyWriter: the two-byte additional-header count on a byte-order change", () => {
  it("converting segyio's rev 2 file with an extra trace header to little-endian stays readable", async () => {
    const input = path.join(conformanceDir(), "segyio", "rotated-small-rev2.sgy");
    const out = path.join(tempDir(), "rev2-le.sgy");
    await convertSegy(input, out, { byteOrder: "little" });
    const [a, b] = [await SegyReader.open(input), await SegyReader.open(out)];
    assert.equal(b.byteOrder, "little");
    assert.equal(b.layout.additionalTraceHeaders, 1);
    assert.equal(b.traceCount, a.traceCount);
    assert.deepEqual(Array.from((await b.readTrace(24)).samples as Float32Array), Array.from((await a.readTrace(24)).samples as Float32Array));
    await Promise.all([a.close(), b.close()]);
  });
});
