import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import * as path from "node:path";
import { FileSystemStore, importSegy, SegyReader, type CompressionName } from "../../src";
import { conformanceFiles, type ConformanceFile } from "../helpers/conformance";
import { tempDir } from "../helpers/paths";
import { helperScript, requireZarrXarray, runPythonJson } from "../helpers/python";

/** What zarr_dump.py reports for one store. */
interface PythonView {
  error?: string;
  zarr: {
    arrays: string[];
    attrs: { seisproc?: { complete?: boolean; traceCount?: number } };
    traces: { shape: number[]; dtype: string; compressor: string | null; filters: string[]; sha256_float32le: string };
    raw_headers: { shape: number[]; dtype: string; compressor: string | null; sha256: string };
    time: number[];
    gather_order: number[] | null;
  };
  xarray: {
    traces_dims: string[];
    traces_shape: number[];
    traces_dtype: string;
    traces_coords: string[];
    sha256_float32le: string;
    raw_headers_dims: string[];
    raw_headers_sha256: string;
    time_is_coord: boolean;
    time_dims: string[];
    time_units: string | null;
    time: number[];
    gather_order_dims: string[] | null;
  };
}

/** One store to import and have Python read. */
interface Case {
  source: ConformanceFile;
  compression: CompressionName;
  store: string;
  /** Gathers by this key (default FieldRecord, in file order for every corpus file). */
  gatherKey?: string;
  /** For an unsorted gather key: the traces in gather order (by key, file order within), from SegyReader. */
  gatherOrder?: number[];
  /** SHA-256 of every raw trace header of the source, in file order, as SegyReader reads them. */
  rawHeaderSha256?: string;
}

/** Besides every file with lz4 (the default), these with the other codecs. */
const OTHER_CODECS: Record<Exclude<CompressionName, "lz4">, string[]> = {
  zstd: ["segyio/f3.sgy", "segyio/multiformats/Format6lsb.sgy", "segyio/multiformats/Format12msb.sgy", "segyio/long.sgy", "segyio/small.su", "obspy/1.su_first_trace"],
  none: ["segyio/f3-lsb.sgy", "segyio/multiformats/Format8msb.sgy", "segyio/multiformats/Format16lsb.sgy", "segyio/rotated-small-rev2.sgy", "segyio/text.sgy", "obspy/1.sgy_first_trace"],
};
const EMPTY_SHA256 = createHash("sha256").digest("hex");

/** What SegyReader reads from the source: the SHA-256 of its raw trace headers, and the traces sorted by `key`. */
async function readSource(source: ConformanceFile, key: string | undefined): Promise<{ rawHeaderSha256: string; gatherOrder?: number[] }> {
  const reader = await SegyReader.open(source.file, { container: source.su ? "su" : "segy" });
  try {
    const hash = createHash("sha256");
    const keys: number[] = [];
    for (let i = 0; i < reader.traceCount; i++) {
      hash.update(await reader.readRawHeader(i));
      if (key !== undefined) keys.push((await reader.readHeader(i))[key]);
    }
    const gatherOrder = key === undefined ? undefined : keys.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
    return { rawHeaderSha256: hash.digest("hex"), gatherOrder };
  } finally {
    await reader.close();
  }
}

