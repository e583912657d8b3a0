/** SEG-Y benchmarks: full read against segyio, streaming read, write, IBM decoding. */
import { existsSync, statSync } from "node:fs";
import * as path from "node:path";
import { readAllSamples, sampleFormat, SegyReader } from "../src";
import { specForTargetBytes, writeSurvey } from "../src/core/synthetic";
import { runPythonPeer } from "./lib/python-peer";
import { bestOf, round, type BenchContext, type Benchmark } from "./lib/result";

const TARGET_BYTES = 320e6;

/** The shared input: a ≥ 300 MB 2-D shot survey in IBM float, big-endian, generated once. */
async function surveyFile(context: BenchContext): Promise<string> {
  const file = path.join(context.dataDir, "shots-2d-320MB-ibm.sgy");
  if (!existsSync(file)) {
    context.log(`generating ${file}`);
    await writeSurvey(file, specForTargetBytes("shots-2d", TARGET_BYTES, { seed: 1 }), { format: 1, byteOrder: "big" });
  }
  return file;
}

const MB = 1e6;

/** Full read in this (fresh) process: memory freed by an earlier run would be reused without page faults. */
function fullRead(name: string, threads: number, note: string): Benchmark {
  return {
    name,
    description: `every sample of a 320 MB IBM-float file into one array (${threads} thread${threads > 1 ? "s" : ""}) vs segyio f.trace.raw[:]`,
    async run(context) {
      const file = await surveyFile(context);
      const size = statSync(file).size;
      const reader = await SegyReader.open(file);
      const ours = await bestOf(5, () => readAllSamples(reader, { threads }));
      await reader.close();
      const peer = runPythonPeer<{ ms: number; version: string }>("segyio_read.py", [file, "5"]);
      const ourRate = size / MB / (ours / 1000);
      const peerRate = size / MB / (peer.ms / 1000);
      return [{ bench: name, value: round(ourRate), unit: "MB/s", peer: `segyio ${peer.version} f.trace.raw[:]`, peer_value: round(peerRate), ratio: round(ourRate / peerRate, 2), note }];
    },
  };
}

const segyRead = fullRead(
  "segy-read",
  2,
  "readAllSamples default on 2 cores: 2 worker threads decoding in place into a SharedArrayBuffer; best of 5 in a fresh process",
);
const segyRead1 = fullRead(
  "segy-read-1-thread",
  1,
  "one thread into a plain ArrayBuffer (transparent huge pages via GLIBC_TUNABLES=glibc.malloc.hugetlb=1, as numpy madvises its large arrays); best of 5 in a fresh process",
);

const segyStream: Benchmark = {
  name: "segy-read-stream",
  description: "streaming batches (headers and samples, bounded memory) through a 320 MB file",
  async run(context) {
    const file = await surveyFile(context);
    const reader = await SegyReader.open(file);
    let peakRss = 0;
    const ms = await bestOf(3, async () => {
      for await (const batch of reader.batches()) {
        batch.column("FieldRecord");
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
    });
    await reader.close();
    return [
      { bench: "segy-read-stream", value: round(statSync(file).size / MB / (ms / 1000)), unit: "MB/s" },
      { bench: "segy-read-stream-peak-rss", value: round(peakRss / MB), unit: "MB", note: "whole process, while streaming a 320 MB file" },
    ];
  },
};

const segyWrite: Benchmark = {
  name: "segy-write",
  description: "converting the 320 MB IBM file to IEEE float little-endian (read + encode + atomic write)",
  async run(context) {
    const file = await surveyFile(context);
    const { convertSegy } = await import("../src");
    const out = path.join(context.dataDir, "convert-out.sgy");
    const ms = await bestOf(2, () => convertSegy(file, out, { format: 5, byteOrder: "little" }));
    return [{ bench: "segy-convert", value: round(statSync(file).size / MB / (ms / 1000)), unit: "MB/s" }];
  },
};

const ibmDecode: Benchmark = {
  name: "ibm-decode",
  description: "IBM float decoding in memory, big-endian, exact",
  async run() {
    const n = 16 << 20;
    const bytes = new Uint8Array(n * 4);
    for (let i = 0; i < bytes.length; i += 4) {
      bytes[i] = 0x40 + (i % 5);
      bytes[i + 1] = (i * 7) & 0xff;
      bytes[i + 2] = (i * 13) & 0xff;
    }
    const out = new Float32Array(n);
    const format = sampleFormat(1);
    const ms = await bestOf(5, () => format.decode(bytes, 0, n, false, out, 0));
    return [{ bench: "ibm-decode", value: round(n / 1e6 / (ms / 1000)), unit: "Msamples/s" }];
  },
};

/** The SEG-Y benchmarks, in the order they run. */
export const segyBenchmarks: Benchmark[] = [segyRead, segyRead1, segyStream, segyWrite, ibmDecode];
