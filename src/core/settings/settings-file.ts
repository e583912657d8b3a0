/**
 * The settings file on disk: reading it (telling a missing file from a corrupted one), writing it atomically
 * (temporary file, fsync, rename), setting a corrupted or unusable file aside as a backup, and a lock
 * (`settings.json.lock`, a directory made atomically, with proper-lockfile) so that processes saving at once
 * take turns and none loses the others' changes.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as lockfile from "proper-lockfile";
import { fileAccessError } from "../errors";
import { AtomicFile } from "../util/atomic-file";
import type { Logger } from "../util/logger";
import { SettingsError } from "./errors";

/** What {@link readSettingsFile} found. */
export type SettingsFileRead =
  | { kind: "missing" }
  | { kind: "ok"; raw: Record<string, unknown>; text: string }
  | { kind: "corrupt"; text: string; detail: string }
  | { kind: "unreadable"; detail: string; error: unknown };

/**
 * Reads and parses the settings file. A file that is not JSON, not a JSON object, or has a `version` that is
 * not a whole number ≥ 0 is `corrupt`; one that cannot be read (permissions, a directory) is `unreadable`.
 *
 * @example
 * ```ts
 * const read = await readSettingsFile("/home/ana/.config/seisproc/settings.json");
 * const problem = read.kind === "corrupt" ? read.detail : undefined;
 * ```
 */
export async function readSettingsFile(file: string): Promise<SettingsFileRead> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" };
    const access = fileAccessError(file, error);
    return { kind: "unreadable", detail: access instanceof Error ? access.message : String(error), error };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: "corrupt", text, detail: text.trim() === "" ? "the file is empty" : `not valid JSON (${(error as Error).message})` };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { kind: "corrupt", text, detail: "not a JSON object" };
  const version = (raw as Record<string, unknown>).version;
  if (version !== undefined && !(typeof version === "number" && Number.isInteger(version) && version >= 0)) {
    return { kind: "corrupt", text, detail: `"version" must be a whole number >= 0, got ${JSON.stringify(version)}` };
  }
  return { kind: "ok", raw: raw as Record<string, unknown>, text };
}

/**
 * Writes the settings as indented JSON, atomically: readers (and other processes) see the old file or the new
 * one, never a mix or a truncated file. Creates the directory if needed.
 *
 * @example
 * ```ts
 * await writeSettingsFile(file, { version: 2, datasetCacheLimit: 3 });
 * ```
 */
export async function writeSettingsFile(file: string, values: Record<string, unknown>): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true }).catch((error: unknown) => {
    throw fileAccessError(path.dirname(file), error);
  });
  const out = await AtomicFile.create(file);
  try {
    await out.write(Buffer.from(`${JSON.stringify(values, null, 2)}\n`, "utf8"));
    await out.commit();
  } catch (error) {
    await out.abort();
    throw error;
  }
}

/** A fresh backup name beside `file`: `settings.json.<label>-<UTC time>-<4 hex>`. */
function backupPath(file: string, label: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${file}.${label}-${stamp}-${randomBytes(2).toString("hex")}`;
}

/**
 * Sets the settings file aside as a backup: `move` renames it (for a corrupted file, which then no longer
 * exists), otherwise it is copied (the original stays). Returns the backup's path.
 *
 * @example
 * ```ts
 * const backup = await backupSettingsFile(file, "corrupt", true); // ".../settings.json.corrupt-20250101T120000Z-3f9a"
 * ```
 */
export async function backupSettingsFile(file: string, label: string, move: boolean): Promise<string> {
  const target = backupPath(file, label);
  try {
    if (move) await fs.rename(file, target);
    else await fs.copyFile(file, target);
  } catch (error) {
    throw fileAccessError(target, error);
  }
  return target;
}

/**
 * Runs `task` holding the settings file's lock (`<file>.lock`), waiting up to about `waitMs` for another
 * process to release it. A lock left by a process that died is taken over after 10 s. Creates the directory.
 *
 * @example
 * ```ts
 * await withSettingsLock(file, async () => { const read = await readSettingsFile(file); ...; await writeSettingsFile(file, next); });
 * ```
 */
export async function withSettingsLock<T>(file: string, task: () => Promise<T>, options: { logger?: Logger; waitMs?: number } = {}): Promise<T> {
  await fs.mkdir(path.dirname(file), { recursive: true }).catch((error: unknown) => {
    throw fileAccessError(path.dirname(file), error);
  });
  const waitMs = options.waitMs ?? 15000;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      realpath: false,
      lockfilePath: `${file}.lock`,
      stale: 10000,
      update: 2000,
      retries: { retries: Math.ceil(waitMs / 100), factor: 1.3, minTimeout: 5, maxTimeout: 100, randomize: true },
      onCompromised: (error) => options.logger?.log("warn", "the settings lock was taken over while held (the save took over 10 s)", { file, error: error.message }),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new SettingsError("locked", file, `another process has held ${file}.lock for over ${Math.round(waitMs / 1000)} s; try again, or remove ${file}.lock if no SeisProc is running`, { cause: error });
    }
    throw fileAccessError(`${file}.lock`, error);
  }
  try {
    return await task();
  } finally {
    await release().catch(() => undefined);
  }
}
