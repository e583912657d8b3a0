/**
 * `AppSettings`: the user's settings (datasets open, the active one, cache and prefetch, the viewer's session
 * state) in a JSON file in the configuration directory, validated against the schema, migrated from older
 * versions, and saved atomically under a lock.
 *
 * Changes are kept as a list of edits; `save()` takes the lock, reads the file as it is now (another process may
 * have saved since), replays the edits on it and writes the result. Two processes saving at once therefore
 * take turns and keep each other's changes; the file is never broken. A corrupted file is set aside as a backup
 * and defaults are used, with a warning; so is a file with bad fields (those fields take their defaults) or
 * from an older version, before it is first overwritten.
 *
 * @module
 */
import { ValidationError } from "../errors";
import { TypedEmitter } from "../navigation/typed-emitter";
import { defaultLogger, type Logger } from "../util/logger";
import { resolveConfigDir, SETTINGS_FILE_NAME, type ConfigDirOptions } from "./config-dir";
import { checkDatasetPaths, type MissingDatasetPath } from "./dataset-paths";
import { SettingsError } from "./errors";
import { migrateSettings } from "./migrations";
import {
  defaultSettings,
  validateSetting,
  validateSettings,
  type AppSettingsValues,
  type LoadedDataset,
  type SchemaProblem,
  type SavedSessionState,
  type SettingsKey,
  type Viewport,
} from "./schema";
import { backupSettingsFile, readSettingsFile, withSettingsLock, writeSettingsFile, type SettingsFileRead } from "./settings-file";
import * as path from "node:path";

/** Options of {@link AppSettings.load}. */
export interface AppSettingsOptions extends ConfigDirOptions {
  /** Where warnings go besides {@link AppSettings.warnings} (default: the library's logger). */
  logger?: Logger;
  /** How long `save()` waits for another process's lock, in ms (default 15000). */
  lockWaitMs?: number;
}

/** Something about the settings file the user should know. */
export interface SettingsWarning {
  /**
   * `corrupt`: unreadable as settings, set aside, defaults used; `invalid-field`: some fields took their
   * defaults; `newer-version`: written by a newer SeisProc, defaults used and saving refused; `unreadable`:
   * the file could not be read; `backup`: a copy was kept before the file was overwritten.
   */
  kind: "corrupt" | "invalid-field" | "newer-version" | "unreadable" | "backup";
  message: string;
  /** Where the file (or a copy) was set aside. */
  backupPath?: string;
  /** The fields that were wrong. */
  problems?: SchemaProblem[];
}

/** A change to the session state: any part of it. */
export interface SavedSessionPatch {
  viewport?: Partial<Viewport>;
  gain?: number;
  colormap?: string;
  currentGatherId?: number;
}

/** What {@link AppSettings.restoreSessionState} found. */
export interface RestoredSession {
  session: SavedSessionState;
  /** Remembered datasets still there and readable, in their order. */
  datasets: LoadedDataset[];
  /** Remembered datasets that are gone or unreadable, with the reason; skipped. */
  missing: MissingDatasetPath[];
  /** The active dataset, or null when there was none or it is missing. */
  activeDatasetId: string | null;
  autoLoadLastDataset: boolean;
}

/** The events of {@link AppSettings}. */
export interface AppSettingsEvents {
  /** A setting changed in memory (not yet saved). */
  changed: { key: SettingsKey; value: unknown };
  /** The file was written. */
  saved: { path: string };
  /** A warning arose while saving (one found while loading is in {@link AppSettings.warnings}). */
  warning: SettingsWarning;
}

type Edit = (values: AppSettingsValues) => AppSettingsValues;

/** An edit with what it did, so that repeated edits of one kind collapse into one (a viewer navigating for hours). */
interface TaggedEdit {
  apply: Edit;
  /** `set:<key>` for whole-value sets, `session` for session patches, undefined for edits that never collapse. */
  kind?: string;
  sessionPatch?: SavedSessionPatch;
}

interface DiskState {
  values: AppSettingsValues;
  extra: Record<string, unknown>;
  warnings: SettingsWarning[];
  /** Why the file must not be overwritten, if it must not. */
  readOnly: string | null;
}

