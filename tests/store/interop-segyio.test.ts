import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { exportDataset, FileSystemStore, importSegy, LazySeismicData, SegyReader, toFloat32, writeSurvey, type ByteOrder, type ExportOptions } from "../../src";
import { conformanceDir, tempDir } from "../helpers/paths";
import { helperScript, requireSegyio, runPythonJson } from "../helpers/python";

/** What segyio_dump.py reports for one file. */
interface SegyioView {
  tracecount: number;
  samples: number;
  dt: number;
  format: number;
  headers: Array<Record<string, number>>;
  sha256_float32le: string;
}

/** What SegyReader reads from the source for a list of its traces. */
interface SourceView {
  samples: number;
  dt: number | null;
  headers: Array<Record<string, number>>;
  sha256_float32le: string;
}

const FIELDS = ["FieldRecord", "CDP", "offset", "INLINE_3D", "CROSSLINE_3D", "SourceX"];

/** A source file, the key its store's gathers are made by, and a few gathers to export alone. */
interface Source {
  name: string;
  file: string;
  format: number;
  order: ByteOrder;
  gatherKey: string;
  subset: number[];
}

/** One export of a store, and the source traces it must hold, in order. */
interface Exported {
  source: Source;
  label: string;
  path: string;
  format: number;
  order: ByteOrder;
  traces: number[];
}

/** Traces whose `key` header is in `keys`, gather after gather in the order of `keys`, file order within. */
async function tracesOfGathers(reader: SegyReader, key: string, keys: number[]): Promise<number[]> {
  const values: number[] = [];
  for (let i = 0; i < reader.traceCount; i++) values.push((await reader.readHeader(i))[key]);
  return keys.flatMap((k) => values.flatMap((v, i) => (v === k ? [i] : [])));
}

async function readSource(file: string, traces: number[]): Promise<SourceView> {
  const reader = await SegyReader.open(file);
  try {
    const hash = createHash("sha256");
    const headers: Array<Record<string, number>> = [];
    for (const t of traces) {
      const { header, samples } = await reader.readTrace(t);
      headers.push(Object.fromEntries(FIELDS.map((f) => [f, header[f]])));
      const f32 = toFloat32(samples);
      hash.update(new Uint8Array(f32.buffer, f32.byteOffset, f32.byteLength));
    }
    return { samples: reader.samplesPerTrace, dt: reader.sampleIntervalUs, headers, sha256_float32le: hash.digest("hex") };
  } finally {
    await reader.close();
  }
}

describe("store exports read back by segyio 1.8.3 (Debian python3-segyio, /usr/bin/python3)", function () {
  this.timeout(120_000);
  const dir = tempDir("seisproc-store-segyio-");
  after(() => rmSync(dir, { recursive: true, force: true }));
  const sources: Source[] = [
    { name: "survey-ibm", file: path.join(dir, "survey-ibm.sgy"), format: 1, order: "big", gatherKey: "FieldRecord", subset: [3, 6] },
    // f3 is sorted by inline: gathers by crossline go through the gather_order permutation.
    { name: "f3", file: path.join(conformanceDir(), "segyio", "f3.sgy"), format: 3, order: "big", gatherKey: "CROSSLINE_3D", subset: [877, 890] },
  ];
  const exported: Exported[] = [];
  let views: Promise<SegyioView[]> | undefined;

  /** Generates and imports the sources, exports each three ways, then segyio reads all exports in one run. */
  function segyioViews(): Promise<SegyioView[]> {
    views ??= (async () => {
      requireSegyio();
      await writeSurvey(sources[0].file, { kind: "shots-2d", shots: 8, channels: 60, samples: 400, seed: 11 }, { format: 1 });
      for (const source of sources) {
        const store = new FileSystemStore(path.join(dir, `${source.name}.seis`));
        await importSegy(source.file, store, { gatherKey: source.gatherKey });
        const data = await LazySeismicData.open(store);
        const reader = await SegyReader.open(source.file);
        const all = Array.from({ length: reader.traceCount }, (_, i) => i);
        const subset = await tracesOfGathers(reader, source.gatherKey, source.subset);
        await reader.close();
        const ways: Array<{ label: string; options: ExportOptions; format: number; order: ByteOrder; traces: number[] }> = [
          { label: `own format ${source.format}`, options: {}, format: source.format, order: source.order, traces: all },
          { label: "format 5, little-endian", options: { format: 5, byteOrder: "little" }, format: 5, order: "little", traces: all },
          { label: `${source.gatherKey} ${source.subset.join(", ")} only`, options: { gathers: source.subset }, format: source.format, order: source.order, traces: subset },
        ];
        for (const [k, way] of ways.entries()) {
          const out = path.join(dir, `${source.name}-${k}.sgy`);
          const result = await exportDataset(data, out, "segy", way.options);
          assert.equal(result.traceCount, way.traces.length, `${source.name}, ${way.label}: traces written`);
          exported.push({ source, label: way.label, path: out, format: way.format, order: way.order, traces: way.traces });
        }
      }
      const jobs = exported.map((e) => ({ path: e.path, endian: e.order, traces: e.traces.map((_, i) => i), fields: FIELDS }));
      return runPythonJson<SegyioView[]>(helperScript("segyio_dump.py"), jobs);
    })();
    return views;
  }

  it("segyio and numpy import from /usr/bin/python3 (else: run scripts/setup.sh)", () => requireSegyio());

  for (const [s, name] of ["survey-ibm (shots-2d, IBM float)", "f3.sgy (int16)"].entries()) {
    for (const [k, way] of ["in its own format", "as format 5, little-endian", "a subset of gathers"].entries()) {
      it(`${name}, exported ${way}: segyio reads the source's traces, headers and samples`, async () => {
        const all = await segyioViews();
        const index = s * 3 + k;
        const [ours, theirs] = [exported[index], all[index]];
        const want = await readSource(ours.source.file, ours.traces);
        assert.ok(ours.traces.length > 0, "the export holds traces");
        assert.equal(theirs.tracecount, ours.traces.length, "trace count");
        assert.equal(theirs.samples, want.samples, "samples per trace");
        assert.equal(theirs.dt, want.dt, "sample interval (µs)");
        assert.equal(theirs.format, ours.format, "binary header format code");
        const wrong = theirs.headers.findIndex((h, i) => JSON.stringify(h) !== JSON.stringify(want.headers[i]));
        assert.equal(wrong, -1, `export trace ${wrong} (source trace ${ours.traces[wrong]}): segyio ${JSON.stringify(theirs.headers[wrong])}, source ${JSON.stringify(want.headers[wrong])}`);
        assert.equal(theirs.sha256_float32le, want.sha256_float32le, "SHA-256 of the samples as float32 LE");
        if (k === 0) assert.ok(readFileSync(ours.path).equals(readFileSync(ours.source.file)), "an export in the source's own format is the source, byte for byte");
      });
    }
  }
});
