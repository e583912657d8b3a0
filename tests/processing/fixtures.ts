/** Shared fixtures of the processing and provenance tests: small generated surveys imported into real stores. */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { FileSystemStore, importSegy, LazySeismicData, writeSurvey, type ImportOptions, type ProcessingGather, type SurveySpecInput } from "../../src";

/** A small 2-D shot survey: 8 shots × 48 channels × 500 samples at 2 ms (384 traces, about 0.8 MB). */
export const SMALL_SURVEY: SurveySpecInput = { kind: "shots-2d", shots: 8, channels: 48, samples: 500, sampleIntervalUs: 2000, seed: 11 };

/** Writes `spec` as SEG-Y into `dir` and imports it into a directory store beside it. */
export async function importSurvey(
  dir: string,
  name: string,
  spec: SurveySpecInput = SMALL_SURVEY,
  options: ImportOptions = { chunkTraces: 48 },
): Promise<{ file: string; root: string; store: FileSystemStore; data: LazySeismicData }> {
  const file = path.join(dir, `${name}.sgy`);
  await writeSurvey(file, spec);
  const root = path.join(dir, `${name}.seis`);
  const store = new FileSystemStore(root);
  await importSegy(file, store, options);
  return { file, root, store, data: await LazySeismicData.open(store, root) };
}

/** SHA-256 of every file under `root`, by relative path. */
export async function fileDigests(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.set(path.relative(root, full), createHash("sha256").update(await fs.readFile(full)).digest("hex"));
    }
  };
  await walk(root);
  return out;
}

/** A gather built in memory: `traces` × `samples` float32, 2 ms unless told, with an offset header. */
export function memoryGather(traces: number, samples: number, fill: (trace: number, sample: number) => number, options: { dtMs?: number | null; offsets?: number[]; t0Ms?: number } = {}): ProcessingGather {
  const data = new Float32Array(traces * samples);
  for (let t = 0; t < traces; t++) for (let j = 0; j < samples; j++) data[t * samples + j] = fill(t, j);
  const headers = new Map<string, Float64Array>();
  if (options.offsets !== undefined) headers.set("offset", Float64Array.from(options.offsets));
  return { traceCount: traces, samplesPerTrace: samples, sampleIntervalMs: options.dtMs === undefined ? 2 : options.dtMs, firstSampleTimeMs: options.t0Ms ?? 0, samples: data, headers, key: 1, dataset: "memory" };
}

/** RMS of `values[start, end)`. */
export function rms(values: ArrayLike<number>, start = 0, end = values.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += values[i] * values[i];
  return Math.sqrt(sum / Math.max(1, end - start));
}
