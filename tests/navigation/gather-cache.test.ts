import { strict as assert } from "node:assert";
import { FileSystemStore, GatherCache, gatherByteSize, LazySeismicData, type Gather } from "../../src";
import { tempDir } from "../helpers/paths";
import { makeStore } from "./fixtures";

describe("GatherCache", function () {
  this.timeout(60000);
  let gathers: Gather[];
  let each: number;

  before(async () => {
    const location = await makeStore(tempDir("seisproc-cache-"), "line", { shots: 6, channels: 10, samples: 50 });
    const data = await LazySeismicData.open(new FileSystemStore(location));
    gathers = await Promise.all(data.gatherKeys().map((k) => data.getGather(k)));
    each = gatherByteSize(gathers[0]);
  });

  it("measures a gather by its samples, trace indices and header buffers", () => {
    const g = gathers[0];
    assert.ok(each > g.samples.byteLength + g.traceIndices.byteLength, "header columns count too");
    assert.equal(g.samples.byteLength, 10 * 50 * 4);
  });

  it("never evicts a pinned gather; a prefetched gather that does not fit without evicting protected ones is refused", () => {
    const cache = new GatherCache(2 * each);
    cache.pin([1]);
    assert.equal(cache.put(1, gathers[0], { force: true }), true);
    assert.equal(cache.put(2, gathers[1], { prefetched: true }), true);
    assert.equal(cache.put(3, gathers[2], { prefetched: true, protect: new Set([3]) }), true);
    assert.deepEqual(cache.keys(), [1, 3], "the unpinned, unprotected gather 2 made room");
    assert.equal(cache.put(4, gathers[3], { prefetched: true, protect: new Set([3, 4]) }), false);
    assert.deepEqual(cache.keys(), [1, 3], "nothing was evicted for a gather that was refused");
    assert.equal(cache.wastedPrefetches, 1, "gather 2 was prefetched and evicted unused");
    assert.equal(cache.put(5, gathers[4], { force: true, protect: new Set([3]) }), true, "a forced put evicts protected gathers");
    assert.deepEqual(cache.keys(), [1, 5]);
    cache.pin([1, 5, 6]);
    assert.equal(cache.put(6, gathers[5], { force: true }), true, "only pinned gathers left: a forced put goes over budget");
    assert.equal(cache.bytes, 3 * each);
    cache.pin([6]);
    assert.equal(cache.setBudget(each), 2);
    assert.deepEqual(cache.keys(), [6]);
  });

  it("get makes a gather the most recently used", () => {
    const cache = new GatherCache(3 * each);
    for (let i = 0; i < 3; i++) cache.put(i, gathers[i]);
    cache.get(0);
    cache.put(3, gathers[3]);
    assert.deepEqual(cache.keys(), [2, 0, 3]);
    assert.equal(cache.evictions, 1);
  });
});
