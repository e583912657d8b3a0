/**
 * Session (de)serialisation, pure, so that session state can be saved to a file by the {@link SessionManager}
 * or embedded elsewhere (the kernel extension keeps it in notebook metadata). A document carries a format
 * version; reading validates every field and fills fields that are missing (written by an older or partial
 * writer) from the defaults; a field of the wrong type or value is a {@link SessionFormatError}.
 *
 * @module
 */
import { findNonJson, isPlainObject, type JsonObject } from "../project/json-value";
import { SessionFormatError, SessionVersionError } from "./errors";
import { defaultSessionState, SESSION_FORMAT_VERSION, type SessionState, type ViewportLimits } from "./session-state";

/** What identifies a session document. */
export const SESSION_DOCUMENT_KIND = "seisproc-session";

/** A session as stored: its state, the format version, and when it was saved. */
export interface SessionDocument {
  /** {@link SESSION_DOCUMENT_KIND}. */
  kind: typeof SESSION_DOCUMENT_KIND;
  /** {@link SESSION_FORMAT_VERSION} when written by this SeisProc. */
  formatVersion: number;
  /** When it was saved (ISO 8601). */
  savedAt: string;
  /** The session. */
  state: SessionState;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `the string ${JSON.stringify(value)}` : `${typeof value === "object" ? "an" : "a"} ${typeof value}${typeof value === "number" ? ` (${String(value)})` : ""}`;
}

/**
 * Checks a session state (missing fields take their defaults) and returns a clean copy; `where` is its JSON path
 * in messages.
 *
 * @example
 * ```ts
 * const state = validateSessionState({ gain: 2 }, "notebook metadata"); // defaults except the gain
 * ```
 */
export function validateSessionState(value: unknown, location = "(document)", where = "state"): SessionState {
  const fail = (field: string, detail: string): never => {
    throw new SessionFormatError(location, `${where}.${field}`, detail);
  };
  if (!isPlainObject(value)) throw new SessionFormatError(location, where, `must be a JSON object, got ${describe(value)}`);
  const d = defaultSessionState();
  const get = (field: string): unknown => value[field];
  const text = (field: string, fallback: string): string => {
    const v = get(field) ?? fallback;
    if (typeof v !== "string" || v.trim() === "") fail(field, `must be a non-empty string, got ${describe(v)}`);
    return v as string;
  };
  const viewportValue = get("viewport") ?? d.viewport;
  if (!isPlainObject(viewportValue)) fail("viewport", `must be an object with timeMin, timeMax, traceMin and traceMax, got ${describe(viewportValue)}`);
  const vp = viewportValue as Record<string, unknown>;
  const limit = (field: keyof ViewportLimits): number => {
    const v = vp[field] ?? d.viewport[field];
    if (typeof v !== "number" || !Number.isFinite(v)) fail(`viewport.${field}`, `must be a finite number, got ${describe(v)}`);
    return v as number;
  };
  const viewport: ViewportLimits = { timeMin: limit("timeMin"), timeMax: limit("timeMax"), traceMin: limit("traceMin"), traceMax: limit("traceMax") };
  if (!(viewport.timeMin < viewport.timeMax)) fail("viewport.timeMax", `must be greater than timeMin (${viewport.timeMin}), got ${viewport.timeMax}`);
  if (!(viewport.traceMin < viewport.traceMax)) fail("viewport.traceMax", `must be greater than traceMin (${viewport.traceMin}), got ${viewport.traceMax}`);
  const gain = get("gain") ?? d.gain;
  if (typeof gain !== "number" || !Number.isFinite(gain) || gain <= 0) fail("gain", `must be a finite number > 0, got ${describe(gain)}`);
  const datasetId = get("currentDatasetId") ?? null;
  if (datasetId !== null && (typeof datasetId !== "string" || datasetId === "")) fail("currentDatasetId", `must be a dataset id or null, got ${describe(datasetId)}`);
  const gatherKey = get("currentGatherKey") ?? null;
  if (gatherKey !== null && (typeof gatherKey !== "number" || !Number.isFinite(gatherKey))) fail("currentGatherKey", `must be a gather key (a finite number) or null, got ${describe(gatherKey)}`);
  const sortKeys = get("sortKeys") ?? d.sortKeys;
  if (!Array.isArray(sortKeys)) fail("sortKeys", `must be an array of header field names, got ${describe(sortKeys)}`);
  (sortKeys as unknown[]).forEach((k, i) => {
    if (typeof k !== "string" || k === "") fail(`sortKeys[${i}]`, `must be a header field name, got ${describe(k)}`);
  });
  const layout = get("panelLayout") ?? d.panelLayout;
  if (!isPlainObject(layout)) fail("panelLayout", `must be a JSON object, got ${describe(layout)}`);
  const bad = findNonJson(layout, `${where}.panelLayout`);
  if (bad !== undefined) throw new SessionFormatError(location, bad, "is not a plain JSON value (finite numbers, strings, booleans, null, arrays and objects only)");
  return {
    viewport,
    gain: gain as number,
    colormap: text("colormap", d.colormap),
    interpolation: text("interpolation", d.interpolation),
    currentDatasetId: datasetId as string | null,
    currentGatherKey: gatherKey as number | null,
    sortKeys: [...(sortKeys as string[])],
    panelLayout: structuredClone(layout) as JsonObject,
  };
}

