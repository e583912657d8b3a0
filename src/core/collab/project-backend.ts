/**
 * Where a shared project lives and how it is locked, written and journalled: in a local (or network) directory
 * (a lock file, atomic file writes, a JSON-lines journal) or in a conditional store on object storage (a lease,
 * compare-and-swap writes, one journal object per entry). {@link SharedProject} works through this seam.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fileAccessError } from "../errors";
import type { ConditionalStore } from "../cloud/conditional";
import { LocalProjectFile, type ProjectFile } from "../project/project-file";
import { PROJECT_BACKUP_NAME, PROJECT_FILE_NAME } from "../project/project-types";
import type { MutableStore, StoreKey } from "../storage/types";
import type { Logger } from "../util/logger";
import { FileJournal } from "./file-journal";
import { FileLock } from "./file-lock";
import type { ChangeJournal } from "./journal";
import { LeaseLock } from "./lease-lock";
import type { Lock } from "./lock-types";
import { isLockOwner, type LockOwner } from "./owner";
import { StoreJournal } from "./store-journal";

/** The journal file (or key prefix) beside a project file. */
export const PROJECT_JOURNAL_NAME = "project.seisproc.journal.jsonl";

/** The marker that makes a shared project read-only for everyone, beside the project file. */
export const PROJECT_READONLY_NAME = "project.seisproc.readonly.json";

/** What the read-only marker says. */
export interface ReadOnlyMarker {
  /** Who marked the project read-only. */
  by: LockOwner;
  /** When (ISO 8601). */
  at: string;
  /** Why, for people (may be empty). */
  reason: string;
}

/** The project file's text with a version to write against. */
export interface VersionedText {
  /** The text. */
  text: string;
  /** A version tag (an ETag, or the text itself on disk); pass it back to {@link ProjectBackend.writeIfVersion}. */
  version: string;
}

/** Options every backend takes. */
export interface BackendOptions {
  /** Who we are. */
  owner: LockOwner;
  /** Where warnings go. */
  logger: Logger;
  /** Stale time of a file lock (ms). */
  staleMs?: number;
  /** Time to live of a lease (ms). */
  leaseTtlMs?: number;
}

/** A shared project's storage: its file, lock, journal and read-only marker. */
export interface ProjectBackend {
  /** The project file, as handed to the ProjectManager. */
  readonly file: ProjectFile;
  /** The lock saves take. */
  readonly lock: Lock;
  /** The change log. */
  readonly journal: ChangeJournal;
  /** Makes sure the place exists (the directory), before the first lock. */
  prepare(): Promise<void>;
  /** The project file's text and version, or undefined when there is none. */
  readVersioned(): Promise<VersionedText | undefined>;
  /**
   * Writes `text` (backing up the current file) if the file is still `current` as {@link readVersioned} returned
   * it (undefined: if there is still no file); false when it changed meanwhile. Called under the lock.
   */
  writeIfVersion(text: string, current: VersionedText | undefined): Promise<boolean>;
  /** The read-only marker, or undefined. */
  readMarker(): Promise<ReadOnlyMarker | undefined>;
  /** Writes (or, with undefined, removes) the read-only marker. */
  writeMarker(marker: ReadOnlyMarker | undefined): Promise<void>;
}

function parseMarker(text: string | undefined): ReadOnlyMarker | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Partial<ReadOnlyMarker>;
    return { by: isLockOwner(v.by) ? v.by : { id: "", host: "unknown", pid: 0, user: "unknown" }, at: String(v.at ?? ""), reason: typeof v.reason === "string" ? v.reason : "" };
  } catch {
    // A damaged marker still marks the project read-only: refusing is the safe side.
    return { by: { id: "", host: "unknown", pid: 0, user: "unknown" }, at: "", reason: "(the marker file is damaged)" };
  }
}

/**
 * A shared project in a local or network directory.
 *
 * @example
 * ```ts
 * const backend = new DirectoryBackend("/shared/north-sea", { owner: currentOwner(), logger: defaultLogger() });
 * ```
 */
export class DirectoryBackend implements ProjectBackend {
  readonly file: LocalProjectFile;
  readonly lock: FileLock;
  readonly journal: FileJournal;
  private readonly markerPath: string;

  constructor(directory: string, options: BackendOptions) {
    this.file = new LocalProjectFile(directory);
    this.lock = new FileLock(this.file.location, { staleMs: options.staleMs, owner: options.owner, logger: options.logger });
    this.journal = new FileJournal(path.join(this.file.directory, PROJECT_JOURNAL_NAME), { logger: options.logger });
    this.markerPath = path.join(this.file.directory, PROJECT_READONLY_NAME);
  }

  async prepare(): Promise<void> {
    await fs.mkdir(this.file.directory, { recursive: true }).catch((error: unknown) => {
      throw fileAccessError(this.file.directory, error);
    });
  }

  async readVersioned(): Promise<VersionedText | undefined> {
    const text = await this.file.read();
    return text === undefined ? undefined : { text, version: text };
  }

  async writeIfVersion(text: string, current: VersionedText | undefined): Promise<boolean> {
    // Under the file lock nobody else writes; check anyway, for writers that ignore the lock.
    const now = await this.file.read();
    if (now !== current?.text) return false;
    await this.file.write(text);
    return true;
  }

