import { strict as assert } from "node:assert";
import { rmSync } from "node:fs";
import * as path from "node:path";
import * as arrow from "apache-arrow";
import type * as Hyparquet from "hyparquet";
import { HeaderMap, isSeisprocError, SegyReader, ValidationError, writeSurvey, type TraceHeader } from "../../src";
import {
  encodeHeaderPart,
  HEADER_MAP_KEY,
  HeaderColumnsBuilder,
  HeaderPart,
  HeaderTable,
  type ByteRangeReader,
  type HeaderColumns,
  type HeaderTablePart,
} from "../../src/core/store/header-table";
import { importEsm } from "../../src/core/util/esm";
import { conformanceDir, tempDir } from "../helpers/paths";

const FIELDS = HeaderMap.standard().fields.map((f) => f.name);

interface Fixture {
  name: string;
  reader: SegyReader;
  /** Every trace's header as SegyReader.readHeader gives it. */
  headers: TraceHeader[];
}

async function openFixture(name: string): Promise<Fixture> {
  const reader = await SegyReader.open(path.join(conformanceDir(), "segyio", name));
  const headers: TraceHeader[] = [];
  for (let i = 0; i < reader.traceCount; i++) headers.push(await reader.readHeader(i));
  return { name, reader, headers };
}

/** Header columns of traces [start, end) of a file, through reader batches of 7 traces (so batches straddle parts). */
async function columnsOf(reader: SegyReader, start: number, end: number, fast: boolean): Promise<HeaderColumns> {
  const builder = new HeaderColumnsBuilder({ map: reader.headerMap, byteOrder: fast ? reader.byteOrder : undefined, initialCapacity: 4 });
  for await (const batch of reader.batches({ start, end, batchBytes: 7 * reader.layout.traceBytes })) builder.add(batch);
  return builder.build();
}

/** Parts of a file split at the given trace indices. */
async function partsOf(reader: SegyReader, cuts: number[]): Promise<HeaderTablePart[]> {
  const bounds = [0, ...cuts, reader.traceCount];
  const parts: HeaderTablePart[] = [];
  for (let p = 0; p + 1 < bounds.length; p++) {
    const bytes = await encodeHeaderPart(await columnsOf(reader, bounds[p], bounds[p + 1], p % 2 === 0));
    parts.push({ traceStart: bounds[p], traceCount: bounds[p + 1] - bounds[p], source: bytes });
  }
  return parts;
}

/** A byte-range reader over bytes that records every range fetched. */
function countingReader(bytes: Uint8Array): { reader: ByteRangeReader; fetched: Array<[number, number]> } {
  const fetched: Array<[number, number]> = [];
  const reader: ByteRangeReader = {
    byteLength: bytes.byteLength,
    slice: async (start, end = bytes.byteLength) => {
      fetched.push([start, end]);
      return bytes.slice(start, end).buffer;
    },
  };
  return { reader, fetched };
}

/** Start of the footer (thrift metadata), from the file's last 8 bytes. */
function footerStart(bytes: Uint8Array): number {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.byteLength - 8, true);
  return bytes.byteLength - 8 - length;
}

function assertTableMatches(table: arrow.Table, names: string[], headers: TraceHeader[], first: number): void {
  assert.deepEqual(table.schema.fields.map((f) => f.name), names);
  for (const name of names) {
    const column = table.getChild(name);
    assert.ok(column !== null, name);
    const values = column.toArray() as ArrayLike<number>;
    assert.equal(values.length, headers.length, name);
    for (let i = 0; i < headers.length; i++) {
      const expected = name === "trace" ? first + i : headers[i][name];
      if (values[i] !== expected) assert.fail(`${name} of trace ${first + i}: ${values[i]} != ${expected}`);
    }
  }
}