/**
 * The document to store for `state` (validated, copied), stamped with the format version and `savedAt` (default
 * now).
 *
 * @example
 * ```ts
 * notebook.metadata.seisprocSession = sessionToDocument(session.state);
 * ```
 */
export function sessionToDocument(state: SessionState, savedAt = new Date().toISOString()): SessionDocument {
  return { kind: SESSION_DOCUMENT_KIND, formatVersion: SESSION_FORMAT_VERSION, savedAt, state: validateSessionState(state, "sessionToDocument") };
}

/**
 * The session state in a stored document, validated. Throws a SessionVersionError for a newer format and a
 * SessionFormatError for anything else that is wrong.
 *
 * @example
 * ```ts
 * const state = sessionFromDocument(notebook.metadata.seisprocSession, "notebook metadata");
 * ```
 */
export function sessionFromDocument(value: unknown, location = "(document)"): SessionState {
  if (!isPlainObject(value)) throw new SessionFormatError(location, "", `is not a session document (a JSON object was expected, got ${describe(value)})`);
  if (value.kind !== SESSION_DOCUMENT_KIND) throw new SessionFormatError(location, "kind", `must be ${JSON.stringify(SESSION_DOCUMENT_KIND)}, got ${describe(value.kind)}; this is not a SeisProc session`);
  const version = value.formatVersion;
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 1) throw new SessionFormatError(location, "formatVersion", `must be a whole number >= 1, got ${describe(version)}`);
  if (version > SESSION_FORMAT_VERSION) throw new SessionVersionError(location, version, SESSION_FORMAT_VERSION);
  return validateSessionState(value.state, location, "state");
}

/**
 * The text of a session file: pretty-printed, newline-terminated JSON of {@link sessionToDocument}.
 *
 * @example
 * ```ts
 * await fs.writeFile("session.json", sessionToJson(state));
 * ```
 */
export function sessionToJson(state: SessionState, savedAt?: string): string {
  return `${JSON.stringify(sessionToDocument(state, savedAt), null, 2)}\n`;
}

/**
 * The session state in a session file's text. Throws a SessionFormatError for text that is not JSON or not a
 * valid session, a SessionVersionError for a newer format.
 *
 * @example
 * ```ts
 * const state = sessionFromJson(await fs.readFile("session.json", "utf8"), "session.json");
 * ```
 */
export function sessionFromJson(text: string, location = "(document)"): SessionState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SessionFormatError(location, "", `is not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  return sessionFromDocument(value, location);
}
