import { strict as assert } from "node:assert";
import { GatherNavigator, isNavigationCancelled, NavigationCancelledError } from "../../src";
import { tempDir } from "../helpers/paths";
import { makeStore, openRecorded, traceChunk, type ReadRecord } from "./fixtures";

/** Gathers of 24 traces stored in chunks of 8 traces: gather g (0-based) is chunks 3g, 3g + 1, 3g + 2. */
const CHUNKS_PER_GATHER = 3;
const gatherOfRead = (r: ReadRecord): number | undefined => {
  const c = traceChunk(r.key);
  return c === undefined ? undefined : Math.floor(c / CHUNKS_PER_GATHER);
};

describe("prefetch cancellation, observed at the store", function () {
  this.timeout(60000);
  const dir = tempDir("seisproc-cancel-");
  let location: string;

  before(async () => {
    location = await makeStore(dir, "line", { shots: 20, channels: 24, samples: 100, seed: 5, chunkTraces: 8 });
  });

  it("a jump cancels the prefetch reads it made stale: their store reads abort and their other chunks are never read", async () => {
    const { data, store } = await openRecorded(location);
    const nav = new GatherNavigator(data, { budget: 64e6, prefetchDepth: 2, prefetchConcurrency: 2 });
    // Let gather 0 through; hold every chunk of the others.
    store.hold((key) => (traceChunk(key) ?? 0) >= CHUNKS_PER_GATHER);
    await nav.goToIndex(0);
    await store.until((reads) => reads.filter((r) => r.outcome === "pending" && traceChunk(r.key) !== undefined).length === 2);
    const held = store.reads.filter((r) => r.outcome === "pending").map(gatherOfRead);
    assert.deepEqual(held.sort(), [1, 2], "prefetch of positions 1 and 2 is waiting at the store, in parallel");
    assert.equal(nav.stats().prefetch.running, 2);

    const landed = nav.goToIndex(10); // far away: 1 and 2 are no longer wanted
    await store.until((reads) => reads.filter((r) => gatherOfRead(r) === 1 || gatherOfRead(r) === 2).every((r) => r.outcome !== "pending"));
    const stale = store.reads.filter((r) => gatherOfRead(r) === 1 || gatherOfRead(r) === 2);
    assert.deepEqual(
      stale.map((r) => [r.outcome, r.reachedStore]),
      [
        ["aborted", false],
        ["aborted", false],
      ],
      "each stale read was aborted before the file system was asked",
    );
    store.release();
    const gather = await landed;
    assert.equal(gather.index, 10);
    await nav.idle();
    const readAfter = store.reads.filter((r) => gatherOfRead(r) === 1 || gatherOfRead(r) === 2);
    assert.equal(readAfter.length, 2, "no other chunk of the cancelled gathers was ever asked for");
    assert.equal(nav.isCached(data.gatherKeys()[1]), false);
    for (const position of [8, 9, 10, 11, 12]) assert.equal(nav.isCached(data.gatherKeys()[position]), true, `position ${position} cached`);
    const stats = nav.stats();
    assert.equal(stats.prefetch.cancelled, 2);
    assert.equal(stats.prefetch.failed, 0, "cancellations are not failures");
    nav.dispose();
  });

  it("a navigation request made stale by later navigation is cancelled down to the store and rejects as cancelled", async () => {
    const { data, store } = await openRecorded(location);
    const nav = new GatherNavigator(data, { budget: 64e6, prefetch: false });
    store.hold((key) => traceChunk(key) !== undefined);
    const changed: number[] = [];
    nav.on("gather-changed", (e) => changed.push(e.index));
    const stale = nav.goToIndex(3);
    await store.until((reads) => reads.some((r) => gatherOfRead(r) === 3 && r.outcome === "pending"));
    const wanted = nav.goToIndex(15);
    await assert.rejects(stale, (e: unknown) => isNavigationCancelled(e) && e instanceof NavigationCancelledError && e.key === data.gatherKeys()[3]);
    store.release();
    await wanted;
    assert.deepEqual(changed, [15], "only the gather still wanted was shown");
    const reads3 = store.reads.filter((r) => gatherOfRead(r) === 3);
    assert.deepEqual(
      reads3.map((r) => r.outcome),
      ["aborted"],
      "the stale request stopped at its first chunk",
    );
    nav.dispose();
  });

  it("a request still inside the new prefetch window is kept, not cancelled", async () => {
    const { data, store } = await openRecorded(location);
    const nav = new GatherNavigator(data, { budget: 64e6, prefetchDepth: 2 });
    store.hold((key) => traceChunk(key) !== undefined);
    const first = nav.goToIndex(5);
    await store.until((reads) => reads.some((r) => gatherOfRead(r) === 5));
    const second = nav.goToIndex(6); // 5 is now one step behind: still in the window
    store.release();
    assert.equal((await first).index, 5, "the earlier request still resolves");
    assert.equal((await second).index, 6);
    await nav.idle();
    assert.equal(nav.isCached(data.gatherKeys()[5]), true);
    assert.equal(store.reads.filter((r) => gatherOfRead(r) === 5 && r.outcome === "aborted").length, 0);
    nav.dispose();
  });

  it("dispose aborts every read in flight", async () => {
    const { data, store } = await openRecorded(location);
    const nav = new GatherNavigator(data, { budget: 64e6, prefetchDepth: 3, prefetchConcurrency: 3 });
    store.hold((key) => traceChunk(key) !== undefined);
    const pending = nav.goToIndex(7);
    await store.until((reads) => reads.filter((r) => r.outcome === "pending").length === 4);
    nav.dispose();
    await assert.rejects(pending, NavigationCancelledError);
    await store.until((reads) => reads.every((r) => r.outcome !== "pending"));
    assert.ok(store.reads.filter((r) => traceChunk(r.key) !== undefined).every((r) => r.outcome === "aborted" && !r.reachedStore));
    store.release();
  });
});
