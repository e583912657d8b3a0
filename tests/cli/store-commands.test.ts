import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { exitCodeFor } from "../../src/cli/report";
import type { StoreInfo } from "../../src/cli/store-info";
import { ImportError, SegyReader, StorageError, writeSurvey, type ValidationReport } from "../../src";
import { tempDir } from "../helpers/paths";
import { BIN, seisproc } from "../helpers/cli";

/** Runs a command that must exit with `code`, and returns its output. */
function expect(code: number, ...args: string[]): { stdout: string; stderr: string } {
  const r = seisproc(...args);
  assert.equal(r.code, code, `seisproc ${args.join(" ")}\n${r.stdout}${r.stderr}`);
  return r;
}

const sha256 = (file: string): string => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("seisproc import, info, export and validate", () => {
  const dir = tempDir("seisproc-cli-store-");
  const file = path.join(dir, "shots.sgy");
  const store = path.join(dir, "shots.seis");
  /** Imported by CDP, so that the traces need a gather_order. */
  const byCdp = path.join(dir, "by-cdp.seis");
  const SHOTS = 5;
  const CHANNELS = 24;
  const copyOf = (source: string, name: string): string => {
    const target = path.join(dir, name);
    cpSync(source, target, { recursive: true });
    return target;
  };

  before(async () => {
    await writeSurvey(file, { kind: "shots-2d", shots: SHOTS, channels: CHANNELS, samples: 150, seed: 9 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("import prints a summary; info --json reports the store", () => {
    const r = expect(0, "import", file, store, "--chunk-traces", "16", "--secondary-key", "TraceNumber", "--segment-bytes", "20KB");
    assert.equal(r.stderr, "", "no progress bar when stderr is piped");
    assert.match(r.stdout, /shots\.seis: 120 traces of 150 samples \(float32\) in 4 segments, 5 gathers by FieldRecord and TraceNumber, 0 duplicate and 0 missing traces\n/);
    assert.match(r.stdout, /compression lz4: .* \(ratio \d+\.\d\d\)/);
    const info = JSON.parse(expect(0, "info", store, "--json").stdout) as StoreInfo;
    assert.equal(info.traceCount, SHOTS * CHANNELS);
    assert.equal(info.samplesPerTrace, 150);
    assert.equal(info.sampleIntervalUs, 2000);
    assert.equal(info.dtype, "float32");
    assert.equal(info.compression, "lz4");
    assert.deepEqual(info.chunking, { chunkTraces: 16, chunks: 8, segmentTraces: 32, segments: 4 });
    assert.deepEqual(info.gathers, { key: "FieldRecord", secondaryKey: "TraceNumber", count: SHOTS, sorted: true, duplicateTraces: 0, missingTraces: 0 });
    assert.deepEqual(info.source, { path: file, size: readFileSync(file).length, sha256: sha256(file), container: "segy", format: 5, formatName: "4-byte IEEE float", byteOrder: "big", revision: "1.0" });
    assert.deepEqual(info.headerStatistics.FieldRecord, { min: 1, max: SHOTS });
    assert.deepEqual(info.headerStatistics.TraceNumber, { min: 1, max: CHANNELS });
    assert.ok(info.sizes.traces > 0 && info.sizes.total > info.sizes.traces);
    assert.ok(info.compressionRatio !== null && info.compressionRatio > 0);
    assert.match(expect(0, "info", store).stdout, /^gathers +5 by FieldRecord, ordered by TraceNumber/m);
  });

  it("export gives back the source byte for byte, refuses to overwrite without --force, and exports chosen gathers", async () => {
    const out = path.join(dir, "copy.sgy");
    assert.match(expect(0, "export", store, out).stdout, /copy\.sgy: 120 traces, SEG-Y rev 1, format 5, big-endian, [\d,]+ bytes\n$/);
    assert.ok(readFileSync(out).equals(readFileSync(file)), "exported bytes differ from the source");
    assert.match(expect(2, "export", store, out).stderr, /^seisproc: \S*copy\.sgy: exists; pass --force to replace it/);
    expect(0, "export", store, out, "--force", "--byte-order", "little");
    assert.ok(!readFileSync(out).equals(readFileSync(file)), "replaced");
    const some = path.join(dir, "some.sgy");
    assert.match(expect(0, "export", store, some, "--gathers", "2,4-5").stdout, /some\.sgy: 72 traces/);
    const reader = await SegyReader.open(some);
    assert.equal(reader.traceCount, 3 * CHANNELS);
    assert.deepEqual([(await reader.readTrace(0)).header.FieldRecord, (await reader.readTrace(CHANNELS)).header.FieldRecord, (await reader.readTrace(71)).header.FieldRecord], [2, 4, 5]);
    await reader.close();
    assert.match(expect(2, "export", store, path.join(dir, "none.sgy"), "--gathers", "9").stderr, /no gather with FieldRecord = 9; keys run from 1 to 5/);
    assert.match(expect(2, "export", store, path.join(dir, "x.csv"), "--format", "headers-csv", "--revision", "2").stderr, /--revision apply to --format segy only/);
    expect(0, "export", store, path.join(dir, "headers.csv"), "--format", "headers-csv");
    assert.equal(readFileSync(path.join(dir, "headers.csv"), "utf8").trimEnd().split("\n").length, 121);
  });

  it("validate: a sound store exits 0, with --json and with --source", () => {
    assert.match(expect(0, "validate", store).stdout, /shots\.seis: ok \(16 chunks, 4 header parts, 120 traces checked\)\n$/);
    const report = JSON.parse(expect(0, "validate", store, "--json", "--source", file).stdout) as ValidationReport;
    assert.deepEqual([report.ok, report.problems, report.checked], [true, [], { chunks: 16, parts: 4, traces: 120 }]);
    const changed = path.join(dir, "changed.sgy");
    const bytes = readFileSync(file);
    bytes[4000] ^= 1;
    writeFileSync(changed, bytes);
    assert.match(expect(1, "validate", store, "--source", changed).stdout, /source-changed +\S*changed\.sgy: its SHA-256 is/);
  });

  it("a deleted traces chunk: validate exits 1 and says to re-import; --repair cannot fix it", () => {
    const damaged = copyOf(store, "chunk-missing.seis");
    unlinkSync(path.join(damaged, "traces", "3.0"));
    const r = expect(1, "validate", damaged);
    assert.match(r.stdout, /1 problem \(/);
    assert.match(r.stdout, /^ {2}chunk-missing +\/traces\/3\.0: the chunk is missing/m);
    assert.doesNotMatch(r.stdout, /\[repairable\]/);
    assert.match(r.stdout, /re-import of the source:\n {2}seisproc import \S*shots\.sgy \S*chunk-missing\.seis --force --gather-key FieldRecord --secondary-key TraceNumber --compression lz4 --chunk-traces 16\n/);
    assert.match(expect(1, "validate", damaged, "--repair").stdout, /chunk-missing/);
    assert.equal(existsSync(path.join(damaged, "seisproc", "backup")), false, "nothing to repair, nothing backed up");
  });

  it("a truncated or garbled chunk does not decode", () => {
    const damaged = copyOf(store, "chunk-corrupt.seis");
    truncateSync(path.join(damaged, "traces", "1.0"), 100);
    const raw = path.join(damaged, "raw_headers", "6.0");
    writeFileSync(raw, readFileSync(raw).map((v, i) => (i < 4 ? v : (i * 31 + 7) & 255)));
    const report = JSON.parse(expect(1, "validate", damaged, "--json").stdout) as ValidationReport;
    assert.deepEqual(report.problems.map((p) => [p.kind, p.key, p.repairable]), [
      ["chunk-corrupt", "/traces/1.0", false],
      ["chunk-corrupt", "/raw_headers/6.0", false],
    ]);
    assert.equal(report.checked.traces, 120 - 32);
  });

  it("a deleted gather index and gather_order: repairable; --repair rebuilds them and keeps a backup", () => {
    const r = expect(0, "import", file, byCdp, "--gather-key", "CDP", "--secondary-key", "offset", "--chunk-traces", "16", "--compression", "zstd");
    assert.match(r.stdout, /gathers by CDP and offset/);
    const damaged = copyOf(byCdp, "index-missing.seis");
    unlinkSync(path.join(damaged, "seisproc", "gathers.json"));
    rmSync(path.join(damaged, "gather_order"), { recursive: true });
    const refused = expect(1, "export", damaged, path.join(dir, "nope.sgy")).stderr;
    assert.match(refused, /^seisproc: \S*index-missing\.seis: get \/seisproc\/COMPLETE failed: seisproc\/gathers\.json is missing; run seisproc validate --repair\n$/);
    const before = expect(1, "validate", damaged);
    assert.match(before.stdout, /gathers-missing +\/seisproc\/gathers\.json: .*\[repairable\]/);
    assert.match(before.stdout, /1 problem can be repaired: seisproc validate \S+ --repair/);
    const repaired = expect(0, "validate", damaged, "--repair");
    assert.match(repaired.stdout, /^repair: rewrote 5 files, deleted 0 files; backup of the replaced files in \S+\n\S*index-missing\.seis: ok/, "the consolidated .zmetadata is the one file there was to back up");
    for (const key of ["seisproc/gathers.json", "gather_order/0", "gather_order/.zarray", ".zmetadata"]) {
      assert.ok(readFileSync(path.join(damaged, key)).equals(readFileSync(path.join(byCdp, key))), key);
    }
    // Corrupt it again: this time the files that are replaced are backed up first.
    writeFileSync(path.join(damaged, "gather_order", "0"), Buffer.alloc(8));
    const again = expect(0, "validate", damaged, "--repair");
    assert.match(again.stdout, /backup of the replaced files in \S*index-missing\.seis\/seisproc\/backup\/[\dT-]+Z\//);
    const backups = readdirSync(path.join(damaged, "seisproc", "backup")).sort();
    assert.equal(backups.length, 2, "one backup per repair that replaced files");
    assert.equal(readFileSync(path.join(damaged, "seisproc", "backup", backups[1], "gather_order", "0")).length, 8, "the replaced bytes are kept");
    const out = path.join(dir, "by-cdp.sgy");
    expect(0, "export", damaged, out);
    assert.ok(readFileSync(out).equals(readFileSync(file)));
  });

  it("a deleted COMPLETE marker: info refuses the store; --repair restores it only when all else is sound", () => {
    const damaged = copyOf(store, "complete-missing.seis");
    unlinkSync(path.join(damaged, "seisproc", "COMPLETE"));
    assert.match(expect(2, "info", damaged).stderr, /^seisproc: \S*complete-missing\.seis: the store is not marked complete .*seisproc validate \S+ --repair/);
    assert.match(expect(1, "validate", damaged).stdout, /complete-missing +\/seisproc\/COMPLETE: .*\[repairable\]/);
    assert.match(expect(0, "validate", damaged, "--repair").stdout, /marked the store complete/);
    assert.ok(existsSync(path.join(damaged, "seisproc", "COMPLETE")));
    expect(0, "info", damaged);

    const blocked = copyOf(store, "complete-blocked.seis");
    unlinkSync(path.join(blocked, "seisproc", "COMPLETE"));
    unlinkSync(path.join(blocked, "traces", "0.0"));
    const r = expect(1, "validate", blocked, "--repair");
    assert.match(r.stdout, /complete-missing +\/seisproc\/COMPLETE: the store is not marked complete; it is restored only once/);
    assert.equal(existsSync(path.join(blocked, "seisproc", "COMPLETE")), false);
  });

  it("a missing header part is reported and not repairable", () => {
    const damaged = copyOf(store, "part-missing.seis");
    unlinkSync(path.join(damaged, "headers", "part-00002.parquet"));
    const report = JSON.parse(expect(1, "validate", damaged, "--json", "--repair").stdout) as ValidationReport & { repair: { unrepairable: unknown[] } };
    assert.deepEqual(report.problems.map((p) => [p.kind, p.key, p.repairable]), [["header-part-missing", "/headers/part-00002.parquet", false]]);
    assert.equal(report.repair.unrepairable.length, 1);
  });

  it("import --force moves the old store aside and keeps it; without --force a complete store is refused", () => {
    const target = copyOf(store, "forced.seis");
    assert.match(expect(2, "import", file, target).stderr, /^seisproc: \S*forced\.seis: already holds a complete import; pass --force to replace it/);
    const r = expect(0, "import", file, target, "--force", "--compression", "none");
    const moved = /^moved the old store aside to (\S+)$/m.exec(r.stdout);
    assert.ok(moved !== null, r.stdout);
    assert.match(moved[1], /forced\.seis\.backup-\d{8}T\d{6}Z$/);
    assert.ok(existsSync(path.join(moved[1], "seisproc", "COMPLETE")), "the backup is the old store");
    assert.equal((JSON.parse(expect(0, "info", target, "--json").stdout) as StoreInfo).compression, "none");
    assert.equal((JSON.parse(expect(0, "info", moved[1], "--json").stdout) as StoreInfo).compression, "lz4");
  });

  it("bad input exits 2: a missing store, a directory that is not a store, a file as STORE, a bad gather key", () => {
    assert.match(expect(2, "info", path.join(dir, "nowhere")).stderr, /nowhere: no such file or directory/);
    assert.match(expect(2, "validate", path.join(dir, "nowhere")).stderr, /nowhere: no such file or directory/);
    const empty = tempDir("seisproc-cli-empty-");
    try {
      assert.match(expect(2, "validate", empty).stderr, /is not a SeisProc trace store/);
      assert.match(expect(2, "info", empty).stderr, /is not a SeisProc trace store/);
      writeFileSync(path.join(empty, "notes.txt"), "mine");
      assert.match(expect(2, "import", file, empty).stderr, /holds files that are not a SeisProc store; .* pass --force/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    assert.match(expect(2, "import", file, file).stderr, /is a file; give a directory/);
    assert.match(expect(2, "import", file, path.join(dir, "k.seis"), "--gather-key", "Nope").stderr, /--gather-key Nope is not a trace header field/);
    assert.match(expect(2, "validate", store, "--source", path.join(dir, "gone.sgy")).stderr, /gone\.sgy: no such file/);
  });

  it("exit codes: refused imports and unusable store paths are bad input (2); failures of a store are 1", () => {
    assert.equal(exitCodeFor(new ImportError("a.sgy", "the store already holds a complete import")), 2);
    assert.equal(exitCodeFor(new ImportError("a.sgy", "import failed: boom", { cause: new TypeError("boom") })), 1);
    const eacces = Object.assign(new Error("denied"), { code: "EACCES" });
    assert.equal(exitCodeFor(new StorageError("permission denied", { store: "/s", key: "/k", operation: "set", transient: false }, { cause: eacces })), 2);
    const eio = Object.assign(new Error("io"), { code: "EIO" });
    assert.equal(exitCodeFor(new StorageError("input/output error", { store: "/s", key: "/k", operation: "get", transient: false }, { cause: eio })), 1);
    assert.equal(exitCodeFor(new StorageError("busy", { store: "/s", key: "/k", operation: "get", transient: true }, { cause: eacces })), 1);
  });

  it("--help and help COMMAND for the store commands", () => {
    for (const command of ["import", "info", "export", "validate"]) {
      const r = expect(0, command, "--help");
      assert.match(r.stdout, new RegExp(`^usage: seisproc ${command} `));
      assert.equal(expect(0, "help", command).stdout, r.stdout);
      assert.match(expect(0, "--help").stdout, new RegExp(`^  ${command} `, "m"));
    }
    assert.match(expect(0, "import", "--help").stdout, /--segment-bytes SIZE/);
  });

  describe("interrupted imports", () => {
    const big = path.join(dir, "big.sgy");
    before(async () => {
      await writeSurvey(big, { kind: "shots-2d", shots: 150, channels: 96, samples: 1000, seed: 3 }); // about 61 MB
    });

    /** Starts `seisproc ARGS`, waits until STORE's progress file shows a done segment, sends `signal`. */
    async function interrupt(args: string[], target: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
      const progressFile = path.join(target, "seisproc", "progress.json");
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, sig) => resolve({ code, signal: sig })));
      for (let done = 0; done < 1; ) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        try {
          done = (JSON.parse(readFileSync(progressFile, "utf8")) as { done: number[] }).done.length;
        } catch {
          // not written yet
        }
      }
      child.kill(signal);
      return { ...(await closed), stderr };
    }

    it("Ctrl-C stops an import with exit 130 and says how to resume", async function () {
      this.timeout(60_000);
      const target = path.join(dir, "interrupted.seis");
      const ended = await interrupt(["import", big, target, "--segment-bytes", "1MiB"], target, "SIGINT");
      assert.equal(ended.code, 130, ended.stderr);
      assert.equal(ended.stderr, "the import stopped; run the same command again to resume it\nseisproc: interrupted\n");
      assert.equal(existsSync(path.join(target, "seisproc", "COMPLETE")), false);
      const other = expect(2, "import", big, target, "--segment-bytes", "2MiB");
      assert.match(other.stderr, /unfinished import of another file or with other options; pass --force to start over/);
    });

    it("an import killed with SIGKILL resumes when run again, and the result validates and exports byte for byte", async function () {
      this.timeout(180_000);
      const target = path.join(dir, "big.seis");
      const args = ["import", big, target, "--chunk-traces", "32", "--segment-bytes", "512KiB"];
      const ended = await interrupt(args, target, "SIGKILL");
      assert.equal(ended.signal, "SIGKILL");
      assert.equal(existsSync(path.join(target, "seisproc", "COMPLETE")), false, "killed before the end");

      const info = expect(2, "info", target);
      assert.match(info.stderr, /^seisproc: \S*big\.seis: unfinished store: the import of \S*big\.sgy did not finish \(\d+ of \d+ segments done\); run the same `seisproc import \S*big\.sgy \S*big\.seis \.\.\.` command again, with the same options, to resume it\n$/);
      assert.match(expect(1, "validate", target).stdout, /unfinished-import/);

      const resumed = expect(0, ...args);
      const m = /^resumed (\d+) of (\d+) segments/m.exec(resumed.stdout);
      assert.ok(m !== null, resumed.stdout);
      assert.ok(Number(m[1]) >= 1 && Number(m[1]) < Number(m[2]), resumed.stdout);
      assert.match(expect(0, "validate", target, "--source", big).stdout, /big\.seis: ok \(/);
      const out = path.join(dir, "big-out.sgy");
      expect(0, "export", target, out);
      assert.ok(readFileSync(out).equals(readFileSync(big)), "exported bytes differ from the source");
    });
  });
});
