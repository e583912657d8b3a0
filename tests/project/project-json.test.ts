import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  migrateProjectDocument,
  parseProjectJson,
  PROJECT_FORMAT_VERSION,
  ProjectFormatError,
  projectFromJson,
  projectToDocument,
  projectToJson,
  ProjectVersionError,
  validateProject,
  type Project,
} from "../../src";
import { repoRoot } from "../helpers/paths";

const V0_FIXTURE = path.join(repoRoot, "tests", "project", "fixtures", "v0-project.seisproc.json");

function sampleProject(): Project {
  return {
    id: "11111111-2222-4333-8444-555555555555",
    name: "Test project",
    createdAt: "2024-05-01T12:00:00.000Z",
    modifiedAt: "2024-05-02T08:30:00.000Z",
    notes: "line 1 looks noisy\nlow cut next",
    datasets: [
      { datasetId: "d-raw", sourcePath: "/data/line1.sgy", storagePath: "data/line1.seis", name: "line 1", addedAt: "2024-05-01T12:01:00.000Z", metadata: { traceCount: 480, crs: { epsg: 32631 } } },
      { datasetId: "d-agc", sourcePath: "", storagePath: "s3://bucket/line1-agc.seis", name: "line 1 AGC", addedAt: "2024-05-01T12:05:00.000Z", metadata: {} },
    ],
    processingHistory: [
      {
        id: "step-1",
        processorName: "agc",
        processorVersion: "1.0.0",
        parameters: { windowMs: 500, nested: { a: [1, 2, null] } },
        inputDatasetId: "d-raw",
        outputDatasetId: "d-agc",
        timestamp: "2024-05-01T12:05:00.000Z",
        durationMs: 2100,
        software: { name: "seisproc", version: "0.1.0" },
        checksum: "a".repeat(64),
        checksums: { algorithm: "seisproc-chunked-sha256/1", input: "b".repeat(64), parameters: "c".repeat(64), output: "a".repeat(64) },
        details: { hostname: "worker-3" },
      },
    ],
  };
}

function expectFormatError(fn: () => unknown, field: string): ProjectFormatError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ProjectFormatError, `expected ProjectFormatError, got ${String(error)}`);
    assert.equal(error.field, field, error.message);
    return error;
  }
  assert.fail(`expected a ProjectFormatError about ${field}`);
}

