/**
 * Repair of a trace store: rebuilds what can be derived from the rest (the gather index and `gather_order` from
 * the header parts; `time`, the arrays' Zarr metadata and the group attributes from the metadata; the COMPLETE
 * marker when everything else checks out), after copying every file it replaces or deletes to
 * `/seisproc/backup/<timestamp>/` in the same store. Sample chunks, raw headers and header parts cannot be
 * derived: they are reported, with the command that re-imports the source.
 *
 * @module
 */
import { CONSOLIDATED_KEY, writeConsolidatedMetadata } from "./consolidated";
import { readJson, writeJson } from "../storage/json";
import type { MutableStore, StoreKey } from "../storage/types";
import { metadataKeys, singleChunkKey, STORE_KEYS, zarrFormatOf, type ZarrFormat } from "./layout";
import type { StoreMetadata } from "./store-metadata";
import {
  deriveGatherIndex,
  derivedArraySpec,
  gatherOrderKeys,
  writeDerivedGroup,
  writeDerivedTime,
  writeGatherIndexFiles,
  type DerivedArrayName,
} from "./store-derived";
import { validateStore, type StoreProblem, type ValidateOptions, type ValidationReport } from "./validate";
import { readAttributes, writeZarrArray } from "./zarr-v3";

/** Options of {@link repairStore}. */
export interface RepairOptions extends ValidateOptions {
  /** A fresh report of this store from {@link validateStore}, so that it is not validated twice. */
  report?: ValidationReport;
  /** The clock that names the backup (default now). */
  now?: () => Date;
}

/** What {@link repairStore} did. */
export interface RepairReport {
  /** The folder the replaced and deleted files were copied to first (`/seisproc/backup/<timestamp>/`), or null. */
  backup: StoreKey | null;
  /** Keys written. */
  rewritten: StoreKey[];
  /** Keys deleted. */
  deleted: StoreKey[];
  /** The problems repair cannot fix (re-import for those; see `reimport`). */
  unrepairable: StoreProblem[];
  /** True when the store was marked complete again. */
  completed: boolean;
  /** The command that re-imports the source with the recorded options, when problems remain and it is known. */
  reimport: string | null;
}

const ARRAYS: readonly DerivedArrayName[] = ["traces", "raw_headers", "time"];
const INDEX_KINDS = new Set(["gathers-missing", "gathers-invalid", "gathers-mismatch", "gather-order-missing", "gather-order-invalid"]);

/**
 * Repairs what can be derived; validate again afterwards to see the result.
 *
 * @example
 * ```ts
 * const store = new FileSystemStore("line.seis");
 * const result = await repairStore(store);
 * result.backup; // "/seisproc/backup/2025-01-31T10-00-00-000Z/"
 * (await validateStore(store)).ok;
 * ```
 */
export async function repairStore(store: MutableStore, options: RepairOptions = {}): Promise<RepairReport> {
  const report = options.report ?? (await validateStore(store, options));
  const unrepairable = report.problems.filter((p) => !p.repairable);
  const fixable = report.problems.filter((p) => p.repairable);
  const metadata = await readJson<StoreMetadata>(store, STORE_KEYS.metadata).catch(() => undefined);
  const result: RepairReport = { backup: null, rewritten: [], deleted: [], unrepairable, completed: false, reimport: null };
  if (metadata === undefined || report.problems.some((p) => p.kind === "metadata-invalid")) return result;
  if (unrepairable.some((p) => !p.kind.startsWith("source-"))) result.reimport = reimportCommand(metadata);
  if (fixable.length === 0) return result;
  const kinds = new Set(fixable.map((p) => p.kind));
  const format = zarrFormatOf(metadata.importOptions);
  const arrays = ARRAYS.filter((name) => fixable.some((p) => (p.kind === "array-missing" || p.kind === "array-mismatch") && p.key.startsWith(`/${name}/`)));
  const time = kinds.has("time-mismatch") || arrays.includes("time");
  const complete = kinds.has("complete-missing") || kinds.has("complete-mismatch");
  const willBeComplete = complete || (await store.get(STORE_KEYS.complete)) !== undefined;
  const index = [...kinds].some((k) => INDEX_KINDS.has(k)) ? await deriveGatherIndex(store, metadata, options.signal) : undefined;

  const writes = new Set<StoreKey>();
  const deletes = new Set<StoreKey>();
  for (const name of arrays) for (const key of metadataKeys(`/${name}`, format, "array")) writes.add(key);
  if (time) for (const key of [...metadataKeys(STORE_KEYS.time, format, "array"), singleChunkKey(STORE_KEYS.time, format)]) writes.add(key);
  if (index !== undefined) {
    writes.add(STORE_KEYS.gathers);
    for (const key of gatherOrderKeys(format)) (index.order === null ? deletes : writes).add(key);
  }
  if (kinds.has("group-mismatch") || complete) metadataKeys("", format, "group").forEach((k) => writes.add(k));
  if (complete) writes.add(STORE_KEYS.complete);
  // Zarr format 3 consolidates into the root zarr.json.
  if (willBeComplete && writes.size > 0) writes.add(format === 3 ? STORE_KEYS.zarrJson : CONSOLIDATED_KEY);
  if (kinds.has("progress-leftover") || complete) deletes.add(STORE_KEYS.progress);

  result.backup = await backUp(store, [...writes, ...deletes], options.now?.() ?? new Date());
  for (const name of arrays) if (name !== "time") await rewriteArrayMetadata(store, metadata, name, format);
  if (time) await writeDerivedTime(store, metadata);
  if (index !== undefined) await writeGatherIndexFiles(store, index.index, index.order, format);
  if (kinds.has("group-mismatch") || complete) await writeDerivedGroup(store, metadata, willBeComplete);
  // Whatever metadata document changed, the consolidated copy follows it.
  if (willBeComplete && writes.size > 0) await writeConsolidatedMetadata(store, format);
  if (complete) {
    await writeJson(store, STORE_KEYS.complete, { completedAt: new Date().toISOString(), traceCount: metadata.traceCount, sha256: metadata.source.sha256, repaired: true });
    result.completed = true;
  }
  for (const key of deletes) if (await store.delete(key)) result.deleted.push(key);
  result.rewritten = [...writes].sort();
  return result;
}