/**
 * The user's settings, persisted as JSON.
 *
 * @example
 * ```ts
 * const settings = await AppSettings.load(); // $SEISPROC_CONFIG_DIR or ~/.config/seisproc/settings.json
 * const notes = settings.warnings.map((w) => w.message);
 * settings.set("datasetCacheLimit", 5);
 * settings.addLoadedDataset({ id: data.id, path: "line.seis", name: "line" });
 * await settings.saveSessionState({ gain: 2, currentGatherId: 120 }); // saves
 * const { datasets, missing } = await settings.restoreSessionState();
 * ```
 */
export class AppSettings extends TypedEmitter<AppSettingsEvents> {
  /** Warnings from loading the file (corrupted, bad fields, newer version). */
  readonly warnings: SettingsWarning[] = [];
  private current: AppSettingsValues = defaultSettings();
  private edits: TaggedEdit[] = [];
  private readOnly: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private existed = false;

  private constructor(
    /** The configuration directory. */
    readonly configDir: string,
    /** The settings file. */
    readonly path: string,
    private readonly logger: Logger,
    private readonly lockWaitMs: number,
  ) {
    super();
  }

  /** Loads the settings (defaults when there is no file yet); never fails on a bad file, see {@link warnings}. */
  static async load(options: AppSettingsOptions = {}): Promise<AppSettings> {
    const dir = resolveConfigDir(options);
    const settings = new AppSettings(dir, path.join(dir, SETTINGS_FILE_NAME), options.logger ?? defaultLogger(), options.lockWaitMs ?? 15000);
    await settings.reload();
    return settings;
  }

  /** Every setting at its default. */
  static defaults(): AppSettingsValues {
    return defaultSettings();
  }

  /** True when the file existed when last read. */
  get fileExisted(): boolean {
    return this.existed;
  }

  /** True when there are changes not yet saved. */
  get hasUnsavedChanges(): boolean {
    return this.edits.length > 0;
  }

  /** Why saving is refused (a file from a newer SeisProc, or one that cannot be read), or null. */
  get readOnlyReason(): string | null {
    return this.readOnly;
  }

  /** One setting (a copy: change it with {@link set}). */
  get<K extends SettingsKey>(key: K): AppSettingsValues[K] {
    return structuredClone(this.current[key]);
  }

  /** All settings (a copy). */
  values(): AppSettingsValues {
    return structuredClone(this.current);
  }

  /** Changes one setting in memory (see {@link save}); a bad value is a ValidationError naming the field. */
  set<K extends SettingsKey>(key: K, value: AppSettingsValues[K]): void {
    const problems = validateSetting(key, value);
    if (problems.length > 0) throw new ValidationError(problems[0].path, problems.map((p) => p.message).join("; "));
    const copy = structuredClone(value);
    this.edit(key, { apply: (v) => ({ ...v, [key]: structuredClone(copy) }), kind: `set:${key}` });
  }

  /** Changes several settings at once, each checked as by {@link set}. */
  update(values: Partial<Pick<AppSettingsValues, SettingsKey>>): void {
    for (const [key, value] of Object.entries(values)) {
      const problems = validateSetting(key as SettingsKey, value);
      if (problems.length > 0) throw new ValidationError(problems[0].path, problems.map((p) => p.message).join("; "));
    }
    for (const [key, value] of Object.entries(values)) this.set(key as SettingsKey, value as never);
  }

  /** Remembers a dataset (replacing one with the same id); `name` defaults to the path's last part. */
  addLoadedDataset(dataset: { id: string; path: string; name?: string; loadedAt?: string }): void {
    const entry: LoadedDataset = {
      id: dataset.id,
      path: dataset.path,
      name: dataset.name ?? path.basename(dataset.path),
      loadedAt: dataset.loadedAt ?? new Date().toISOString(),
    };
    const problems = validateSetting("loadedDatasets", [entry]);
    if (problems.length > 0) throw new ValidationError("dataset", problems.map((p) => p.message).join("; "));
    this.edit("loadedDatasets", { apply: (v) => ({ ...v, loadedDatasets: [...v.loadedDatasets.filter((d) => d.id !== entry.id), { ...entry }] }) });
  }

