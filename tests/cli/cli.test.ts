import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { SegyReader, toFloat32 } from "../../src";
import { conformanceDir, repoRoot, tempDir } from "../helpers/paths";

const BIN = path.join(repoRoot, "bin", "seisproc.js");

function seisproc(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const corpus = (...p: string[]) => path.join(conformanceDir(), "segyio", ...p);

describe("seisproc CLI", () => {
  const dir = tempDir("seisproc-cli-");

  it("inspect --json reports counts, interval, format and byte order", () => {
    const r = seisproc("inspect", corpus("small.sgy"), "--json");
    assert.equal(r.code, 0, r.stderr);
    const info = JSON.parse(r.stdout);
    assert.equal(info.traceCount, 25);
    assert.equal(info.sampleCount, 50);
    assert.equal(info.sampleIntervalUs, 4000);
    assert.equal(info.format, 1);
    assert.equal(info.byteOrder, "big");
    assert.equal(info.revision, "0.0");
    assert.equal(info.textHeaders[0].lines[0], "C 1 DATE: 2016-09-19");
    assert.equal(info.binaryHeader.Samples, 50);
    assert.deepEqual(info.headerSummary.INLINE_3D, { min: 1, max: 5, distinct: 5 });
    assert.equal(r.stderr, "", "no progress output when piped");
  });

  it("inspect detects little-endian files and SU files", () => {
    assert.equal(JSON.parse(seisproc("inspect", corpus("small-lsb.sgy"), "--json").stdout).byteOrder, "little");
    const su = JSON.parse(seisproc("inspect", corpus("small-lsb.su"), "--json").stdout);
    assert.equal(su.container, "su");
    assert.equal(su.traceCount, 25);
  });

  it("inspect prints a readable report", () => {
    const r = seisproc("inspect", corpus("f3.sgy"));
    assert.equal(r.code, 0);
    assert.match(r.stdout, /format +3 \(2-byte two's complement integer\)/);
    assert.match(r.stdout, /traces +414/);
    assert.match(r.stdout, /trace header summary/);
  });

  for (const [what, args, pattern] of [
    ["a missing file", ["inspect", "no-such-file.sgy"], /no-such-file\.sgy: no such file/],
    ["a directory", ["inspect", "."], /is a directory/],
    ["a truncated file", ["inspect", corpus("broken.sgy")], /broken\.sgy at byte 10768: .*truncated/],
    ["an unknown option", ["inspect", corpus("small.sgy"), "--bogus"], /Unknown option '--bogus'/],
    ["an unknown command", ["frobnicate"], /unknown command "frobnicate"/],
    ["a bad format code", ["convert", corpus("small.sgy"), "x.sgy", "--format", "4"], /format 4 .* obsolete/],
  ] as const) {
    it(`exits 2 with a one-line message for ${what}`, () => {
      const r = seisproc(...args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    });
  }

  it("--allow-truncated reads the whole traces of a truncated file", () => {
    const r = seisproc("inspect", corpus("broken.sgy"), "--allow-truncated", "--json");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).traceCount, 3);
  });

  it("convert IBM to IEEE little-endian keeps values and headers, and leaves no temporary file", async () => {
    const out = path.join(dir, "small-ieee.sgy");
    const r = seisproc("convert", corpus("small.sgy"), out, "--format", "5", "--byte-order", "little");
    assert.equal(r.code, 0, r.stderr);
    const info = JSON.parse(seisproc("inspect", out, "--json").stdout);
    assert.equal(info.format, 5);
    assert.equal(info.byteOrder, "little");
    const [a, b] = [await SegyReader.open(corpus("small.sgy")), await SegyReader.open(out)];
    for (const i of [0, 12, 24]) {
      assert.deepEqual(toFloat32((await b.readTrace(i)).samples), toFloat32((await a.readTrace(i)).samples));
      assert.deepEqual(await b.readHeader(i), await a.readHeader(i));
    }
    await Promise.all([a.close(), b.close()]);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes(".partial-")), []);
  });

  it("a failed convert leaves nothing at the output path", () => {
    const out = path.join(dir, "fails.sgy");
    const r = seisproc("convert", corpus("broken.sgy"), out);
    assert.equal(r.code, 2);
    assert.equal(existsSync(out), false);
  });

  it("generate writes a deterministic survey that inspect reads", () => {
    mkdirSync(dir, { recursive: true });
    const a = path.join(dir, "gen-a.sgy");
    const b = path.join(dir, "gen-b.sgy");
    for (const file of [a, b]) assert.equal(seisproc("generate", file, "--shots", "3", "--channels", "24", "--samples", "500", "--seed", "9", "--format", "1").code, 0);
    const info = JSON.parse(seisproc("inspect", a, "--json").stdout);
    assert.equal(info.traceCount, 72);
    assert.equal(info.sampleCount, 500);
    assert.equal(info.format, 1);
    assert.deepEqual(info.headerSummary.FieldRecord, { min: 1, max: 3, distinct: 3 });
    const same = spawnSync("cmp", [a, b]);
    assert.equal(same.status, 0, "same seed, same bytes");
  });

  it("generate --size aims at a byte size", () => {
    const file = path.join(dir, "cube.sgy");
    const r = seisproc("generate", file, "--kind", "poststack-3d", "--size", "2MB");
    assert.equal(r.code, 0, r.stderr);
    const info = JSON.parse(seisproc("inspect", file, "--json").stdout);
    assert.ok(Math.abs(info.fileSize - 2e6) < 0.1 * 2e6, `size ${info.fileSize}`);
  });

  it("--help works for every command and --version prints the package version", () => {
    for (const command of ["inspect", "convert", "generate"]) {
      const r = seisproc(command, "--help");
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`usage: seisproc ${command}`));
    }
    assert.match(seisproc("--version").stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
