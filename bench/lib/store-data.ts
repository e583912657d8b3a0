/** Data for the store benchmarks: a ≥ 1 GB SEG-Y survey and a trace store imported from it, both made once. */
import { existsSync, promises as fs, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import * as path from "node:path";
import { FileSystemStore, importSegy, LazySeismicData, storeFormatVersion, type ImportOptions, type ImportReport } from "../../src";
import { specForTargetBytes, writeSurvey } from "../../src/core/synthetic";
import { round, type BenchContext } from "./result";

/** Traces per shot gather and samples per trace of the store benchmarks' survey. */
export const GATHER_TRACES = 240;
export const SAMPLES = 1500;
const TARGET_BYTES = 1.05e9;

/** The shared input: a 2-D shot survey of 701 gathers × 240 traces × 1500 IBM-float samples (1.05 GB), made once. */
export async function largeSurvey(context: BenchContext): Promise<string> {
  const file = path.join(context.dataDir, "shots-2d-1GB-240ch-ibm.sgy");
  if (!existsSync(file)) {
    context.log(`generating ${file} (once, ~20 s)`);
    const spec = specForTargetBytes("shots-2d", TARGET_BYTES, { seed: 1, channels: GATHER_TRACES, samples: SAMPLES });
    if (spec.channels !== GATHER_TRACES || spec.samples !== SAMPLES) throw new Error(`specForTargetBytes changed the overrides: ${spec.channels} channels, ${spec.samples} samples`);
    await writeSurvey(file, spec, { format: 1 });
  }
  return file;
}

/** Imports `source` into a new store at `root` (anything there is removed first); times the import. */
export async function importFresh(source: string, root: string, options: ImportOptions = {}): Promise<{ report: ImportReport; ms: number }> {
  await fs.rm(root, { recursive: true, force: true });
  const t0 = performance.now();
  const report = await importSegy(source, new FileSystemStore(root), options);
  return { report, ms: performance.now() - t0 };
}

/** Where the shared lz4 store of {@link largeSurvey} lives. */
export function sharedStorePath(context: BenchContext): string {
  return path.join(context.dataDir, "shots-2d-1GB-240ch.seis");
}

/** Moves a freshly imported store to the shared location, replacing the one there. */
export async function publishStore(context: BenchContext, root: string): Promise<void> {
  const shared = sharedStorePath(context);
  await fs.rm(shared, { recursive: true, force: true });
  await fs.rename(root, shared);
}

/** The shared store, imported (default options) unless a complete one of the current format and file is there. */
export async function sharedStore(context: BenchContext): Promise<string> {
  const source = await largeSurvey(context);
  const shared = sharedStorePath(context);
  if (!(await isCurrent(shared, source))) {
    context.log(`importing ${source} into ${shared} (once)`);
    const scratch = `${shared}.tmp`;
    await importFresh(source, scratch);
    await publishStore(context, scratch);
  }
  return shared;
}

async function isCurrent(root: string, source: string): Promise<boolean> {
  if (!existsSync(root)) return false;
  try {
    const data = await LazySeismicData.open(new FileSystemStore(root));
    const { formatVersion, source: from } = data.metadata;
    // The shared store is Zarr format 2, written as store format version 1 (see storeFormatVersion).
    return formatVersion === storeFormatVersion(2) && from.path === path.resolve(source) && from.size === statSync(source).size;
  } catch {
    return false;
  }
}

/** "1-min load average L on N cores", for notes: other work on the machine makes timings noisy. */
export function loadNote(): string {
  return `1-min load average ${round(loadavg()[0], 2)} on ${availableParallelism()} cores at the start`;
}
