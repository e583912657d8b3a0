/**
 * Shared projects: several writers (processes, hosts) on one project or store. Locks on file systems
 * ({@link FileLock}, stale-lock recovery) and on object storage ({@link LeaseLock}, conditional writes), a change
 * journal ({@link FileJournal}, {@link StoreJournal}), three-way merge of JSON documents with typed conflicts
 * ({@link mergeJson}, {@link MergeConflictError}), read-only stores ({@link readOnly}), and
 * {@link SharedProject}, which ties them to the {@link ProjectManager}.
 *
 * @module
 * @example
 * ```ts
 * import { SharedProject, readOnly, FileSystemStore } from "seisproc";
 * const shared = await SharedProject.open("/shared/north-sea");
 * shared.manager.appendNotes("velocity picks done");
 * await shared.save(); // lock, re-read, merge, write, journal, unlock
 * const store = readOnly(new FileSystemStore("/shared/north-sea/data/line1.seis")); // writes refused
 * ```
 */
export * from "./errors";
export * from "./file-journal";
export * from "./file-lock";
export * from "./file-system-conditional-store";
export * from "./journal";
export * from "./json-merge";
export * from "./json-path";
export * from "./lease-lock";
export * from "./lock-types";
export * from "./owner";
export * from "./project-backend";
export * from "./project-changes";
export * from "./read-only-store";
export * from "./sequence-merge";
export * from "./shared-project";
export * from "./store-journal";
