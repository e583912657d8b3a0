/**
 * The settings file's schema, as data: every field's type, bounds and default, in one table. Validation walks
 * the table: a bad field is replaced by its default and reported (with its dotted path), a bad entry of a list
 * is dropped and reported, so that one typo never costs the rest of the settings. The same table gives a JSON
 * Schema document ({@link settingsJsonSchema}) for editors and other tools.
 *
 * @module
 */

/** The settings format version this code writes. Older files are migrated on load. */
export const SETTINGS_VERSION = 2;

/** A dataset the user had open: its id (UUID), where it is, a display name, and when it was added. */
export interface LoadedDataset {
  id: string;
  path: string;
  name: string;
  /** ISO 8601 time. */
  loadedAt: string;
}

/** The visible window of a gather: time (ms) and trace ranges. */
export interface Viewport {
  timeMin: number;
  timeMax: number;
  traceMin: number;
  traceMax: number;
}

/** What a viewer showed when the session ended. */
export interface SavedSessionState {
  viewport: Viewport;
  gain: number;
  colormap: string;
  /** Key of the gather on screen. */
  currentGatherId: number;
}

/** The gather cache's budget: `budgetMB` fixed, or (null) adaptive between `minMB` and `maxMB`. */
export interface GatherCacheSettings {
  /** Fixed budget in MB (10^6 bytes), or null for a budget that follows available memory. */
  budgetMB: number | null;
  /** Share of available memory an adaptive budget takes, in (0, 1]. */
  memoryFraction: number;
  minMB: number;
  maxMB: number;
}

/** Prefetch of neighbouring gathers. */
export interface PrefetchSettings {
  enabled: boolean;
  /** Gathers prefetched on each side, 1–5. */
  depth: number;
  /** Reads in flight at once, 1–16. */
  concurrency: number;
}

/** Everything the settings file holds (format version {@link SETTINGS_VERSION}). */
export interface AppSettingsValues {
  version: number;
  loadedDatasets: LoadedDataset[];
  activeDatasetId: string | null;
  /** Datasets held in memory at once (the others keep their metadata only), 1–32. */
  datasetCacheLimit: number;
  autoLoadLastDataset: boolean;
  sessionState: SavedSessionState;
  gatherCache: GatherCacheSettings;
  prefetch: PrefetchSettings;
}

/** The settings a caller may change (all but the version). */
export type SettingsKey = Exclude<keyof AppSettingsValues, "version">;

/** One field's rule in the schema table. */
export type FieldSchema =
  | { type: "boolean"; default: boolean }
  | { type: "integer"; min: number; max: number; default: number }
  | { type: "number"; min?: number; max?: number; exclusiveMin?: boolean; default: number | null; nullable?: boolean }
  | { type: "string"; minLength?: number; default: string | null; nullable?: boolean; format?: "date-time" }
  | { type: "object"; fields: Record<string, FieldSchema> }
  | { type: "array"; items: FieldSchema; default: unknown[] };

/** The schema table of {@link AppSettingsValues} (without `version`). */
export const SETTINGS_SCHEMA: { type: "object"; fields: Record<SettingsKey, FieldSchema> } = {
  type: "object",
  fields: {
    loadedDatasets: {
      type: "array",
      default: [],
      items: {
        type: "object",
        fields: {
          id: { type: "string", minLength: 1, default: "" },
          path: { type: "string", minLength: 1, default: "" },
          name: { type: "string", default: "" },
          loadedAt: { type: "string", format: "date-time", default: "1970-01-01T00:00:00.000Z" },
        },
      },
    },
    activeDatasetId: { type: "string", minLength: 1, nullable: true, default: null },
    datasetCacheLimit: { type: "integer", min: 1, max: 32, default: 3 },
    autoLoadLastDataset: { type: "boolean", default: true },
    sessionState: {
      type: "object",
      fields: {
        viewport: {
          type: "object",
          fields: {
            timeMin: { type: "number", default: 0 },
            timeMax: { type: "number", default: 1000 },
            traceMin: { type: "number", default: 0 },
            traceMax: { type: "number", default: 100 },
          },
        },
        gain: { type: "number", min: 0, exclusiveMin: true, default: 1 },
        colormap: { type: "string", minLength: 1, default: "seismic" },
        currentGatherId: { type: "number", default: 0 },
      },
    },
    gatherCache: {
      type: "object",
      fields: {
        budgetMB: { type: "number", min: 0, nullable: true, default: null },
        memoryFraction: { type: "number", min: 0, exclusiveMin: true, max: 1, default: 0.25 },
        minMB: { type: "number", min: 0, default: 64 },
        maxMB: { type: "number", min: 0, default: 4096 },
      },
    },
    prefetch: {
      type: "object",
      fields: {
        enabled: { type: "boolean", default: true },
        depth: { type: "integer", min: 1, max: 5, default: 2 },
        concurrency: { type: "integer", min: 1, max: 16, default: 2 },
      },
    },
  },
};

