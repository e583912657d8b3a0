/**
 * Datasets: {@link DatasetNavigator}, the registry of open datasets keyed by UUID with an active dataset,
 * typed events, switching without reloading, metadata extraction and a memory limit; dataset comparison
 * (geometry, sample interval, header ranges, amplitude statistics side by side); and the link to the settings
 * (restore the remembered datasets, keep the settings in step).
 *
 * @module
 * @example
 * ```ts
 * import { AppSettings, DatasetNavigator, navigatorOptionsFromSettings, restoreDatasets } from "seisproc";
 * const settings = await AppSettings.load();
 * const datasets = new DatasetNavigator(navigatorOptionsFromSettings(settings.values()));
 * const { missing } = await restoreDatasets(datasets, settings);
 * const id = await datasets.addDataset("line.seis");
 * await datasets.setActiveDataset(id);
 * ```
 */
export * from "./amplitude-stats";
export * from "./compare";
export * from "./dataset-info";
export * from "./dataset-navigator";
export * from "./errors";
export * from "./settings-sync";
