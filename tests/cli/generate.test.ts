import { strict as assert } from "node:assert";
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { tempDir } from "../helpers/paths";
import { inspectJson, seisproc } from "../helpers/cli";

describe("seisproc generate", () => {
  let dir = "";
  before(() => (dir = tempDir("seisproc-cli-generate-")));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a small 2-D survey that inspect reads back, the same bytes for the same seed", () => {
    const [a, b, c] = ["a.sgy", "b.sgy", "c.sgy"].map((f) => path.join(dir, f));
    const args = ["--shots", "3", "--channels", "24", "--samples", "500", "--interval-us", "4000", "--format", "1"];
    for (const [file, seed] of [[a, "9"], [b, "9"], [c, "10"]]) {
      const r = seisproc("generate", file, ...args, "--seed", seed);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, "", "no progress bar when stderr is piped");
      assert.match(r.stdout, /: shots-2d, 3 shots × 24 channels, 72 traces of 500 samples at 4,000 µs, format 1, big-endian/);
    }
    const info = inspectJson(a, "--json");
    assert.equal(info.traceCount, 72);
    assert.equal(info.sampleCount, 500);
    assert.equal(info.sampleIntervalUs, 4000);
    assert.equal(info.format, 1);
    assert.equal(info.byteOrder, "big");
    assert.deepEqual(info.headerSummary.FieldRecord, { min: 1, max: 3, distinct: 3 });
    assert.equal(info.headerSummary.TraceNumber.distinct, 24);
    assert.ok(readFileSync(a).equals(readFileSync(b)), "same seed, same bytes");
    assert.ok(!readFileSync(a).equals(readFileSync(c)), "another seed, other noise");
  });

  it("--kind shots-3d and poststack-3d with their counts, little-endian", () => {
    const shots = path.join(dir, "shots3d.sgy");
    const r = seisproc("generate", shots, "--kind", "shots-3d", "--source-lines", "2", "--shots", "3", "--receiver-lines", "2", "--channels", "5", "--samples", "50");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(inspectJson(shots, "--json").traceCount, 2 * 3 * 2 * 5);
    const cube = path.join(dir, "cube.sgy");
    assert.equal(seisproc("generate", cube, "--kind", "poststack-3d", "--inlines", "4", "--crosslines", "6", "--samples", "50", "--byte-order", "little").code, 0);
    const info = inspectJson(cube, "--json");
    assert.equal(info.byteOrder, "little");
    assert.equal(info.format, 5);
    assert.deepEqual(info.headerSummary.INLINE_3D, { min: 1, max: 4, distinct: 4 });
    assert.deepEqual(info.headerSummary.CROSSLINE_3D, { min: 1, max: 6, distinct: 6 });
  });

  it("--size aims at a byte size (decimal units)", () => {
    const file = path.join(dir, "sized.sgy");
    const r = seisproc("generate", file, "--kind", "poststack-3d", "--size", "2MB", "--samples", "250");
    assert.equal(r.code, 0, r.stderr);
    const info = inspectJson(file, "--json");
    assert.ok(Math.abs(info.fileSize - 2e6) < 0.02 * 2e6, `size ${info.fileSize}`);
    assert.equal(info.sampleCount, 250);
  });

  it("refuses bad values with exit 2 and a message naming the option", () => {
    const out = path.join(dir, "never.sgy");
    for (const [args, pattern] of [
      [["--samples", "0"], /--samples must be a whole number in 1\.\.65535, not "0"/],
      [["--format", "3"], /--format must be one of 1, 5/],
      [["--size", "lots"], /--size must be a size such as/],
      [["--kind", "vsp"], /--kind must be one of shots-2d, shots-3d, poststack-3d/],
      [["--kind", "poststack-3d", "--channels", "4"], /--channels does not apply to --kind poststack-3d/],
      [["--interval-us", "30000"], /Nyquist/],
    ] as const) {
      const r = seisproc("generate", out, ...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.match(r.stderr, /^seisproc: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    }
  });
});
