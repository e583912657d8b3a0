/** Trace-store benchmarks: SEG-Y import (throughput, memory, compression) and reads from the store vs segyio. */
import { promises as fs, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import type { CompressionName } from "../src";
import { withPeakRss } from "./lib/peak-rss";
import { syncedWriteRate } from "./lib/synced-write";
import { runPythonPeer } from "./lib/python-peer";
import { round, type BenchResult, type Benchmark } from "./lib/result";
import { importFresh, largeSurvey, loadNote, publishStore, sharedStorePath } from "./lib/store-data";
import { storeReadBenchmarks } from "./store-read";

const MB = 1e6;

const storeImport: Benchmark = {
  name: "store-import",
  description: "importSegy of a 1.05 GB IBM-float file into a FileSystemStore (lz4 + shuffle) vs segyio f.trace.raw[:]",
  async run(context) {
    const file = await largeSurvey(context);
    const size = statSync(file).size;
    const load = loadNote();
    context.log("segyio full read, best of 3");
    const peer = runPythonPeer<{ ms: number; version: string }>("segyio_read.py", [file, "3"]);
    const scratch = `${sharedStorePath(context)}.tmp`;
    context.log(`importing into ${scratch}`);
    const cpuBefore = process.cpuUsage();
    const { result, peakRss, samples } = await withPeakRss(() => importFresh(file, scratch));
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    await publishStore(context, scratch); // the read benchmarks use this store
    const ourRate = size / MB / (result.ms / 1000);
    const peerRate = size / MB / (peer.ms / 1000);
    const maxRss = (process.resourceUsage().maxRSS * 1024) / MB;
    context.log("synced write rate of the disk under the store");
    const disk = await syncedWriteRate(path.dirname(scratch));
    const stored = await storedBytes(sharedStorePath(context));
    return [
      {
        bench: "store-import",
        value: round(ourRate),
        unit: "MB/s",
        peer: `segyio ${peer.version} f.trace.raw[:] (read only, best of 3)`,
        peer_value: round(peerRate),
        ratio: round(ourRate / peerRate, 2),
        note: `source MB/s, one fresh import (${round(result.ms / 1000, 2)} s): read + IBM decode and shuffle (WebAssembly SIMD) + lz4 + synced chunk writes + Parquet headers + gather index + sha256 of the source (worker thread); CPU ${round(cpuSeconds, 1)} core-s over all threads (user ${round(cpu.user / 1e6, 1)}, system ${round(cpu.system / 1e6, 1)}), so on ${availableParallelism()} cores no faster than ${round(size / MB / (cpuSeconds / availableParallelism()))} MB/s even with perfect overlap; segyio only reads into memory; file in OS page cache; ${load}`,
      },
      {
        bench: "store-disk-synced-write",
        value: round(disk),
        unit: "MB/s",
        note: `the disk the store is on, 512 MB written and synced (dd conv=fsync); the import syncs ${round(stored / MB)} MB of store files, so no import that makes its store durable can beat ${round(size / MB / (stored / MB / disk))} source MB/s here, whatever its CPU speed; ${load}`,
      },
      {
        bench: "store-import-peak-rss",
        value: round(peakRss / MB),
        unit: "MB",
        note: `whole process, rss sampled every 50 ms (${samples} samples) during the 1.05 GB import; process ru_maxrss ${round(maxRss)} MB`,
      },
    ];
  },
};

const CODECS: Array<{ compression: CompressionName; bench: string }> = [
  { compression: "lz4", bench: "store-compression-ratio" },
  { compression: "zstd", bench: "store-compression-ratio-zstd" },
  { compression: "none", bench: "store-compression-ratio-none" },
];

const storeCompression: Benchmark = {
  name: "store-compression-ratio",
  description: "source sample bytes / stored chunk bytes of the 1.05 GB import with lz4 (default), zstd and none",
  async run(context) {
    const file = await largeSurvey(context);
    const load = loadNote();
    const results: BenchResult[] = [];
    for (const { compression, bench } of CODECS) {
      const scratch = `${sharedStorePath(context)}.${compression}.tmp`;
      context.log(`importing with ${compression}`);
      const { report, ms } = await importFresh(file, scratch, { compression });
      await fs.rm(scratch, { recursive: true, force: true });
      results.push({
        bench,
        value: round(report.rawSampleBytes / report.storedSampleBytes, 3),
        unit: "x",
        note: `${compression}${compression === "none" ? "" : " with byte shuffle"}, whole 1.05 GB file (${report.traceCount} traces, synthetic reflections + random noise 0.05); ${round(report.rawSampleBytes / MB)} MB of samples stored in ${round(report.storedSampleBytes / MB)} MB${compression === "none" ? " (the last chunk is padded)" : ""}; import ${round(statSync(file).size / MB / (ms / 1000))} MB/s; ${load}`,
      });
    }
    return results;
  },
};

/** Bytes of all files under `dir`. */
async function storedBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await fs.stat(path.join(entry.parentPath ?? entry.path, entry.name))).size;
  }
  return total;
}

/** The store benchmarks, in the order they run (store-import refreshes the store the read benchmarks use). */
export const storeBenchmarks: Benchmark[] = [storeImport, storeCompression, ...storeReadBenchmarks];
