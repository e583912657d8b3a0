/**
 * The shapes shared by the start-up snapshot's builder (`snapshot-entry.ts`, a plain script) and the kernel that
 * starts from it: the builder's configuration and the state the snapshot holds.
 *
 * @module
 */

/**
 * What the builder needs, passed as JSON in `SEISPROC_SNAPSHOT_CONFIG`.
 *
 * @example
 * ```ts
 * const config: SnapshotBuildConfig = JSON.parse(process.env.SEISPROC_SNAPSHOT_CONFIG ?? "{}");
 * ```
 */
export interface SnapshotBuildConfig {
  /** Identifies the snapshot (node, TypeScript, tslab, package): see `snapshotKey`. */
  key: string;
  /** tslab's `typescript.js`. */
  typescript: string;
  /** The kernel entry (`dist/kernel-ext/main.js`), whose `runFromSnapshot` the snapshot calls. */
  mainFile: string;
  /** tslab's cell compiler options (enums as numbers) plus paths, typeRoots and types. */
  compilerOptions: Record<string, unknown>;
  /** A virtual root file and its source (imports of the notebook modules). */
  rootFile: string;
  rootSource: string;
  /** Imports from files under `dist` matching these patterns stay unresolved (as in `module-resolution`). */
  untyped: { dist: string; patterns: string[] };
}

/**
 * One declaration file kept in the snapshot, with the size and mtime it had (a changed file is parsed again).
 *
 * @example
 * ```ts
 * const entry: SnapshotFile = { fileName: "/…/lib.es5.d.ts", size: 212834, mtimeMs: 1.7e12, sourceFile };
 * ```
 */
export interface SnapshotFile {
  fileName: string;
  size: number;
  mtimeMs: number;
  sourceFile: unknown;
}

/**
 * What the snapshot holds for the kernel, handed to `runFromSnapshot`.
 *
 * @example
 * ```ts
 * runFromSnapshot(state as SnapshotState, process.argv.slice(1));
 * ```
 */
export interface SnapshotState {
  key: string;
  /** The TypeScript module instance the files were made with. */
  ts: unknown;
  /** The options the files were parsed and bound with. */
  compilerOptions: Record<string, unknown>;
  files: SnapshotFile[];
}
