/**
 * Checks that a value is a valid {@link Project} and returns a clean copy of it (known fields only), or throws a
 * {@link ProjectFormatError} naming the first bad field by its JSON path. Pure: no I/O.
 *
 * @module
 */
import { ProjectFormatError } from "./errors";
import { findNonJson, isPlainObject, type JsonObject } from "./json-value";
import type { DatasetReference, ProcessingStep, Project, StepChecksums } from "./project-types";

const SHA256 = /^[0-9a-f]{64}$/;

/** Reads typed fields out of one object, failing with the field's JSON path. */
class FieldReader {
  constructor(
    private readonly location: string,
    private readonly value: Record<string, unknown>,
    private readonly where: string,
  ) {}

  fail(field: string, detail: string): never {
    throw new ProjectFormatError(this.location, this.path(field), detail);
  }

  path(field: string): string {
    return this.where === "" ? field : `${this.where}.${field}`;
  }

  has(field: string): boolean {
    return this.value[field] !== undefined;
  }

  string(field: string, options: { nonEmpty?: boolean } = {}): string {
    const v = this.value[field];
    if (typeof v !== "string") this.fail(field, `must be a string, got ${describe(v)}`);
    if (options.nonEmpty === true && v.trim() === "") this.fail(field, "must not be empty");
    return v;
  }

  timestamp(field: string): string {
    const v = this.string(field, { nonEmpty: true });
    if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(Date.parse(v))) this.fail(field, `must be an ISO 8601 time such as "2024-05-01T12:00:00.000Z", got ${JSON.stringify(v)}`);
    return v;
  }

  nullableString(field: string): string | null {
    const v = this.value[field];
    if (v === null) return null;
    return this.string(field, { nonEmpty: true });
  }

  object(field: string): JsonObject {
    const v = this.value[field];
    if (!isPlainObject(v)) this.fail(field, `must be a JSON object, got ${describe(v)}`);
    const bad = findNonJson(v, this.path(field));
    if (bad !== undefined) throw new ProjectFormatError(this.location, bad, "is not a plain JSON value (finite numbers, strings, booleans, null, arrays and objects only)");
    return structuredClone(v) as JsonObject;
  }

  array(field: string): unknown[] {
    const v = this.value[field];
    if (!Array.isArray(v)) this.fail(field, `must be an array, got ${describe(v)}`);
    return v;
  }

  nonNegative(field: string): number {
    const v = this.value[field];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) this.fail(field, `must be a finite number >= 0, got ${describe(v)}`);
    return v;
  }

  sha256(field: string): string {
    const v = this.string(field);
    if (!SHA256.test(v)) this.fail(field, `must be a SHA-256 checksum (64 lowercase hex digits), got ${JSON.stringify(v)}`);
    return v;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}` : `a ${typeof value}`;
}

function reader(location: string, value: unknown, where: string): FieldReader {
  if (!isPlainObject(value)) throw new ProjectFormatError(location, where, `must be a JSON object, got ${describe(value)}`);
  return new FieldReader(location, value, where);
}

/**
 * Checks one dataset reference; `where` is its JSON path, for messages.
 *
 * @example
 * ```ts
 * const ref = validateDatasetReference(JSON.parse(text), "(document)", "datasets[0]");
 * ```
 */
export function validateDatasetReference(value: unknown, location: string, where: string): DatasetReference {
  const r = reader(location, value, where);
  return {
    datasetId: r.string("datasetId", { nonEmpty: true }),
    sourcePath: r.string("sourcePath"),
    storagePath: r.string("storagePath", { nonEmpty: true }),
    name: r.string("name"),
    addedAt: r.timestamp("addedAt"),
    metadata: r.object("metadata"),
  };
}

function validateChecksums(value: unknown, location: string, where: string): StepChecksums {
  const r = reader(location, value, where);
  const out: StepChecksums = {};
  if (r.has("algorithm")) out.algorithm = r.string("algorithm", { nonEmpty: true });
  for (const field of ["input", "parameters", "output"] as const) if (r.has(field)) out[field] = r.sha256(field);
  return out;
}

/**
 * Checks one processing step; `where` is its JSON path, for messages.
 *
 * @example
 * ```ts
 * const step = validateProcessingStep(record, "(document)", "processingHistory[0]");
 * ```
 */
export function validateProcessingStep(value: unknown, location: string, where: string): ProcessingStep {
  const r = reader(location, value, where);
  const step: ProcessingStep = {
    id: r.string("id", { nonEmpty: true }),
    processorName: r.string("processorName", { nonEmpty: true }),
    processorVersion: r.string("processorVersion", { nonEmpty: true }),
    parameters: r.object("parameters"),
    inputDatasetId: r.string("inputDatasetId", { nonEmpty: true }),
    outputDatasetId: r.nullableString("outputDatasetId"),
    timestamp: r.timestamp("timestamp"),
    checksum: r.string("checksum"),
    checksums: validateChecksums((value as Record<string, unknown>).checksums, location, r.path("checksums")),
    details: r.object("details"),
  };
  if (r.has("durationMs")) step.durationMs = r.nonNegative("durationMs");
  if (r.has("software")) {
    const sw = reader(location, (value as Record<string, unknown>).software, r.path("software"));
    step.software = { name: sw.string("name", { nonEmpty: true }), version: sw.string("version", { nonEmpty: true }) };
  }
  return step;
}

/**
 * Checks that `value` is a valid project and returns a clean copy (known fields only, nothing shared with
 * `value`). Dataset ids and step ids must be unique. `location` names the file in messages.
 *
 * @example
 * ```ts
 * const project = validateProject(JSON.parse(text), "survey/project.seisproc.json");
 * ```
 */
export function validateProject(value: unknown, location = "(document)"): Project {
  const r = reader(location, value, "");
  const datasets = r.array("datasets").map((d, i) => validateDatasetReference(d, location, `datasets[${i}]`));
  const processingHistory = r.array("processingHistory").map((s, i) => validateProcessingStep(s, location, `processingHistory[${i}]`));
  const project: Project = {
    id: r.string("id", { nonEmpty: true }),
    name: r.string("name"),
    createdAt: r.timestamp("createdAt"),
    modifiedAt: r.timestamp("modifiedAt"),
    datasets,
    processingHistory,
    notes: r.string("notes"),
  };
  firstDuplicate(datasets.map((d) => d.datasetId), (i, id) => r.fail(`datasets[${i}].datasetId`, `repeats ${JSON.stringify(id)}; each dataset may appear once`));
  firstDuplicate(processingHistory.map((s) => s.id), (i, id) => r.fail(`processingHistory[${i}].id`, `repeats ${JSON.stringify(id)}; step ids must be unique`));
  return project;
}

function firstDuplicate(ids: string[], onDuplicate: (index: number, id: string) => never): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) onDuplicate(i, id);
    seen.add(id);
  });
}
