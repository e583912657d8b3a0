/**
 * Datasets and settings together: navigator options from the settings, restoring the remembered datasets into
 * a {@link DatasetNavigator} (missing or unopenable ones are listed and skipped), and keeping the settings up to
 * date as datasets are added, removed, switched and navigated.
 *
 * @module
 */
import type { GatherNavigatorOptions } from "../navigation/gather-navigator";
import type { AppSettings } from "../settings/app-settings";
import type { MissingDatasetPath } from "../settings/dataset-paths";
import type { AppSettingsValues, SavedSessionState } from "../settings/schema";
import { defaultLogger, type Logger } from "../util/logger";
import type { DatasetNavigator, DatasetNavigatorOptions } from "./dataset-navigator";

/**
 * The options of a {@link DatasetNavigator} that the settings decide: datasets held in memory, cache budget
 * (fixed MB, or adaptive), prefetch.
 *
 * @example
 * ```ts
 * const navigator = new DatasetNavigator(navigatorOptionsFromSettings(settings.values()));
 * ```
 */
export function navigatorOptionsFromSettings(values: AppSettingsValues): Required<Pick<DatasetNavigatorOptions, "datasetCacheLimit" | "navigation">> {
  const cache = values.gatherCache;
  const navigation: GatherNavigatorOptions = {
    budget: cache.budgetMB !== null ? Math.round(cache.budgetMB * 1e6) : { kind: "adaptive", fraction: cache.memoryFraction, minBytes: Math.round(cache.minMB * 1e6), maxBytes: Math.round(cache.maxMB * 1e6) },
    prefetch: values.prefetch.enabled,
    prefetchDepth: values.prefetch.depth,
    prefetchConcurrency: values.prefetch.concurrency,
  };
  return { datasetCacheLimit: values.datasetCacheLimit, navigation };
}

/** What {@link restoreDatasets} did. */
export interface DatasetRestoreReport {
  /** Ids of the datasets added back, in their remembered order. */
  restored: string[];
  /** Remembered datasets skipped: gone, unreadable, or not openable as a store. */
  missing: MissingDatasetPath[];
  /** The dataset made active, or null. */
  activeDatasetId: string | null;
  /** The saved session state (viewport, gain, colormap, current gather). */
  session: SavedSessionState;
}

/**
 * Adds the remembered datasets back under their remembered ids. Missing ones and ones that no longer open are
 * listed and skipped, never fatal. With `autoLoadLastDataset`, the remembered active dataset (else the first
 * restored one) becomes active, warmed up at the remembered gather.
 *
 * @example
 * ```ts
 * const report = await restoreDatasets(navigator, settings);
 * const skipped = report.missing.map((m) => `${m.dataset.name}: ${m.reason}`);
 * ```
 */
export async function restoreDatasets(navigator: DatasetNavigator, settings: AppSettings, options: { logger?: Logger } = {}): Promise<DatasetRestoreReport> {
  const logger = options.logger ?? defaultLogger();
  const session = await settings.restoreSessionState();
  const restored: string[] = [];
  const missing = [...session.missing];
  for (const dataset of session.datasets) {
    try {
      restored.push(await navigator.addDataset(dataset.path, undefined, { id: dataset.id, name: dataset.name, activate: false }));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.log("warn", `dataset ${dataset.name} (${dataset.path}) skipped: ${reason}`);
      missing.push({ dataset, reason });
    }
  }
  const remembered = session.activeDatasetId;
  const active = remembered !== null && restored.includes(remembered) ? remembered : (restored[0] ?? null);
  if (session.autoLoadLastDataset && active !== null) {
    await navigator.setActiveDataset(active, active === remembered ? { gatherKey: session.session.currentGatherId } : {});
  }
  return { restored, missing, activeDatasetId: navigator.activeDatasetId, session: session.session };
}

/**
 * Keeps the settings in step with a navigator: datasets added and removed, the active dataset, and the active
 * dataset's current gather. With `autoSaveMs`, saves that long after the last change (errors are logged).
 * Returns a function that stops it (and saves once more if a save was pending).
 *
 * @example
 * ```ts
 * const unbind = bindSettings(navigator, settings, { autoSaveMs: 500 });
 * // ... the user works ...
 * await unbind();
 * ```
 */
export function bindSettings(navigator: DatasetNavigator, settings: AppSettings, options: { autoSaveMs?: number; logger?: Logger } = {}): () => Promise<void> {
  const logger = options.logger ?? defaultLogger();
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  const save = async (): Promise<void> => {
    pending = false;
    await settings.save().catch((error: unknown) => logger.log("warn", "saving the settings failed", { error: error instanceof Error ? error.message : String(error) }));
  };
  const changed = (): void => {
    if (options.autoSaveMs === undefined) return;
    pending = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void save(), options.autoSaveMs);
    timer.unref();
  };
  let offGather: (() => void) | undefined;
  const followActive = (): void => {
    offGather?.();
    offGather = navigator.gatherNavigator()?.on("gather-changed", (e) => {
      settings.updateSessionState({ currentGatherId: e.key });
      changed();
    });
  };
  const offs = [
    navigator.on("dataset-added", ({ id, info }) => {
      settings.addLoadedDataset({ id, path: info.location, name: info.name, loadedAt: info.addedAt });
      changed();
    }),
    navigator.on("dataset-removed", ({ id }) => {
      settings.removeLoadedDataset(id);
      changed();
    }),
    navigator.on("active-dataset-changed", ({ id }) => {
      if (id !== null && !settings.get("loadedDatasets").some((d) => d.id === id)) {
        const info = navigator.getDatasetMetadata(id);
        if (info !== undefined) settings.addLoadedDataset({ id, path: info.location, name: info.name, loadedAt: info.addedAt });
      }
      settings.setActiveDatasetId(id);
      followActive();
      changed();
    }),
  ];
  followActive();
  return async () => {
    for (const off of offs) off();
    offGather?.();
    if (timer !== undefined) clearTimeout(timer);
    if (pending) await save();
  };
}
