import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { Inspection } from "../../src/cli/inspection";
import { main } from "../../src/cli/main";
import type { CommandIo } from "../../src/cli/command";
import { conformanceDir } from "../helpers/paths";
import { inspectJson, seisproc } from "../helpers/cli";

/** Runs `main` in this process with an io that records what is written (no terminal). */
async function inProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CommandIo = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), interactive: false, columns: 80 };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const corpus = (...p: string[]): string => path.join(conformanceDir(), ...p);

interface Expected {
  expected_outcome: string;
  container: "SEG-Y" | "SU";
  endianness: "big" | "little";
  layout: { format: number; samples: number; complete_traces: number };
}

describe("seisproc inspect", () => {
  it("--json on small.sgy gives counts, interval, format, byte order, revision, headers and a summary", () => {
    const r = seisproc("inspect", corpus("segyio", "small.sgy"), "--json");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "", "nothing on stderr when it is piped: no progress bar");
    const info = JSON.parse(r.stdout) as Inspection;
    assert.equal(info.traceCount, 25);
    assert.equal(info.sampleCount, 50);
    assert.equal(info.sampleIntervalUs, 4000);
    assert.equal(info.format, 1);
    assert.equal(info.formatName, "4-byte IBM float");
    assert.equal(info.byteOrder, "big");
    assert.equal(info.revision, "0.0");
    assert.equal(info.firstSampleTimeMs, 0);
    assert.equal(info.fixedLength, true);
    assert.equal(info.container, "segy");
    assert.equal(info.textHeaders.length, 1);
    assert.deepEqual({ ...info.textHeaders[0], lines: undefined }, { index: 0, encoding: "ebcdic", lines: undefined });
    assert.equal(info.textHeaders[0].lines.length, 40);
    assert.equal(info.textHeaders[0].lines[0], "C 1 DATE: 2016-09-19");
    assert.equal(info.binaryHeader.Samples, 50);
    assert.equal(info.binaryHeader.Interval, 4000);
    assert.equal(info.binaryHeader.SEGYRevision, 0, "--json shows zero fields too");
    assert.equal(info.headerSummaryTraces, 25);
    assert.deepEqual(info.headerSummary.INLINE_3D, { min: 1, max: 5, distinct: 5 });
    assert.deepEqual(info.headerSummary.CROSSLINE_3D, { min: 20, max: 24, distinct: 5 });
    assert.deepEqual(info.headerSummary.offset, { min: 1, max: 1, distinct: 1 });
    for (const key of ["FieldRecord", "CDP", "SourceX", "SourceY", "GroupX", "GroupY", "CDP_X", "CDP_Y"]) assert.ok(key in info.headerSummary, key);
  });

  it("detects little-endian SEG-Y and reads SU files", () => {
    const lsb = inspectJson(corpus("segyio", "small-lsb.sgy"), "--json");
    assert.equal(lsb.byteOrder, "little");
    assert.equal(lsb.traceCount, 25);
    const su = inspectJson(corpus("segyio", "small-lsb.su"), "--json");
    assert.equal(su.container, "su");
    assert.equal(su.byteOrder, "little");
    assert.deepEqual(su.textHeaders, []);
  });

  it("--traces N summarises only the first N traces", () => {
    const info = inspectJson(corpus("segyio", "small.sgy"), "--json", "--traces", "5");
    assert.equal(info.headerSummaryTraces, 5);
    assert.deepEqual(info.headerSummary.INLINE_3D, { min: 1, max: 1, distinct: 1 });
    assert.deepEqual(info.headerSummary.CROSSLINE_3D, { min: 20, max: 24, distinct: 5 });
    const zero = inspectJson(corpus("segyio", "small.sgy"), "--json", "--traces", "0");
    assert.deepEqual(zero.headerSummary.CDP, { min: null, max: null, distinct: 0 });
  });

  it("--fields chooses the summarised fields, aliases included, and refuses unknown ones", () => {
    const info = inspectJson(corpus("segyio", "small.sgy"), "--json", "--fields", "iline,CDP");
    assert.deepEqual(Object.keys(info.headerSummary), ["iline", "CDP"]);
    assert.deepEqual(info.headerSummary.iline, { min: 1, max: 5, distinct: 5 });
    const bad = seisproc("inspect", corpus("segyio", "small.sgy"), "--fields", "NoSuchField");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /NoSuchField/);
  });

  it("prints a readable report: every card, non-zero binary fields, byte order source, summary", () => {
    const r = seisproc("inspect", corpus("segyio", "f3.sgy"));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^format +3 \(2-byte two's complement integer\)$/m);
    assert.match(r.stdout, /^traces +414$/m);
    assert.match(r.stdout, /^byte order +big-endian \(/m);
    assert.match(r.stdout, /^  C40/m);
    assert.match(r.stdout, /^binary header \(\d+ non-zero fields/m);
    assert.doesNotMatch(r.stdout, /^  \w+ +0$/m, "no zero binary header fields in the report");
    assert.match(r.stdout, /^  INLINE_3D +\d+ +\d+ +\d+$/m);
    assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, "no control characters reach the terminal");
  });

  it("prints extended textual headers too", () => {
    const info = inspectJson(corpus("segyio", "multi-text.sgy"), "--json");
    assert.ok(info.textHeaders.length > 1);
    assert.equal(info.extendedTextHeaders, info.textHeaders.length - 1);
    assert.ok(info.textHeaders.every((t: { lines: string[] }) => t.lines.length === 40));
    const text = seisproc("inspect", corpus("segyio", "multi-text.sgy")).stdout;
    assert.match(text, /^extended textual header 1 /m);
  });

  it("agrees with the conformance corpus on counts, format, byte order and container for every readable file", async () => {
    const files = ["segyio", path.join("segyio", "multiformats"), "obspy"].flatMap((dir) =>
      readdirSync(corpus(dir)).filter((f) => f.endsWith(".expected.json")).map((f) => path.join(dir, f)),
    );
    assert.ok(files.length > 40, `only ${files.length} corpus files`);
    let checked = 0;
    for (const expectedFile of files) {
      const expected = JSON.parse(readFileSync(corpus(expectedFile), "utf8")) as Expected;
      if (!expected.expected_outcome.startsWith("readable")) continue;
      const file = corpus(expectedFile.replace(/\.expected\.json$/, ""));
      const r = await inProcess("inspect", file, "--json", ...(expected.container === "SU" ? ["--container", "su"] : []));
      assert.equal(r.code, 0, `${file}: ${r.stderr}`);
      const info = JSON.parse(r.stdout) as Inspection;
      assert.equal((await inProcess("inspect", file, ...(expected.container === "SU" ? ["--container", "su"] : []))).code, 0, "text report");
      const got = { traceCount: info.traceCount, sampleCount: info.sampleCount, format: info.format, byteOrder: info.byteOrder, container: info.container };
      const want = {
        traceCount: expected.layout.complete_traces,
        sampleCount: expected.layout.samples,
        format: expected.layout.format,
        byteOrder: expected.endianness,
        container: expected.container === "SU" ? "su" : "segy",
      };
      assert.deepEqual(got, want, file);
      checked++;
    }
    assert.ok(checked > 40, `only ${checked} files checked`);
  });

  it("works in-process through main() with a given io", async () => {
    const r = await inProcess("inspect", corpus("segyio", "small.sgy"), "--json");
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as Inspection).traceCount, 25);
  });
});
