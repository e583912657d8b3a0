/**
 * `SharedProject`: a project several people (processes, hosts) edit at once. It opens the project through a
 * {@link ProjectManager} and plugs a merging save into its save seam: each save takes the project's lock (a lock
 * file in a directory, a lease on object storage), reads the file again, merges three ways (the version this
 * writer loaded, its own, the one on disk now), writes the result atomically (conditionally on object storage),
 * appends what this writer changed to the journal, and lets go of the lock. Non-conflicting changes from
 * several writers all survive; real conflicts fail the save with a {@link MergeConflictError} listing both
 * versions, and nothing is written. A project can be opened read-only, or marked read-only for everyone.
 *
 * @module
 */
import type { ConditionalStore } from "../cloud/conditional";
import { isConditionalStore } from "../cloud/conditional";
import { isRemoteLocation, parseLocation } from "../cloud/location";
import { ValidationError } from "../errors";
import type { JsonValue } from "../project/json-value";
import type { DatasetCheck } from "../project/project-datasets";
import { parseProjectJson, projectToJson } from "../project/project-json";
import { ProjectManager, type CreateProjectOptions, type ProjectOpenReport } from "../project";
import type { Project } from "../project/project-types";
import { validateProject } from "../project/project-validate";
import type { SaveRequest } from "../project/save-strategy";
import type { MutableStore } from "../storage/types";
import { defaultLogger, type Logger } from "../util/logger";
import { LockError, MergeConflictError, ReadOnlyError } from "./errors";
import { DEFAULT_LOCK_TIMEOUT_MS } from "./file-lock";
import { mergeJson, type ConflictResolver } from "./json-merge";
import { deepEqual } from "./json-path";
import type { ChangeJournal, JournalEntry, JournalReadOptions } from "./journal";
import type { Lock } from "./lock-types";
import { currentOwner, describeOwner, type LockOwner } from "./owner";
import { ConditionalStoreBackend, DirectoryBackend, type ProjectBackend, type ReadOnlyMarker, type VersionedText } from "./project-backend";
import { describeProjectChanges } from "./project-changes";

/** Where a shared project lives: a directory path, a URL (`s3://`, `az://`, `memory://`), or a conditional store. */
export type SharedProjectLocation = string | { store: MutableStore & ConditionalStore; directory: string };

/** Options of {@link SharedProject.open} and {@link SharedProject.create}. */
export interface SharedProjectOptions {
  /** Open read-only: every save is refused with a {@link ReadOnlyError}. */
  readOnly?: boolean;
  /** How long a save waits for another writer's lock (default 30 000 ms). */
  lockTimeoutMs?: number;
  /** After how long an unrefreshed lock file counts as abandoned (default 10 000 ms; directories only). */
  staleMs?: number;
  /** How long a lease lasts without renewal (default 30 000 ms; object storage only). */
  leaseTtlMs?: number;
  /**
   * Resolvers for expected conflicts, tried before the built-in one (`modifiedAt`: the later time wins). Others
   * are reported.
   */
  resolvers?: readonly ConflictResolver[];
  /** Who we are, in locks and the journal (default {@link currentOwner}). */
  owner?: LockOwner;
  /** Where warnings go (default {@link defaultLogger}). */
  logger?: Logger;
  /** How dataset stores are checked on open (the ProjectManager's default when left out). */
  datasetCheck?: DatasetCheck;
}

/** Options of {@link SharedProject.save}. */
export interface SharedSaveOptions {
  /** Settle conflicts at matching paths for this save (tried before the project's resolvers). */
  resolvers?: readonly ConflictResolver[];
  /** Settle every remaining conflict by taking our value, or theirs (default: report them). */
  onConflict?: "ours" | "theirs";
}

/** How many times a save merges again when the file changed between reading and writing it. */
const MAX_MERGE_ROUNDS = 5;

/** The built-in resolver: both writers touched `modifiedAt`; the later time wins. */
const LATEST_MODIFIED: ConflictResolver = {
  path: "modifiedAt",
  resolve: (c) => {
    const times = [c.ours, c.theirs].filter((t): t is string => typeof t === "string").sort();
    return times.length === 0 ? undefined : { value: times[times.length - 1] };
  },
};

/**
 * A project shared by several writers.
 *
 * @example
 * ```ts
 * const shared = await SharedProject.open("/shared/north-sea");
 * shared.manager.addDataset({ datasetId: data.id, name: "line 7", storagePath: "data/line7.seis" });
 * shared.manager.appendNotes("line 7 imported");
 * await shared.save(); // merged with what others saved meanwhile
 * const recent = (await shared.changes({ limit: 10 })).map((e) => `${e.at} ${e.who.user}: ${e.summary}`);
 * await shared.close();
 * ```
 */
