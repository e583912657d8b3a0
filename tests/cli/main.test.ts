import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import { conformanceDir, repoRoot, tempDir } from "../helpers/paths";
import { BIN, seisproc } from "../helpers/cli";

const corpus = (name: string): string => path.join(conformanceDir(), "segyio", name);

describe("seisproc command line", () => {
  it("bin/seisproc.js is an executable node script", () => {
    const text = readFileSync(BIN, "utf8");
    assert.match(text, /^#!\/usr\/bin\/env node\n/);
    assert.ok((statSync(BIN).mode & 0o111) !== 0, "executable");
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };
    assert.equal(pkg.bin.seisproc, "bin/seisproc.js");
  });

  it("--help, -h and help COMMAND on every command; --version from package.json", () => {
    const top = seisproc("--help");
    assert.equal(top.code, 0);
    for (const command of ["inspect", "convert", "generate"]) {
      assert.match(top.stdout, new RegExp(`^  ${command} `, "m"));
      for (const flag of ["--help", "-h"]) {
        const r = seisproc(command, flag);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`^usage: seisproc ${command} `));
        assert.equal(r.stderr, "");
      }
      assert.equal(seisproc("help", command).stdout, seisproc(command, "--help").stdout);
    }
    assert.match(seisproc("generate", "--help").stdout, /powers of 1000/);
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };
    const v = seisproc("--version");
    assert.equal(v.code, 0);
    assert.equal(v.stdout, `${pkg.version}\n`);
  });

  it("no command: usage on stderr, exit 2", () => {
    const r = seisproc();
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^usage: seisproc COMMAND/);
  });

  let dir = "";
  before(() => (dir = tempDir("seisproc-cli-main-")));
  after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [what, args, pattern] of [
    ["a missing file", () => ["inspect", path.join(dir, "no-such-file.sgy")], /^seisproc: \S*no-such-file\.sgy: no such file/],
    ["a directory", () => ["inspect", dir], /^seisproc: \S*seisproc-cli-main-\w+: is a directory/],
    ["a truncated file", () => ["inspect", corpus("broken.sgy")], /^seisproc: \S*broken\.sgy at byte 10768: .*truncated.*--allow-truncated/],
    ["an unknown option", () => ["inspect", corpus("small.sgy"), "--bogus"], /^seisproc: Unknown option '--bogus'\nusage: seisproc inspect FILE/],
    ["an unknown command", () => ["frobnicate"], /^seisproc: unknown command "frobnicate"\nusage: seisproc COMMAND/],
    ["an option before the command", () => ["--json"], /^seisproc: unknown option "--json"/],
    ["a bad option value", () => ["inspect", corpus("small.sgy"), "--traces", "many"], /^seisproc: --traces must be a whole number ≥ 0, not "many"/],
    ["a bad choice", () => ["inspect", corpus("small.sgy"), "--byte-order", "middle"], /^seisproc: --byte-order must be one of big, little, auto/],
    ["a missing option value", () => ["inspect", corpus("small.sgy"), "--traces"], /^seisproc: Option '--traces <value>' argument missing\n/],
    ["too many files", () => ["inspect", corpus("small.sgy"), corpus("small.sgy")], /^seisproc: inspect needs exactly one FILE, got 2/],
    ["a missing header map", () => ["inspect", corpus("small.sgy"), "--header-map", path.join(dir, "map.json")], /^seisproc: \S*map\.json: no such file/],
  ] as const) {
    it(`exit 2 and a one-line message for ${what}`, () => {
      const r = seisproc(...args());
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
      assert.equal(r.stderr.split("\n").filter((l) => l.startsWith("seisproc:")).length, 1);
    });
  }

  it("a closed stdout (seisproc inspect f.sgy | head -1) ends quietly with exit 0", async () => {
    const child = spawn(process.execPath, [BIN, "inspect", corpus("f3.sgy")], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // the reader goes away before anything is written: the write fails with EPIPE
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(stderr, "");
    assert.equal(code, 0);
  });

  it("Ctrl-C stops a long generate: exit 130, one line, nothing left behind", async function () {
    this.timeout(60_000);
    const file = path.join(dir, "big.sgy");
    const child = spawn(process.execPath, [BIN, "generate", file, "--size", "4GB"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.kill("SIGINT");
    assert.equal(await closed, 130, stderr);
    assert.equal(stderr, "seisproc: interrupted\n");
    assert.equal(existsSync(file), false);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes("big.sgy")), [], "no temporary file either");
  });
});
