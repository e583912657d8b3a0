import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fs, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import {
  CoordinateSystem,
  CRS_STANZA_HEADER,
  encodeTextHeader,
  exportDataset,
  FileSystemStore,
  importSegy,
  LazySeismicData,
  lookupEpsg,
  readCrsStanza,
  readDatasetCrs,
  SegyReader,
  SegyWriter,
  setDatasetCrs,
  StorageError,
  STORE_KEYS,
  toFloat32,
  UnknownCrsCodeError,
  writeSurvey,
  type StoreMetadata,
} from "../../src";
import { BIN } from "../helpers/cli";
import { repoRoot, tempDir } from "../helpers/paths";
import { requireSegyio, runPythonJson } from "../helpers/python";

const SURVEY = { kind: "shots-2d", shots: 3, channels: 12, samples: 120, sampleIntervalUs: 4000, seed: 5 } as const;
const CARD = 80;

function card(text: string, n: number): string {
  return text.slice((n - 1) * CARD, n * CARD);
}

async function importInto(file: string, dir: string): Promise<FileSystemStore> {
  const store = new FileSystemStore(dir);
  await importSegy(file, store);
  return store;
}

async function exported(store: FileSystemStore, file: string, revision?: 0 | 1 | 2): Promise<SegyReader> {
  await exportDataset(await LazySeismicData.open(store), file, "segy", revision === undefined ? {} : { revision });
  return SegyReader.open(file);
}

/** The bytes of a SEG-Y file after its file headers (the traces). */
function traceBytes(file: string, reader: SegyReader): Buffer {
  return readFileSync(file).subarray(3600 + (reader.textHeaders.length - 1) * 3200);
}

