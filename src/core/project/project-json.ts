/**
 * Project (de)serialisation, pure and separate from file I/O so that other layers (the collaboration layer's
 * three-way merge, the catalog) can work on project documents directly. Reading migrates older formats and
 * validates; writing validates too, so no invalid project reaches a file.
 *
 * @module
 */
import { ProjectFormatError } from "./errors";
import { migrateProjectDocument } from "./project-migrations";
import { PROJECT_BACKUP_NAME, PROJECT_FORMAT_VERSION, type Project, type ProjectDocument } from "./project-types";
import { validateProject } from "./project-validate";

/** A project read from JSON, with what was done to bring it to the current format. */
export interface ParsedProject {
  /** The project, validated. */
  project: Project;
  /** The format version the document had. */
  fromVersion: number;
  /** Migrations applied, oldest first (empty when the document was current). */
  migrations: string[];
}

/**
 * The document to write for `project`: its fields (validated, copied) and the current format version.
 *
 * @example
 * ```ts
 * const doc = projectToDocument(project);
 * doc.formatVersion; // 1
 * ```
 */
export function projectToDocument(project: Project): ProjectDocument {
  return { formatVersion: PROJECT_FORMAT_VERSION, ...validateProject(project) };
}

/**
 * The text of a project file: pretty-printed (2-space), newline-terminated JSON of {@link projectToDocument}.
 *
 * @example
 * ```ts
 * await fs.writeFile("project.seisproc.json", projectToJson(project));
 * ```
 */
export function projectToJson(project: Project): string {
  return `${JSON.stringify(projectToDocument(project), null, 2)}\n`;
}

/**
 * Reads a parsed project document of any supported format version: migrates, then validates. Throws a
 * ProjectFormatError or ProjectVersionError naming `location`.
 *
 * @example
 * ```ts
 * const { project, fromVersion } = parseProjectDocument(notebook.metadata.seisprocProject, "notebook metadata");
 * ```
 */
export function parseProjectDocument(value: unknown, location = "(document)"): ParsedProject {
  const { document, fromVersion, applied } = migrateProjectDocument(value, location);
  return { project: validateProject(document, location), fromVersion, migrations: applied };
}

/**
 * Reads a project file's text: JSON, then {@link parseProjectDocument}. Throws a ProjectFormatError for text that
 * is not JSON.
 *
 * @example
 * ```ts
 * const { project, migrations } = parseProjectJson(await fs.readFile(file, "utf8"), file);
 * ```
 */
export function parseProjectJson(text: string, location = "(document)"): ParsedProject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ProjectFormatError(location, "", `is not valid JSON (${why}); restore it from its backup (${PROJECT_BACKUP_NAME}) or a copy`, { cause: error });
  }
  return parseProjectDocument(value, location);
}

/**
 * The project in a project file's text (any supported version), validated.
 *
 * @example
 * ```ts
 * const project = projectFromJson(text);
 * project.datasets.map((d) => d.name);
 * ```
 */
export function projectFromJson(text: string, location = "(document)"): Project {
  return parseProjectJson(text, location).project;
}
