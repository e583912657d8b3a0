import { strict as assert } from "node:assert";
import { promises as fs, rmSync } from "node:fs";
import * as path from "node:path";
import {
  ChunkCodec,
  FileSystemStore,
  LazySeismicData,
  MemoryStore,
  ProcessingChain,
  processDataset,
  ProvenanceTracker,
  replayHistory,
  type ProcessDatasetReport,
  type ProvenanceStep,
} from "../../src";
import { tempDir } from "../helpers/paths";
import { fileDigests, importSurvey } from "../processing/fixtures";

const STEPS = [
  { processor: "bandpass", parameters: { f1: 4, f2: 8, f3: 45, f4: 65 } },
  { processor: "mute", parameters: { velocity: 1700, timeMs: 30 } },
  { processor: "agc", parameters: { windowMs: 200 } },
];

/** Only the sample chunks (`traces/N.0`) of a store directory, by file name. */
async function traceChunks(root: string): Promise<Map<string, string>> {
  const all = await fileDigests(root);
  return new Map([...all].filter(([file]) => /^traces\/\d+\.0$/.test(file)));
}

/** Adds `delta` to one sample of a stored float32 chunk, re-encoded as the store encodes it. */
async function tamperSample(root: string, chunk: number, index: number, delta: number): Promise<void> {
  const file = path.join(root, "traces", `${chunk}.0`);
  const codec = await ChunkCodec.create("lz4", 4);
  const decoded = await codec.decode(new Uint8Array(await fs.readFile(file)));
  const samples = new Float32Array(decoded.slice().buffer);
  samples[index] += delta;
  await fs.writeFile(file, await codec.encode(new Uint8Array(samples.buffer)));
}

