import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import {
  convertSegy,
  FileAccessError,
  isSeisprocError,
  SegyFormatError,
  SegyReader,
  SegyWriter,
  ValidationError,
  type SegyFormatProblem,
  type SegyReaderOptions,
} from "../../src";
import { conformanceDir, tempDir } from "../helpers/paths";
import { Rng } from "../helpers/prng";

const corpus = (name: string): string => path.join(conformanceDir(), "segyio", name);
const smallBytes = (): Uint8Array => new Uint8Array(readFileSync(corpus("small.sgy")));

/** Writes `bytes` to a fresh file called `name` and returns its path. */
function fileWith(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** small.sgy with big-endian binary header fields changed (0-based offsets). */
function smallWith(changes: Array<[offset: number, size: 2 | 4, value: number]>): Uint8Array {
  const bytes = smallBytes();
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  for (const [offset, size, value] of changes) {
    if (size === 2) view.setInt16(offset, value);
    else view.setInt32(offset, value);
  }
  return bytes;
}

async function rejectsWith(file: string, problem: SegyFormatProblem, byteOffset: number | undefined, options: SegyReaderOptions = {}): Promise<SegyFormatError> {
  let caught: unknown;
  try {
    const reader = await SegyReader.open(file, options);
    await reader.close();
  } catch (error) {
    caught = error;
  }
  assert.ok(isSeisprocError(caught, SegyFormatError), `expected a SegyFormatError, got ${String(caught)}`);
  assert.equal(caught.problem, problem, caught.message);
  assert.equal(caught.file, file);
  assert.ok(caught.message.startsWith(file), `the message names the file: ${caught.message}`);
  assert.equal(caught.byteOffset, byteOffset, caught.message);
  return caught;
}

/** Names in `dir` that are the target or a writer's temporary file. */
function leftovers(dir: string, target: string): string[] {
  return readdirSync(dir).filter((n) => n === path.basename(target) || n.includes(".partial-"));
}

describe("SEG-Y bad input", () => {
  const dir = tempDir("seisproc-bad-input-");
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe("paths", () => {
    it("a missing file gives FileAccessError naming the path and saying to check it", async () => {
      const missing = path.join(dir, "no-such-file.sgy");
      await assert.rejects(SegyReader.open(missing), (e: unknown) => {
        assert.ok(isSeisprocError(e, FileAccessError));
        assert.equal(e.path, missing);
        assert.match(e.message, /^.*no-such-file\.sgy: no such file or directory; check the path$/);
        return true;
      });
    });

    it("a directory gives FileAccessError saying it is a directory", async () => {
      const sub = path.join(dir, "a-directory.sgy");
      mkdirSync(sub);
      await assert.rejects(SegyReader.open(sub), (e: unknown) => isSeisprocError(e, FileAccessError) && e.path === sub && /is a directory/.test(e.message) && e.message.startsWith(sub));
    });
  });

  describe("sizes", () => {
    it("an empty file is truncated at byte 0 and the message says it is not SEG-Y", async () => {
      const e = await rejectsWith(fileWith(dir, "empty.sgy", new Uint8Array(0)), "truncated", 0);
      assert.match(e.message, /0 bytes, fewer than the 3600/);
    });

    it("a file shorter than 3600 bytes is truncated at byte 0", async () => {
      const e = await rejectsWith(fileWith(dir, "short.sgy", smallBytes().subarray(0, 3599)), "truncated", 0);
      assert.match(e.message, /3599 bytes/);
    });

    it("an SU file shorter than one trace header is truncated", async () => {
      await rejectsWith(fileWith(dir, "short.su", new Uint8Array(100)), "truncated", 0);
    });

    it("broken.sgy (last trace cut short) is truncated after its 3 whole traces, with advice", async () => {
      const e = await rejectsWith(corpus("broken.sgy"), "truncated", 10000 + 3 * 256);
      assert.match(e.message, /3 traces of 256 bytes and 68 bytes left over.*allowTruncated/);
    });

    it("small.sgy without its last 100 bytes is truncated at the start of the cut trace", async () => {
      const e = await rejectsWith(fileWith(dir, "cut.sgy", smallBytes().subarray(0, 14600 - 100)), "truncated", 3600 + 24 * 440);
      assert.match(e.message, /24 traces of 440 bytes and 340 bytes left over/);
    });

    it("allowTruncated reads the whole traces of a truncated file, equal to the original's", async () => {
      const cut = await SegyReader.open(fileWith(dir, "cut2.sgy", smallBytes().subarray(0, 14600 - 100)), { allowTruncated: true });
      const full = await SegyReader.open(corpus("small.sgy"));
      try {
        assert.equal(cut.traceCount, 24);
        assert.equal(cut.layout.trailingBytes, 340);
        let seen = 0;
        for await (const batch of cut.batches({ batchBytes: 2000 })) {
          const want = await full.readTraces(batch.start, batch.count);
          assert.deepEqual(batch.samples, want.samples);
          seen += batch.count;
        }
        assert.equal(seen, 24);
      } finally {
        await Promise.all([cut.close(), full.close()]);
      }
    });

    it("allowTruncated on broken.sgy gives its 3 whole traces", async () => {
      const reader = await SegyReader.open(corpus("broken.sgy"), { allowTruncated: true });
      assert.equal(reader.traceCount, 3);
      assert.equal((await reader.readTrace(2)).samples.length, 4);
      await reader.close();
    });
  });

  describe("sample counts and formats", () => {
    it("zero samples in the binary header and in trace 0's header is bad-sample-count, pointing at 3221", async () => {
      const file = fileWith(dir, "zero-samples.sgy", smallWith([[3220, 2, 0]]));
      const e = await rejectsWith(file, "bad-sample-count", 3220);
      assert.match(e.message, /bytes 3221-3222.*bytes 115-116.*give samplesPerTrace/);
      const reader = await SegyReader.open(file, { samplesPerTrace: 50 });
      assert.equal(reader.traceCount, 25);
      await reader.close();
    });

    it("zero samples in the binary header falls back to trace 0's count when it is set", async () => {
      const bytes = smallWith([[3220, 2, 0]]);
      new DataView(bytes.buffer).setUint16(3600 + 114, 50);
      const reader = await SegyReader.open(fileWith(dir, "trace-samples.sgy", bytes));
      assert.equal(reader.samplesPerTrace, 50);
      assert.equal(reader.traceCount, 25);
      await reader.close();
    });

    it("an absurd sample count (65535) is refused: the first trace cannot fit, the count or format is wrong", async () => {
      const e = await rejectsWith(fileWith(dir, "absurd.sgy", smallWith([[3220, 2, -1]])), "truncated", 3600);
      assert.match(e.message, /first trace needs 262380 bytes \(65535 samples of 4 bytes/);
      assert.match(e.message, /sample count or format in the binary header is wrong/);
    });

    it("format 4 is unsupported-format at byte 3225 and the message says what to do", async () => {
      const e = await rejectsWith(fileWith(dir, "format4.sgy", smallWith([[3224, 2, 4]])), "unsupported-format", 3224);
      assert.match(e.message, /format 4 .*obsolete.*convert the file with the tool that wrote it/);
    });

    for (const code of [0, 13, 14, 17, 255, -1]) {
      it(`unknown format code ${code} is unsupported-format listing the supported codes`, async () => {
        const e = await rejectsWith(fileWith(dir, `format${code}.sgy`, smallWith([[3224, 2, code]])), "unsupported-format", 3224);
        assert.match(e.message, new RegExp(`unknown sample format code ${code}; supported codes are 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16`));
        assert.match(e.message, /byte-order option/);
      });
    }

    it("an unknown format is readable when the caller says which format it is", async () => {
      const reader = await SegyReader.open(fileWith(dir, "format13b.sgy", smallWith([[3224, 2, 13]])), { format: 1 });
      const good = await SegyReader.open(corpus("small.sgy"));
      assert.deepEqual((await reader.readTrace(3)).samples, (await good.readTrace(3)).samples);
      await Promise.all([reader.close(), good.close()]);
    });
  });

  describe("headers", () => {
    it("random bytes in the 3200-byte textual header do not stop reading", async () => {
      const bytes = smallBytes();
      bytes.set(new Rng(7).bytes(3200), 0);
      const reader = await SegyReader.open(fileWith(dir, "garbage-text.sgy", bytes));
      const good = await SegyReader.open(corpus("small.sgy"));
      try {
        assert.equal(reader.textHeaders[0].text.length, 3200);
        assert.deepEqual(reader.textHeaders[0].raw, bytes.subarray(0, 3200));
        assert.equal(reader.traceCount, 25);
        assert.deepEqual((await reader.readTraces(0, 25)).samples, (await good.readTraces(0, 25)).samples);
      } finally {
        await Promise.all([reader.close(), good.close()]);
      }
    });

    it("random bytes in the extended textual headers do not stop reading either", async () => {
      const bytes = new Uint8Array(readFileSync(corpus("multi-text.sgy")));
      bytes.set(new Rng(8).bytes(4 * 3200), 3600);
      const reader = await SegyReader.open(fileWith(dir, "garbage-ext-text.sgy", bytes));
      const good = await SegyReader.open(corpus("multi-text.sgy"));
      try {
        assert.equal(reader.textHeaders.length, 5);
        assert.ok(reader.textHeaders.every((t) => t.text.length === 3200));
        assert.deepEqual(reader.textHeaders[4].raw, bytes.subarray(3600 + 3 * 3200, 3600 + 4 * 3200));
        assert.equal(reader.layout.dataStart, 16400);
        assert.deepEqual((await reader.readTrace(0)).samples, (await good.readTrace(0)).samples);
      } finally {
        await Promise.all([reader.close(), good.close()]);
      }
    });

    it("an extended-header count larger than the file is bad-header at bytes 3505-3506", async () => {
      const e = await rejectsWith(fileWith(dir, "ext-count.sgy", smallWith([[3504, 2, 100]])), "bad-header", 3504);
      assert.match(e.message, /100 extended textual headers \(320000 bytes\) but the file has only 14600 bytes/);
    });

    it("an extended-header count below -1 is bad-header", async () => {
      const e = await rejectsWith(fileWith(dir, "ext-negative.sgy", smallWith([[3504, 2, -5]])), "bad-header", 3504);
      assert.match(e.message, /-5 .*must be -1 or more/);
    });
  });

  describe("writer and convert failures leave nothing behind", () => {
    it("SegyWriter.abort leaves no file and no temporary file", async () => {
      const out = path.join(dir, "aborted.sgy");
      const writer = await SegyWriter.create(out, { samplesPerTrace: 10, sampleIntervalUs: 1000 });
      await writer.writeTrace({ CDP: 1 }, new Float32Array(10));
      assert.equal(leftovers(dir, out).length, 1, "a temporary file while writing");
      assert.ok(!existsSync(out), "not under its name before close");
      await writer.abort();
      assert.deepEqual(leftovers(dir, out), []);
    });

    it("a trace of the wrong length is a ValidationError; aborting then leaves nothing", async () => {
      const out = path.join(dir, "wrong-length.sgy");
      const writer = await SegyWriter.create(out, { samplesPerTrace: 10, sampleIntervalUs: 1000 });
      await assert.rejects(writer.writeTrace({}, new Float32Array(9)), (e: unknown) => isSeisprocError(e, ValidationError) && e.key === "samples" && /9 samples/.test(e.message));
      await writer.abort();
      assert.deepEqual(leftovers(dir, out), []);
    });

    it("a header value that does not fit its field is a ValidationError naming the field", async () => {
      const out = path.join(dir, "bad-header-value.sgy");
      const writer = await SegyWriter.create(out, { samplesPerTrace: 4, sampleIntervalUs: 1000 });
      await assert.rejects(writer.writeTrace({ TRACE_SAMPLE_INTERVAL: 40000 }, new Float32Array(4)), (e: unknown) => isSeisprocError(e, ValidationError) && e.key === "header.TRACE_SAMPLE_INTERVAL");
      await writer.abort();
      assert.deepEqual(leftovers(dir, out), []);
    });

    it("format 4 for the writer is unsupported-format and creates nothing", async () => {
      const out = path.join(dir, "format4-out.sgy");
      await assert.rejects(SegyWriter.create(out, { samplesPerTrace: 4, sampleIntervalUs: 1000, format: 4 }), (e: unknown) => isSeisprocError(e, SegyFormatError) && e.problem === "unsupported-format");
      assert.deepEqual(leftovers(dir, out), []);
    });

    it("an unknown binary header field creates nothing", async () => {
      const out = path.join(dir, "bad-binary.sgy");
      await assert.rejects(SegyWriter.create(out, { samplesPerTrace: 4, sampleIntervalUs: 1000, binaryHeader: { NoSuchField: 1 } }), (e: unknown) => isSeisprocError(e, ValidationError) && e.key === "binaryHeader.NoSuchField");
      assert.deepEqual(leftovers(dir, out), []);
    });

    it("writing into a missing directory is a FileAccessError naming the path", async () => {
      const out = path.join(dir, "missing-dir", "x.sgy");
      await assert.rejects(SegyWriter.create(out, { samplesPerTrace: 4, sampleIntervalUs: 1000 }), (e: unknown) => isSeisprocError(e, FileAccessError) && e.path === out && e.message.startsWith(out));
    });

    it("converting a truncated file fails with the input's SegyFormatError and creates no output", async () => {
      const out = path.join(dir, "from-broken.sgy");
      await assert.rejects(convertSegy(corpus("broken.sgy"), out, { format: 5 }), (e: unknown) => isSeisprocError(e, SegyFormatError) && e.problem === "truncated" && e.file === corpus("broken.sgy"));
      assert.deepEqual(leftovers(dir, out), []);
    });

    it("a convert that fails half-way (after some traces are written) leaves nothing, and an existing target unchanged", async () => {
      const out = fileWith(dir, "existing.sgy", new TextEncoder().encode("previous contents"));
      let calls = 0;
      const failing = (): void => {
        calls++;
        throw new Error("disk full (simulated)");
      };
      await assert.rejects(convertSegy(corpus("small.sgy"), out, { format: 5, read: {}, onProgress: failing }), /disk full \(simulated\)/);
      assert.equal(calls, 1);
      assert.equal(readFileSync(out, "utf8"), "previous contents");
      assert.deepEqual(leftovers(dir, out), ["existing.sgy"]);
    });

    it("an aborted convert leaves no output", async () => {
      const out = path.join(dir, "aborted-convert.sgy");
      const controller = new AbortController();
      controller.abort(new Error("stopped by the user"));
      await assert.rejects(convertSegy(corpus("f3.sgy"), out, { signal: controller.signal }), /stopped by the user/);
      assert.deepEqual(leftovers(dir, out), []);
    });

    it("converting into a directory is a FileAccessError and creates nothing inside it", async () => {
      const target = path.join(dir, "target-dir.sgy");
      mkdirSync(target);
      await assert.rejects(convertSegy(corpus("small.sgy"), target), (e: unknown) => isSeisprocError(e, FileAccessError) && e.path === target && /is a directory/.test(e.message));
      assert.deepEqual(readdirSync(target), []);
      assert.deepEqual(readdirSync(dir).filter((n) => n.includes(".partial-")), []);
    });
  });
});