export class SharedProject {
  /**
   * The manager holding the project in memory: change the project through it (addDataset, recordStep,
   * appendNotes, ...). Open, save and close through the SharedProject, not the manager, so that its saves stay
   * tied to this project's lock and journal.
   */
  readonly manager: ProjectManager;
  private opening: ProjectOpenReport | undefined;
  private readOnlyReason: string | undefined;
  private saveOptions: SharedSaveOptions = {};
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly backend: ProjectBackend,
    private readonly options: SharedProjectOptions,
    private readonly owner: LockOwner,
    private readonly logger: Logger,
    marker: ReadOnlyMarker | undefined,
  ) {
    this.manager = new ProjectManager({ logger, datasetCheck: options.datasetCheck, saveStrategy: (request) => this.mergingSave(request) });
    this.readOnlyReason = options.readOnly === true ? "it was opened read-only" : markerReason(marker);
  }

  /**
   * Opens the shared project at `location`. Throws what {@link ProjectManager.open} throws for a missing or bad
   * project file, and a ValidationError for a store without conditional writes.
   */
  static async open(location: SharedProjectLocation, options: SharedProjectOptions = {}): Promise<SharedProject> {
    const shared = await SharedProject.prepare(location, options);
    shared.opening = await shared.manager.open(shared.backend.file);
    return shared;
  }

  /** Creates a shared project at `location` and opens it; fails when a project is already there. */
  static async create(location: SharedProjectLocation, project: CreateProjectOptions, options: SharedProjectOptions = {}): Promise<SharedProject> {
    const shared = await SharedProject.prepare(location, options, true);
    await shared.manager.create(shared.backend.file, project);
    return shared;
  }

  private static async prepare(location: SharedProjectLocation, options: SharedProjectOptions, creating = false): Promise<SharedProject> {
    const owner = options.owner ?? currentOwner();
    const logger = options.logger ?? defaultLogger();
    const backendOptions = { owner, logger, staleMs: options.staleMs, leaseTtlMs: options.leaseTtlMs };
    let backend: ProjectBackend;
    if (typeof location === "string" && !isRemoteLocation(location)) {
      const parsed = parseLocation(location);
      backend = new DirectoryBackend(parsed.kind === "file" ? parsed.path : location, backendOptions);
    } else {
      // The cloud SDKs load only when a URL asks for them.
      const { store, directory } = typeof location === "string" ? { store: (await import("../cloud/open-store")).openStore(location) as unknown, directory: location } : location;
      if (!isConditionalStore(store)) {
        throw new ValidationError("location", `${directory}: this store has no conditional writes, so writers cannot be kept from overwriting each other; use a directory, S3, Azure or a memory:// store`);
      }
      backend = new ConditionalStoreBackend(store as MutableStore & ConditionalStore, directory, backendOptions);
    }
    if (creating) await backend.prepare();
    return new SharedProject(backend, options, owner, logger, await backend.readMarker());
  }

  /** What opening found (missing datasets, migrations); undefined for a project made by {@link create}. */
  get openReport(): ProjectOpenReport | undefined {
    return this.opening;
  }

  /** The project as this writer holds it (frozen). */
  get project(): Project {
    return this.manager.requireProject("project");
  }

  /** Where the project file is, for messages. */
  get location(): string {
    return this.backend.file.location;
  }

  /** The change log of the project. */
  get journal(): ChangeJournal {
    return this.backend.journal;
  }

  /** The lock saves take. */
  get lock(): Lock {
    return this.backend.lock;
  }

  /**
   * True when saves are refused: opened read-only, or the project was marked read-only (as of opening, or of the
   * last save or {@link setReadOnly}; each save checks the marker again under the lock).
   */
  get readOnly(): boolean {
    return this.readOnlyReason !== undefined;
  }

  /**
   * Saves: merges this writer's changes with what others saved since it loaded, under the project's lock, and
   * journals them. Resolves with the merged project, which the manager then holds. With no changes of its own it
   * just brings in others' changes (and writes nothing). Throws a {@link MergeConflictError} (nothing written)
   * when others changed the same values differently, a {@link LockError} when the lock stays taken, and a
   * {@link ReadOnlyError} when read-only.
   */
  save(options: SharedSaveOptions = {}): Promise<Project> {
    return this.serial(async () => {
      this.saveOptions = options;
      try {
        return await this.manager.save();
      } finally {
        this.saveOptions = {};
      }
    });
  }

  /**
   * The journal: who changed what, when, oldest first.
   *
   * @example
   * ```ts
   * (await shared.changes({ since: yesterday })).map((e) => e.summary);
   * ```
   */
  changes(options: JournalReadOptions = {}): Promise<JournalEntry[]> {
    return this.backend.journal.read(options);
  }

  /**
   * Marks the project read-only for everyone (or, with false, writable again), recording who and why in the
   * marker beside the project file and in the journal. Refused when this session was opened with `readOnly`.
   */
  setReadOnly(readOnly: boolean, reason = ""): Promise<void> {
    return this.serial(async () => {
      if (this.options.readOnly === true) throw new ReadOnlyError(this.location, readOnly ? "mark read-only" : "mark writable");
      const handle = await this.backend.lock.acquire({ timeoutMs: this.options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS });
      try {
        const marker: ReadOnlyMarker | undefined = readOnly ? { by: this.owner, at: new Date().toISOString(), reason } : undefined;
        await this.backend.writeMarker(marker);
        await this.backend.journal.append([
          { who: this.owner, action: readOnly ? "marked-read-only" : "marked-writable", summary: readOnly ? `marked the project read-only${reason === "" ? "" : `: ${reason}`}` : "made the project writable again" },
        ]);
        this.readOnlyReason = markerReason(marker);
      } finally {
        await handle.release();
      }
    });
  }

  /** Closes the project; saves unsaved changes first unless `save` is false (read-only projects never save). */
  close(options: { save?: boolean } = {}): Promise<void> {
    return this.serial(() => this.manager.close({ save: this.readOnly ? false : options.save }));
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The save strategy plugged into the ProjectManager. */
  private async mergingSave(request: SaveRequest): Promise<Project> {
    if (this.options.readOnly === true) throw new ReadOnlyError(this.location, "save (it was opened read-only)");
    const handle = await this.backend.lock.acquire({ timeoutMs: this.options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS });
    try {
      // The marker may have been set or removed by someone else since we opened the project: it decides now.
      this.readOnlyReason = markerReason(await this.backend.readMarker());
      if (this.readOnlyReason !== undefined) throw new ReadOnlyError(this.location, `save (${this.readOnlyReason})`);
      for (let round = 1; round <= MAX_MERGE_ROUNDS; round++) {
        const current = await this.backend.readVersioned();
        const theirs = current === undefined ? undefined : parseProjectJson(current.text, this.location).project;
        const merged = this.merge(request, theirs);
        handle.assertHeld();
        const text = projectToJson(merged);
        if (current !== undefined && current.text === text) return merged; // nothing new to write
        if (!(await this.backend.writeIfVersion(text, current))) {
          this.logger.log("info", "the project changed while saving; merging again", { location: this.location, round });
          continue;
        }
        await this.journalChanges(request, current);
        return merged;
      }
      throw new LockError("lost", this.location, `the project kept changing under the lock (${MAX_MERGE_ROUNDS} merges in a row); is another writer ignoring the lock? Save again`);
    } finally {
      await handle.release();
    }
  }

  /** Three-way merge of base, ours and theirs; throws a MergeConflictError for unresolved conflicts. */
  private merge({ base, ours }: SaveRequest, theirs: Project | undefined): Project {
    if (theirs === undefined) {
      if (base !== undefined) this.logger.log("warn", "the project file was deleted by someone else; writing ours again", { location: this.location });
      return ours;
    }
    const json = (p: Project | undefined): JsonValue | undefined => p as unknown as JsonValue | undefined;
    const side = this.saveOptions.onConflict;
    const resolvers: ConflictResolver[] = [
      ...(this.saveOptions.resolvers ?? []),
      ...(this.options.resolvers ?? []),
      LATEST_MODIFIED,
      ...(side === undefined ? [] : [{ path: () => true, resolve: side }]),
    ];
    const { value, conflicts } = mergeJson(json(base), json(ours), json(theirs), { resolvers, textPaths: ["notes"] });
    if (conflicts.length > 0) throw new MergeConflictError(this.location, conflicts, { base: json(base), ours: json(ours) as JsonValue, theirs: json(theirs) as JsonValue });
    return validateProject(value, `${this.location} (merged)`);
  }

  /** Appends this writer's changes (base to ours) to the journal. */
  private async journalChanges({ base, ours }: SaveRequest, previous: VersionedText | undefined): Promise<void> {
    const unchanged = base !== undefined && deepEqual({ ...base, modifiedAt: "" } as unknown as JsonValue, { ...ours, modifiedAt: "" } as unknown as JsonValue);
    const entries = unchanged ? [] : describeProjectChanges(previous === undefined ? undefined : base, ours);
    if (entries.length === 0) return;
    try {
      await this.backend.journal.append(entries.map((e) => ({ ...e, who: this.owner })));
    } catch (error) {
      // The project is saved; a journal that cannot be written must not undo that.
      this.logger.log("error", "the project was saved but its journal could not be appended to", { journal: this.backend.journal.resource, owner: describeOwner(this.owner), error: String(error) });
    }
  }
}

function markerReason(marker: ReadOnlyMarker | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const why = marker.reason === "" ? "" : `: ${marker.reason}`;
  return `marked read-only by ${describeOwner(marker.by)}${marker.at === "" ? "" : ` at ${marker.at}`}${why}`;
}