describe("header parts: trace headers as Parquet, read as Arrow", function () {
  this.timeout(60_000);
  const fixtures: Fixture[] = [];

  before(async () => {
    for (const name of ["shot-gather.sgy", "small.sgy", "small-lsb.sgy"]) fixtures.push(await openFixture(name));
  });
  after(async () => {
    for (const f of fixtures) await f.reader.close();
  });

  it("round-trips every field of every trace of real files, through both builder paths", async () => {
    for (const { name, reader, headers } of fixtures) {
      for (const fast of [true, false]) {
        const bytes = await encodeHeaderPart(await columnsOf(reader, 0, reader.traceCount, fast));
        const part = await HeaderPart.open(bytes);
        assert.equal(part.rowCount, reader.traceCount, name);
        assert.deepEqual(part.columnNames, ["trace", ...FIELDS]);
        const table = await part.readColumns(["trace", ...FIELDS]);
        assertTableMatches(table, ["trace", ...FIELDS], headers, 0);
        for (const field of table.schema.fields) assert.ok(field.type instanceof arrow.Int32, `${name} ${field.name} is ${field.type}`);
      }
    }
  });

  it("writes a Parquet file that hyparquet reads on its own: PAR1 magic, the header map, typed REQUIRED columns", async () => {
    const { reader, headers } = fixtures[0];
    const bytes = await encodeHeaderPart(await columnsOf(reader, 0, reader.traceCount, true));
    const magic = (at: number): string => Buffer.from(bytes.subarray(at, at + 4)).toString("latin1");
    assert.equal(magic(0), "PAR1");
    assert.equal(magic(bytes.length - 4), "PAR1");

    const hyparquet = await importEsm<typeof Hyparquet>("hyparquet");
    const file = bytes.slice().buffer;
    const metadata = hyparquet.parquetMetadata(file);
    assert.equal(metadata.num_rows, BigInt(reader.traceCount));
    const leaves = metadata.schema.slice(1);
    assert.deepEqual(leaves.map((e) => e.name), ["trace", ...FIELDS]);
    for (const e of leaves) {
      assert.equal(e.type, "INT32", e.name);
      assert.equal(e.repetition_type, "REQUIRED", e.name);
    }
    assert.ok(metadata.row_groups[0].columns.every((c) => c.meta_data?.codec === "SNAPPY"));
    const json = metadata.key_value_metadata?.find((kv) => kv.key === HEADER_MAP_KEY)?.value;
    assert.ok(json !== undefined);
    assert.deepEqual(HeaderMap.fromJson(json).fields, reader.headerMap.fields);

    const rows = await hyparquet.parquetReadObjects({ file, columns: ["trace", "FieldRecord", "offset"] });
    assert.deepEqual(
      rows,
      headers.map((h, i) => ({ trace: i, FieldRecord: h.FieldRecord, offset: h.offset })),
    );
  });

  it("reads only the columns asked for, named as asked (aliases too), and fetches only their bytes", async () => {
    const { reader, headers } = fixtures[0];
    const bytes = await encodeHeaderPart(await columnsOf(reader, 0, reader.traceCount, true));
    const { reader: source, fetched } = countingReader(bytes);
    const part = await HeaderPart.open(source);
    fetched.length = 0;
    const table = await part.readColumns(["offset", "fldr"]);
    assert.deepEqual(table.schema.fields.map((f) => f.name), ["offset", "fldr"]);
    assert.equal(table.numCols, 2);
    assert.deepEqual([...(table.getChild("fldr")?.toArray() as Int32Array)], headers.map((h) => h.FieldRecord));

    const chunks = part.footer.row_groups[0].columns.filter((c) => ["offset", "FieldRecord"].includes(c.meta_data?.path_in_schema[0] ?? ""));
    const ranges = chunks.map((c) => {
      const meta = c.meta_data as Hyparquet.ColumnMetaData;
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      return [start, start + Number(meta.total_compressed_size)];
    });
    // hyparquet fetches each requested column chunk, merging chunks less than 8 KiB apart into one request.
    assert.ok(fetched.length > 0);
    for (const [s, e] of fetched) {
      assert.ok(ranges.some(([a]) => a === s) && ranges.some(([, b]) => b === e), `fetched [${s}, ${e}), not the column chunks ${JSON.stringify(ranges)}`);
    }
  });

  it("reads a row range of a part", async () => {
    const { reader, headers } = fixtures[1];
    const part = await HeaderPart.open(await encodeHeaderPart(await columnsOf(reader, 0, reader.traceCount, true), { rowGroupSize: 10 }));
    assertTableMatches(await part.readColumns(["trace", "INLINE_3D", "CROSSLINE_3D"], [7, 23]), ["trace", "INLINE_3D", "CROSSLINE_3D"], headers.slice(7, 23), 7);
    assert.equal((await part.readColumns(["CDP"], [5, 5])).numRows, 0);
    await assert.rejects(part.readColumns(["CDP"], [3, reader.traceCount + 1]), ValidationError);
  });

  it("gives statistics from the footer alone that match the values", async () => {
    for (const { reader, headers } of fixtures) {
      const bytes = await encodeHeaderPart(await columnsOf(reader, 0, reader.traceCount, true), { rowGroupSize: 9 });
      const { reader: source, fetched } = countingReader(bytes);
      const part = await HeaderPart.open(source);
      const stats = part.statistics();
      const footer = footerStart(bytes);
      assert.ok(fetched.every(([s, e]) => s >= footer && e <= bytes.length), `fetched ${JSON.stringify(fetched)}, footer starts at ${footer}`);
      assert.ok(part.footer.row_groups.length > 1);
      assert.deepEqual(stats.trace, { min: 0, max: reader.traceCount - 1, nullCount: 0 });
      for (const name of FIELDS) {
        const values = headers.map((h) => h[name]);
        assert.deepEqual(stats[name], { min: Math.min(...values), max: Math.max(...values), nullCount: 0 }, name);
      }
    }
  });
});

