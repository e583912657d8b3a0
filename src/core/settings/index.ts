/**
 * Settings: {@link AppSettings} keeps the user's datasets, the active one, cache and prefetch settings and the
 * viewer's session state in `settings.json` in the configuration directory (`$SEISPROC_CONFIG_DIR`, else XDG),
 * validated against a schema, migrated from older versions, written atomically under a lock.
 *
 * @module
 * @example
 * ```ts
 * import { AppSettings } from "seisproc";
 * const settings = await AppSettings.load();
 * settings.set("prefetch", { enabled: true, depth: 3, concurrency: 2 });
 * await settings.save();
 * ```
 */
export * from "./app-settings";
export * from "./config-dir";
export * from "./dataset-paths";
export * from "./errors";
export * from "./migrations";
export * from "./schema";
export * from "./settings-file";
