import { strict as assert } from "node:assert";
import { rmSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { LazySeismicData, MemoryStore, PROVENANCE_FORMAT, ProcessingChain, processDataset, ProvenanceTracker, type ProvenanceDocument } from "../../src";
import { tempDir } from "../helpers/paths";
import { importSurvey } from "../processing/fixtures";

describe("provenance exports", () => {
  const dir = tempDir("seisproc-prov-export-");
  const tracker = new ProvenanceTracker();
  let rawId = "";
  let finalId = "";
  before(async () => {
    const raw = await importSurvey(dir, "raw", { kind: "shots-2d", shots: 3, channels: 16, samples: 100, seed: 9 }, { chunkTraces: 16 });
    rawId = raw.data.id;
    tracker.register(raw.data);
    const a = new MemoryStore();
    await processDataset(raw.data, new ProcessingChain([{ processor: "gain", parameters: { mode: "db", value: 6 } }]), a, { tracker });
    const b = new MemoryStore();
    const report = await processDataset(await LazySeismicData.open(a), new ProcessingChain([{ processor: "agc" }, { processor: "trace-balance" }]), b, { tracker });
    finalId = report.datasetId;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("JSON and YAML hold the same document: the dataset's steps, oldest first", () => {
    const json = JSON.parse(tracker.exportJson(finalId)) as ProvenanceDocument;
    assert.equal(json.format, PROVENANCE_FORMAT);
    assert.equal(json.dataset, finalId);
    assert.deepEqual(
      json.steps.map((s) => s.processorName),
      ["gain", "chain"],
    );
    assert.equal(json.steps[0].inputDatasetId, rawId);
    assert.deepEqual(parseYaml(tracker.exportYaml(finalId)), json);
    assert.deepEqual(JSON.parse(tracker.exportJson()).steps.length, 2);
  });

  it("PROV-JSON links datasets (entities), steps (activities) and processors (agents)", () => {
    const prov = tracker.exportProvJson(finalId);
    const [gainStep, chainStep] = tracker.getHistory(finalId);
    assert.deepEqual(Object.keys(prov.entity).sort(), [`seisproc:dataset-${rawId}`, `seisproc:dataset-${gainStep.outputDatasetId}`, `seisproc:dataset-${finalId}`].sort());
    assert.deepEqual(Object.keys(prov.activity), [`seisproc:step-${gainStep.id}`, `seisproc:step-${chainStep.id}`]);
    assert.deepEqual(Object.keys(prov.agent), ["seisproc:processor-gain-1.0.0", "seisproc:processor-chain-1"]);
    assert.equal(prov.entity[`seisproc:dataset-${finalId}`]["seisproc:checksum"], chainStep.checksums.output);
    assert.deepEqual(prov.agent["seisproc:processor-gain-1.0.0"]["prov:type"], { $: "prov:SoftwareAgent", type: "xsd:QName" });
    const activity = prov.activity[`seisproc:step-${gainStep.id}`];
    assert.equal(activity["prov:startTime"], gainStep.timestamp);
    assert.deepEqual(JSON.parse(activity["seisproc:parameters"] as string), { mode: "db", value: 6 });
    // Every relation names things the document defines.
    for (const relation of [prov.used, prov.wasGeneratedBy, prov.wasAssociatedWith, prov.wasDerivedFrom]) {
      assert.equal(Object.keys(relation).length, 2);
      for (const record of Object.values(relation)) {
        for (const [field, value] of Object.entries(record)) {
          if (field === "prov:activity") assert.ok((value as string) in prov.activity, `${field} ${String(value)}`);
          if (field === "prov:entity" || field === "prov:generatedEntity" || field === "prov:usedEntity") assert.ok((value as string) in prov.entity, `${field} ${String(value)}`);
          if (field === "prov:agent") assert.ok((value as string) in prov.agent, `${field} ${String(value)}`);
        }
      }
    }
    assert.deepEqual(Object.values(prov.used).map((u) => u["prov:entity"]), [`seisproc:dataset-${rawId}`, `seisproc:dataset-${gainStep.outputDatasetId}`]);
    assert.deepEqual(Object.values(prov.wasGeneratedBy).map((u) => u["prov:entity"]), [`seisproc:dataset-${gainStep.outputDatasetId}`, `seisproc:dataset-${finalId}`]);
  });
});
