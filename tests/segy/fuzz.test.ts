import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { isSeisprocError, MemoryByteSource, SegyFormatError, SegyReader, type ByteSource } from "../../src";
import { describeBase, makeCase, runCase, type CaseOutcome, type FuzzBase } from "../helpers/fuzz-cases";
import { runFuzz, type FuzzReport } from "../helpers/fuzz-pool";
import { conformanceDir } from "../helpers/paths";
import { PatternByteSource } from "../helpers/pattern-source";

const CASES = Number(process.env.SEISPROC_FUZZ_CASES ?? 3000);
const SEED = Number(process.env.SEISPROC_FUZZ_SEED ?? 20240601);
const CASE_TIMEOUT_MS = 5000;
const MAX_ARRAY_BUFFERS = 256 << 20;

const BASES = [
  "segyio/small.sgy",
  "segyio/small-lsb.sgy",
  "segyio/f3.sgy",
  "segyio/small.su",
  "segyio/small-lsb.su",
  "segyio/rotated-small-rev2.sgy",
  "segyio/stanzas-unknown-count.sgy",
  "segyio/multi-text.sgy",
  "segyio/long.sgy",
  "segyio/multiformats/Format7msb.sgy",
  "segyio/multiformats/Format1lsb.sgy",
  "segyio/multiformats/Format9msb.sgy",
  "segyio/text-embed-null.sgy",
];

function loadBases(): Array<{ name: string; bytes: Uint8Array }> {
  return BASES.map((rel) => ({ name: path.basename(rel), bytes: new Uint8Array(readFileSync(path.join(conformanceDir(), rel))) }));
}

function describe1(o: Pick<CaseOutcome, "id" | "base" | "mutations" | "detail">): string {
  return `case ${o.id} (${o.base}: ${o.mutations.join("; ")}): ${o.detail}`;
}

describe("SEG-Y reader fuzzing (mutated corpus files)", function () {
  this.timeout(240_000);
  let report: FuzzReport;
  let bases: FuzzBase[];

  before(async () => {
    const files = loadBases();
    bases = await Promise.all(files.map((f) => describeBase(f.name, f.bytes)));
    report = await runFuzz({ files, seed: SEED, cases: CASES, workers: 2, caseTimeoutMs: CASE_TIMEOUT_MS });
    const counts = new Map<string, number>();
    for (const o of report.outcomes) counts.set(o.kind === "rejected" ? o.detail : o.kind, (counts.get(o.kind === "rejected" ? o.detail : o.kind) ?? 0) + 1);
    const slowest = Math.max(...report.outcomes.map((o) => o.ms));
    console.log(`      fuzz: ${CASES} cases, seed ${SEED}, ${(report.ms / 1000).toFixed(1)} s (slowest case ${slowest.toFixed(0)} ms); ${[...counts].map(([k, n]) => `${k} ${n}`).join(", ")}`);
  });

  it(`every case either reads or throws a SeisprocError naming the file (replay: SEISPROC_FUZZ_SEED=${SEED})`, () => {
    const crashes = report.outcomes.filter((o) => o.kind === "crash").map(describe1);
    assert.deepEqual(crashes.slice(0, 5), [], `${crashes.length} crashes`);
  });

  it(`no case hangs or kills its worker (each must finish within ${CASE_TIMEOUT_MS} ms)`, () => {
    const lost = report.lost.map((l) => {
      const c = makeCase(bases, SEED, l.id);
      return describe1({ id: l.id, base: c.base, mutations: c.mutations, detail: l.detail });
    });
    assert.deepEqual(lost, []);
    assert.equal(report.outcomes.length, CASES, "every case reported");
  });

  it("allocation stays bounded: absurd sample, trace and header counts never make the reader allocate much", () => {
    const worst = report.outcomes.reduce((a, b) => (b.peakArrayBuffers > a.peakArrayBuffers ? b : a));
    assert.ok(worst.peakArrayBuffers < MAX_ARRAY_BUFFERS, `${(worst.peakArrayBuffers / 2 ** 20).toFixed(0)} MiB of array buffers in ${describe1(worst)}`);
    assert.ok(process.memoryUsage().rss < 1.5 * 2 ** 30, `rss ${process.memoryUsage().rss}`);
  });

  it("the mutations reach both outcomes and every kind of format problem", () => {
    const ok = report.outcomes.filter((o) => o.kind === "ok").length;
    const rejected = report.outcomes.filter((o) => o.kind === "rejected").length;
    assert.ok(ok > CASES * 0.1, `only ${ok} cases read`);
    assert.ok(rejected > CASES * 0.1, `only ${rejected} cases rejected`);
    const problems = new Set(report.outcomes.filter((o) => o.kind === "rejected").map((o) => o.detail));
    for (const p of ["truncated", "unsupported-format", "bad-sample-count", "bad-header"]) assert.ok(problems.has(`SegyFormatError:${p}`), `no case gave ${p}`);
    assert.ok(report.outcomes.some((o) => o.kind === "ok" && o.mutations.some((m) => m.startsWith("binary"))), "some mutated headers still read");
  });

  it("cases are reproducible: the same seed and index give the same bytes", async () => {
    for (const id of [0, 7, 1234]) {
      const a = makeCase(bases, SEED, id);
      const b = makeCase(bases, SEED, id);
      assert.deepEqual(a.mutations, b.mutations);
      assert.ok(Buffer.from(a.bytes).equals(Buffer.from(b.bytes)));
    }
    assert.notDeepEqual(makeCase(bases, SEED, 5).bytes, makeCase(bases, SEED + 1, 5).bytes);
  });
});

