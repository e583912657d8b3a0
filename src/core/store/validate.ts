/**
 * Validation of a trace store: the completion marker and the metadata (known format version, consistent
 * fields), the Zarr metadata of every array, every `traces` and `raw_headers` chunk (present, decodes, right
 * length; streamed with bounded memory), the header Parquet parts (present, right rows and trace ranges), the
 * gather index (complete, consistent, agrees with the header key column), the `time` coordinate and, when
 * asked, the source file's checksum. Each problem says whether {@link repairStore} can rebuild it.
 *
 * Per-chunk checksums are not recorded at import, so a chunk is checked by decoding it: a truncated or garbled
 * compressed chunk is found, but a flipped bit in an uncompressed (`none`) chunk is not.
 *
 * @module
 */
import { readJson } from "../storage/json";
import type { ReadableStore } from "../storage/types";
import { READABLE_STORE_FORMAT_VERSIONS, STORE_FORMAT_VERSION, STORE_KEYS, storeFormatVersion, zarrFormatOf } from "./layout";
import type { StoreMetadata } from "./store-metadata";
import { describeUnfinished, storeStatus } from "./store-status";
import { checkArrayMetadata, checkChunks, checkTime } from "./validate-arrays";
import { checkGatherIndex, checkHeaderParts } from "./validate-index";
import { ProblemList, type CheckContext, type StoreProblem, type ValidationProgress } from "./validate-problems";
import { checkSource } from "./validate-source";
import { DTYPE_BYTES } from "./zarr-v2";

export { PROBLEM_KINDS, type StoreProblem, type ValidationProgress } from "./validate-problems";

/** Options of {@link validateStore}. */
export interface ValidateOptions {
  /** The source file: its size and SHA-256 are compared with those recorded at import. */
  source?: string;
  /** Hears the progress of each phase (chunks, header parts, index, source checksum). */
  onProgress?: (progress: ValidationProgress) => void;
  /** Stops the validation with the signal's reason. */
  signal?: AbortSignal;
}

/** What {@link validateStore} found. */
export interface ValidationReport {
  /** True when no problem was found. */
  ok: boolean;
  problems: StoreProblem[];
  /** What was checked: chunks decoded (traces and raw_headers), header parts, traces whose chunks are sound. */
  checked: { chunks: number; parts: number; traces: number };
}

/** Problems that do not keep a store from being complete: the store still holds what was imported. */
const SOURCE_KINDS = new Set(["source-missing", "source-changed"]);

/**
 * Validates a store; never throws for what it finds (that goes in the report), only for failures of the
 * store itself (permissions, I/O) or an abort.
 *
 * @example
 * ```ts
 * const report = await validateStore(new FileSystemStore("line.seis"), { source: "line.sgy" });
 * const fixable = report.problems.filter((p) => p.repairable).map((p) => `${p.kind} ${p.key}: ${p.detail}`);
 * ```
 */
export async function validateStore(store: ReadableStore, options: ValidateOptions = {}): Promise<ValidationReport> {
  const problems = new ProblemList();
  const checked = { chunks: 0, parts: 0, traces: 0 };
  const finish = (): ValidationReport => ({ ok: problems.size === 0, problems: problems.toArray(), checked });
  const { signal } = options;
  const complete = await store.get(STORE_KEYS.complete, { signal });
  const progress = await store.get(STORE_KEYS.progress, { signal });
  let raw: unknown;
  try {
    raw = await readJson<unknown>(store, STORE_KEYS.metadata, { signal });
  } catch (error) {
    problems.add("metadata-invalid", STORE_KEYS.metadata, `${messageOf(error)}; re-import the source`, false);
    return finish();
  }
  if (raw === undefined) {
    if (progress !== undefined && complete === undefined) {
      problems.add("unfinished-import", STORE_KEYS.progress, `${describeUnfinished(await storeStatus(store))}; run the same import again to resume it`, false);
    } else if (complete === undefined && (await store.get(STORE_KEYS.group, { signal })) === undefined && (await store.get(STORE_KEYS.zarrJson, { signal })) === undefined) {
      problems.add("not-a-store", STORE_KEYS.metadata, "no seisproc/metadata.json, no seisproc/progress.json and no .zgroup or zarr.json: this is not a SeisProc trace store", false);
    } else {
      problems.add("metadata-missing", STORE_KEYS.metadata, "the store's metadata is missing; nothing can be checked or rebuilt without it: re-import the source", false);
    }
    return finish();
  }
  const invalid = metadataProblem(raw);
  if (invalid !== undefined) {
    problems.add("metadata-invalid", STORE_KEYS.metadata, `${invalid}`, false);
    return finish();
  }
  const metadata = raw as StoreMetadata;
  const context: CheckContext = { store, metadata, problems, checked, onProgress: options.onProgress, signal };
  await checkGroup(context, complete !== undefined);
  await checkArrayMetadata(context, "traces");
  await checkArrayMetadata(context, "raw_headers");
  await checkChunks(context);
  await checkTime(context);
  await checkGatherIndex(context, await checkHeaderParts(context));
  if (options.source !== undefined) await checkSource(context, options.source);
  const blocked = problems.toArray().some((p) => !p.repairable && !SOURCE_KINDS.has(p.kind));
  const then = blocked ? "it is restored only once the problems that cannot be repaired are gone (re-import)" : "repair restores it, everything else checks out";
  if (complete === undefined) {
    problems.add("complete-missing", STORE_KEYS.complete, `the store is not marked complete; ${then}`, !blocked);
  } else {
    const marker = await readJson<{ traceCount?: unknown; sha256?: unknown }>(store, STORE_KEYS.complete).catch(() => undefined);
    if (marker?.traceCount !== metadata.traceCount || marker.sha256 !== metadata.source.sha256) {
      problems.add("complete-mismatch", STORE_KEYS.complete, `the marker is unreadable or names another trace count or checksum than the metadata; ${then}`, !blocked);
    }
    if (progress !== undefined) problems.add("progress-leftover", STORE_KEYS.progress, "a complete store still holds the progress file of its import; repair deletes it", true);
  }
  return finish();
}

