/**
 * The seam where a {@link ProjectManager} writes: a save strategy gets the project file, the version last read
 * from or written to it (`base`) and the manager's version (`ours`), writes, and returns what it wrote. The
 * default overwrites. The collaboration layer plugs in here: take a lock, read the file again (`theirs`),
 * three-way-merge `base`, `ours` and `theirs`, write the result, release the lock, return the merged project;
 * the manager then holds the merged project.
 *
 * @module
 */
import type { ProjectFile } from "./project-file";
import { projectToJson } from "./project-json";
import type { Project } from "./project-types";

/** What a save hands to a {@link SaveStrategy}. */
export interface SaveRequest {
  /** Where the project lives. */
  file: ProjectFile;
  /**
   * The project as this manager last read it from or wrote it to `file`: the common ancestor for a three-way
   * merge. `undefined` when the project is being created.
   */
  base: Project | undefined;
  /** The project as this manager holds it now (frozen). */
  ours: Project;
}

/**
 * Writes a project and resolves with the project actually written (for a merging strategy, the merge). Must write
 * with `file.write` (atomic, with backup) or something equally atomic.
 */
export type SaveStrategy = (request: SaveRequest) => Promise<Project>;

/**
 * The default {@link SaveStrategy}: writes `ours` over whatever the file holds (last writer wins).
 *
 * @example
 * ```ts
 * const manager = new ProjectManager({ saveStrategy: overwriteSave }); // the same as the default
 * ```
 */
export const overwriteSave: SaveStrategy = async ({ file, ours }) => {
  await file.write(projectToJson(ours));
  return ours;
};