  /** Forgets a dataset (and clears `activeDatasetId` if it was the active one); true when it was remembered. */
  removeLoadedDataset(id: string): boolean {
    const known = this.current.loadedDatasets.some((d) => d.id === id);
    this.edit("loadedDatasets", {
      apply: (v) => ({
        ...v,
        loadedDatasets: v.loadedDatasets.filter((d) => d.id !== id),
        activeDatasetId: v.activeDatasetId === id ? null : v.activeDatasetId,
      }),
    });
    return known;
  }

  /** Sets the active dataset (one of `loadedDatasets`, or null). */
  setActiveDatasetId(id: string | null): void {
    if (id !== null && !this.current.loadedDatasets.some((d) => d.id === id)) {
      throw new ValidationError("activeDatasetId", `${id} is not among loadedDatasets; add it with addLoadedDataset first`);
    }
    this.edit("activeDatasetId", { apply: (v) => ({ ...v, activeDatasetId: id === null || v.loadedDatasets.some((d) => d.id === id) ? id : null }), kind: "set:activeDatasetId" });
  }

  /** Merges `patch` into the session state in memory (see {@link saveSessionState} to save as well). */
  updateSessionState(patch: SavedSessionPatch): void {
    const merged = mergeSession(this.current.sessionState, patch);
    const problems = validateSetting("sessionState", merged);
    if (problems.length > 0) throw new ValidationError(problems[0].path, problems.map((p) => p.message).join("; "));
    const last = this.edits.at(-1);
    const combined: SavedSessionPatch =
      last?.kind === "session" && last.sessionPatch !== undefined
        ? { ...last.sessionPatch, ...patch, viewport: { ...last.sessionPatch.viewport, ...patch.viewport } }
        : { ...patch, viewport: { ...patch.viewport } };
    this.edit("sessionState", { apply: (v) => ({ ...v, sessionState: mergeSession(v.sessionState, combined) }), kind: "session", sessionPatch: combined });
  }

  /** Merges `patch` into the session state and saves (the seed's `save_session_state`). */
  async saveSessionState(patch: SavedSessionPatch): Promise<void> {
    this.updateSessionState(patch);
    await this.save();
  }

  /**
   * The session to restore (the seed's `restore_session_state`): the session state, and the remembered
   * datasets split into those still there and readable and those missing (listed with the reason, skipped).
   */
  async restoreSessionState(): Promise<RestoredSession> {
    const values = this.values();
    const { available, missing } = await checkDatasetPaths(values.loadedDatasets);
    const active = values.activeDatasetId;
    for (const m of missing) this.logger.log("warn", `dataset ${m.dataset.name} (${m.dataset.path}) skipped: ${m.reason}`);
    return {
      session: values.sessionState,
      datasets: available,
      missing,
      activeDatasetId: active !== null && available.some((d) => d.id === active) ? active : null,
      autoLoadLastDataset: values.autoLoadLastDataset,
    };
  }

