import { strict as assert } from "node:assert";
import {
  FileSystemStore,
  gatherByteSize,
  GatherNavigator,
  isSeisprocError,
  LazySeismicData,
  NavigatorError,
  ValidationError,
  type CacheStats,
  type GatherChangedEvent,
} from "../../src";
import { tempDir } from "../helpers/paths";
import { makeStore, openRecorded, traceChunk } from "./fixtures";

describe("GatherNavigator on a real store", function () {
  this.timeout(60000);
  const dir = tempDir("seisproc-nav-");
  let location: string;
  let data: LazySeismicData;
  let gatherBytes: number;

  before(async () => {
    location = await makeStore(dir, "line", { shots: 16, channels: 24, samples: 120, seed: 3 });
    data = await LazySeismicData.open(new FileSystemStore(location), location);
    gatherBytes = gatherByteSize(await data.getGather(data.gatherKeys()[0]));
  });

  it("moves next, previous, first, last and to a key, announcing each new gather with the store's own samples", async () => {
    const nav = new GatherNavigator(data, { budget: 64e6, prefetch: false });
    const events: GatherChangedEvent[] = [];
    nav.on("gather-changed", (e) => events.push(e));
    assert.equal(nav.current(), undefined);
    const first = await nav.next();
    assert.equal(first.key, 1);
    await nav.next();
    await nav.next();
    await nav.previous();
    await nav.goTo(9);
    await nav.last();
    await nav.next(); // stays on the last
    await nav.first();
    await nav.previous(); // stays on the first
    assert.deepEqual(
      events.map((e) => e.key),
      [1, 2, 3, 2, 9, 16, 1],
    );
    assert.deepEqual(events.map((e) => e.source), ["store", "store", "store", "cache", "store", "store", "cache"]);
    assert.equal(events[1].previousKey, 1);
    const direct = await data.getGather(9);
    const viaNav = await nav.goTo(9);
    assert.deepEqual(Array.from(viaNav.samples as Float32Array), Array.from(direct.samples as Float32Array));
    assert.deepEqual(Array.from(viaNav.traceIndices), Array.from(direct.traceIndices));
    assert.equal(nav.current()?.key, 9);
    assert.deepEqual(nav.position(), { key: 9, index: 8 });
    assert.equal(nav.hasNext(), true);
    nav.dispose();
  });

  it("counts hits and misses and reports them as data and as cache-stats events", async () => {
    const nav = new GatherNavigator(data, { budget: 64e6, prefetch: false });
    const seen: CacheStats[] = [];
    nav.on("cache-stats", (s) => seen.push(s));
    for (let i = 0; i < 4; i++) await nav.next();
    for (let i = 0; i < 3; i++) await nav.previous();
    const stats = nav.stats();
    assert.equal(stats.misses, 4);
    assert.equal(stats.hits, 3);
    assert.equal(stats.hitRate, 3 / 7);
    assert.equal(stats.entries, 4);
    assert.equal(stats.bytes, 4 * gatherBytes);
    await new Promise((r) => setImmediate(r));
    assert.ok(seen.length > 0, "cache-stats events were emitted");
    assert.deepEqual(seen.at(-1), nav.stats());
    nav.dispose();
  });

  it("bounds the cache by bytes, evicting the least recently used gathers", async () => {
    const nav = new GatherNavigator(data, { budget: Math.floor(3.5 * gatherBytes), prefetch: false });
    for (const key of [1, 2, 3]) await nav.goTo(key);
    await nav.goTo(1); // 1 is now the most recently used; 2 is the least
    await nav.goTo(4);
    assert.equal(nav.isCached(2), false, "the least recently used gather was evicted");
    for (const key of [1, 3, 4]) assert.equal(nav.isCached(key), true, `gather ${key} is kept`);
    await nav.goTo(5);
    await nav.goTo(6);
    const stats = nav.stats();
    assert.ok(stats.bytes <= stats.budgetBytes, `${stats.bytes} bytes held within a budget of ${stats.budgetBytes}`);
    assert.equal(stats.entries, 3);
    assert.equal(stats.evictions, 3);
    nav.dispose();
  });

  it("prefetches the neighbours so that a sweep is answered from the cache", async () => {
    const nav = new GatherNavigator(data, { budget: 64e6, prefetchDepth: 2 });
    const report = await nav.warmUp();
    assert.equal(report.gathers, 3, "warm-up loads the first gather and the two after it");
    assert.deepEqual(nav.stats().warmUp, report);
    for (let i = 0; i < 10; i++) {
      await nav.next();
      await nav.idle();
    }
    const stats = nav.stats();
    assert.equal(stats.misses, 1, "only the warm-up's first gather came from the store on request");
    assert.equal(stats.hits, 10);
    assert.equal(stats.prefetch.hits, 10);
    assert.ok(stats.prefetch.completed >= 12);
    nav.dispose();
  });

  it("peeks at prefetched gathers and reads in flight without navigating or counting", async () => {
    const nav = new GatherNavigator(data, { budget: 64e6, prefetchDepth: 2 });
    assert.equal(nav.peek(1), undefined, "nothing cached or read yet");
    const first = nav.goTo(1);
    const reading = nav.peek(1);
    assert.equal(reading?.source, "store", "navigation's own read, in flight");
    assert.equal(await reading?.gather, await first);
    await nav.idle();
    const before = nav.stats();
    const ahead = nav.peek(2);
    assert.equal(ahead?.source, "prefetch");
    const gather = await ahead!.gather;
    assert.equal(gather.key, 2);
    assert.deepEqual(Array.from(gather.samples as Float32Array), Array.from((await data.getGather(2)).samples as Float32Array));
    assert.equal(nav.peek(1)?.source, "cache", "the gather navigated to");
    assert.equal(nav.peek(9), undefined, "outside the prefetch window");
    const after = nav.stats();
    assert.deepEqual([after.hits, after.misses, after.prefetch.hits, after.current?.key], [before.hits, before.misses, before.prefetch.hits, 1], "peeking is not navigation");
    await nav.next();
    assert.equal(nav.stats().prefetch.hits, 1, "the peeked gather still counts as a prefetch hit when navigation gets there");
    nav.dispose();
    assert.equal(nav.peek(2), undefined, "nothing after dispose");
  });

  it("prefetches ahead in the direction of travel first", async () => {
    const { data: recorded, store } = await openRecorded(location);
    const chunkGathers = (from: number): number[] =>
      store.reads
        .slice(from)
        .map((r) => traceChunk(r.key))
        .filter((c): c is number => c !== undefined)
        .map((c) => recorded.gatherKeys()[c]);
    const nav = new GatherNavigator(recorded, { budget: 64e6, prefetch: false, prefetchDepth: 2, prefetchConcurrency: 1 });
    await nav.goTo(10);
    await nav.goTo(9); // moving backwards
    const before = store.reads.length;
    nav.setPrefetchEnabled(true);
    await nav.idle();
    // Window around 9 moving backwards: 8, 7 ahead, then 10 (cached) and 11 behind.
    assert.deepEqual(chunkGathers(before), [8, 7, 11]);
    const forward = new GatherNavigator(recorded, { budget: 64e6, prefetchDepth: 2, prefetchConcurrency: 1 });
    const mark = store.reads.length;
    await forward.goTo(8);
    await forward.idle();
    const order = chunkGathers(mark);
    assert.deepEqual(order, [8, 9, 10, 7, 6], "the gather asked for, then +1, +2, then -1, -2");
    nav.dispose();
    forward.dispose();
  });

  it("keeps the gather on screen while prefetch fills a small cache", async () => {
    const nav = new GatherNavigator(data, { budget: Math.floor(2.5 * gatherBytes), prefetchDepth: 5 });
    await nav.goTo(5);
    await nav.idle();
    for (let i = 0; i < 6; i++) {
      await nav.next();
      await nav.idle();
      const shown = nav.current();
      assert.ok(shown !== undefined && nav.isCached(shown.key), "the gather on screen stays cached");
      const stats = nav.stats();
      assert.ok(stats.bytes <= stats.budgetBytes, `${stats.bytes} <= ${stats.budgetBytes}`);
    }
    assert.equal(nav.stats().hits, 6, "the one-gather prefetch window still answers each next()");
    nav.dispose();
  });

  it("adapts the budget to available memory and shrinks it under pressure, keeping the gather on screen", async () => {
    let available = 100 * gatherBytes;
    const nav = new GatherNavigator(data, {
      budget: { kind: "adaptive", fraction: 0.5, minBytes: 0, maxBytes: 1e9 },
      memoryProbe: () => ({ availableBytes: available, limitBytes: 1e9, source: "test" }),
      budgetRefreshMs: 0,
      prefetch: false,
    });
    assert.equal(nav.stats().budgetBytes, 50 * gatherBytes);
    for (let i = 0; i < 8; i++) await nav.next();
    assert.equal(nav.stats().entries, 8);
    const events: CacheStats[] = [];
    nav.on("cache-stats", (s) => events.push(s));
    available = 0; // memory pressure: only what the cache holds counts, half of it is allowed
    const budget = nav.refreshBudget();
    assert.equal(budget, Math.floor(0.5 * 8 * gatherBytes));
    const stats = nav.stats();
    assert.equal(stats.entries, 4);
    assert.equal(stats.availableBytes, 0);
    assert.equal(nav.isCached(8), true, "the gather on screen is kept");
    await new Promise((r) => setImmediate(r));
    assert.equal(events.at(-1)?.budgetBytes, budget);
    nav.dispose();
  });

  it("suspends to the gather on screen and resumes with prefetch", async () => {
    const nav = new GatherNavigator(data, { budget: 64e6, prefetchDepth: 2 });
    await nav.warmUp(4);
    assert.equal(nav.stats().entries, 5);
    nav.suspend();
    assert.deepEqual(
      [nav.stats().entries, nav.stats().budgetBytes, nav.stats().suspended],
      [1, 0, true],
    );
    assert.equal(nav.isCached(4), true);
    nav.resume();
    await nav.idle();
    assert.equal(nav.stats().entries, 5);
    nav.dispose();
  });

  it("rejects bad depths, unknown keys and use after dispose with typed errors", async () => {
    const nav = new GatherNavigator(data, { budget: 1e6 });
    for (const depth of [0, 6, 2.5]) assert.throws(() => nav.setPrefetchDepth(depth), (e: unknown) => isSeisprocError(e, ValidationError) && /1 to 5/.test(e.message));
    assert.throws(() => new GatherNavigator(data, { prefetchDepth: 9 }), ValidationError);
    await assert.rejects(nav.goTo(999), (e: unknown) => e instanceof NavigatorError && /keys run from 1 to 16/.test(e.message));
    nav.dispose();
    await assert.rejects(nav.next(), (e: unknown) => e instanceof NavigatorError && /disposed/.test(e.message));
  });
});