/** A field that failed validation: its dotted path and what was wrong. */
export interface SchemaProblem {
  path: string;
  message: string;
}

/** The default of a schema node. */
function defaultOf(schema: FieldSchema): unknown {
  if (schema.type === "object") return Object.fromEntries(Object.entries(schema.fields).map(([k, f]) => [k, defaultOf(f)]));
  if (schema.type === "array") return structuredClone(schema.default);
  return schema.default;
}

/**
 * Every setting at its default.
 *
 * @example
 * ```ts
 * defaultSettings().datasetCacheLimit; // 3
 * ```
 */
export function defaultSettings(): AppSettingsValues {
  return { version: SETTINGS_VERSION, ...(defaultOf(SETTINGS_SCHEMA) as Omit<AppSettingsValues, "version">) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Why `value` breaks a leaf rule, or undefined when it is fine. */
function leafProblem(schema: FieldSchema, value: unknown): string | undefined {
  const show = JSON.stringify(value) ?? String(value);
  switch (schema.type) {
    case "boolean":
      return typeof value === "boolean" ? undefined : `must be true or false, got ${show}`;
    case "integer":
      return Number.isInteger(value) && (value as number) >= schema.min && (value as number) <= schema.max
        ? undefined
        : `must be a whole number from ${schema.min} to ${schema.max}, got ${show}`;
    case "number": {
      if (value === null) return schema.nullable === true ? undefined : `must be a number, got null`;
      if (typeof value !== "number" || !Number.isFinite(value)) return `must be a finite number${schema.nullable === true ? " or null" : ""}, got ${show}`;
      if (schema.min !== undefined && (schema.exclusiveMin === true ? value <= schema.min : value < schema.min)) return `must be ${schema.exclusiveMin === true ? ">" : ">="} ${schema.min}, got ${show}`;
      if (schema.max !== undefined && value > schema.max) return `must be <= ${schema.max}, got ${show}`;
      return undefined;
    }
    case "string": {
      if (value === null) return schema.nullable === true ? undefined : `must be a string, got null`;
      if (typeof value !== "string") return `must be a string${schema.nullable === true ? " or null" : ""}, got ${show}`;
      if (value.length < (schema.minLength ?? 0)) return `must not be empty`;
      if (schema.format === "date-time" && Number.isNaN(Date.parse(value))) return `must be an ISO 8601 date and time, got ${show}`;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Validates `value` against `schema`, repairing what is wrong; problems are appended to `problems`. */
function repair(schema: FieldSchema, value: unknown, at: string, problems: SchemaProblem[]): unknown {
  if (schema.type === "object") {
    if (value !== undefined && !isRecord(value)) {
      problems.push({ path: at, message: `must be an object, got ${JSON.stringify(value)}` });
      return defaultOf(schema);
    }
    const input = value ?? {};
    return Object.fromEntries(Object.entries(schema.fields).map(([k, f]) => [k, repair(f, input[k], at === "" ? k : `${at}.${k}`, problems)]));
  }
  if (schema.type === "array") {
    if (value === undefined) return defaultOf(schema);
    if (!Array.isArray(value)) {
      problems.push({ path: at, message: `must be a list, got ${JSON.stringify(value)}` });
      return defaultOf(schema);
    }
    const kept: unknown[] = [];
    value.forEach((item, i) => {
      const itemProblems: SchemaProblem[] = [];
      const fixed = repair(schema.items, item, `${at}[${i}]`, itemProblems);
      // A list entry with a bad field is dropped whole: half an entry (a dataset without a path) is useless.
      if (itemProblems.length > 0) problems.push({ path: `${at}[${i}]`, message: `entry dropped: ${itemProblems.map((p) => `${p.path} ${p.message}`).join("; ")}` });
      else kept.push(fixed);
    });
    return kept;
  }
  if (value === undefined) return schema.default;
  const problem = leafProblem(schema, value);
  if (problem === undefined) return value;
  problems.push({ path: at, message: `${problem}; using the default ${JSON.stringify(schema.default)}` });
  return schema.default;
}

/**
 * Checks settings (already migrated to {@link SETTINGS_VERSION}) against the schema. Missing fields take
 * their defaults silently; bad ones take their defaults and are reported; bad list entries are dropped and
 * reported. Cross-field rules: `gatherCache.minMB <= maxMB`, `activeDatasetId` among `loadedDatasets`.
 * Top-level keys the schema does not know are returned in `extra`, untouched.
 *
 * @example
 * ```ts
 * const { values, problems } = validateSettings({ version: 2, datasetCacheLimit: 0 });
 * values.datasetCacheLimit; // 3
 * problems[0].path; // "datasetCacheLimit"
 * ```
 */
export function validateSettings(raw: Record<string, unknown>): { values: AppSettingsValues; problems: SchemaProblem[]; extra: Record<string, unknown> } {
  const problems: SchemaProblem[] = [];
  const values = { version: SETTINGS_VERSION, ...(repair(SETTINGS_SCHEMA, raw, "", problems) as Omit<AppSettingsValues, "version">) };
  const cache = values.gatherCache;
  if (cache.minMB > cache.maxMB) {
    problems.push({ path: "gatherCache.minMB", message: `must be <= gatherCache.maxMB (${cache.maxMB}), got ${cache.minMB}; using the defaults of both` });
    const d = defaultSettings().gatherCache;
    cache.minMB = d.minMB;
    cache.maxMB = d.maxMB;
  }
  const ids = new Set<string>();
  values.loadedDatasets = values.loadedDatasets.filter((d, i) => {
    if (!ids.has(d.id)) return ids.add(d.id);
    problems.push({ path: `loadedDatasets[${i}]`, message: `entry dropped: dataset id ${d.id} is listed twice` });
    return false;
  });
  if (values.activeDatasetId !== null && !ids.has(values.activeDatasetId)) {
    problems.push({ path: "activeDatasetId", message: `${values.activeDatasetId} is not among loadedDatasets; using null` });
    values.activeDatasetId = null;
  }
  const known = new Set<string>(["version", ...Object.keys(SETTINGS_SCHEMA.fields)]);
  const extra = Object.fromEntries(Object.entries(raw).filter(([k]) => !known.has(k)));
  return { values, problems, extra };
}

/**
 * Checks one setting's new value; returns the problems (empty when it is fine).
 *
 * @example
 * ```ts
 * validateSetting("datasetCacheLimit", 0); // [{ path: "datasetCacheLimit", message: "must be a whole number from 1 to 32, ..." }]
 * ```
 */
export function validateSetting(key: SettingsKey, value: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const schema = SETTINGS_SCHEMA.fields[key];
  if (value === undefined) return [{ path: key, message: "must be given" }];
  repair(schema, value, key, problems);
  // A partial object would be filled with defaults silently; in a caller's value every field must be there.
  const missing = (node: FieldSchema, v: unknown, at: string): void => {
    if (node.type === "array" && Array.isArray(v)) v.forEach((item, i) => missing(node.items, item, `${at}[${i}]`));
    if (node.type !== "object" || !isRecord(v)) return;
    for (const [field, child] of Object.entries(node.fields)) {
      if (!(field in v)) problems.push({ path: `${at}.${field}`, message: "must be given" });
      else missing(child, v[field], `${at}.${field}`);
    }
  };
  missing(schema, value, key);
  return problems;
}

/** The JSON Schema (draft 2020-12) of one node. */
function jsonSchemaOf(schema: FieldSchema): Record<string, unknown> {
  switch (schema.type) {
    case "object":
      return { type: "object", properties: Object.fromEntries(Object.entries(schema.fields).map(([k, f]) => [k, jsonSchemaOf(f)])) };
    case "array":
      return { type: "array", items: jsonSchemaOf(schema.items), default: schema.default };
    case "boolean":
      return { type: "boolean", default: schema.default };
    case "integer":
      return { type: "integer", minimum: schema.min, maximum: schema.max, default: schema.default };
    case "number":
      return {
        type: schema.nullable === true ? ["number", "null"] : "number",
        ...(schema.min === undefined ? {} : schema.exclusiveMin === true ? { exclusiveMinimum: schema.min } : { minimum: schema.min }),
        ...(schema.max === undefined ? {} : { maximum: schema.max }),
        default: schema.default,
      };
    case "string":
      return {
        type: schema.nullable === true ? ["string", "null"] : "string",
        ...(schema.minLength === undefined ? {} : { minLength: schema.minLength }),
        ...(schema.format === undefined ? {} : { format: schema.format }),
        default: schema.default,
      };
  }
}

/**
 * The settings file's JSON Schema, for editors and other tools.
 *
 * @example
 * ```ts
 * writeFileSync("settings.schema.json", JSON.stringify(settingsJsonSchema(), null, 2));
 * ```
 */
export function settingsJsonSchema(): Record<string, unknown> {
  const root = jsonSchemaOf(SETTINGS_SCHEMA);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "SeisProc settings",
    ...root,
    properties: { version: { const: SETTINGS_VERSION }, ...(root.properties as Record<string, unknown>) },
    required: ["version"],
  };
}
