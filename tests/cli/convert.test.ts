import { strict as assert } from "node:assert";
import { existsSync, readdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { SegyReader, toFloat32 } from "../../src/core/segy";
import { conformanceDir, tempDir } from "../helpers/paths";
import { inspectJson, seisproc } from "../helpers/cli";

const small = (): string => path.join(conformanceDir(), "segyio", "small.sgy");

/** Asserts that every trace of `b` has the samples (as float32) and header values of the same trace of `a`. */
async function assertSameTraces(a: string, b: string, headerChanges: Record<string, number> = {}): Promise<void> {
  const [ra, rb] = [await SegyReader.open(a), await SegyReader.open(b)];
  try {
    assert.equal(rb.traceCount, ra.traceCount);
    for (let i = 0; i < ra.traceCount; i++) {
      const [ta, tb] = [await ra.readTrace(i), await rb.readTrace(i)];
      assert.deepEqual(toFloat32(tb.samples), toFloat32(ta.samples), `samples of trace ${i}`);
      assert.deepEqual(tb.header, { ...ta.header, ...headerChanges }, `header of trace ${i}`);
    }
  } finally {
    await Promise.all([ra.close(), rb.close()]);
  }
}

describe("seisproc convert", () => {
  let dir = "";
  before(() => (dir = tempDir("seisproc-cli-convert-")));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("IBM to IEEE (--format 5): inspect shows format 5, samples and headers read back equal", async () => {
    const out = path.join(dir, "small-ieee.sgy");
    const r = seisproc("convert", small(), out, "--format", "5");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "", "no progress bar when stderr is piped");
    assert.match(r.stdout, /^.*small-ieee\.sgy: 25 traces, .*format 5 \(4-byte IEEE float\), big-endian, [\d,]+ bytes\n$/);
    const info = inspectJson(out, "--json");
    assert.equal(info.format, 5);
    assert.equal(info.byteOrder, "big");
    assert.equal(info.traceCount, 25);
    assert.deepEqual(info.textHeaders, inspectJson(small(), "--json").textHeaders);
    await assertSameTraces(small(), out);
    const reader = await SegyReader.open(out);
    const first = await reader.readTrace(3);
    await reader.close();
    assert.ok(first.samples instanceof Float32Array, "IEEE float samples");
  });

  it("--byte-order little keeps the format and the values", async () => {
    const out = path.join(dir, "small-lsb.sgy");
    const r = seisproc("convert", small(), out, "--byte-order", "little");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /little-endian/);
    const info = inspectJson(out, "--json");
    assert.equal(info.byteOrder, "little");
    assert.equal(info.format, 1);
    await assertSameTraces(small(), out);
  });

  it("--revision 2 is honoured", () => {
    const rev2 = path.join(dir, "small-rev2.sgy");
    assert.equal(seisproc("convert", small(), rev2, "--revision", "2").code, 0);
    assert.equal(inspectJson(rev2, "--json").revision, "2.0");
  });

  it("--container segy turns an SU file into SEG-Y and back (--container su), values kept", async () => {
    const su = path.join(conformanceDir(), "segyio", "small-lsb.su");
    const segy = path.join(dir, "from-su.sgy");
    const r = seisproc("convert", su, segy, "--container", "segy", "--byte-order", "big");
    assert.equal(r.code, 0, r.stderr);
    const info = inspectJson(segy, "--json");
    assert.deepEqual([info.container, info.byteOrder, info.format, info.revision], ["segy", "big", 5, "1.0"]);
    await assertSameTraces(su, segy);
    const back = path.join(dir, "back.su");
    assert.equal(seisproc("convert", segy, back, "--container", "su", "--byte-order", "little").code, 0);
    assert.equal(inspectJson(back, "--json").container, "su");
    await assertSameTraces(su, back);
  });

  it("--container su on SEG-Y whose trace headers lack the sample count gives a readable SU file", async () => {
    const su = path.join(dir, "small.su");
    const r = seisproc("convert", small(), su, "--container", "su");
    assert.equal(r.code, 0, r.stderr);
    const info = inspectJson(su, "--json");
    assert.equal(info.container, "su");
    assert.equal(info.format, 5);
    assert.equal(info.sampleCount, 50);
    assert.equal(info.sampleIntervalUs, 4000);
    // SU traces carry their own sample count and interval, which small.sgy's trace headers leave at 0.
    await assertSameTraces(small(), su, { TRACE_SAMPLE_COUNT: 50, TRACE_SAMPLE_INTERVAL: 4000 });
  });

  it("refuses a bad format code before writing anything, and a failed convert leaves nothing behind", () => {
    const out = path.join(dir, "bad.sgy");
    const r = seisproc("convert", small(), out, "--format", "4");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^seisproc: --format 4 .*obsolete/);
    const truncated = seisproc("convert", path.join(conformanceDir(), "segyio", "broken.sgy"), out);
    assert.equal(truncated.code, 2);
    assert.match(truncated.stderr, /broken\.sgy.*truncated.*--allow-truncated/);
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith("bad") || f.includes(".partial")), []);
  });

  it("--allow-truncated converts the whole traces of a truncated file", () => {
    const out = path.join(dir, "broken-whole.sgy");
    const r = seisproc("convert", path.join(conformanceDir(), "segyio", "broken.sgy"), out, "--allow-truncated");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(inspectJson(out, "--json").traceCount, 3);
  });

  it("needs IN and OUT", () => {
    const r = seisproc("convert", small());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^seisproc: convert needs IN and OUT, got 1 arguments\nusage: seisproc convert IN OUT/);
  });
});
