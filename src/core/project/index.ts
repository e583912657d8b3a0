/**
 * Projects: a directory with a JSON project file (`project.seisproc.json`) naming datasets, the processing that
 * made them, and notes; a {@link ProjectManager} that creates, opens, changes, saves (atomically, with a backup)
 * and closes one; pure (de)serialisation with migrations and validation for other layers to build on.
 *
 * @module
 * @example
 * ```ts
 * import { ProjectManager, datasetReferenceFrom } from "seisproc";
 * const projects = new ProjectManager();
 * await projects.create("surveys/north-sea", { name: "North Sea 2024" });
 * projects.addDataset(datasetReferenceFrom(data, { storagePath: "surveys/north-sea/data/line1.seis" }));
 * await projects.save();
 * ```
 */
export * from "./errors";
export * from "./project-datasets";
export * from "./project-file";
export * from "./project-json";
export * from "./project-manager";
export * from "./project-manager-types";
export * from "./project-migrations";
export * from "./project-types";
export * from "./project-validate";
export * from "./save-strategy";
