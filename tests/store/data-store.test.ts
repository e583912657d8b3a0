import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { isSeisprocError, MemoryStore, SegyReader, ValidationError, writeSurvey, ZarrDataStore, type IDataStore } from "../../src";
import { tempDir } from "../helpers/paths";

describe("IDataStore / ZarrDataStore", () => {
  const dir = tempDir("seisproc-datastore-");
  const source = path.join(dir, "line.sgy");
  before(() => writeSurvey(source, { kind: "shots-2d", shots: 4, channels: 30, samples: 200, seed: 8 }, { format: 1 }));

  for (const [backend, make] of [
    ["a directory", () => new ZarrDataStore()],
    ["memory", () => { const stores = new Map<string, MemoryStore>(); return new ZarrDataStore((loc) => stores.get(loc) ?? stores.set(loc, new MemoryStore()).get(loc)!); }],
  ] as const) {
    it(`saves, loads, gets and iterates gathers, and exports, over ${backend}`, async () => {
      const stores: IDataStore = make();
      const location = path.join(dir, `line-${backend.replace(" ", "-")}.seis`);
      const report = await stores.saveDataset(source, location, { gatherKey: "FieldRecord" });
      assert.equal(report.gatherCount, 4);
      const a = await stores.loadDataset(location);
      const b = await stores.loadDataset(location);
      assert.equal(a.id, b.id, "a dataset keeps its id from one opening to the next");
      assert.match(a.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const other = `${location}-again`;
      await stores.saveDataset(source, other, { gatherKey: "FieldRecord" });
      assert.notEqual((await stores.loadDataset(other)).id, a.id, "another import of the same file is another dataset");
      const shot = await stores.getGather(a.id, 3);
      assert.equal(shot.traceIndices.length, 30);
      const reader = await SegyReader.open(source);
      const first = await reader.readTrace(shot.traceIndices[0]);
      assert.equal(first.header.FieldRecord, 3);
      assert.deepEqual(Array.from(shot.samples.subarray(0, 200) as Float32Array), Array.from(first.samples as Float32Array));
      await reader.close();
      const keys: number[] = [];
      for await (const gather of stores.iterGathers(a.id)) keys.push(gather.key);
      assert.deepEqual(keys, [1, 2, 3, 4]);
      const out = path.join(dir, `copy-${backend.replace(" ", "-")}.sgy`);
      await stores.export(a.id, out, "segy");
      assert.ok(readFileSync(out).equals(readFileSync(source)));
    });
  }

  it("an unknown dataset id is a ValidationError saying to load it first", async () => {
    const stores = new ZarrDataStore();
    await assert.rejects(stores.getGather("nope", 1), (e: unknown) => isSeisprocError(e, ValidationError) && /loadDataset/.test(e.message));
  });
});