describe("a dataset's CRS: in store metadata, set atomically, and written into SEG-Y exports", function () {
  this.timeout(60_000);
  const dir = tempDir("seisproc-crs-");
  after(() => rmSync(dir, { recursive: true, force: true }));
  const rev2 = path.join(dir, "rev2.sgy");
  const rev1 = path.join(dir, "rev1.sgy");
  before(async () => {
    await writeSurvey(rev2, SURVEY, { revision: 2 });
    await writeSurvey(rev1, SURVEY, { revision: 1 });
  });

  it("setDatasetCrs records the CRS in seisproc/metadata.json; readDatasetCrs and a reopened dataset see it", async () => {
    const store = await importInto(rev2, path.join(dir, "set.seis"));
    assert.equal(await readDatasetCrs(store), null);
    const set = await setDatasetCrs(store, "EPSG:32631");
    assert.equal(set?.epsgCode, 32631);
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, "set.seis", "seisproc", "metadata.json"), "utf8")) as StoreMetadata;
    assert.equal(onDisk.crs?.epsg, 32631);
    assert.equal(onDisk.crs?.name, "WGS 84 / UTM zone 31N");
    assert.equal(onDisk.crs?.units, "metre");
    assert.equal(onDisk.traceCount, 36); // the rest of the document is kept
    assert.ok((await readDatasetCrs(store))?.equals(await CoordinateSystem.fromEpsg(32631)));
    assert.equal((await LazySeismicData.open(store)).metadata.crs?.epsg, 32631);
    // No temporary files are left beside the metadata.
    assert.deepEqual((await fs.readdir(path.join(dir, "set.seis", "seisproc"))).sort(), ["COMPLETE", "gathers.json", "metadata.json"]);
    await setDatasetCrs(store, null);
    assert.equal(await readDatasetCrs(store), null);
  });

  it("an unknown code changes nothing; a store that is not complete is refused", async () => {
    const store = await importInto(rev2, path.join(dir, "unknown.seis"));
    await setDatasetCrs(store, 32631);
    const file = path.join(dir, "unknown.seis", "seisproc", "metadata.json");
    const before = await fs.readFile(file);
    await assert.rejects(setDatasetCrs(store, "EPSG:99999"), UnknownCrsCodeError);
    assert.deepEqual(await fs.readFile(file), before);
    const empty = new FileSystemStore(path.join(dir, "empty.seis"));
    await assert.rejects(setDatasetCrs(empty, "EPSG:32631"), (e: unknown) => e instanceof StorageError && e.key === STORE_KEYS.complete);
  });

  it("a rev 2 export carries the C38 CRS line and a Location Data stanza, and keeps every other byte", async () => {
    const store = await importInto(rev2, path.join(dir, "export.seis"));
    await setDatasetCrs(store, "EPSG:32631");
    const out = path.join(dir, "export-crs.sgy");
    const reader = await exported(store, out);
    const source = await SegyReader.open(rev2);
    try {
      const text = reader.textHeaders[0].text;
      assert.equal(card(text, 38), "C38 CRS: EPSG:32631 WGS 84 / UTM zone 31N".padEnd(CARD, " "));
      for (let c = 1; c <= 40; c++) if (c !== 38) assert.equal(card(text, c), card(source.textHeaders[0].text, c), `card ${c} is kept`);
      assert.equal(reader.textHeaders[0].encoding, source.textHeaders[0].encoding);
      assert.equal(reader.textHeaders.length, 3, "textual file header, the stanza, EndText");
      assert.equal(reader.binaryHeader.ExtendedHeaders, 2);
      assert.ok(reader.textHeaders[1].text.startsWith(CRS_STANZA_HEADER));
      assert.ok(reader.textHeaders[2].text.startsWith("((SEG: EndText))"));
      const stanza = readCrsStanza(reader.textHeaders.slice(1).map((t) => t.text));
      const entry = await lookupEpsg(32631);
      assert.equal(stanza?.["Coordinate Reference System Code"], "EPSG:32631");
      assert.equal(stanza?.["Coordinate Reference System Name"], "WGS 84 / UTM zone 31N");
      assert.equal(stanza?.["Coordinate Units"], "metre");
      assert.equal(stanza?.Proj4, entry.proj4);
      assert.equal(stanza?.WKT, entry.wkt, "the WKT survives its line breaks exactly");
      assert.ok(CoordinateSystem.fromWkt(stanza?.WKT ?? "").equals(await CoordinateSystem.fromEpsg(32631)));
      // The traces are the source's, byte for byte.
      assert.ok(traceBytes(out, reader).equals(traceBytes(rev2, source)));
      assert.equal(reader.traceCount, source.traceCount);
    } finally {
      await reader.close();
      await source.close();
    }
  });

  it("rev 1 gets the stanza too, rev 0 only the card; without a CRS the export is the source byte for byte", async () => {
    const store = await importInto(rev1, path.join(dir, "rev1.seis"));
    const plain = path.join(dir, "rev1-plain.sgy");
    await (await exported(store, plain)).close();
    assert.ok(readFileSync(plain).equals(readFileSync(rev1)));
    await setDatasetCrs(store, "EPSG:23031");
    const r1 = await exported(store, path.join(dir, "rev1-crs.sgy"));
    assert.equal(card(r1.textHeaders[0].text, 38).trimEnd(), "C38 CRS: EPSG:23031 ED50 / UTM zone 31N");
    assert.equal(readCrsStanza(r1.textHeaders.slice(1).map((t) => t.text))?.["Coordinate Reference System Code"], "EPSG:23031");
    await r1.close();
    const r0 = await exported(store, path.join(dir, "rev0-crs.sgy"), 0);
    assert.equal(card(r0.textHeaders[0].text, 38).trimEnd(), "C38 CRS: EPSG:23031 ED50 / UTM zone 31N");
    assert.equal(r0.textHeaders.length, 1);
    await r0.close();
  });

  it("re-exporting an export replaces SeisProc's stanza and card instead of adding more", async () => {
    const first = await importInto(rev2, path.join(dir, "again-1.seis"));
    await setDatasetCrs(first, "EPSG:32631");
    const once = path.join(dir, "again-1.sgy");
    await (await exported(first, once)).close();
    const second = await importInto(once, path.join(dir, "again-2.seis"));
    await setDatasetCrs(second, "EPSG:23031");
    const twice = await exported(second, path.join(dir, "again-2.sgy"));
    try {
      const texts = twice.textHeaders.map((t) => t.text);
      assert.equal(texts.length, 3);
      assert.equal(texts.filter((t) => t.startsWith(CRS_STANZA_HEADER)).length, 1);
      assert.equal(readCrsStanza(texts.slice(1))?.["Coordinate Reference System Code"], "EPSG:23031");
      assert.equal(texts[0].split("CRS:").length - 1, 1, "one CRS card");
      assert.equal(card(texts[0], 38).trimEnd(), "C38 CRS: EPSG:23031 ED50 / UTM zone 31N");
    } finally {
      await twice.close();
    }
  });

  it("a textual header with no blank card is left as it is; the stanza still carries the CRS", async () => {
    const full = path.join(dir, "full.sgy");
    const lines = Array.from({ length: 40 }, (_, i) => `C${String(i + 1).padStart(2, " ")} CLIENT NOTES LINE ${i + 1}`);
    const writer = await SegyWriter.create(full, { revision: 2, samplesPerTrace: 10, sampleIntervalUs: 2000, textHeader: lines });
    for (let t = 0; t < 4; t++) await writer.writeTrace({ FieldRecord: 1, TRACE_SEQUENCE_FILE: t + 1 }, new Float32Array(10).fill(t));
    await writer.close();
    const store = await importInto(full, path.join(dir, "full.seis"));
    await setDatasetCrs(store, "EPSG:32631");
    const reader = await exported(store, path.join(dir, "full-crs.sgy"));
    try {
      assert.deepEqual(reader.textHeaders[0].raw, encodeTextHeader(lines, "ebcdic"));
      assert.equal(readCrsStanza(reader.textHeaders.slice(1).map((t) => t.text))?.["Coordinate Reference System Code"], "EPSG:32631");
    } finally {
      await reader.close();
    }
  });

  it("segyio reads the exported file: the CRS card, both extended headers and the same samples", async () => {
    requireSegyio();
    const store = await importInto(rev2, path.join(dir, "segyio.seis"));
    await setDatasetCrs(store, "EPSG:32631");
    const out = path.join(dir, "segyio-crs.sgy");
    const reader = await exported(store, out);
    const hash = createHash("sha256");
    for (let t = 0; t < reader.traceCount; t++) {
      const f32 = toFloat32((await reader.readTrace(t)).samples);
      hash.update(new Uint8Array(f32.buffer, f32.byteOffset, f32.byteLength));
    }
    await reader.close();
    const [view] = runPythonJson<Array<{ tracecount: number; ext_headers: number; text: string[]; sha256_float32le: string }>>(path.join(repoRoot, "tests", "crs", "segyio_text.py"), [out]);
    assert.equal(view.tracecount, 36);
    assert.equal(view.ext_headers, 2);
    assert.equal(card(view.text[0], 38).trimEnd(), "C38 CRS: EPSG:32631 WGS 84 / UTM zone 31N");
    assert.ok(view.text[1].startsWith(CRS_STANZA_HEADER), view.text[1].slice(0, 80));
    assert.equal(readCrsStanza(view.text.slice(1))?.["Coordinate Reference System Code"], "EPSG:32631");
    assert.ok(view.text[2].startsWith("((SEG: EndText))"));
    assert.equal(view.sha256_float32le, hash.digest("hex"));
  });

  it("seisproc import --crs records the CRS; an unknown code stops the import before it starts", async () => {
    const good = path.join(dir, "cli.seis");
    const ok = spawnSync(process.execPath, [BIN, "import", rev2, good, "--crs", "EPSG:32631"], { encoding: "utf8" });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /CRS EPSG:32631 WGS 84 \/ UTM zone 31N/);
    assert.equal((await readDatasetCrs(new FileSystemStore(good)))?.epsgCode, 32631);
    const bad = path.join(dir, "cli-bad.seis");
    const refused = spawnSync(process.execPath, [BIN, "import", rev2, bad, "--crs", "EPSG:99999"], { encoding: "utf8" });
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, /--crs EPSG:99999: is not in the EPSG index/);
    await assert.rejects(fs.stat(bad), /ENOENT/);
  });
});