describe("reproducible processing with provenance", () => {
  const dir = tempDir("seisproc-provenance-");
  let raw: Awaited<ReturnType<typeof importSurvey>>;
  let tracker: ProvenanceTracker;
  let first: ProcessDatasetReport;
  let second: ProcessDatasetReport;
  const rootA = path.join(dir, "a.seis");
  const rootB = path.join(dir, "b.seis");

  before(async () => {
    raw = await importSurvey(dir, "raw");
    tracker = new ProvenanceTracker();
    tracker.register(raw.data);
    const chain = new ProcessingChain(STEPS);
    first = await processDataset(raw.data, chain, new FileSystemStore(rootA), { tracker });
    second = await processDataset(raw.data, chain, new FileSystemStore(rootB), { tracker });
    tracker.register(await LazySeismicData.open(new FileSystemStore(rootA)));
    tracker.register(await LazySeismicData.open(new FileSystemStore(rootB)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("running a 3-step chain twice gives equal checksums and byte-identical sample chunks", async () => {
    assert.notEqual(first.datasetId, second.datasetId);
    assert.deepEqual(first.step.checksums, second.step.checksums);
    assert.equal(first.step.checksum, first.step.checksums.output);
    assert.equal(first.step.processorName, "chain");
    assert.deepEqual(
      (first.step.parameters as { steps: Array<{ processor: string }> }).steps.map((s) => s.processor),
      ["bandpass", "mute", "agc"],
    );
    const a = await traceChunks(rootA);
    assert.equal(a.size, 8);
    assert.deepEqual(a, await traceChunks(rootB));
    // The recorded checksums are those of the stores as they are on disk.
    const checksum = await tracker.computeChecksum(await LazySeismicData.open(new FileSystemStore(rootB)));
    assert.equal(checksum.digest, second.step.checksums.output);
    assert.equal((await tracker.computeChecksum(raw.data)).digest, first.step.checksums.input);
  });

  it("changing one parameter changes the parameter and output checksums, not the input's", async () => {
    const changed = new ProcessingChain([STEPS[0], STEPS[1], { processor: "agc", parameters: { windowMs: 250 } }]);
    const report = await processDataset(raw.data, changed, new MemoryStore());
    assert.equal(report.step.checksums.input, first.step.checksums.input);
    assert.notEqual(report.step.checksums.parameters, first.step.checksums.parameters);
    assert.notEqual(report.step.checksums.output, first.step.checksums.output);
  });

  it("verifyReproducibility re-runs an intact step and confirms every checksum", async () => {
    const report = await tracker.verifyReproducibility(first.step.id);
    assert.equal(report.ok, true, report.summary);
    assert.deepEqual(
      report.checks.map((c) => [c.name, c.ok]),
      [
        ["parameters", true],
        ["processor", true],
        ["input", true],
        ["rerun", true],
        ["output", true],
      ],
    );
    assert.equal(report.rerun?.output.digest, first.step.checksums.output);
    assert.match(report.summary, /: reproducible\n/);
  });

  it("a tampered output chunk fails verification, with the chunk, its traces and both checksums in the report", async () => {
    await tamperSample(rootB, 5, 1234, 0.5);
    const report = await tracker.verifyReproducibility(second.step);
    assert.equal(report.ok, false);
    const output = report.checks.find((c) => c.name === "output");
    assert.equal(output?.ok, false);
    assert.equal(output?.expected, second.step.checksums.output);
    assert.notEqual(output?.actual, second.step.checksums.output);
    assert.equal(report.checks.find((c) => c.name === "rerun")?.ok, true, "the re-run itself still reproduces");
    assert.deepEqual(
      report.differences.map((d) => [d.key, d.part, d.firstTrace, d.lastTrace]),
      [["/traces/5.0", "samples", 240, 287]],
    );
    assert.match(report.summary, /NOT verified/);
    assert.match(report.summary, /FAILED output: stored output .* differs from the record: \/traces\/5\.0 \(traces 240\.\.287\) samples differ/);
  });

  it("an unreadable output chunk is reported as unreadable, not as a crash", async () => {
    const out = new MemoryStore();
    const { step } = await processDataset(raw.data, new ProcessingChain([STEPS[2]]), out);
    await out.set("/traces/2.0", new Uint8Array([1, 2, 3]));
    const report = await new ProvenanceTracker().verifyReproducibility(step, { input: raw.data, output: await LazySeismicData.open(out) });
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.differences.map((d) => d.key),
      ["/traces/2.0"],
    );
    assert.match(report.summary, /\/traces\/2\.0 \(traces 96\.\.143\) samples unreadable/);
  });

  it("an edited record, a changed input and a missing processor version are each named", async () => {
    const edited: ProvenanceStep = { ...first.step, parameters: { ...first.step.parameters, extra: 1 } };
    const report = await tracker.verifyReproducibility(edited);
    assert.equal(report.checks.find((c) => c.name === "parameters")?.ok, false);
    assert.equal(report.ok, false);

    const newer: ProvenanceStep = { ...first.step, processorName: "agc", processorVersion: "9.9.9", parameters: { windowMs: 200, target: 1 } };
    const versions = await tracker.verifyReproducibility(newer);
    assert.equal(versions.checks.find((c) => c.name === "processor")?.ok, false);
    assert.match(versions.summary, /version 9\.9\.9.*1\.0\.0 is installed/);
    assert.equal(versions.checks.find((c) => c.name === "rerun")?.ok, null);

    // A copy of the raw input with one changed sample stands in for an input changed after processing.
    const changedRoot = path.join(dir, "raw-changed.seis");
    await fs.cp(raw.root, changedRoot, { recursive: true });
    await tamperSample(changedRoot, 0, 7, 1);
    const changedInput = await LazySeismicData.open(new FileSystemStore(changedRoot));
    const report2 = await tracker.verifyReproducibility(first.step, { input: changedInput });
    assert.equal(report2.checks.find((c) => c.name === "input")?.ok, false);
    assert.equal(report2.checks.find((c) => c.name === "rerun")?.ok, false);
    assert.match(report2.summary, /input dataset .* changed since the step ran/);

    const unknown = await new ProvenanceTracker().verifyReproducibility(first.step);
    assert.equal(unknown.ok, false);
    assert.equal(unknown.checks.find((c) => c.name === "input")?.ok, null);
  });

  it("processing recorded after the fact gets the same checksums as processDataset's own record", async () => {
    const other = new ProvenanceTracker();
    const dataA = await LazySeismicData.open(new FileSystemStore(rootA));
    const step = await other.recordProcessing(new ProcessingChain(STEPS), raw.data, dataA);
    assert.deepEqual(step.checksums, first.step.checksums);
    assert.equal((await other.verifyReproducibility(step)).ok, true);
  });

  it("a history raw -> A -> B is stored with B, and replaying it from the raw import reproduces every output bit for bit", async () => {
    const rootA2 = path.join(dir, "hist-a.seis");
    const rootB2 = path.join(dir, "hist-b.seis");
    const a = await processDataset(raw.data, new ProcessingChain([STEPS[0]]), new FileSystemStore(rootA2));
    const dataA = await LazySeismicData.open(new FileSystemStore(rootA2));
    const b = await processDataset(dataA, new ProcessingChain(STEPS.slice(1)), new FileSystemStore(rootB2));
    const dataB = await LazySeismicData.open(new FileSystemStore(rootB2));
    assert.deepEqual(dataB.metadata.provenance, [a.step, b.step]);

    const fresh = new ProvenanceTracker();
    assert.deepEqual(fresh.register(dataB), { skipped: 0 });
    const history = fresh.getHistory(dataB.id);
    assert.deepEqual(history.map((s) => s.id), [a.step.id, b.step.id]);
    assert.deepEqual(fresh.getHistory(raw.data.id), []);

    const roots = [path.join(dir, "replay-0.seis"), path.join(dir, "replay-1.seis")];
    const replay = await replayHistory(history, raw.data, (_, i) => new FileSystemStore(roots[i]));
    assert.equal(replay.ok, true);
    assert.deepEqual(
      replay.steps.map((s) => s.replayed.checksums.output),
      [a.step.checksums.output, b.step.checksums.output],
    );
    assert.deepEqual(await traceChunks(roots[0]), await traceChunks(rootA2));
    assert.deepEqual(await traceChunks(roots[1]), await traceChunks(rootB2));
    assert.deepEqual(replay.steps[1].data.metadata.provenance.length, 2);
    await assert.rejects(replayHistory([b.step, a.step], raw.data, () => new MemoryStore()), /is not a history/);

    // A damaged record in a dataset's history is skipped with a warning, the rest is kept.
    const warnings: string[] = [];
    const damaged = { ...dataB, id: dataB.id, metadata: { ...dataB.metadata, provenance: [{ ...a.step, checksums: { nonsense: true } }, b.step] } };
    const tolerant = new ProvenanceTracker({ logger: { log: (level, message) => void warnings.push(`${level}: ${message}`) } });
    assert.deepEqual(tolerant.register(damaged as unknown as LazySeismicData), { skipped: 1 });
    assert.deepEqual(warnings, ["warn: skipping a damaged provenance record"]);
    assert.deepEqual(tolerant.allSteps().map((s) => s.id), [b.step.id]);
  });
});
