import { strict as assert } from "node:assert";
import { rmSync } from "node:fs";
import * as path from "node:path";
import { exportDataset, HeaderMap, importSegy, LazySeismicData, MemoryStore, SegyReader, toFloat32 } from "../../src";
import { conformanceDir, tempDir } from "../helpers/paths";

describe("export of a rev 2 store with additional trace headers to the other byte order", () => {
  const dir = tempDir("seisproc-export-order-");
  after(() => rmSync(dir, { recursive: true, force: true }));
  // rotated-small-rev2.sgy (big-endian) keeps its one additional trace header count in two bytes (3507-3508),
  // as segyio writes it; swapped as the four-byte field it would read as 0 (or 65536) in little-endian.
  const source = path.join(conformanceDir(), "segyio", "rotated-small-rev2.sgy");

  for (const format of [1, 5]) {
    it(`format ${format}, little-endian: the export opens with 480-byte trace headers and the source's headers and samples`, async () => {
      const store = new MemoryStore();
      await importSegy(source, store);
      const out = path.join(dir, `rev2-le-${format}.sgy`);
      await exportDataset(await LazySeismicData.open(store), out, "segy", { format, byteOrder: "little" });
      const [want, got] = [await SegyReader.open(source), await SegyReader.open(out, { byteOrder: "little" })];
      try {
        assert.equal(want.layout.additionalTraceHeaders, 1, "the source has one additional trace header");
        assert.equal(got.layout.additionalTraceHeaders, 1, "additional trace headers of the export");
        assert.equal(got.layout.traceHeaderBytes, 480);
        assert.equal(got.traceCount, want.traceCount);
        assert.equal(got.format.code, format);
        const [a, b] = [await want.readTraces(0, want.traceCount), await got.readTraces(0, got.traceCount)];
        assert.deepEqual(Array.from(toFloat32(b.samples)), Array.from(toFloat32(a.samples)), "samples");
        for (const name of HeaderMap.standard().fields.map((f) => f.name)) assert.deepEqual(Array.from(b.column(name)), Array.from(a.column(name)), `header ${name}`);
      } finally {
        await want.close();
        await got.close();
      }
    });
  }
});
