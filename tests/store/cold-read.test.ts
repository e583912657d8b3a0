/**
 * A cold gather read touches only what it needs: opening a store reads its three metadata files and no header
 * part or chunk; the first gather read fetches its one chunk and its header part's tail (the whole part, when
 * small) in one request each; values are the SEG-Y file's. Header columns are cached once used twice.
 */
import { strict as assert } from "node:assert";
import { statSync } from "node:fs";
import * as path from "node:path";
import { FileSystemStore, importSegy, LazySeismicData, SegyReader, writeSurvey, type GetOptions, type RangeQuery, type StoreKey } from "../../src";
import { tempDir } from "../helpers/paths";

const CHANNELS = 240;
const COLUMNS = ["FieldRecord", "TraceNumber", "offset", "SourceX", "GroupX"];

/** A FileSystemStore that records every request by key. */
class CountingStore extends FileSystemStore {
  readonly requests: string[] = [];
  override async get(key: StoreKey, options?: GetOptions): Promise<Uint8Array | undefined> {
    this.requests.push(`get ${key}`);
    return super.get(key, options);
  }
  override async getRange(key: StoreKey, range: RangeQuery, options?: GetOptions): Promise<Uint8Array | undefined> {
    this.requests.push(`range ${key}`);
    return super.getRange(key, range, options);
  }
  override async size(key: StoreKey): Promise<number | undefined> {
    this.requests.push(`size ${key}`);
    return super.size(key);
  }
  take(): string[] {
    return this.requests.splice(0);
  }
}

describe("store: cold gather reads", () => {
  const dir = tempDir("seisproc-cold-read-");
  const source = path.join(dir, "shots.sgy");
  const root = path.join(dir, "shots.seis");
  let reader: SegyReader;
  before(async () => {
    await writeSurvey(source, { kind: "shots-2d", shots: 64, channels: CHANNELS, samples: 20, seed: 12 }, { format: 5 });
    // Chunks of one gather; segments (header parts) of 32 gathers: two parts of 7,680 rows.
    await importSegy(source, new FileSystemStore(root), { gatherKey: "FieldRecord", chunkTraces: CHANNELS, segmentBytes: 32 * CHANNELS * 20 * 4 });
    reader = await SegyReader.open(source);
  });
  after(() => reader.close());

  it("opens with three metadata reads, then reads a gather's one chunk and one request for its header part", async () => {
    const part = path.join(root, "headers", "part-00001.parquet");
    assert.ok(statSync(part).size < 64 << 10, "the part must fit the first request for this test to mean anything");
    const store = new CountingStore(root);
    const data = await LazySeismicData.open(store);
    assert.deepEqual(store.take().sort(), ["get /seisproc/COMPLETE", "get /seisproc/gathers.json", "get /seisproc/metadata.json"]);
    assert.equal(data.metadata.segmentTraces, 32 * CHANNELS);

    const gather = await data.getGatherAt(40, { columns: COLUMNS }); // in the second part
    assert.deepEqual(store.take().sort(), ["get /traces/40.0", "range /headers/part-00001.parquet"]);
    assert.ok(gather.samples instanceof Float32Array);
    assert.equal(gather.samples.length, CHANNELS * 20);
    for (const [i, t] of [0, 17, CHANNELS - 1].map((i) => [i, gather.traceIndices[i]])) {
      const trace = await reader.readTrace(t);
      assert.deepEqual(Array.from(gather.samples.subarray(i * 20, (i + 1) * 20)), Array.from(trace.samples as Float32Array), `samples of trace ${t}`);
      for (const name of COLUMNS) assert.equal(gather.headers.getChild(name)?.get(i), trace.header[name], `${name} of trace ${t}`);
    }
    // The next gather of the same part: no new request for the part, values still right.
    const next = await data.getGatherAt(41, { columns: COLUMNS });
    assert.deepEqual(store.take(), ["get /traces/41.0"]);
    const first = await reader.readTrace(next.traceIndices[0]);
    assert.equal(next.headers.getChild("offset")?.get(0), first.header.offset);
  });

  it("gives a full chunk's samples without a copy, in an array of their own, and a padded last chunk's only rows", async () => {
    const small = path.join(dir, "small.sgy");
    await writeSurvey(small, { kind: "shots-2d", shots: 3, channels: 10, samples: 20, seed: 13 }, { format: 5 });
    const smallRoot = path.join(dir, "small.seis");
    await importSegy(small, new FileSystemStore(smallRoot), { gatherKey: "FieldRecord", chunkTraces: 8 }); // 30 traces: the last chunk holds 6
    const data = await LazySeismicData.open(new FileSystemStore(smallRoot));
    const smallReader = await SegyReader.open(small);
    try {
      for (const [start, count] of [[8, 8], [24, 6], [0, 30]]) {
        const samples = await data.readTraces(start, count);
        assert.equal(samples.length, count * 20, `traces ${start}..${start + count - 1}`);
        assert.equal(samples.byteOffset, 0);
        assert.equal(samples.buffer.byteLength, samples.byteLength, "the array shares its buffer with something else");
        const last = await smallReader.readTrace(start + count - 1);
        assert.deepEqual(Array.from(samples.subarray((count - 1) * 20) as Float32Array), Array.from(last.samples as Float32Array));
      }
    } finally {
      await smallReader.close();
    }
  });

  it("reads a first small request's rows only and caches the columns when they are used again", async () => {
    const data = await LazySeismicData.open(new FileSystemStore(root));
    const table = await data.headers.headerTable();
    await data.getGatherAt(3, { columns: COLUMNS });
    assert.equal(table.cacheUsage().entries, 0, "a first small read keeps nothing");
    await data.getGatherAt(4, { columns: COLUMNS });
    assert.equal(table.cacheUsage().entries, COLUMNS.length, "the second read of the same columns caches them");
    const third = await data.getGatherAt(5, { columns: COLUMNS });
    assert.ok(table.cacheUsage().hits >= COLUMNS.length);
    const trace = await reader.readTrace(third.traceIndices[100]);
    for (const name of COLUMNS) assert.equal(third.headers.getChild(name)?.get(100), trace.header[name], name);
    // A gather of the other part starts over: first use there.
    await data.getGatherAt(50, { columns: COLUMNS });
    assert.equal(table.cacheUsage().entries, COLUMNS.length);
  });
});
