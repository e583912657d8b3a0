import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type * as Hyparquet from "hyparquet";
import { exportDataset, FileSystemStore, headersParquetFormat, importSegy, LazySeismicData, SegyReader, writeSurvey } from "../../src";
import { importEsm } from "../../src/core/util/esm";
import { tempDir } from "../helpers/paths";

describe("exporting trace headers as Parquet", () => {
  const dir = tempDir("seisproc-headers-parquet-");
  const source = path.join(dir, "line.sgy");
  let data: LazySeismicData;
  let reader: SegyReader;
  before(async () => {
    await writeSurvey(source, { kind: "shots-2d", shots: 5, channels: 24, samples: 50, seed: 3 }, { format: 5 });
    await importSegy(source, new FileSystemStore(path.join(dir, "line.seis")), { gatherKey: "FieldRecord" });
    data = await LazySeismicData.open(new FileSystemStore(path.join(dir, "line.seis")));
    reader = await SegyReader.open(source);
  });
  after(() => reader.close());

  const read = async (file: string) => {
    const { parquetMetadata, parquetReadObjects } = await importEsm<typeof Hyparquet>("hyparquet");
    const bytes = readFileSync(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    return { metadata: parquetMetadata(buffer), rows: (await parquetReadObjects({ file: buffer })) as Record<string, number>[] };
  };

  it("writes every trace's header values, in row groups, readable by hyparquet, equal to the SEG-Y file's", async () => {
    const out = path.join(dir, "headers.parquet");
    const result = await headersParquetFormat(50).write(data, out, { columns: ["FieldRecord", "TraceNumber", "offset", "SourceX"] });
    assert.equal(result.traceCount, 120);
    const { metadata, rows } = await read(out);
    assert.deepEqual(metadata.row_groups.map((g) => Number(g.num_rows)), [50, 50, 20]);
    assert.deepEqual(metadata.schema.map((s) => s.name), ["root", "trace", "FieldRecord", "TraceNumber", "offset", "SourceX"]);
    assert.equal(rows.length, 120);
    for (const t of [0, 49, 50, 119]) {
      const { header } = await reader.readTrace(t);
      assert.deepEqual(rows[t], { trace: t, FieldRecord: header.FieldRecord, TraceNumber: header.TraceNumber, offset: header.offset, SourceX: header.SourceX });
    }
  });

  it("through the registry: chosen gathers only, every standard field by default", async () => {
    const out = path.join(dir, "some.parquet");
    await exportDataset(data, out, "headers-parquet", { gathers: [2, 4] });
    const { rows } = await read(out);
    assert.equal(rows.length, 48);
    assert.deepEqual([...new Set(rows.map((r) => r.FieldRecord))], [2, 4]);
    assert.ok(Object.keys(rows[0]).length > 80, "every standard trace header field is a column");
  });

  it("an unknown column is a ValidationError and leaves no file behind", async () => {
    const out = path.join(dir, "bad.parquet");
    await assert.rejects(exportDataset(data, out, "headers-parquet", { columns: ["FieldRecord", "NoSuchField"] }), /NoSuchField/);
    assert.equal(existsSync(out), false);
  });
});
