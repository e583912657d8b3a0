import { strict as assert } from "node:assert";
import * as path from "node:path";
import { datasetReferenceFrom, FileSystemStore, LazySeismicData, processDataset, ProcessingChain, ProjectManager, projectToJson, projectFromJson } from "../../src";
import { tempDir } from "../helpers/paths";
import { importSmallSurvey } from "./survey";

describe("a project records the provenance steps of real processing", function () {
  this.timeout(60_000);

  it("takes the ProjectManager as processDataset's tracker and keeps every field of the provenance record", async () => {
    const root = tempDir();
    const dir = path.join(root, "p");
    const raw = await importSmallSurvey(root, "line1", path.join(dir, "data", "line1.seis"));
    const manager = new ProjectManager();
    await manager.create(dir, { name: "processing" });
    manager.addDataset(datasetReferenceFrom(raw, { storagePath: path.join(dir, "data", "line1.seis") }));

    const outDir = path.join(dir, "data", "line1-gain.seis");
    const chain = new ProcessingChain([{ processor: "gain", parameters: { mode: "scalar", value: 2 } }]);
    const report = await processDataset(raw, chain, new FileSystemStore(outDir), { tracker: manager });
    const output = await LazySeismicData.open(new FileSystemStore(outDir), "line1-gain");
    manager.addDataset(datasetReferenceFrom(output, { storagePath: outDir }));

    const [step] = manager.project?.processingHistory ?? [];
    const record = report.step as unknown as Record<string, unknown>;
    assert.equal(step.id, record.id);
    assert.equal(step.processorName, record.processorName);
    assert.equal(step.processorVersion, record.processorVersion);
    assert.deepEqual(step.parameters, record.parameters);
    assert.equal(step.inputDatasetId, raw.id);
    assert.equal(step.outputDatasetId, output.id);
    assert.equal(step.timestamp, record.timestamp);
    assert.equal(step.durationMs, record.durationMs);
    assert.deepEqual(step.software, record.software);
    assert.equal(step.checksum, record.checksum);
    assert.deepEqual(step.checksums, record.checksums);
    assert.match(step.checksums.output ?? "", /^[0-9a-f]{64}$/);
    // Fields a ProcessingStep does not name are kept in details, so nothing of the record is lost.
    const named = new Set(["id", "processorName", "processorVersion", "parameters", "inputDatasetId", "outputDatasetId", "timestamp", "durationMs", "software", "checksum", "checksums"]);
    for (const [key, value] of Object.entries(record)) if (!named.has(key)) assert.deepEqual(step.details[key], value, `details.${key}`);

    await manager.close();
    const reopened = new ProjectManager();
    const opened = await reopened.open(dir);
    assert.deepEqual(opened.missingDatasets, []);
    assert.deepEqual(opened.project.processingHistory, [step]);
    assert.deepEqual(projectFromJson(projectToJson(opened.project)), opened.project);
  });
});