describe("HeaderTable: several parts as one Arrow table", function () {
  this.timeout(60_000);
  let fixture: Fixture;
  let parts: HeaderTablePart[];

  before(async () => {
    fixture = await openFixture("shot-gather.sgy");
    parts = await partsOf(fixture.reader, [20, 45]);
  });
  after(async () => {
    await fixture.reader.close();
  });

  it("concatenates all parts, one record batch per part", async () => {
    const table = new HeaderTable(parts);
    const t = await table.columns(["trace", ...FIELDS]);
    assert.equal(t.batches.length, 3);
    assertTableMatches(t, ["trace", ...FIELDS], fixture.headers, 0);
  });

  it("reads trace ranges across part boundaries, and empty ones", async () => {
    const table = new HeaderTable([...parts].reverse());
    for (const [start, end] of [[15, 50], [19, 21], [20, 45], [44, 61], [0, 1], [60, 61]] as const) {
      const t = await table.columns(["trace", "CDP", "offset", "GroupX"], [start, end]);
      assertTableMatches(t, ["trace", "CDP", "offset", "GroupX"], fixture.headers.slice(start, end), start);
    }
    const empty = await table.columns(["offset"], [20, 20]);
    assert.equal(empty.numRows, 0);
    assert.ok(empty.schema.fields[0].type instanceof arrow.Int32);
    await assert.rejects(table.columns(["offset"], [10, 62]), ValidationError);
    await assert.rejects(table.columns(["Offset"]), (e: unknown) => isSeisprocError(e, ValidationError) && /did you mean/.test(e.message));
  });

  it("reads scattered traces in the order asked", async () => {
    const table = new HeaderTable(parts);
    const traces = [60, 3, 20, 19, 44, 3];
    const t = await table.columnsAt(["trace", "TraceNumber"], traces);
    assert.deepEqual([...(t.getChild("trace")?.toArray() as Int32Array)], traces);
    assert.deepEqual([...(t.getChild("TraceNumber")?.toArray() as Int32Array)], traces.map((i) => fixture.headers[i].TraceNumber));
    await assert.rejects(table.columnsAt(["CDP"], [61]), ValidationError);
  });

  it("merges statistics of the parts from their footers only", async () => {
    const fetchedOutsideFooters: string[] = [];
    const counted = parts.map((p, i) => {
      const bytes = p.source as Uint8Array;
      const { reader, fetched } = countingReader(bytes);
      return { ...p, source: reader, check: () => fetched.filter(([s]) => s < footerStart(bytes)).forEach((r) => fetchedOutsideFooters.push(`${i}: ${r}`)) };
    });
    const stats = await new HeaderTable(counted).statistics();
    counted.forEach((c) => c.check());
    assert.deepEqual(fetchedOutsideFooters, []);
    assert.deepEqual(stats.trace, { min: 0, max: 60, nullCount: 0 });
    for (const name of FIELDS) {
      const values = fixture.headers.map((h) => h[name]);
      assert.deepEqual(stats[name], { min: Math.min(...values), max: Math.max(...values), nullCount: 0 }, name);
    }
  });

  it("caches decoded columns by part, bounded by bytes", async () => {
    const table = new HeaderTable(parts);
    await table.columns(["CDP", "offset"], [10, 30]);
    const first = table.cacheUsage();
    assert.deepEqual([first.misses, first.hits, first.entries], [4, 0, 4]);
    await table.columns(["CDP", "offset"], [0, 25]);
    await table.columns(["offset"]);
    const second = table.cacheUsage();
    assert.equal(second.misses, 5); // only offset of the third part was new
    assert.equal(second.hits, 6);

    const small = new HeaderTable(parts, { cacheBytes: 3 * 25 * 4 });
    for (const name of ["CDP", "offset", "GroupX", "SourceX"]) {
      const t = await small.columns([name]);
      assert.deepEqual([...(t.getChild(name)?.toArray() as Int32Array)], fixture.headers.map((h) => h[name]));
      assert.ok(small.cacheUsage().bytes <= 3 * 25 * 4);
    }
    const none = new HeaderTable(parts, { cacheBytes: 0 });
    assertTableMatches(await none.columns(["trace", "SourceX"], [18, 47]), ["trace", "SourceX"], fixture.headers.slice(18, 47), 18);
    assert.equal(none.cacheUsage().entries, 0);
  });

  it("rejects parts that do not fit together or do not match their files", async () => {
    assert.throws(() => new HeaderTable([parts[0], parts[2]]), ValidationError);
    const shifted = new HeaderTable([{ ...parts[0], traceStart: 100 }]);
    await assert.rejects(shifted.columns(["CDP"]), /holds traces 0\.\.19/);
    const miscounted = new HeaderTable([{ ...parts[0], traceCount: 19 }]);
    await assert.rejects(miscounted.statistics(), /holds 20 rows/);
    await assert.rejects(HeaderPart.open(new Uint8Array(100)), ValidationError);
  });
});

