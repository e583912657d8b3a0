import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, promises as fs, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import { exportDataset, FileSystemStore, LazySeismicData, SegyReader, specForTargetBytes, StorageError, validateStore, writeSurvey, type ImportReport, type SampleArray } from "../../src";
import { IMPORT_CHILD } from "../helpers/import-child";
import { tempDir } from "../helpers/paths";
import { Rng } from "../helpers/prng";

/** What `seisproc/progress.json` holds (the parts read here). */
interface Progress {
  segmentTraces: number;
  options: { chunkTraces: number };
  done: number[];
}

/** A running `import-child.js` and everything it printed so far. */
interface ImportChild {
  child: ChildProcess;
  lines: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Children still running, killed by the `after` hook if a test fails while one runs. */
const running = new Set<ChildProcess>();

function startImport(source: string, storeDir: string): ImportChild {
  const child = spawn(process.execPath, [IMPORT_CHILD, source, storeDir], { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  child.on("exit", () => running.delete(child));
  const lines: string[] = [];
  const stderr: string[] = [];
  let partial = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  });
  child.stderr?.setEncoding("utf8").on("data", (text: string) => stderr.push(text));
  // "close", not "exit": it comes after the last of stdout (the report line) has been read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  return { child, lines, stderr, exited };
}

async function readProgress(storeDir: string): Promise<Progress | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(storeDir, "seisproc", "progress.json"), "utf8")) as Progress;
  } catch {
    return undefined; // not written yet (writes are atomic renames, so never half-written)
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 8 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** The files a finished segment wrote: its sample and raw-header chunks and its header part. */
function segmentFiles(storeDir: string, progress: Progress, segment: number): string[] {
  const chunks = progress.segmentTraces / progress.options.chunkTraces;
  const files = [path.join(storeDir, "headers", `part-${String(segment).padStart(5, "0")}.parquet`)];
  for (let c = segment * chunks; c < (segment + 1) * chunks; c++) files.push(path.join(storeDir, "traces", `${c}.0`), path.join(storeDir, "raw_headers", `${c}.0`));
  return files;
}

function bytesOf(samples: SampleArray): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** Identity of a file: a rewrite (atomic rename of a new file) changes the inode. */
function identity(file: string): string {
  const s = statSync(file);
  return `${s.ino}:${s.size}:${s.mtimeMs}`;
}

describe("kill -9 in the middle of importing a generated 1 GB file, then the same import again", function () {
  this.timeout(180_000);
  const dir = tempDir("seisproc-kill-resume-");
  const source = path.join(dir, "shots-1gb.sgy");
  const storeDir = path.join(dir, "shots-1gb.seis");
  const spec = specForTargetBytes("shots-2d", 1e9);
  let killed: Progress;
  let finishedFiles: Map<string, string>;
  let report: ImportReport;
  /** First trace the second run wrote (the start of the first segment not done at the kill). */
  let resumedTraces: number;
  after(() => {
    for (const child of running) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  before(async function () {
    this.timeout(120_000);
    const written = await writeSurvey(source, spec);
    assert.ok(written.bytes > 0.95e9, `generated ${written.bytes} bytes`);
  });

  it("kill -9 after two finished segments leaves an unfinished store that refuses to open", async () => {
    const run = startImport(source, storeDir);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const progress = await readProgress(storeDir);
      if (progress !== undefined && progress.done.length >= 2) break;
      const exit = await Promise.race([run.exited, new Promise((resolve) => setTimeout(resolve, 20, undefined))]);
      assert.equal(exit, undefined, `the import ended before two segments were done: ${JSON.stringify(exit)} ${run.stderr.join("")}`);
      assert.ok(Date.now() < deadline, "two segments not done within 120 s");
    }
    assert.ok(!existsSync(path.join(storeDir, "seisproc", "COMPLETE")), "killed before the import finished");
    run.child.kill("SIGKILL");
    assert.deepEqual(await run.exited, { code: null, signal: "SIGKILL" });
    killed = (await readProgress(storeDir)) as Progress;
    assert.ok(killed.done.length >= 2, `segments done at the kill: ${killed.done.length}`);
    assert.ok(!existsSync(path.join(storeDir, "seisproc", "COMPLETE")), "no seisproc/COMPLETE after the kill");
    const error = await LazySeismicData.open(new FileSystemStore(storeDir)).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof StorageError, `open rejects with a StorageError, got ${String(error)}`);
    assert.match(error.message, /did not finish; run the same import again/);
    assert.equal((await validateStore(new FileSystemStore(storeDir))).ok, false, "validateStore does not pass an unfinished store");
    finishedFiles = new Map(killed.done.flatMap((s) => segmentFiles(storeDir, killed, s)).map((f) => [f, identity(f)]));
  });

  it("the same import again completes, resuming the finished segments without rewriting them", async () => {
    assert.ok(killed !== undefined, "needs the killed import");
    const run = startImport(source, storeDir);
    const { code, signal } = await run.exited;
    assert.equal(code, 0, `second import failed (${signal}): ${run.stderr.join("")}`);
    const last = JSON.parse(run.lines.at(-1) ?? "{}") as { report?: ImportReport };
    assert.ok(last.report !== undefined, `no report in the output: ${run.lines.slice(-3).join(" | ")}`);
    report = last.report;
    const segmentCount = Math.ceil(report.traceCount / killed.segmentTraces);
    assert.equal(report.resumedSegments, killed.done.length, "every segment done before the kill is resumed");
    assert.ok(report.writtenSegments >= 1, "the rest is written");
    assert.equal(report.resumedSegments + report.writtenSegments, segmentCount, "resumed + written = all segments");
    const firstTraces = run.lines.map((l) => JSON.parse(l) as { phase?: string; done?: number }).find((p) => p.phase === "traces");
    resumedTraces = Math.min(...Array.from({ length: segmentCount }, (_, s) => s).filter((s) => !killed.done.includes(s))) * killed.segmentTraces;
    assert.ok((firstTraces?.done ?? 0) > resumedTraces, `the first traces written are past the resumed segments (${firstTraces?.done} > ${resumedTraces})`);
    const rewritten = [...finishedFiles].filter(([file, id]) => identity(file) !== id).map(([file]) => path.relative(storeDir, file));
    assert.deepEqual(rewritten, [], "files of finished segments left as they were");
    assert.ok(existsSync(path.join(storeDir, "seisproc", "COMPLETE")), "seisproc/COMPLETE written");
    assert.ok(!existsSync(path.join(storeDir, "seisproc", "progress.json")), "progress.json removed");
    const validation = await validateStore(new FileSystemStore(storeDir), { source });
    assert.ok(validation.ok, `validateStore: ${JSON.stringify(validation.problems)}`);
    assert.equal(validation.checked.traces, report.traceCount, "validateStore checked every trace");
  });

  it("the completed store opens, and random gathers equal the source's traces", async () => {
    assert.ok(report !== undefined, "needs the completed import");
    const data = await LazySeismicData.open(new FileSystemStore(storeDir));
    const reader = await SegyReader.open(source);
    try {
      assert.equal(data.traceCount, reader.traceCount);
      assert.equal(data.gatherCount, spec.shots);
      const rng = new Rng(20240611);
      // The first and last gathers, the two around where the second run started (the boundary of kept and rewritten
      // segments), and four at random.
      const boundary = Math.floor(resumedTraces / spec.channels);
      const picks = [0, boundary - 1, boundary, data.gatherCount - 1, ...Array.from({ length: 4 }, () => rng.int(data.gatherCount))];
      for (const g of picks) {
        const gather = await data.getGatherAt(g);
        const first = gather.traceIndices[0];
        assert.deepEqual(Array.from(gather.traceIndices), Array.from({ length: spec.channels }, (_, i) => first + i), `gather ${g} is one run of traces`);
        const batch = await reader.readTraces(first, gather.traceIndices.length);
        assert.ok(bytesOf(gather.samples).equals(bytesOf(batch.samples)), `gather ${g}: samples equal the source's`);
        assert.equal(batch.header(0).FieldRecord, gather.key, `gather ${g} key`);
      }
    } finally {
      await reader.close();
    }
  });

  it("an export of the whole store is the source file, byte for byte (streaming SHA-256)", async () => {
    assert.ok(report !== undefined, "needs the completed import");
    const data = await LazySeismicData.open(new FileSystemStore(storeDir));
    const out = path.join(dir, "export.sgy");
    await exportDataset(data, out, "segy");
    try {
      assert.equal(statSync(out).size, statSync(source).size, "size");
      assert.equal(await sha256File(out), await sha256File(source), "SHA-256");
    } finally {
      rmSync(out, { force: true });
    }
  });
});