describe("project JSON: serialisation, validation, migration", () => {
  it("round-trips a project exactly, with the format version in the document", () => {
    const project = sampleProject();
    const text = projectToJson(project);
    assert.ok(text.endsWith("}\n"));
    const doc = JSON.parse(text) as Record<string, unknown>;
    assert.equal(doc.formatVersion, PROJECT_FORMAT_VERSION);
    assert.deepEqual(projectFromJson(text), project);
    assert.deepEqual(projectToDocument(project), { formatVersion: PROJECT_FORMAT_VERSION, ...project });
    // Serialisation is deterministic: the same project gives the same bytes.
    assert.equal(projectToJson(projectFromJson(text)), text);
  });

  it("returns a copy that shares nothing with its input and drops unknown fields", () => {
    const input = { ...sampleProject(), extra: "dropped" } as Project & { extra: string };
    const out = validateProject(input);
    assert.equal((out as Partial<typeof input>).extra, undefined);
    (out.datasets[0].metadata as { traceCount: number }).traceCount = 1;
    assert.equal(input.datasets[0].metadata.traceCount, 480);
  });

  it("names the bad field by its JSON path", () => {
    const cases: Array<[string, (p: Record<string, any>) => void]> = [
      ["id", (p) => (p.id = "")],
      ["name", (p) => (p.name = 3)],
      ["createdAt", (p) => (p.createdAt = "yesterday")],
      ["datasets", (p) => (p.datasets = {})],
      ["datasets[1].storagePath", (p) => (p.datasets[1].storagePath = "")],
      ["datasets[0].metadata", (p) => (p.datasets[0].metadata = [1])],
      ["datasets[0].metadata.bad", (p) => (p.datasets[0].metadata.bad = Number.NaN)],
      ["datasets[1].datasetId", (p) => (p.datasets[1].datasetId = "d-raw")],
      ["processingHistory[0].processorVersion", (p) => delete p.processingHistory[0].processorVersion],
      ["processingHistory[0].outputDatasetId", (p) => (p.processingHistory[0].outputDatasetId = 7)],
      ["processingHistory[0].checksums.input", (p) => (p.processingHistory[0].checksums.input = "ABC")],
      ["processingHistory[0].parameters.when", (p) => (p.processingHistory[0].parameters.when = new Date())],
      ["processingHistory[0].timestamp", (p) => (p.processingHistory[0].timestamp = "2024-13-45T99:00:00Z")],
      ["processingHistory[0].durationMs", (p) => (p.processingHistory[0].durationMs = -1)],
      ["processingHistory[0].software.version", (p) => (p.processingHistory[0].software = { name: "seisproc" })],
      ["processingHistory[0].checksums.algorithm", (p) => (p.processingHistory[0].checksums.algorithm = "")],
    ];
    for (const [field, spoil] of cases) {
      const p = structuredClone(sampleProject()) as unknown as Record<string, any>;
      spoil(p);
      expectFormatError(() => validateProject(p, "x.json"), field);
    }
  });

  it("says clearly when the text is not JSON, naming the file", () => {
    const e = expectFormatError(() => parseProjectJson('{"formatVersion": 1, "id": ', "/p/project.seisproc.json"), "");
    assert.match(e.message, /\/p\/project\.seisproc\.json: is not valid JSON/);
    assert.match(e.message, /backup/);
  });

  it("migrates the format-0 fixture (the seed's snake_case layout) to the current format", () => {
    const text = readFileSync(V0_FIXTURE, "utf8");
    const parsed = parseProjectJson(text, V0_FIXTURE);
    assert.equal(parsed.fromVersion, 0);
    assert.equal(parsed.migrations.length, 1);
    assert.match(parsed.migrations[0], /^0 → 1:/);
    const p = parsed.project;
    assert.equal(p.id, "0b5a8f7e-2d1c-4a3b-9e8f-1c2d3e4f5a6b");
    assert.equal(p.name, "North Sea line 12 (seed era)");
    assert.equal(p.createdAt, "2023-11-02T09:30:00.000Z"); // naive times are read as UTC
    assert.equal(p.modifiedAt, "2023-11-03T17:45:12.345Z");
    assert.equal(p.notes, "Imported from the Qt application.");
    assert.deepEqual(
      p.datasets.map((d) => [d.datasetId, d.storagePath, d.sourcePath, d.addedAt]),
      [
        ["7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "data/line12.seis", "/data/raw/line12.sgy", "2023-11-02T09:31:05.000Z"],
        ["a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "data/line12-agc.seis", "", "2023-11-03T17:45:12.345Z"],
      ],
    );
    assert.deepEqual(p.datasets[0].metadata, { n_traces: 48000, sample_rate_ms: 2 });
    const [agc, bandpass] = p.processingHistory;
    assert.equal(agc.processorName, "agc");
    assert.equal(agc.processorVersion, "unknown");
    assert.deepEqual(agc.parameters, { window_ms: 500 });
    assert.equal(agc.outputDatasetId, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    // A SHA-256 checksum becomes the output checksum; an MD5 one stays only as the step's checksum.
    assert.deepEqual(agc.checksums, { output: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" });
    assert.equal(bandpass.checksum, "d41d8cd98f00b204e9800998ecf8427e");
    assert.deepEqual(bandpass.checksums, {});
    assert.equal(bandpass.outputDatasetId, null);
    // Written back, it is a current-format document that reads without migration.
    const again = parseProjectJson(projectToJson(p));
    assert.equal(again.fromVersion, PROJECT_FORMAT_VERSION);
    assert.deepEqual(again.migrations, []);
    assert.deepEqual(again.project, p);
  });

  it("does not change the document it migrates", () => {
    const doc = JSON.parse(readFileSync(V0_FIXTURE, "utf8")) as Record<string, unknown>;
    const copy = structuredClone(doc);
    migrateProjectDocument(doc);
    assert.deepEqual(doc, copy);
  });

  it("refuses a newer format with a typed error that names both versions", () => {
    const doc = { ...projectToDocument(sampleProject()), formatVersion: PROJECT_FORMAT_VERSION + 1, somethingNew: true };
    assert.throws(
      () => parseProjectJson(JSON.stringify(doc), "future/project.seisproc.json"),
      (e: unknown) => e instanceof ProjectVersionError && e.found === PROJECT_FORMAT_VERSION + 1 && e.supported === PROJECT_FORMAT_VERSION && /upgrade SeisProc/.test(e.message),
    );
  });

  it("refuses a nonsense format version and non-object documents", () => {
    expectFormatError(() => parseProjectJson(JSON.stringify({ ...projectToDocument(sampleProject()), formatVersion: "1" })), "formatVersion");
    expectFormatError(() => parseProjectJson(JSON.stringify({ ...projectToDocument(sampleProject()), formatVersion: -1 })), "formatVersion");
    expectFormatError(() => parseProjectJson("[]"), "");
    expectFormatError(() => parseProjectJson("null"), "");
    // A broken format-0 document fails validation after migration, with the current field names.
    expectFormatError(() => parseProjectJson(JSON.stringify({ id: "x", created_at: "2023-01-01T00:00:00", datasets: [{ dataset_id: "a" }] })), "datasets[0].storagePath");
  });
});