/**
 * The root group: `.zgroup` and the `seisproc` attributes of `.zattrs` (Zarr format 2), or `zarr.json` with
 * those attributes and, once complete, the consolidated metadata (format 3).
 */
async function checkGroup(context: CheckContext, complete: boolean): Promise<void> {
  const { store, metadata, problems } = context;
  const v3 = zarrFormatOf(metadata.importOptions) === 3;
  const group = await readJson<{ zarr_format?: unknown; node_type?: unknown; attributes?: { seisproc?: Record<string, unknown> }; consolidated_metadata?: unknown }>(
    store,
    v3 ? STORE_KEYS.zarrJson : STORE_KEYS.group,
  ).catch(() => undefined);
  const attrs = v3 ? group?.attributes : await readJson<{ seisproc?: Record<string, unknown> }>(store, STORE_KEYS.groupAttrs).catch(() => undefined);
  const seisproc = attrs?.seisproc;
  const attrsName = v3 ? "zarr.json attributes" : ".zattrs";
  const wrong: string[] = [];
  const groupOk = v3 ? group?.zarr_format === 3 && group.node_type === "group" : group?.zarr_format === 2;
  if (!groupOk) wrong.push(v3 ? "zarr.json is missing or not a Zarr v3 group" : ".zgroup is missing or not Zarr v2");
  if (seisproc === undefined || seisproc.formatVersion !== metadata.formatVersion) wrong.push(`${attrsName} lack seisproc.formatVersion`);
  else if (complete && (seisproc.complete !== true || seisproc.traceCount !== metadata.traceCount || seisproc.samplesPerTrace !== metadata.samplesPerTrace)) {
    wrong.push(`${attrsName}: seisproc attributes disagree with the metadata (complete, traceCount, samplesPerTrace)`);
  }
  if (v3 && complete && groupOk && typeof group?.consolidated_metadata !== "object") wrong.push("zarr.json lacks the consolidated metadata");
  const key = v3 ? STORE_KEYS.zarrJson : group?.zarr_format === 2 ? STORE_KEYS.groupAttrs : STORE_KEYS.group;
  if (wrong.length > 0) problems.add("group-mismatch", key, `${wrong.join("; ")}; repair rewrites them`, true);
}

/** Why `raw` is not usable metadata, or undefined. */
function metadataProblem(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null) return "is not a JSON object; re-import the source";
  const m = raw as Partial<StoreMetadata>;
  if (typeof m.formatVersion !== "number" || !READABLE_STORE_FORMAT_VERSIONS.includes(m.formatVersion)) {
    return `store format version ${JSON.stringify(m.formatVersion)} is not known to this seisproc (it reads versions ${READABLE_STORE_FORMAT_VERSIONS.join(" and ")}, up to ${STORE_FORMAT_VERSION}); use the seisproc that wrote it, or re-import`;
  }
  const whole = (v: unknown, min: number): boolean => typeof v === "number" && Number.isSafeInteger(v) && v >= min;
  const bad: string[] = [];
  if (!whole(m.traceCount, 0)) bad.push("traceCount");
  if (!whole(m.samplesPerTrace, 1)) bad.push("samplesPerTrace");
  if (!whole(m.chunkTraces, 1)) bad.push("chunkTraces");
  if (!whole(m.segmentTraces, 1) || (m.segmentTraces ?? 1) % (m.chunkTraces ?? 1) !== 0) bad.push("segmentTraces");
  if (!whole(m.traceHeaderBytes, 240)) bad.push("traceHeaderBytes");
  if (typeof m.dtype !== "string" || !(m.dtype in DTYPE_BYTES)) bad.push("dtype");
  if (m.sampleIntervalUs !== null && typeof m.sampleIntervalUs !== "number") bad.push("sampleIntervalUs");
  if (bad.length === 0 && m.segmentCount !== Math.ceil((m.traceCount ?? 0) / (m.segmentTraces ?? 1))) bad.push("segmentCount");
  const o = m.importOptions;
  if (typeof o !== "object" || o === null || typeof o.gatherKey !== "string" || !(o.secondaryKey === null || typeof o.secondaryKey === "string")) bad.push("importOptions");
  else if (!["lz4", "zstd", "none"].includes(o.compression)) bad.push("importOptions.compression");
  else if (o.zarrFormat !== undefined && o.zarrFormat !== 2 && o.zarrFormat !== 3) bad.push("importOptions.zarrFormat");
  else if (zarrFormatOf(o) === 3 && m.formatVersion < storeFormatVersion(3)) bad.push("formatVersion (Zarr format 3 needs store format version 2)");
  const s = m.source;
  if (typeof s !== "object" || s === null || typeof s.sha256 !== "string" || typeof s.firstSampleTimeMs !== "number" || typeof s.size !== "number") bad.push("source");
  return bad.length === 0 ? undefined : `missing or bad fields: ${bad.join(", ")}; re-import the source`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
