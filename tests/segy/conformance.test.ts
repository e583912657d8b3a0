import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { isSeisprocError, SegyFormatError, SegyReader, toFloat32, type SampleArray } from "../../src";
import { conformanceDir } from "../helpers/paths";

interface Expected {
  file: string;
  container: "SEG-Y" | "SU";
  endianness: "big" | "little";
  expected_outcome: string;
  text_headers?: Array<{ index: number; encoding: string; first80_hex: string; sha256_raw: string; contains_nul: boolean }>;
  extended_text_header_count?: number;
  binary_header?: {
    fields: Record<string, number>;
    revision_major_byte_3501: number;
    revision_minor_byte_3502: number;
    samples_unsigned: number;
  };
  layout?: { format: number; samples: number; additional_trace_headers: number; byte_offset_first_trace: number };
  traces: { count?: number; samples_per_trace?: number; sample_format?: number; sample_interval_us?: number | null; first_sample_time_ms?: number };
  data?: {
    dtype: string;
    sha256_float32le: string;
    sha256_decimal_text?: string;
    min: number;
    max: number;
    trace_first: { index: number; first5: number[]; last5: number[] };
    trace_last: { index: number; first5: number[]; last5: number[] };
  };
  trace_headers?: Array<{ trace: number; fields: Record<string, number> }>;
}

function findExpected(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findExpected(full));
    else if (name.endsWith(".expected.json")) out.push(full);
  }
  return out.sort();
}

function asNumbers(samples: SampleArray): number[] {
  return Array.from(samples as ArrayLike<number | bigint>, (v) => Number(v));
}

const files = findExpected(conformanceDir());

describe("SEG-Y conformance corpus (../shared/conformance)", () => {
  it("has the 57 data files", () => assert.equal(files.length, 57));

  for (const jsonPath of files) {
    const expected = JSON.parse(readFileSync(jsonPath, "utf8")) as Expected;
    const dataPath = jsonPath.slice(0, -".expected.json".length);
    const container = expected.container === "SU" ? "su" : "segy";

    it(`${path.relative(conformanceDir(), dataPath)}: ${expected.expected_outcome}`, async () => {
      if (expected.expected_outcome.startsWith("error")) {
        await assert.rejects(SegyReader.open(dataPath, { container }), (e: unknown) => isSeisprocError(e, SegyFormatError) && e.problem === "truncated");
        return;
      }
      // Byte order is detected, never told: none of these files sets the rev 2 constant.
      const reader = await SegyReader.open(dataPath, { container });
      try {
        assert.equal(reader.byteOrder, expected.endianness, "byte order");
        assert.equal(reader.traceCount, expected.traces.count, "trace count");
        assert.equal(reader.samplesPerTrace, expected.traces.samples_per_trace, "samples per trace");
        assert.equal(reader.format.code, expected.traces.sample_format, "format");
        assert.equal(reader.sampleIntervalUs, expected.traces.sample_interval_us ?? null, "sample interval");
        if (expected.traces.first_sample_time_ms !== undefined) assert.equal(reader.firstSampleTimeMs, expected.traces.first_sample_time_ms, "first sample time");
        if (expected.layout !== undefined) {
          assert.equal(reader.layout.dataStart, expected.layout.byte_offset_first_trace, "first trace offset");
          assert.equal(reader.layout.additionalTraceHeaders, expected.layout.additional_trace_headers, "additional trace headers");
        }
        checkTextAndBinary(reader, expected);
        for (const { trace, fields } of expected.trace_headers ?? []) {
          const header = await reader.readHeader(trace);
          for (const [name, value] of Object.entries(fields)) assert.equal(header[name], value, `trace ${trace} ${name}`);
        }
        if (expected.data !== undefined) await checkSamples(reader, expected.data);
      } finally {
        await reader.close();
      }
    });
  }
});

function checkTextAndBinary(reader: SegyReader, expected: Expected): void {
  const texts = expected.text_headers ?? [];
  assert.equal(reader.textHeaders.length, texts.length, "number of textual headers");
  for (const text of texts) {
    const got = reader.textHeaders[text.index];
    assert.equal(got.encoding, text.encoding, `text ${text.index} encoding`);
    assert.equal(Buffer.from(got.raw.subarray(0, 80)).toString("hex"), text.first80_hex, `text ${text.index} first 80 bytes`);
    assert.equal(createHash("sha256").update(got.raw).digest("hex"), text.sha256_raw, `text ${text.index} raw`);
    assert.equal(got.text.length, 3200, "a NUL never cuts the text");
    assert.equal(got.text.includes("\0"), text.contains_nul, "NULs are kept");
  }
  if (expected.extended_text_header_count !== undefined) assert.equal(reader.textHeaders.length - 1, expected.extended_text_header_count);
  const binary = expected.binary_header;
  if (binary === undefined) return;
  for (const [name, value] of Object.entries(binary.fields)) {
    const got = reader.binaryHeader[name];
    // Samples is unsigned (rev 2); the corpus lists every field signed and gives the unsigned value apart.
    const want: number = name === "Samples" ? binary.samples_unsigned : name === "SamplesOriginal" ? value & 0xffff : value;
    assert.equal(got, want, `binary header ${name}`);
  }
  assert.equal(reader.revision.major, binary.revision_major_byte_3501, "revision major");
  assert.equal(reader.revision.minor, binary.revision_minor_byte_3502, "revision minor");
}

async function checkSamples(reader: SegyReader, data: NonNullable<Expected["data"]>): Promise<void> {
  const hash = createHash("sha256");
  const text = createHash("sha256");
  let min = Infinity;
  let max = -Infinity;
  for await (const batch of reader.batches({ batchBytes: 64 << 10 })) {
    assert.equal(batch.samples.constructor.name.replace("Array", "").toLowerCase().replace("big", ""), data.dtype.replace("int64", "int64"), "dtype");
    const f32 = toFloat32(batch.samples);
    hash.update(new Uint8Array(f32.buffer, f32.byteOffset, f32.byteLength));
    const values = asNumbers(batch.samples);
    if (data.sha256_decimal_text !== undefined) text.update((batch.samples as ArrayLike<number | bigint>).length === 0 ? "" : Array.from(batch.samples as ArrayLike<number | bigint>, (v) => `${v}\n`).join(""));
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  assert.equal(hash.digest("hex"), data.sha256_float32le, "SHA-256 of samples as float32 LE");
  if (data.sha256_decimal_text !== undefined) assert.equal(text.digest("hex"), data.sha256_decimal_text, "SHA-256 of samples as decimal text");
  assert.equal(min, data.min, "min");
  assert.equal(max, data.max, "max");
  for (const which of [data.trace_first, data.trace_last]) {
    const values = asNumbers((await reader.readTrace(which.index)).samples);
    assert.deepEqual(values.slice(0, 5), which.first5, `trace ${which.index} first 5`);
    assert.deepEqual(values.slice(-5), which.last5, `trace ${which.index} last 5`);
  }
}
