import { strict as assert } from "node:assert";
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { AppSettings, bindSettings, DatasetNavigator, navigatorOptionsFromSettings, restoreDatasets, type Logger } from "../../src";
import { tempDir } from "../helpers/paths";
import { makeStore } from "../navigation/fixtures";

const quiet: Logger = { log() {} };

describe("datasets and settings", function () {
  this.timeout(60000);

  it("derives navigator options from the settings", () => {
    const values = AppSettings.defaults();
    values.datasetCacheLimit = 5;
    values.prefetch = { enabled: false, depth: 4, concurrency: 3 };
    assert.deepEqual(navigatorOptionsFromSettings(values), {
      datasetCacheLimit: 5,
      navigation: { budget: { kind: "adaptive", fraction: 0.25, minBytes: 64e6, maxBytes: 4096e6 }, prefetch: false, prefetchDepth: 4, prefetchConcurrency: 3 },
    });
    values.gatherCache.budgetMB = 512;
    assert.equal(navigatorOptionsFromSettings(values).navigation.budget, 512e6);
  });

  it("remembers datasets, the active one and its gather; restores them next session, skipping a deleted directory", async () => {
    const data = tempDir("seisproc-sync-data-");
    const config = tempDir("seisproc-sync-config-");
    const lines = [
      await makeStore(data, "north", { shots: 5, channels: 8, samples: 50 }),
      await makeStore(data, "south", { shots: 6, channels: 8, samples: 50 }),
      await makeStore(data, "east", { shots: 4, channels: 8, samples: 50 }),
    ];
    // Session 1: open three datasets, work in "south" at gather 4, close "east".
    const settings = await AppSettings.load({ configDir: config, logger: quiet });
    const first = new DatasetNavigator({ ...navigatorOptionsFromSettings(settings.values()), logger: quiet });
    const unbind = bindSettings(first, settings, { autoSaveMs: 10_000 });
    const [north, south, east] = [await first.addDataset(lines[0]), await first.addDataset(lines[1]), await first.addDataset(lines[2])];
    await first.setActiveDataset(south);
    await first.gatherNavigator()!.goTo(4);
    first.removeDataset(east);
    await unbind(); // saves the pending changes
    first.dispose();
    const saved = JSON.parse(readFileSync(path.join(config, "settings.json"), "utf8")) as Record<string, unknown>;
    assert.deepEqual((saved.loadedDatasets as Array<{ id: string }>).map((d) => d.id), [north, south]);
    assert.equal(saved.activeDatasetId, south);
    assert.equal((saved.sessionState as { currentGatherId: number }).currentGatherId, 4);

    // Between sessions the "north" directory is deleted.
    rmSync(lines[0], { recursive: true });

    // Session 2.
    const again = await AppSettings.load({ configDir: config, logger: quiet });
    const second = new DatasetNavigator({ ...navigatorOptionsFromSettings(again.values()), logger: quiet });
    const report = await restoreDatasets(second, again, { logger: quiet });
    assert.deepEqual(report.restored, [south]);
    assert.deepEqual(report.missing.map((m) => m.dataset.id), [north]);
    assert.equal(report.activeDatasetId, south);
    const nav = second.gatherNavigator()!;
    await second.ready();
    assert.equal(nav.current()?.key, 4, "the active dataset was warmed up at the remembered gather");
    assert.equal(nav.stats().warmUp?.gathers, 5, "warm-up loaded gather 4 and its window (2, 3, 5, 6)");
    second.dispose();
  });

  it("skips a remembered dataset that exists but is not a store, and falls back to the first restored one", async () => {
    const data = tempDir("seisproc-sync-data-");
    const config = tempDir("seisproc-sync-config-");
    const good = await makeStore(data, "good", { shots: 3, channels: 4, samples: 30 });
    const settings = await AppSettings.load({ configDir: config, logger: quiet });
    settings.addLoadedDataset({ id: "not-a-store", path: data }); // a directory, but no store
    settings.addLoadedDataset({ id: "good", path: good });
    settings.setActiveDatasetId("not-a-store");
    await settings.save();
    const navigator = new DatasetNavigator({ warmUp: false, logger: quiet });
    const report = await restoreDatasets(navigator, await AppSettings.load({ configDir: config, logger: quiet }), { logger: quiet });
    assert.deepEqual(report.restored, ["good"]);
    assert.deepEqual(report.missing.map((m) => m.dataset.id), ["not-a-store"]);
    assert.match(report.missing[0].reason, /cannot be opened/);
    assert.equal(report.activeDatasetId, "good");
    navigator.dispose();
  });
});
