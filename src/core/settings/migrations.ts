/**
 * Migrations of the settings file, as a table: each entry takes a file of version `from` to `from + 1`.
 * Version 0 is a file without a `version` field (the settings of the original application, before datasets
 * were remembered); version 1 is the original application's dataset extension, with `snake_case` keys; version
 * 2 is this library's, with `camelCase` keys and cache and prefetch settings. Migrations work on plain JSON and
 * tolerate odd values: validation afterwards repairs whatever they carry over.
 *
 * @module
 */
import { SETTINGS_VERSION } from "./schema";

/** One step of the migration table. */
export interface SettingsMigration {
  from: number;
  /** What the step does, for logs. */
  description: string;
  migrate(raw: Record<string, unknown>): Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Moves `raw[from]` to `out[to]` when present. */
function move(raw: Record<string, unknown>, out: Record<string, unknown>, from: string, to: string, convert: (v: unknown) => unknown = (v) => v): void {
  if (from in raw) out[to] = convert(raw[from]);
}

/** The migration table, oldest first. */
export const SETTINGS_MIGRATIONS: readonly SettingsMigration[] = [
  {
    from: 0,
    description: "add the dataset settings (loaded_datasets, active_dataset_id, dataset_cache_limit, auto_load_last_dataset, session_state)",
    migrate(raw) {
      return {
        loaded_datasets: [],
        active_dataset_id: null,
        dataset_cache_limit: 3,
        auto_load_last_dataset: true,
        ...raw,
        version: 1,
      };
    },
  },
  {
    from: 1,
    description: "rename snake_case keys to camelCase; the fixed-count gather cache (gather_cache_size) becomes a byte budget; add prefetch settings",
    migrate(raw) {
      const out: Record<string, unknown> = {};
      const known = new Set(["version", "loaded_datasets", "active_dataset_id", "dataset_cache_limit", "auto_load_last_dataset", "session_state", "gather_cache_size", "prefetch_depth"]);
      for (const [k, v] of Object.entries(raw)) if (!known.has(k)) out[k] = v;
      move(raw, out, "loaded_datasets", "loadedDatasets", (list) =>
        Array.isArray(list)
          ? list.map((d: unknown) => (isRecord(d) ? { id: d.id, path: d.path, name: d.name ?? "", loadedAt: d.loaded_at ?? d.loadedAt } : d))
          : list,
      );
      move(raw, out, "active_dataset_id", "activeDatasetId");
      move(raw, out, "dataset_cache_limit", "datasetCacheLimit");
      move(raw, out, "auto_load_last_dataset", "autoLoadLastDataset");
      const session = raw.session_state;
      if (isRecord(session)) {
        const s: Record<string, unknown> = {};
        const viewport = session.viewport;
        if (isRecord(viewport)) {
          const v: Record<string, unknown> = {};
          move(viewport, v, "time_min", "timeMin");
          move(viewport, v, "time_max", "timeMax");
          move(viewport, v, "trace_min", "traceMin");
          move(viewport, v, "trace_max", "traceMax");
          s.viewport = v;
        }
        move(session, s, "gain", "gain");
        move(session, s, "colormap", "colormap");
        move(session, s, "current_gather_id", "currentGatherId");
        out.sessionState = s;
      } else if (session !== undefined) {
        out.sessionState = session;
      }
      if (typeof raw.prefetch_depth === "number") out.prefetch = { enabled: raw.prefetch_depth > 0, depth: Math.min(5, Math.max(1, Math.round(raw.prefetch_depth))), concurrency: 2 };
      out.version = 2;
      return out;
    },
  },
];

/**
 * Brings a parsed settings file to {@link SETTINGS_VERSION}; returns it with the steps applied. A file newer
 * than this code is returned as it is, with `newer: true` (the caller must not overwrite it).
 *
 * @example
 * ```ts
 * const { raw, applied } = migrateSettings({ version: 1, dataset_cache_limit: 5 });
 * raw.datasetCacheLimit; // 5
 * applied; // [1]
 * ```
 */
export function migrateSettings(input: Record<string, unknown>): { raw: Record<string, unknown>; from: number; applied: number[]; newer: boolean } {
  const from = typeof input.version === "number" && Number.isInteger(input.version) && input.version >= 0 ? input.version : 0;
  if (from > SETTINGS_VERSION) return { raw: input, from, applied: [], newer: true };
  let raw = input;
  const applied: number[] = [];
  for (const step of SETTINGS_MIGRATIONS) {
    const version = typeof raw.version === "number" ? raw.version : 0;
    if (step.from !== version) continue;
    raw = step.migrate(raw);
    applied.push(step.from);
  }
  return { raw, from, applied, newer: false };
}
