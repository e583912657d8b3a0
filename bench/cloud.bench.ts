/**
 * Object-storage benchmarks on s3rver (a real S3-compatible server, in its own process on loopback, keeping
 * objects as files on the same disk) beside local disk: SEG-Y import throughput (local file into a local store,
 * local file into S3, an S3 object into S3 with ranged parallel reads) and gather read latency (cold open + one
 * gather, local store vs the same store on S3). The survey is ~150 MB (about 500 shot gathers × 240 traces × 250
 * IBM-float samples), generated once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, promises as fs, statSync } from "node:fs";
import * as path from "node:path";
import { FileSystemStore, importSegy, LazySeismicData, openStore, S3Store, type ReadableStore } from "../src";
import { specForTargetBytes, writeSurvey } from "../src/core/synthetic";
import { loadNote } from "./lib/store-data";
import { median, round, type BenchContext, type BenchResult, type Benchmark } from "./lib/result";

const TARGET_BYTES = 150e6;
const GATHERS = 20;
const MB = 1e6;
const BUCKET = "bench";

/** The ~150 MB survey, written once. */
async function survey(context: BenchContext): Promise<string> {
  const file = path.join(context.dataDir, "cloud-shots-150MB-240ch-ibm.sgy");
  if (!existsSync(file)) {
    context.log(`generating ${file} (once)`);
    await writeSurvey(file, specForTargetBytes("shots-2d", TARGET_BYTES, { seed: 3, channels: 240, samples: 250 }), { format: 1 });
  }
  return file;
}

/** s3rver in a child process (so that serving does not compete with the client for this thread). */
async function startS3rver(dir: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const script = `
    const S3rver = require("s3rver");
    new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: ${JSON.stringify(dir)}, configureBuckets: [{ name: ${JSON.stringify(BUCKET)} }] })
      .run().then((a) => console.log("PORT " + a.port));`;
  const child = spawn(process.execPath, ["-e", script], { cwd: path.resolve(__dirname, "..", ".."), stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m !== null) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, child };
}

function spread(gathers: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.round((i * (gathers - 1)) / (count - 1)));
}

/** Median ms of a cold open (metadata, gather index) plus one gather, over spread gathers. */
async function gatherLatency(open: () => ReadableStore, name: string): Promise<{ median: number; openMedian: number }> {
  const first = await LazySeismicData.open(open(), name);
  const positions = spread(first.gatherCount, GATHERS);
  await first.getGatherAt(positions[0]); // warm-up: module loading, JIT
  const times: number[] = [];
  const opens: number[] = [];
  for (const position of positions) {
    const t0 = performance.now();
    const data = await LazySeismicData.open(open(), name);
    opens.push(performance.now() - t0);
    const gather = await data.getGatherAt(position);
    if (gather.traceIndices.length !== 240) throw new Error(`gather ${position} has ${gather.traceIndices.length} traces`);
    times.push(performance.now() - t0);
  }
  return { median: median(times), openMedian: median(opens) };
}

const cloudS3rver: Benchmark = {
  name: "cloud-s3rver",
  description: "import throughput and gather read latency on s3rver (loopback, separate process) beside local disk, ~150 MB survey",
  async run(context) {
    const file = await survey(context);
    const size = statSync(file).size;
    const scratch = path.join(context.dataDir, "cloud-scratch");
    await fs.rm(scratch, { recursive: true, force: true });
    await fs.mkdir(scratch, { recursive: true });
    const load = loadNote();
    const server = await startS3rver(path.join(scratch, "s3rver"));
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL: server.endpoint, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "us-east-1", AWS_EC2_METADATA_DISABLED: "true" });
    const results: BenchResult[] = [];
    const sizeNote = `${round(size / MB)} MB file (shots-2d, 240 channels × 250 IBM samples)`;
    try {
      const timed = async (what: string, fn: () => Promise<unknown>): Promise<number> => {
        context.log(what);
        const t0 = performance.now();
        await fn();
        return performance.now() - t0;
      };
      const localRoot = path.join(scratch, "local.seis");
      const localMs = await timed("import: local file -> local store", () => importSegy(file, new FileSystemStore(localRoot)));
      const s3Ms = await timed("import: local file -> s3://bench/from-file.seis", () => importSegy(file, openStore("s3://bench/from-file.seis")));
      const uploadStore = new S3Store({ bucket: BUCKET });
      const uploadMs = await timed("upload the SEG-Y file as an object (multipart)", () => uploadStore.uploadFile("/raw/survey.sgy", file));
      uploadStore.destroy();
      const objectMs = await timed("import: s3://bench/raw/survey.sgy -> s3://bench/from-object.seis", () => importSegy("s3://bench/raw/survey.sgy", openStore("s3://bench/from-object.seis")));
      const rate = (ms: number): number => round(size / MB / (ms / 1000));
      const server = "s3rver 3.7.1 on loopback in its own process (objects as files on the same disk; every request is a Koa handler + file I/O)";
      results.push(
        { bench: "cloud-import-local", value: rate(localMs), unit: "MB/s", note: `source MB/s, local file into a local FileSystemStore (the baseline); ${sizeNote}; ${load}` },
        { bench: "cloud-import-to-s3rver", value: rate(s3Ms), unit: "MB/s", ratio: round(localMs / s3Ms, 2), note: `local file into S3Store on ${server}; ratio = local time / this time; ${sizeNote}` },
        { bench: "cloud-import-s3-object-to-s3rver", value: rate(objectMs), unit: "MB/s", ratio: round(localMs / objectMs, 2), note: `SEG-Y object read with ranged GETs (4 MiB blocks, 8 ahead, parallel) into S3Store; SHA-256 computed on the way (no second download); ${server}; ${sizeNote}` },
        { bench: "cloud-upload-to-s3rver", value: rate(uploadMs), unit: "MB/s", note: `S3Store.uploadFile, multipart 16 MiB parts, 4 at once; ${sizeNote}` },
      );
      const local = await gatherLatency(() => new FileSystemStore(localRoot), "local");
      const remote = await gatherLatency(() => openStore("s3://bench/from-file.seis"), "s3://bench/from-file.seis");
      results.push(
        { bench: "cloud-gather-read-local", value: round(local.median), unit: "ms", note: `cold LazySeismicData.open + one 240 × 250 gather, median of ${GATHERS} spread gathers, local store (OS page cache warm); open alone ${round(local.openMedian)} ms` },
        {
          bench: "cloud-gather-read-s3rver",
          value: round(remote.median),
          unit: "ms",
          ratio: round(remote.median / local.median, 2),
          note: `the same on the store in s3rver; open alone ${round(remote.openMedian)} ms; ratio = s3rver / local; real S3 adds ~10-50 ms first-byte latency per request`,
        },
      );
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      server.child.kill();
      await fs.rm(scratch, { recursive: true, force: true });
    }
    return results;
  },
};

/** The object-storage benchmarks. */
export const benchmarks: Benchmark[] = [cloudS3rver];
