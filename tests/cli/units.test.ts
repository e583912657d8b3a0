import { strict as assert } from "node:assert";
import { FileAccessError, SegyFormatError, StorageError, ValidationError } from "../../src/core/errors";
import { choiceOption, intOption, parseCommandArgs, parseSize, UsageError } from "../../src/cli/args";
import { InterruptedError, type CommandIo } from "../../src/cli/command";
import { printable } from "../../src/cli/inspect-text";
import { formatSeconds, ProgressBar } from "../../src/cli/progress";
import { exitCodeFor, reportError } from "../../src/cli/report";

/** An io that records what is written. */
function memoryIo(interactive: boolean, columns = 80): CommandIo & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", interactive, columns, out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

describe("seisproc CLI parts", () => {
  describe("arguments", () => {
    it("parseSize: decimal KB/MB/GB, binary KiB/MiB/GiB, bare bytes; nonsense is a UsageError", () => {
      assert.equal(parseSize("10KB"), 10_000);
      assert.equal(parseSize("300MB"), 300_000_000);
      assert.equal(parseSize("2GB"), 2_000_000_000);
      assert.equal(parseSize("2gb"), 2_000_000_000);
      assert.equal(parseSize("1.5GiB"), 1.5 * 1024 ** 3);
      assert.equal(parseSize("10KiB"), 10_240);
      assert.equal(parseSize("512"), 512);
      for (const bad of ["", "MB", "-1MB", "10XB", "0", "1e3", "constructor"]) assert.throws(() => parseSize(bad), UsageError, bad);
    });

    it("intOption and choiceOption check values and name the option", () => {
      assert.equal(intOption("--n", undefined), undefined);
      assert.equal(intOption("--n", "42", 1), 42);
      assert.throws(() => intOption("--n", "0", 1), /--n must be a whole number ≥ 1, not "0"/);
      assert.throws(() => intOption("--n", "1.5"), /--n must be a whole number, not "1.5"/);
      assert.throws(() => intOption("--n", "70000", 1, 65535), /in 1\.\.65535/);
      assert.throws(() => intOption("--n", "0x10"), UsageError);
      assert.equal(choiceOption("--b", "big", ["big", "little"] as const), "big");
      assert.throws(() => choiceOption("--b", "BIG", ["big", "little"] as const), /--b must be one of big, little, not "BIG"/);
    });

    it("parseCommandArgs knows --help, splits strings and flags, and turns parse errors into one-line UsageErrors", () => {
      const parsed = parseCommandArgs(["a.sgy", "--json", "--traces", "3", "-h"], { json: { type: "boolean" }, traces: { type: "string" } });
      assert.deepEqual(parsed, { values: { traces: "3" }, flags: { json: true, help: true }, positionals: ["a.sgy"] });
      assert.throws(() => parseCommandArgs(["--nope"], {}), (e: unknown) => e instanceof UsageError && !e.detail.includes("\n") && /--nope/.test(e.detail));
      assert.throws(() => parseCommandArgs(["--traces", "-3"], { traces: { type: "string" } }), (e: unknown) => e instanceof UsageError && !e.detail.includes("\n"));
    });
  });

  describe("progress bar", () => {
    it("draws nothing when stderr is not a terminal", () => {
      const io = memoryIo(false);
      const bar = new ProgressBar(io, "work");
      for (let i = 0; i <= 100; i++) bar.update(i, 100);
      bar.done();
      assert.equal(io.stderr, "");
    });

    it("on a terminal: at most one redraw per 100 ms, fits the width, cleared at the end", () => {
      const io = memoryIo(true, 60);
      let now = 0;
      const bar = new ProgressBar(io, "convert", { now: () => now });
      for (let i = 0; i <= 1000; i++) {
        now = i; // 1 ms per update: 1001 updates over 1 s
        bar.update(i, 1000);
      }
      const draws = io.stderr.split("\r").filter((s) => s !== "");
      assert.equal(draws.length, 11, "redraws at 0, 100, ..., 1000 ms");
      for (const d of draws) assert.ok(d.replace("\x1b[K", "").length < 60, `too wide: ${JSON.stringify(d)}`);
      assert.match(draws[5], /^convert \[#+-+\]  50%   500\/1,000\x1b\[K$/);
      bar.done();
      assert.ok(io.stderr.endsWith("\r\x1b[K"), "the line is cleared");
      const narrow = memoryIo(true, 20);
      new ProgressBar(narrow, "generate").update(1, 2);
      assert.ok(narrow.stderr.replace(/\r|\x1b\[K/g, "").length < 20);
    });

    it("formatSeconds", () => {
      assert.equal(formatSeconds(42.4), "42s");
      assert.equal(formatSeconds(187), "3m07s");
      assert.equal(formatSeconds(3720), "1h02m");
    });
  });

  describe("errors and exit codes", () => {
    it("bad input exits 2, an interrupt 130, anything else 1", () => {
      assert.equal(exitCodeFor(new SegyFormatError("truncated", "cut short", { file: "a.sgy" })), 2);
      assert.equal(exitCodeFor(new FileAccessError("a.sgy", "no such file")), 2);
      assert.equal(exitCodeFor(new ValidationError("x", "bad")), 2);
      assert.equal(exitCodeFor(new UsageError("bad")), 2);
      assert.equal(exitCodeFor(new InterruptedError()), 130);
      assert.equal(exitCodeFor(new TypeError("bug")), 1);
      assert.equal(exitCodeFor(new StorageError("disk on fire", { store: "/s", key: "k", operation: "set", transient: false })), 1);
      assert.equal(exitCodeFor("a string"), 1);
    });

    it("expected errors are one line; usage errors add the synopsis; others add causes and the stack", () => {
      const io = memoryIo(false);
      assert.equal(reportError(new SegyFormatError("truncated", "cut short.\nPass allowTruncated to read", { file: "a.sgy", byteOffset: 7 }), io), 2);
      assert.equal(io.stderr, "seisproc: a.sgy at byte 7: cut short. Pass --allow-truncated to read\n");
      const usage = memoryIo(false);
      reportError(new UsageError("inspect needs a FILE"), usage, "usage: seisproc inspect FILE");
      assert.equal(usage.stderr, "seisproc: inspect needs a FILE\nusage: seisproc inspect FILE\n");
      const bug = memoryIo(false);
      assert.equal(reportError(new Error("outer", { cause: new Error("inner") }), bug), 1);
      assert.match(bug.stderr, /^seisproc: unexpected error: outer\n  caused by: inner\nError: outer\n\s+at /);
    });

    it("printable removes control characters from text header lines", () => {
      assert.equal(printable("C40  \u0080"), "C40");
      assert.equal(printable("C 1 \u001b[31mred"), "C 1  [31mred");
    });
  });
});
