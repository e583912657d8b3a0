import { strict as assert } from "node:assert";
import { cpSync, rmSync } from "node:fs";
import * as path from "node:path";
import {
  DatasetError,
  DatasetNavigator,
  FileSystemStore,
  isSeisprocError,
  LazySeismicData,
  ValidationError,
  type DatasetInfo,
} from "../../src";
import { tempDir } from "../helpers/paths";
import { makeStore, RecordingStore } from "../navigation/fixtures";

describe("DatasetNavigator", function () {
  this.timeout(60000);
  const dir = tempDir("seisproc-datasets-");
  let lines: string[];

  before(async () => {
    lines = [];
    for (let i = 0; i < 4; i++) lines.push(await makeStore(dir, `line${i}`, { shots: 6 + i, channels: 12, samples: 80, seed: 10 + i, sampleIntervalUs: i === 3 ? 4000 : 2000 }));
  });

  /** A navigator whose stores record their reads, so tests can see what a switch reads. */
  function recordingNavigator(options: ConstructorParameters<typeof DatasetNavigator>[0] = {}) {
    const stores = new Map<string, RecordingStore>();
    const navigator = new DatasetNavigator({
      navigation: { budget: 32e6, prefetchDepth: 1 },
      ...options,
      openStore: (location) => {
        const store = new RecordingStore(new FileSystemStore(location));
        stores.set(location, store);
        return store;
      },
    });
    const reads = () => [...stores.values()].reduce((n, s) => n + s.reads.length, 0);
    /** Reads of the store's metadata: each opening of a dataset makes one. */
    const openings = () => [...stores.values()].reduce((n, s) => n + s.reads.filter((r) => r.key === "/seisproc/metadata.json").length, 0);
    return { navigator, stores, reads, openings };
  }

  it("adds datasets with their metadata, announces them, and makes the first one active", async () => {
    const navigator = new DatasetNavigator({ navigation: { budget: 32e6 } });
    const added: DatasetInfo[] = [];
    const active: Array<string | null> = [];
    navigator.on("dataset-added", (e) => added.push(e.info));
    navigator.on("active-dataset-changed", (e) => active.push(e.id));
    const a = await navigator.addDataset(lines[0]);
    const b = await navigator.addDataset(lines[3], undefined, { name: "slow line" });
    assert.notEqual(a, b);
    assert.match(a, /^[0-9a-f-]{36}$/);
    assert.deepEqual(active, [a], "the first dataset became active; the second did not");
    assert.equal(navigator.activeDatasetId, a);
    assert.deepEqual(
      added.map((i) => [i.name, i.gatherCount, i.traceCount, i.samplesPerTrace, i.sampleIntervalUs, i.recordLengthMs, i.gatherKey]),
      [
        ["line0", 6, 72, 80, 2000, 160, "FieldRecord"],
        ["slow line", 9, 108, 80, 4000, 320, "FieldRecord"],
      ],
    );
    const info = navigator.getDatasetMetadata(b) as DatasetInfo;
    assert.equal(info.location, path.resolve(lines[3]));
    assert.deepEqual(info.tracesPerGather, { min: 12, max: 12 });
    assert.equal(info.sampleBytes, 108 * 80 * 4);
    assert.equal(info.source.container, "segy");
    assert.deepEqual(
      navigator.listDatasets().map((d) => [d.id, d.active, d.inMemory]),
      [
        [a, true, true],
        [b, false, true],
      ],
    );
    assert.equal(await navigator.addDataset(lines[0]), a, "adding the same store again gives its id, not a second entry");
    assert.equal(added.length, 2);
    assert.equal((await navigator.getDataset(b))?.gatherCount, 9);
    assert.equal(await navigator.getDataset("nope"), undefined);
    navigator.dispose();
  });

  it("gives a copy of a store (same persistent UUID, other place) its own id, the same in every session", async () => {
    const copy = path.join(dir, "line0-copy.seis");
    cpSync(lines[0], copy, { recursive: true });
    const sameUuid = "7b1f5a0e-8f3d-4c2a-9e61-0d5b3c7a9f10";
    const ids = async () => {
      const navigator = new DatasetNavigator({ warmUp: false });
      const original = await navigator.addDataset(lines[0], await LazySeismicData.open(new FileSystemStore(lines[0]), lines[0], sameUuid));
      const copied = await navigator.addDataset(copy, await LazySeismicData.open(new FileSystemStore(copy), copy, sameUuid));
      navigator.dispose();
      return [original, copied];
    };
    const first = await ids();
    assert.equal(first[0], sameUuid);
    assert.notEqual(first[1], sameUuid);
    assert.deepEqual(await ids(), first);
  });

  it("switches the active dataset without reading the store again, suspending the one left", async () => {
    const { navigator, openings } = recordingNavigator();
    const a = await navigator.addDataset(lines[0]);
    const b = await navigator.addDataset(lines[1]);
    const navA = navigator.gatherNavigator(a)!;
    await navA.idle();
    await navA.goTo(3);
    await navA.idle();
    assert.equal(navA.stats().entries, 4, "the active dataset caches what it saw: 1, 2 (warm-up) and 3, 4 (window)");
    const changes: Array<[string | null, string | null]> = [];
    navigator.on("active-dataset-changed", (e) => changes.push([e.id, e.previousId]));
    assert.equal(await navigator.setActiveDataset(b), true);
    const navB = navigator.gatherNavigator()!;
    await navB.idle();
    assert.equal(navB.current()?.key, 1, "the new active dataset was warmed up at its first gather");
    assert.deepEqual(
      [navA.stats().suspended, navA.stats().entries, navA.current()?.key],
      [true, 1, 3],
      "the dataset left keeps only its gather on screen",
    );
    const before = openings();
    let shownAtSwitch: number | undefined;
    navigator.once("active-dataset-changed", () => (shownAtSwitch = navigator.gatherNavigator()?.current()?.key));
    assert.equal(await navigator.setActiveDataset(a), true);
    assert.equal(navigator.gatherNavigator(), navA, "the same navigator, not a reloaded one");
    assert.equal(shownAtSwitch, 3, "its gather on screen is there when the switch is announced");
    assert.equal(openings(), before, "switching back did not open the dataset again");
    await navA.idle();
    assert.equal(navA.stats().entries, 3, "resumed: the prefetch window refilled (2, 3, 4)");
    assert.deepEqual(changes, [
      [b, a],
      [a, b],
    ]);
    assert.equal(await navigator.setActiveDataset("nope"), false);
    navigator.dispose();
  });

  it("holds at most datasetCacheLimit datasets in memory, releasing the least recently active to their metadata", async () => {
    const { navigator } = recordingNavigator({ datasetCacheLimit: 2, warmUp: false });
    const unloaded: string[] = [];
    navigator.on("dataset-unloaded", (e) => unloaded.push(e.id));
    const ids = [];
    for (const line of lines.slice(0, 3)) ids.push(await navigator.addDataset(line));
    assert.deepEqual(unloaded, [ids[1]], "the active dataset (the first) stays; the least recently used other one goes");
    assert.deepEqual(navigator.listDatasets().map((d) => d.inMemory), [true, false, true]);
    assert.equal(navigator.getDatasetMetadata(ids[1])?.gatherCount, 7, "metadata stays after release");
    assert.equal(navigator.gatherNavigator(ids[1]), undefined);
    assert.equal(await navigator.setActiveDataset(ids[1]), true, "a released dataset reopens on activation");
    assert.deepEqual(navigator.listDatasets().map((d) => d.inMemory), [true, true, false]);
    assert.deepEqual(unloaded, [ids[1], ids[2]]);
    navigator.setDatasetCacheLimit(1);
    assert.deepEqual(navigator.listDatasets().map((d) => d.inMemory), [false, true, false]);
    assert.throws(() => navigator.setDatasetCacheLimit(0), ValidationError);
    navigator.dispose();
  });

  it("removes datasets; removing the active one leaves none active", async () => {
    const navigator = new DatasetNavigator({ warmUp: false });
    const a = await navigator.addDataset(lines[0]);
    const events: string[] = [];
    navigator.on("dataset-removed", (e) => events.push(`removed ${e.id === a}`));
    navigator.on("active-dataset-changed", (e) => events.push(`active ${e.id}`));
    const nav = navigator.gatherNavigator()!;
    assert.equal(navigator.removeDataset(a), true);
    assert.equal(navigator.removeDataset(a), false);
    assert.deepEqual(events, ["removed true", "active null"]);
    assert.equal(navigator.getActiveDataset(), undefined);
    await assert.rejects(nav.next(), /disposed/, "its gather navigator was closed");
    navigator.dispose();
  });

  it("a dataset whose directory was deleted fails to reopen with a DatasetError, and the registry stays usable", async () => {
    const doomed = await makeStore(dir, "doomed", { shots: 3, channels: 6, samples: 40 });
    const navigator = new DatasetNavigator({ datasetCacheLimit: 1, warmUp: false });
    const keep = await navigator.addDataset(lines[0]);
    const gone = await navigator.addDataset(doomed); // released at once: the limit is 1
    assert.equal(navigator.listDatasets()[1].inMemory, false);
    rmSync(doomed, { recursive: true });
    await assert.rejects(navigator.setActiveDataset(gone), (e: unknown) => isSeisprocError(e, DatasetError as never) && (e as DatasetError).problem === "open-failed");
    assert.equal(navigator.activeDatasetId, keep);
    await assert.rejects(navigator.addDataset(path.join(dir, "never-there.seis")), (e: unknown) => e instanceof DatasetError && /cannot be opened/.test(e.message));
    assert.equal(await navigator.setActiveDataset(keep), true);
    navigator.dispose();
  });
});