  async readMarker(): Promise<ReadOnlyMarker | undefined> {
    try {
      return parseMarker(await fs.readFile(this.markerPath, "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw fileAccessError(this.markerPath, error);
    }
  }

  async writeMarker(marker: ReadOnlyMarker | undefined): Promise<void> {
    try {
      if (marker === undefined) await fs.rm(this.markerPath, { force: true });
      else {
        const temp = `${this.markerPath}.${process.pid}.tmp`;
        await fs.writeFile(temp, `${JSON.stringify(marker, null, 2)}\n`);
        await fs.rename(temp, this.markerPath);
      }
    } catch (error) {
      throw fileAccessError(this.markerPath, error);
    }
  }
}

/**
 * The project file of a shared project in a conditional store: the keys `/project.seisproc.json` and its backup,
 * with compare-and-swap writes for saves.
 *
 * @example
 * ```ts
 * const file = new ConditionalProjectFile(store, "s3://bucket/north-sea");
 * const text = await file.read();
 * ```
 */
export class ConditionalProjectFile implements ProjectFile {
  /** The project file, for messages. */
  readonly location: string;

  constructor(
    private readonly store: MutableStore & ConditionalStore,
    /** The project directory: the store's URL, for messages and relative dataset paths. */
    readonly directory: string,
  ) {
    this.location = `${directory.replace(/\/+$/, "")}/${PROJECT_FILE_NAME}`;
  }

  /** The project file's text, or undefined. */
  async read(): Promise<string | undefined> {
    return (await this.readVersioned())?.text;
  }

  /** The backup's text, or undefined. */
  async readBackup(): Promise<string | undefined> {
    const bytes = await this.store.get(`/${PROJECT_BACKUP_NAME}`);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  }

  /** The project file's text with its ETag, or undefined. */
  async readVersioned(): Promise<VersionedText | undefined> {
    const value = await this.store.getWithEtag(`/${PROJECT_FILE_NAME}`);
    return value === undefined ? undefined : { text: new TextDecoder().decode(value.bytes), version: value.etag };
  }

  /** Backs up the current text, then replaces it unconditionally. */
  async write(text: string): Promise<void> {
    const current = await this.readVersioned();
    if (current !== undefined && current.text !== text) await this.store.set(`/${PROJECT_BACKUP_NAME}`, new TextEncoder().encode(current.text));
    await this.store.set(`/${PROJECT_FILE_NAME}`, new TextEncoder().encode(text));
  }

  /** Backs up `current`, then writes `text` if the file still has `current`'s ETag (undefined: if still absent). */
  async writeIfVersion(text: string, current: VersionedText | undefined): Promise<boolean> {
    const bytes = new TextEncoder().encode(text);
    const key: StoreKey = `/${PROJECT_FILE_NAME}`;
    if (current === undefined) return (await this.store.putIfAbsent(key, bytes)) !== undefined;
    if (current.text !== text) await this.store.set(`/${PROJECT_BACKUP_NAME}`, new TextEncoder().encode(current.text));
    return (await this.store.putIfMatch(key, bytes, current.version)) !== undefined;
  }
}

/**
 * A shared project in a conditional store (S3, Azure Blob, a `memory://` store, a {@link FileSystemConditionalStore}).
 *
 * @example
 * ```ts
 * const backend = new ConditionalStoreBackend(openStore("az://projects/north-sea") as never, "az://projects/north-sea", options);
 * ```
 */
export class ConditionalStoreBackend implements ProjectBackend {
  readonly file: ConditionalProjectFile;
  readonly lock: LeaseLock;
  readonly journal: StoreJournal;

  constructor(
    private readonly store: MutableStore & ConditionalStore,
    directory: string,
    options: BackendOptions,
  ) {
    this.file = new ConditionalProjectFile(store, directory);
    this.lock = new LeaseLock(store, `/${PROJECT_FILE_NAME}.lease`, { ttlMs: options.leaseTtlMs, owner: options.owner, logger: options.logger, storeName: directory });
    this.journal = new StoreJournal(store, `/${PROJECT_JOURNAL_NAME}/` as StoreKey, { logger: options.logger, storeName: directory });
  }

  async prepare(): Promise<void> {}

  readVersioned(): Promise<VersionedText | undefined> {
    return this.file.readVersioned();
  }

  writeIfVersion(text: string, current: VersionedText | undefined): Promise<boolean> {
    return this.file.writeIfVersion(text, current);
  }

  async readMarker(): Promise<ReadOnlyMarker | undefined> {
    const bytes = await this.store.get(`/${PROJECT_READONLY_NAME}`);
    return bytes === undefined ? undefined : parseMarker(new TextDecoder().decode(bytes));
  }

  async writeMarker(marker: ReadOnlyMarker | undefined): Promise<void> {
    if (marker === undefined) await this.store.delete(`/${PROJECT_READONLY_NAME}`);
    else await this.store.set(`/${PROJECT_READONLY_NAME}`, new TextEncoder().encode(`${JSON.stringify(marker, null, 2)}\n`));
  }
}
