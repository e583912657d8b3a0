/**
 * Where a project document lives, behind one small interface ({@link ProjectFile}: read, read the backup,
 * write), so that the {@link ProjectManager} does not care whether it is a local directory or a prefix in object
 * storage, and so that other layers (locking, read-only mode) can wrap it. Two implementations:
 * {@link LocalProjectFile} (a directory on disk, written with AtomicFile) and {@link StoreProjectFile} (any
 * MutableStore: memory, S3, Azure).
 *
 * Every write is atomic and first copies the previous file to the backup, so that after a crash at any moment
 * the project file is the old version or the new one, and the backup holds the version before it.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fileAccessError } from "../errors";
import type { MutableStore, StoreKey } from "../storage/types";
import { AtomicFile } from "../util/atomic-file";
import { PROJECT_BACKUP_NAME, PROJECT_FILE_NAME } from "./project-types";

/** The storage of one project document. */
export interface ProjectFile {
  /** The project file, described for people (a path or URL), for messages. */
  readonly location: string;
  /**
   * The project directory (a local path or a URL prefix): relative dataset storage paths are resolved against it.
   */
  readonly directory: string;
  /** The project file's text, or `undefined` when there is none. */
  read(): Promise<string | undefined>;
  /** The backup's text (the version before the last save), or `undefined` when there is none. */
  readBackup(): Promise<string | undefined>;
  /** Replaces the project file atomically, after copying the current one (if any, and if different) to the backup. */
  write(text: string): Promise<void>;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fileAccessError(file, error);
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const out = await AtomicFile.create(file);
  try {
    await out.write(new TextEncoder().encode(text));
    await out.commit();
  } catch (error) {
    await out.abort();
    throw error;
  }
}

/**
 * A project in a local directory: `<dir>/project.seisproc.json`, its backup `<dir>/project.seisproc.json.bak`.
 * The directory is created on the first write.
 *
 * @example
 * ```ts
 * const file = new LocalProjectFile("surveys/north-sea");
 * await file.write(projectToJson(project));
 * const text = await file.read();
 * ```
 */
export class LocalProjectFile implements ProjectFile {
  /** The project directory, made absolute. */
  readonly directory: string;
  /** The project file's path. */
  readonly location: string;
  /** The backup's path. */
  readonly backupPath: string;

  constructor(directory: string) {
    this.directory = path.resolve(directory);
    this.location = path.join(this.directory, PROJECT_FILE_NAME);
    this.backupPath = path.join(this.directory, PROJECT_BACKUP_NAME);
  }

  /** The project file's text, or `undefined` when there is none. */
  read(): Promise<string | undefined> {
    return readText(this.location);
  }

  /** The backup's text, or `undefined` when there is none. */
  readBackup(): Promise<string | undefined> {
    return readText(this.backupPath);
  }

  /** Backs up the current file, then replaces it atomically. */
  async write(text: string): Promise<void> {
    try {
      await fs.mkdir(this.directory, { recursive: true });
    } catch (error) {
      throw fileAccessError(this.directory, error);
    }
    const previous = await this.read();
    if (previous !== undefined && previous !== text) await writeAtomically(this.backupPath, previous);
    await writeAtomically(this.location, text);
  }
}

/**
 * A project in any {@link MutableStore} (a MemoryStore in tests, S3 or Azure prefixes): the keys
 * `/project.seisproc.json` and `/project.seisproc.json.bak`. Atomicity is the store's: every SeisProc store
 * replaces a value as a whole.
 *
 * @example
 * ```ts
 * const file = new StoreProjectFile(new MemoryStore(), "memory://demo");
 * await new ProjectManager().create(file, { name: "demo" });
 * ```
 */
export class StoreProjectFile implements ProjectFile {
  /** The project file, for messages. */
  readonly location: string;

  constructor(
    private readonly store: MutableStore,
    /** The project directory: a URL or path naming the store's root, for messages and relative dataset paths. */
    readonly directory: string,
  ) {
    this.location = `${directory.replace(/\/+$/, "")}/${PROJECT_FILE_NAME}`;
  }

  private async text(key: StoreKey): Promise<string | undefined> {
    const bytes = await this.store.get(key);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  }

  /** The project file's text, or `undefined` when there is none. */
  read(): Promise<string | undefined> {
    return this.text(`/${PROJECT_FILE_NAME}`);
  }

  /** The backup's text, or `undefined` when there is none. */
  readBackup(): Promise<string | undefined> {
    return this.text(`/${PROJECT_BACKUP_NAME}`);
  }

  /** Backs up the current value, then replaces it. */
  async write(text: string): Promise<void> {
    const previous = await this.read();
    if (previous !== undefined && previous !== text) await this.store.set(`/${PROJECT_BACKUP_NAME}`, new TextEncoder().encode(previous));
    await this.store.set(`/${PROJECT_FILE_NAME}`, new TextEncoder().encode(text));
  }
}