describe("trace stores open in zarr-python and xarray (Debian python3-zarr, python3-xarray, /usr/bin/python3)", () => {
  const dir = tempDir("seisproc-zarr-interop-");
  after(() => rmSync(dir, { recursive: true, force: true }));
  const files = conformanceFiles();
  const file = (name: string): ConformanceFile => {
    const found = files.find((f) => f.relative === name);
    if (found === undefined) throw new Error(`${name} is not a readable file of the conformance corpus`);
    return found;
  };
  const cases: Case[] = files.map((source) => ({ source, compression: "lz4", store: "" }));
  for (const [compression, names] of Object.entries(OTHER_CODECS) as Array<[CompressionName, string[]]>) {
    for (const name of names) cases.push({ source: file(name), compression, store: "" });
  }
  // f3.sgy is sorted by inline: gathers by crossline add the gather_order permutation array to the store.
  cases.push({ source: file("segyio/f3.sgy"), compression: "lz4", store: "", gatherKey: "CROSSLINE_3D" });
  cases.forEach((c, i) => (c.store = path.join(dir, `${i}-${path.basename(c.source.file)}.${c.compression}.seis`)));
  let views: Promise<PythonView[]> | undefined;

  /** Imports every case, then has one Python process open all the stores (once, shared by the tests). */
  function pythonViews(): Promise<PythonView[]> {
    views ??= (async () => {
      requireZarrXarray();
      for (const c of cases) {
        const read = { container: c.source.su ? ("su" as const) : ("segy" as const) };
        await importSegy(c.source.file, new FileSystemStore(c.store), { compression: c.compression, read, gatherKey: c.gatherKey });
        Object.assign(c, await readSource(c.source, c.gatherKey));
      }
      return runPythonJson<PythonView[]>(helperScript("zarr_dump.py"), cases.map((c) => ({ path: c.store })));
    })();
    return views;
  }

  it("zarr, xarray and numpy import from /usr/bin/python3 (else: run scripts/setup.sh)", () => requireZarrXarray());

  cases.forEach((c, i) => {
    const { expected } = c.source;
    const by = c.gatherKey === undefined ? "" : `, gathers by ${c.gatherKey}`;
    it(`${c.source.relative} (${c.compression}${by}): zarr and xarray see its samples, raw headers and time axis`, async () => {
      const view = (await pythonViews())[i];
      assert.equal(view.error, undefined, view.error);
      const { zarr, xarray } = view;
      const n = expected.traces.count;
      const ns = expected.traces.samples_per_trace;
      const samplesSha = expected.data?.sha256_float32le ?? EMPTY_SHA256;
      assert.deepEqual(zarr.arrays, c.gatherOrder === undefined ? ["raw_headers", "time", "traces"] : ["gather_order", "raw_headers", "time", "traces"]);
      if (c.gatherOrder !== undefined) {
        assert.deepEqual(zarr.gather_order, c.gatherOrder, "gather_order: traces by gather key, file order within");
        assert.deepEqual(xarray.gather_order_dims, ["gather_position"]);
      }
      assert.equal(zarr.attrs.seisproc?.complete, true, "group attribute seisproc.complete");
      assert.equal(zarr.attrs.seisproc?.traceCount, n, "group attribute seisproc.traceCount");

      // Samples: zarr-python and xarray decode the same values as the corpus' reference readers.
      assert.deepEqual(zarr.traces.shape, [n, ns], "zarr traces shape");
      if (expected.data !== undefined) assert.equal(zarr.traces.dtype, expected.data.dtype, "zarr traces dtype");
      assert.equal(zarr.traces.compressor, c.compression === "none" ? null : c.compression, "compressor in .zarray");
      assert.equal(zarr.traces.sha256_float32le, samplesSha, "zarr: SHA-256 of the samples as float32 LE");
      assert.deepEqual(xarray.traces_dims, ["trace", "sample"]);
      assert.deepEqual(xarray.traces_shape, [n, ns], "xarray traces shape");
      assert.equal(xarray.traces_dtype, zarr.traces.dtype, "xarray dtype (no masking or scaling)");
      assert.deepEqual(xarray.traces_coords, ["time"], "traces carries the time coordinate");
      assert.equal(xarray.sha256_float32le, samplesSha, "xarray: SHA-256 of the samples as float32 LE");

      // Raw headers: the file's trace header bytes, 240 × (1 + additional headers) per trace.
      const headerBytes = 240 * (1 + expected.layout.additional_trace_headers);
      assert.deepEqual(zarr.raw_headers.shape, [n, headerBytes], "raw_headers shape");
      assert.equal(zarr.raw_headers.dtype, "uint8");
      assert.equal(zarr.raw_headers.compressor, c.compression === "none" ? null : c.compression);
      assert.equal(zarr.raw_headers.sha256, c.rawHeaderSha256, "zarr raw_headers = the file's raw trace headers");
      assert.deepEqual(xarray.raw_headers_dims, ["trace", "header_byte"]);
      assert.equal(xarray.raw_headers_sha256, c.rawHeaderSha256, "xarray raw_headers = the file's raw trace headers");

      // Time: a coordinate along `sample`, first_sample_time + i × dt in ms.
      assert.equal(xarray.time_is_coord, true, "time is a coordinate");
      assert.deepEqual(xarray.time_dims, ["sample"]);
      assert.deepEqual(xarray.time, zarr.time, "xarray and zarr read the same time values");
      assert.equal(zarr.time.length, ns, "one time per sample");
      const t0 = expected.traces.first_sample_time_ms ?? null; // absent when there are no traces
      const dtUs = expected.traces.sample_interval_us ?? null; // null when no header gives one (SU files here)
      if (dtUs === null) {
        // No interval: the coordinate is the sample index, and says so.
        assert.equal(xarray.time_units, "1");
        assert.deepEqual(zarr.time, Array.from({ length: ns }, (_, k) => k), "sample index");
        return;
      }
      assert.equal(xarray.time_units, "ms");
      if (t0 !== null) assert.equal(zarr.time[0], t0, "time of the first sample");
      if (t0 !== null && dtUs !== null) {
        const wrong = zarr.time.findIndex((t, k) => Math.abs(t - (t0 + (k * dtUs) / 1000)) > 1e-9 * Math.max(1, Math.abs(t)));
        assert.equal(wrong, -1, `time[${wrong}] = ${zarr.time[wrong]}, expected ${t0} + ${wrong} × ${dtUs / 1000} ms`);
      }
    });
  });
});