/** Rewrites an array's `.zarray` and `.zattrs` (or `zarr.json`), keeping attributes other than the derived ones. */
async function rewriteArrayMetadata(store: MutableStore, metadata: StoreMetadata, name: DerivedArrayName, format: ZarrFormat): Promise<void> {
  const kept = await readAttributes(store, `/${name}`, format);
  const spec = derivedArraySpec(metadata, name);
  await writeZarrArray(store, `/${name}`, { ...spec, attributes: { ...kept, ...(spec.attributes ?? {}) } }, format);
}

/**
 * Copies the values under `keys` that exist to `/seisproc/backup/<timestamp>/<key>`; returns the folder, or null
 * when none of the keys holds a value.
 *
 * @example
 * ```ts
 * await backUp(store, ["/seisproc/gathers.json"], new Date()); // "/seisproc/backup/2025-01-31T10-00-00-000Z/"
 * ```
 */
export async function backUp(store: MutableStore, keys: readonly StoreKey[], when: Date): Promise<StoreKey | null> {
  const stamp = when.toISOString().replace(/[:.]/g, "-");
  let folder: StoreKey = `/seisproc/backup/${stamp}/`;
  for (let n = 2; await hasKeys(store, folder); n++) folder = `/seisproc/backup/${stamp}-${n}/`;
  let copied = 0;
  for (const key of keys) {
    const bytes = await store.get(key);
    if (bytes === undefined) continue;
    await store.set(`${folder}${key.slice(1)}`, bytes);
    copied++;
  }
  return copied === 0 ? null : folder;
}

async function hasKeys(store: MutableStore, prefix: StoreKey): Promise<boolean> {
  for await (const key of store.list(prefix)) {
    void key;
    return true;
  }
  return false;
}

/**
 * The `seisproc import` command line that re-imports a store's source with the options recorded in its metadata.
 *
 * @example
 * ```ts
 * reimportCommand(metadata, "line.seis"); // "seisproc import /data/line.sgy line.seis --force --gather-key FieldRecord ..."
 * ```
 */
export function reimportCommand(metadata: StoreMetadata, store = "STORE"): string {
  const o = metadata.importOptions;
  const quote = (s: string): string => (/^[\w./:@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ["seisproc import", quote(metadata.source.path), quote(store), "--force", "--gather-key", quote(o.gatherKey)];
  if (o.secondaryKey !== null) parts.push("--secondary-key", quote(o.secondaryKey));
  parts.push("--compression", o.compression, "--chunk-traces", String(o.chunkTraces));
  if (zarrFormatOf(o) === 3) parts.push("--zarr-format", "3");
  if (o.sampleType === "float32") parts.push("--float32");
  if (o.headerMap !== null) parts.push("--header-map MAP.json");
  const read = o.read;
  if (read.container !== undefined) parts.push("--container", read.container);
  if (read.byteOrder !== undefined) parts.push("--byte-order", read.byteOrder);
  if (read.samplesPerTrace !== undefined) parts.push("--samples", String(read.samplesPerTrace));
  if (read.allowTruncated === true) parts.push("--allow-truncated");
  return parts.join(" ") + (o.headerMap !== null ? "  (MAP.json: the header map in seisproc/metadata.json importOptions.headerMap)" : "");
}
