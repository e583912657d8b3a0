import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import * as path from "node:path";
import { SegyWriter, toFloat32, type ByteOrder, type SampleArray, type TraceHeader } from "../../src";
import { tempDir } from "../helpers/paths";
import { helperScript, requireSegyio, runPythonJson } from "../helpers/python";
import { Rng } from "../helpers/prng";

/** What segyio_dump.py reports for one file. */
interface SegyioView {
  tracecount: number;
  samples: number;
  dt: number;
  format: number;
  dtype: string;
  headers: Array<Record<string, number>>;
  first5: number[];
  sha256_float32le: string;
}

const FIELDS = ["FieldRecord", "CDP", "offset", "INLINE_3D", "CROSSLINE_3D", "SourceX", "SourceY", "CDP_X", "CDP_Y", "SourceGroupScalar", "TRACE_SAMPLE_COUNT", "TRACE_SAMPLE_INTERVAL"];
const TRACES = 6;
const NS = 53;
const DT = 2000;
const CHECKED_TRACES = [0, 2, TRACES - 1];

/** Samples for each segyio-supported format, exact in it (k/64 values are exact IBM and IEEE floats). */
const SAMPLES: Record<number, (rng: Rng, trace: number) => SampleArray> = {
  1: (rng, t) => Float32Array.from({ length: NS }, (_, i) => Math.round(30000 * Math.sin(i / 5 + t) + rng.range(-50, 50)) / 64),
  2: (rng) => Int32Array.from({ length: NS }, (_, i) => (i === 0 ? 2 ** 31 - 1 : i === 1 ? -(2 ** 31) : rng.uint32() | 0)),
  3: (rng) => Int16Array.from({ length: NS }, (_, i) => (i === 0 ? 32767 : i === 1 ? -32768 : rng.range(-32768, 32767))),
  5: (rng, t) => Float32Array.from({ length: NS }, (_, i) => (i === 0 ? -0.5 : Math.fround((rng.next() - 0.5) * 10 ** (t - 3)))),
  8: (rng) => Int8Array.from({ length: NS }, (_, i) => (i === 0 ? 127 : i === 1 ? -128 : rng.range(-128, 127))),
};

function header(i: number): TraceHeader {
  return {
    FieldRecord: 100 + i,
    CDP: 2000 + i,
    offset: (i % 2 === 0 ? 1 : -1) * 25 * (i + 1),
    INLINE_3D: 10 + Math.floor(i / 3),
    CROSSLINE_3D: 200 + (i % 3),
    SourceX: 6201972 + 250 * i,
    SourceY: 60742329 - 7 * i,
    CDP_X: 6201972 + 125 * i,
    CDP_Y: 60742329 - 3 * i,
    SourceGroupScalar: -10,
  };
}

interface Written {
  readonly path: string;
  readonly format: number;
  readonly order: ByteOrder;
  readonly sha256: string;
  readonly first5: number[];
}

async function writeFile(dir: string, format: number, order: ByteOrder): Promise<Written> {
  const rng = new Rng(format * 10 + (order === "big" ? 1 : 2));
  const file = path.join(dir, `f${format}-${order}.sgy`);
  const writer = await SegyWriter.create(file, { format, byteOrder: order, samplesPerTrace: NS, sampleIntervalUs: DT });
  const hash = createHash("sha256");
  let first5: number[] = [];
  for (let t = 0; t < TRACES; t++) {
    const samples = SAMPLES[format](rng, t);
    await writer.writeTrace(header(t), samples);
    const f32 = toFloat32(samples);
    hash.update(new Uint8Array(f32.buffer, f32.byteOffset, f32.byteLength));
    if (t === 0) first5 = Array.from(f32.subarray(0, 5));
  }
  await writer.close();
  return { path: file, format, order, sha256: hash.digest("hex"), first5 };
}

describe("interoperability with segyio 1.8.3 (Debian python3-segyio, /usr/bin/python3)", function () {
  this.timeout(60_000);
  const dir = tempDir("seisproc-segyio-");
  after(() => rmSync(dir, { recursive: true, force: true }));
  const written: Written[] = [];
  let views: Promise<SegyioView[]> | undefined;

  /** Writes every file, then has segyio read them all in one Python run (once, shared by the tests). */
  function segyioViews(): Promise<SegyioView[]> {
    views ??= (async () => {
      requireSegyio();
      for (const format of [1, 2, 3, 5, 8]) for (const order of ["big", "little"] as const) written.push(await writeFile(dir, format, order));
      const jobs = written.map((w) => ({ path: w.path, endian: w.order, traces: CHECKED_TRACES, fields: FIELDS }));
      return runPythonJson<SegyioView[]>(helperScript("segyio_dump.py"), jobs);
    })();
    return views;
  }

  it("segyio and numpy import from /usr/bin/python3 (else: run scripts/setup.sh)", () => requireSegyio());

  for (const format of [1, 2, 3, 5, 8]) {
    for (const order of ["big", "little"] as const) {
      it(`format ${format}, ${order}-endian: segyio sees our trace count, samples, interval, format, headers and values`, async () => {
        const all = await segyioViews();
        const index = written.findIndex((w) => w.format === format && w.order === order);
        const [ours, theirs] = [written[index], all[index]];
        assert.equal(theirs.tracecount, TRACES, "tracecount");
        assert.equal(theirs.samples, NS, "samples");
        assert.equal(theirs.dt, DT, "dt (µs)");
        assert.equal(theirs.format, format, "binary header format");
        for (const [k, t] of CHECKED_TRACES.entries()) {
          const want = { ...header(t), TRACE_SAMPLE_COUNT: NS, TRACE_SAMPLE_INTERVAL: DT };
          assert.deepEqual(theirs.headers[k], want, `trace ${t} header`);
        }
        assert.deepEqual(theirs.first5, ours.first5, "first samples of trace 0");
        assert.equal(theirs.sha256_float32le, ours.sha256, `SHA-256 of all samples as float32 LE (segyio dtype ${theirs.dtype})`);
      });
    }
  }
});