  /**
   * Writes the changes: under the lock, the file is read as it is now, the changes made here are replayed on
   * it, and the result is validated and written atomically. Settings saved meanwhile by another process are
   * kept (and adopted here).
   */
  save(): Promise<void> {
    const run = this.queue.then(() => this.saveNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Reads the file again, dropping changes not saved. */
  reload(): Promise<void> {
    const run = this.queue.then(() => this.reloadNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private edit(key: SettingsKey, edit: TaggedEdit): void {
    // An edit of the same kind as the last one replaces it (it already includes the last one's effect).
    if (edit.kind !== undefined && this.edits.at(-1)?.kind === edit.kind) this.edits.pop();
    this.edits.push(edit);
    this.current = edit.apply(this.current);
    this.emit("changed", { key, value: structuredClone(this.current[key]) });
  }

  private async reloadNow(): Promise<void> {
    let read = await readSettingsFile(this.path);
    let state: DiskState;
    if (read.kind === "corrupt") {
      // Set it aside under the lock, and only if no other process has replaced it meanwhile.
      const seen = read.text;
      state = await withSettingsLock(
        this.path,
        async () => {
          read = await readSettingsFile(this.path);
          if (read.kind === "corrupt" && read.text !== seen) this.logger.log("info", "the corrupted settings file changed while being set aside; using the new one");
          return this.interpret(read, false);
        },
        { logger: this.logger, waitMs: this.lockWaitMs },
      );
    } else {
      state = await this.interpret(read, false);
    }
    this.existed = read.kind !== "missing";
    this.current = state.values;
    this.readOnly = state.readOnly;
    this.edits = [];
    this.warnings.length = 0;
    this.warnings.push(...state.warnings);
    for (const w of state.warnings) this.logger.log("warn", w.message, { file: this.path, backup: w.backupPath });
  }

  private async saveNow(): Promise<void> {
    if (this.readOnly !== null) {
      throw new SettingsError("newer-version", this.path, `not saved: ${this.readOnly}`);
    }
    const edits = this.edits;
    this.edits = [];
    try {
      await withSettingsLock(
        this.path,
        async () => {
          const disk = await this.interpret(await readSettingsFile(this.path), true);
          if (disk.readOnly !== null) throw new SettingsError("newer-version", this.path, `not saved: ${disk.readOnly}`);
          let next = disk.values;
          for (const edit of edits) next = edit.apply(next);
          const { values } = validateSettings(next as unknown as Record<string, unknown>);
          await writeSettingsFile(this.path, { ...values, ...disk.extra });
          this.existed = true;
          this.current = values;
          for (const edit of this.edits) this.current = edit.apply(this.current); // changes made while saving
          for (const w of disk.warnings) {
            this.logger.log("warn", w.message, { file: this.path, backup: w.backupPath });
            this.emit("warning", w);
          }
        },
        { logger: this.logger, waitMs: this.lockWaitMs },
      );
    } catch (error) {
      this.edits = [...edits, ...this.edits];
      throw error;
    }
    this.emit("saved", { path: this.path });
  }

  /** Makes settings of what is on disk. With `beforeWrite`, files about to be overwritten are backed up first. */
  private async interpret(read: SettingsFileRead, beforeWrite: boolean): Promise<DiskState> {
    const defaults = { values: defaultSettings(), extra: {}, readOnly: null };
    switch (read.kind) {
      case "missing":
        return { ...defaults, warnings: [] };
      case "unreadable": {
        const message = `the settings file cannot be read, so defaults are used and it is not overwritten: ${read.detail}`;
        return { ...defaults, warnings: [{ kind: "unreadable", message }], readOnly: message };
      }
      case "corrupt": {
        const backupPath = await backupSettingsFile(this.path, "corrupt", true);
        return {
          ...defaults,
          warnings: [{ kind: "corrupt", backupPath, message: `the settings file was corrupted (${read.detail}); it was kept as ${backupPath} and defaults are used` }],
        };
      }
      case "ok": {
        const migrated = migrateSettings(read.raw);
        if (migrated.newer) {
          const message = `the settings file has version ${migrated.from}, written by a newer SeisProc (this one knows up to ${defaultSettings().version}); defaults are used and the file is left as it is. Upgrade, or set SEISPROC_CONFIG_DIR to use another directory`;
          return { ...defaults, warnings: [{ kind: "newer-version", message }], readOnly: message };
        }
        const { values, problems, extra } = validateSettings(migrated.raw);
        const warnings: SettingsWarning[] = [];
        if (problems.length > 0) {
          const backupPath = beforeWrite ? await backupSettingsFile(this.path, "invalid", false) : undefined;
          const list = problems.map((p) => `${p.path} ${p.message}`).join("; ");
          warnings.push({
            kind: "invalid-field",
            problems,
            backupPath,
            message: beforeWrite ? `fields of the settings file were invalid and are replaced by their defaults (${list}); the file was kept as ${backupPath}` : `fields of the settings file are invalid and take their defaults: ${list}`,
          });
        }
        if (beforeWrite && migrated.applied.length > 0) {
          const backupPath = await backupSettingsFile(this.path, `v${migrated.from}`, false);
          warnings.push({ kind: "backup", backupPath, message: `the settings file (version ${migrated.from}) was migrated to version ${values.version}; the old file was kept as ${backupPath}` });
        }
        return { values, extra, warnings, readOnly: null };
      }
    }
  }
}

function mergeSession(session: SavedSessionState, patch: SavedSessionPatch): SavedSessionState {
  return {
    ...session,
    ...(patch.gain === undefined ? {} : { gain: patch.gain }),
    ...(patch.colormap === undefined ? {} : { colormap: patch.colormap }),
    ...(patch.currentGatherId === undefined ? {} : { currentGatherId: patch.currentGatherId }),
    viewport: { ...session.viewport, ...(patch.viewport ?? {}) },
  };
}