describe("header parts: other field types and large trace indices", () => {
  const map = HeaderMap.of([
    { name: "small", byte: 1, type: "int16", description: "" },
    { name: "unsigned", byte: 5, type: "uint32", description: "" },
    { name: "ratio", byte: 9, type: "float32", description: "" },
    { name: "big", byte: 13, type: "int64", description: "" },
  ]);
  const rows = [
    { small: -32768, unsigned: 4294967295, ratio: 0.5, big: 2 ** 53 - 1 },
    { small: 7, unsigned: 0, ratio: -1.25, big: -(2 ** 40) },
    { small: 32767, unsigned: 12345, ratio: 3, big: 0 },
  ];

  async function partOf(traceStart: number): Promise<Uint8Array> {
    const builder = new HeaderColumnsBuilder({ map, traceOffset: traceStart });
    for (const row of rows) builder.addHeader(row);
    return encodeHeaderPart(builder.build());
  }

  it("stores uint32 and int64 fields as INT64, floats as DOUBLE, and reads them as Float64", async () => {
    const part = await HeaderPart.open(await partOf(0));
    const types = Object.fromEntries(part.footer.schema.slice(1).map((e) => [e.name, e.type]));
    assert.deepEqual(types, { trace: "INT32", small: "INT32", unsigned: "INT64", ratio: "DOUBLE", big: "INT64" });
    const t = await part.readColumns(["small", "unsigned", "ratio", "big"]);
    assert.deepEqual(t.schema.fields.map((f) => String(f.type)), ["Int32", "Float64", "Float64", "Float64"]);
    for (const name of ["small", "unsigned", "ratio", "big"] as const) {
      assert.deepEqual(Array.from(t.getChild(name)?.toArray() as ArrayLike<number>), rows.map((r) => r[name]), name);
    }
    assert.deepEqual(part.statistics().big, { min: -(2 ** 40), max: 2 ** 53 - 1, nullCount: 0 });
  });

  it("writes the trace column as INT64 beyond 2^31 - 1 and promotes mixed parts to Float64", async () => {
    const a = 2 ** 31 - 4;
    const b = a + rows.length;
    const partA = await HeaderPart.open(await partOf(a));
    const partB = await HeaderPart.open(await partOf(b));
    assert.equal(partA.footer.schema[1].type, "INT32");
    assert.equal(partB.footer.schema[1].type, "INT64");
    const table = new HeaderTable([
      { traceStart: a, traceCount: rows.length, source: partA },
      { traceStart: b, traceCount: rows.length, source: partB },
    ]);
    const t = await table.columns(["trace", "small"], [a + 1, b + 2]);
    assert.ok(t.schema.fields[0].type instanceof arrow.Float64);
    assert.ok(t.schema.fields[1].type instanceof arrow.Int32);
    assert.deepEqual([...(t.getChild("trace")?.toArray() as Float64Array)], [a + 1, a + 2, b, b + 1]);
  });

  it("refuses values that do not fit their field, and a field called trace", () => {
    const builder = new HeaderColumnsBuilder({ map });
    assert.throws(() => builder.addHeader({ small: 1.5 }), ValidationError);
    assert.throws(() => new HeaderColumnsBuilder({ map: HeaderMap.of([{ name: "trace", byte: 1, type: "int32", description: "" }]) }), ValidationError);
  });
});

