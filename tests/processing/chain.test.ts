import { strict as assert } from "node:assert";
import { rmSync } from "node:fs";
import {
  agc,
  CHAIN_PROCESSOR,
  defineProcessor,
  ProcessingChain,
  ProcessingError,
  ProcessingParameterError,
  ProcessorRegistry,
  toProcessingGather,
  BUILTIN_PROCESSORS,
} from "../../src";
import { tempDir } from "../helpers/paths";
import { importSurvey, memoryGather } from "./fixtures";

const STEPS = [
  { processor: "bandpass", parameters: { f1: 4, f2: 8, f3: 45, f4: 65 } },
  { processor: "mute", parameters: { velocity: 1700, timeMs: 30 } },
  { processor: "agc", parameters: { windowMs: 200 } },
];

describe("processing chains", () => {
  it("validates every step, fills in defaults, and names a bad step's parameter with its position", () => {
    const chain = new ProcessingChain(STEPS);
    assert.deepEqual(chain.steps[2].parameters, { windowMs: 200, target: 1 });
    assert.deepEqual(chain.headers(), ["offset"]);
    assert.deepEqual(chain.describe()[2], "agc(windowMs=200, target=1)");
    assert.throws(
      () => new ProcessingChain([STEPS[0], { processor: "agc", parameters: { windowMs: 0 } }]),
      (e: unknown) => e instanceof ProcessingParameterError && e.parameter === "steps.1.windowMs" && /must be > 0/.test(e.message),
    );
    assert.throws(() => new ProcessingChain([{ processor: "deconvolution" }]), (e: unknown) => e instanceof ProcessingError && /known processors: gain, agc/.test(e.message));
  });

  it("round-trips through plain JSON and through its provenance signature", () => {
    const chain = new ProcessingChain(STEPS);
    const json = JSON.parse(JSON.stringify(chain.toJSON())) as ReturnType<ProcessingChain["toJSON"]>;
    assert.deepEqual(ProcessingChain.fromJSON(json).toJSON(), chain.toJSON());
    const signature = chain.signature();
    assert.equal(signature.processorName, CHAIN_PROCESSOR.name);
    assert.deepEqual(ProcessingChain.fromSignature(signature).toJSON(), chain.toJSON());
    const single = new ProcessingChain([{ processor: "agc" }]).signature();
    assert.deepEqual(single, { processorName: "agc", processorVersion: agc.version, parameters: { windowMs: 500, target: 1 } });
    assert.deepEqual(ProcessingChain.fromSignature(single).toJSON(), new ProcessingChain([{ processor: "agc" }]).toJSON());
    assert.equal(chain.with("gain", { value: 2 }).length, 4);
    assert.equal(chain.length, 3, "with() leaves the chain alone");
  });

  it("refuses a step recorded with another processor version unless told to run it anyway", () => {
    const recorded = { steps: [{ processor: "agc", version: "0.9.0", parameters: {} }] };
    assert.throws(() => ProcessingChain.fromJSON(recorded), (e: unknown) => e instanceof ProcessingError && /version 0\.9\.0.*1\.0\.0 is installed/.test(e.message));
    assert.equal(ProcessingChain.fromJSON(recorded, { strictVersions: false }).length, 1);
  });

  it("runs registered custom processors", () => {
    const invert = defineProcessor<{ scale: number }>({
      name: "invert",
      version: "1",
      description: "flips polarity",
      parameters: { scale: { type: "number", default: 1, description: "factor" } },
      apply: (g, p) => {
        for (let i = 0; i < g.samples.length; i++) g.samples[i] *= -p.scale;
      },
    });
    const registry = new ProcessorRegistry([...BUILTIN_PROCESSORS, invert]);
    const chain = new ProcessingChain([{ processor: "invert", parameters: { scale: 2 } }], { registry });
    const g = memoryGather(1, 3, (_, j) => j);
    chain.apply(g);
    assert.deepEqual(Array.from(g.samples), [-0, -2, -4]);
    assert.throws(() => registry.register(defineProcessor({ ...invert, apply: () => undefined })), ProcessingError);
    const broken = defineProcessor<object>({ name: "broken", version: "1", description: "fails", parameters: {}, apply: () => JSON.parse("{") as void });
    const failing = new ProcessingChain([{ processor: "invert" }, { processor: "broken" }], { registry: new ProcessorRegistry([invert, broken]) });
    assert.throws(
      () => failing.apply(memoryGather(1, 3, () => 1)),
      (e: unknown) => e instanceof ProcessingError && e.processor === "broken" && e.gather === 1 && e.cause instanceof SyntaxError && /memory, broken, gather 1: failed: /.test(e.message),
    );
  });

  it("processes a gather read from an imported store, header columns included", async () => {
    const dir = tempDir("seisproc-chain-");
    try {
      const { data } = await importSurvey(dir, "line");
      const chain = new ProcessingChain(STEPS);
      const gather = await data.getGather(data.gatherKeys()[2], { columns: chain.headers() });
      const processed = chain.processGather(gather, data);
      assert.equal(processed.length, 48 * 500);
      // The same as running the steps by hand on a float32 copy.
      const manual = toProcessingGather(gather, { samplesPerTrace: 500, sampleIntervalUs: 2000, firstSampleTimeMs: data.metadata.source.firstSampleTimeMs });
      for (const step of chain.steps) step.processor.apply(manual, step.parameters);
      assert.deepEqual(Buffer.from(processed.buffer), Buffer.from(manual.samples.buffer));
      // The near traces are muted at the top; the far ones longer.
      const offsets = manual.headers.get("offset");
      assert.ok(offsets !== undefined && offsets.length === 48);
      assert.ok(processed.subarray(0, 10).every((v) => v === 0));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