describe("the fuzz harness itself", function () {
  this.timeout(30_000);

  it("reports an error that is not a SeisprocError as a crash", async () => {
    const files = loadBases().slice(0, 1);
    const bases = await Promise.all(files.map((f) => describeBase(f.name, f.bytes)));
    const c = makeCase(bases, SEED, 0);
    const broken: ByteSource = {
      name: c.name,
      size: c.bytes.length,
      read: async () => {
        throw new RangeError("Invalid typed array length: -1");
      },
      close: async () => undefined,
    };
    const outcome = await runCase(c, broken);
    assert.equal(outcome.kind, "crash");
    assert.match(outcome.detail, /RangeError: Invalid typed array length/);
  });

  it("kills a case that never returns (a synchronous loop) and carries on with the next ones", async () => {
    const report = await runFuzz({ files: loadBases().slice(0, 2), seed: SEED, cases: 12, workers: 2, caseTimeoutMs: 300, hangOn: 5 });
    assert.deepEqual(report.lost.map((l) => l.id), [5]);
    assert.match(report.lost[0].detail, /hang/);
    assert.deepEqual(report.outcomes.map((o) => o.id), [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11]);
  });
});

describe("SEG-Y reader on huge claimed sizes (no memory proportional to what the file claims)", () => {
  const small = (): Uint8Array => new Uint8Array(readFileSync(path.join(conformanceDir(), "segyio", "small.sgy")));
  const arrayBuffersGrowth = async (run: () => Promise<void>): Promise<number> => {
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
    try {
      await run();
    } finally {
      clearInterval(timer);
    }
    return Math.max(peak, process.memoryUsage().arrayBuffers) - before;
  };

  it("a 1 TiB fixed-length file opens, reads its last traces, and touches only what it reads", async () => {
    const bytes = small();
    const traceBytes = 440;
    const traces = Math.floor((2 ** 40 - 3600) / traceBytes);
    const source = new PatternByteSource("huge.sgy", 3600 + traces * traceBytes, bytes.subarray(0, 3600), bytes.subarray(3600, 3600 + traceBytes));
    const reader = await SegyReader.open(source);
    assert.equal(reader.traceCount, traces);
    const growth = await arrayBuffersGrowth(async () => {
      let seen = 0;
      for await (const batch of reader.batches({ start: traces - 1000, end: traces, batchBytes: 64 << 10 })) seen += batch.count;
      assert.equal(seen, 1000);
    });
    const first = await SegyReader.open(new MemoryByteSource(bytes, "small.sgy"));
    assert.deepEqual((await reader.readTrace(traces - 1)).samples, (await first.readTrace(0)).samples);
    assert.ok(source.bytesRead < 4 << 20, `read ${source.bytesRead} bytes`);
    assert.ok(growth < 16 << 20, `grew by ${growth} bytes`);
  });

  it("2^31-1 samples per trace (rev 2 extended count) is refused before any sample buffer exists", async () => {
    const head = small().slice(0, 3600);
    const view = new DataView(head.buffer);
    view.setUint16(3220, 0);
    view.setUint16(3500, 0x0200);
    view.setInt16(3502, 1);
    view.setInt32(3268, 0x7fffffff);
    const source = new PatternByteSource("ext-samples.sgy", 3600 + 10 * 440, head, small().subarray(3600, 4040));
    await assert.rejects(SegyReader.open(source), (e: unknown) => isSeisprocError(e, SegyFormatError) && e.problem === "truncated" && e.byteOffset === 3600);
    const reader = await SegyReader.open(source, { allowTruncated: true });
    assert.equal(reader.samplesPerTrace, 0x7fffffff);
    assert.equal(reader.traceCount, 0);
    assert.ok(source.largestRead <= 3600, `largest read ${source.largestRead}`);
  });

  it("an extended-header count of -1 with no EndText stanza stops after 32767 blocks (bad-header), in bounded memory", async () => {
    const head = small().slice(0, 3600);
    new DataView(head.buffer).setInt16(3504, -1);
    const source = new PatternByteSource("no-endtext.sgy", 3600 + 3200 * 100_000, head, new Uint8Array(3200).fill(0x40));
    const growth = await arrayBuffersGrowth(async () => {
      await assert.rejects(SegyReader.open(source), (e: unknown) => isSeisprocError(e, SegyFormatError) && e.problem === "bad-header" && e.byteOffset === 3504 && /EndText/.test(e.message));
    });
    assert.ok(source.bytesRead <= 3600 + 3200 * 0x7fff + 240, `read ${source.bytesRead} bytes`);
    assert.ok(growth < 512 << 20, `grew by ${growth} bytes`);
  });

  it("rev 2 with the additional-header count in 2 bytes (as segyio writes it) is read right in files over 15.7 MB", async () => {
    // Big-endian 00 01 00 00 at 3507-3510 is 65536 as four bytes; 65536 extra headers fit in a 16.5 MB file.
    const bytes = new Uint8Array(readFileSync(path.join(conformanceDir(), "segyio", "rotated-small-rev2.sgy")));
    const unit = bytes.subarray(3600);
    const copies = Math.ceil(16.5e6 / unit.length);
    const source = new PatternByteSource("big-rev2.sgy", 3600 + copies * unit.length, bytes.subarray(0, 3600), unit);
    const reader = await SegyReader.open(source);
    assert.equal(reader.layout.additionalTraceHeaders, 1);
    assert.equal(reader.traceCount, 25 * copies);
    assert.equal((await reader.readHeader(25 * copies - 1)).INLINE_3D, 5);
  });

  it("batches of variable-length traces hold about batchBytes of file, whatever the nominal sample count says", async () => {
    const head = small().slice(0, 3600);
    const view = new DataView(head.buffer);
    view.setUint16(3220, 1); // nominal: 1 sample per trace
    view.setInt16(3224, 5);
    view.setUint16(3500, 0x0200);
    view.setInt16(3502, 0); // variable length: the reader scans trace headers
    const trace = new Uint8Array(240 + 4 * 60000); // every trace really has 60000 samples
    new DataView(trace.buffer).setUint16(114, 60000);
    const source = new PatternByteSource("variable.sgy", 3600 + 100 * trace.length, head, trace);
    const reader = await SegyReader.open(source);
    assert.equal(reader.traceCount, 100);
    assert.equal(reader.fixedLength, false);
    const sizes: number[] = [];
    for await (const batch of reader.batches({ batchBytes: 1 << 20 })) sizes.push(batch.count);
    assert.equal(sizes.reduce((a, b) => a + b, 0), 100);
    assert.ok(Math.max(...sizes) <= 5, `a batch of ${Math.max(...sizes)} traces (${Math.max(...sizes) * trace.length} bytes) for a 1 MiB budget`);
  });
});