describe("header parts: size of 10,000 synthetic traces", function () {
  this.timeout(120_000);

  it("stores the standard map in a few bytes per trace, and the builder checks the byte order it is given", async () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, "survey.sgy");
      await writeSurvey(file, { kind: "shots-2d", shots: 100, channels: 100, samples: 1 });
      const reader = await SegyReader.open(file);
      try {
        assert.equal(reader.traceCount, 10_000);
        const columns = await columnsOf(reader, 0, reader.traceCount, true);
        const bytes = await encodeHeaderPart(columns);
        assert.ok(bytes.length / reader.traceCount < 10, `${bytes.length} bytes for 10,000 traces`);
        const part = await HeaderPart.open(bytes);
        const encodings = new Set(part.footer.row_groups[0].columns.flatMap((c) => c.meta_data?.encodings ?? []));
        assert.ok(encodings.has("DELTA_BINARY_PACKED") && encodings.has("RLE_DICTIONARY"), [...encodings].join());
        const all = await part.readColumns(["trace", ...FIELDS]);
        assert.deepEqual(all.getChild("trace")?.toArray(), Int32Array.from(columns.trace));
        for (const name of FIELDS) assert.deepEqual(all.getChild(name)?.toArray(), columns.fields[name], name);
        const t = await part.readColumns(["SourceX", "GroupX", "offset"], [9_990, 10_000]);
        for (let i = 0; i < 10; i++) assert.equal(t.getChild("offset")?.get(i), (await reader.readHeader(9_990 + i)).offset);

        // With pages of 16 KiB and the page index, a row range fetches the pages holding it, not whole chunks.
        const paged = await encodeHeaderPart(columns, { pageSize: 16 << 10 });
        const { reader: counted, fetched } = countingReader(paged);
        const pagedPart = await HeaderPart.open(counted);
        fetched.length = 0;
        const rows = await pagedPart.readColumns(["trace", "offset", "SourceX"], [6_000, 6_240]);
        assert.deepEqual(rows.getChild("trace")?.toArray(), Int32Array.from(columns.trace.subarray(6_000, 6_240)));
        assert.deepEqual(rows.getChild("offset")?.toArray(), (columns.fields.offset as Int32Array).subarray(6_000, 6_240));
        assert.deepEqual(rows.getChild("SourceX")?.toArray(), (columns.fields.SourceX as Int32Array).subarray(6_000, 6_240));
        const chunkBytes = (name: string) => Number(pagedPart.footer.row_groups[0].columns.find((c) => c.meta_data?.path_in_schema[0] === name)?.meta_data?.total_compressed_size);
        const indexStart = Math.min(...pagedPart.footer.row_groups[0].columns.map((c) => Number(c.offset_index_offset ?? footerStart(paged))));
        const dataFetched = fetched.filter(([s]) => s < indexStart).reduce((sum, [s, e]) => sum + Math.min(e, indexStart) - s, 0);
        const whole = chunkBytes("trace") + chunkBytes("offset") + chunkBytes("SourceX");
        assert.ok(dataFetched < whole / 2, `fetched ${dataFetched} bytes of data for 240 rows, the three column chunks hold ${whole}`);

        const wrong = new HeaderColumnsBuilder({ byteOrder: "little" });
        await assert.rejects(
          (async () => {
            for await (const batch of reader.batches({ end: 10 })) wrong.add(batch);
          })(),
          (e: unknown) => isSeisprocError(e, ValidationError) && e.key === "options.byteOrder",
        );
      } finally {
        await reader.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
