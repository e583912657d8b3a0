/** Reads from the trace store vs segyio on the SEG-Y file it came from: one gather cold, header columns. */
import { FileSystemStore, LazySeismicData, type Gather } from "../src";
import { runPythonPeer } from "./lib/python-peer";
import { bestOf, median, round, type Benchmark } from "./lib/result";
import { GATHER_TRACES, largeSurvey, loadNote, sharedStore } from "./lib/store-data";

const GATHERS = 60;
const HEADER_FIELDS = ["FieldRecord", "CDP", "offset"];
/** The header columns getGatherAt gives by default; the peer reads the same fields of the same traces. */
const GATHER_FIELDS = ["FieldRecord", "TraceNumber", "CDP", "offset", "SourceX", "SourceY", "GroupX", "GroupY", "INLINE_3D", "CROSSLINE_3D"];

async function openStore(root: string): Promise<LazySeismicData> {
  return LazySeismicData.open(new FileSystemStore(root));
}

/** `count` gather positions spread evenly from the first gather to the last. */
function spread(gathers: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.round((i * (gathers - 1)) / (count - 1)));
}

/** Sum of |sample| over a gather, in float64, to check that we and the peer read the same traces. */
function absSum(gather: Gather): number {
  if (!(gather.samples instanceof Float32Array)) throw new Error(`expected float32 samples, got ${gather.samples.constructor.name}`);
  let sum = 0;
  for (const v of gather.samples) sum += Math.abs(v);
  return sum;
}

/** The first trace of a gather that must be one contiguous run of GATHER_TRACES traces in the file. */
function contiguousStart(gather: Gather): number {
  const t = gather.traceIndices;
  if (t.length !== GATHER_TRACES || t.some((v, i) => v !== t[0] + i)) throw new Error(`gather ${gather.key} is not ${GATHER_TRACES} consecutive traces`);
  return t[0];
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function checkClose(what: string, ours: number, peer: number): void {
  if (Math.abs(ours - peer) > 1e-6 * Math.max(1, Math.abs(peer))) throw new Error(`${what}: ours ${ours}, segyio ${peer}`);
}

const gatherReadCold: Benchmark = {
  name: "store-gather-read-cold",
  description: "one 240 × 1500 gather with 10 header fields from a fresh LazySeismicData open, mean over 20 gathers, vs segyio open + f.trace.raw[a:a+240] + f.attributes(field)[a:a+240] × 10",
  async run(context) {
    const file = await largeSurvey(context);
    const root = await sharedStore(context);
    const load = loadNote();
    const positions = spread((await openStore(root)).gatherCount, GATHERS);
    await (await openStore(root)).getGatherAt(positions[0]); // warm-up: module loading, JIT (the peer warms up too)
    const times: number[] = [];
    const sampleTimes: number[] = [];
    const starts: number[] = [];
    let sum = 0;
    const headerSums = GATHER_FIELDS.map(() => 0);
    for (const position of positions) {
      let t0 = performance.now();
      const gather = await (await openStore(root)).getGatherAt(position, { columns: GATHER_FIELDS });
      times.push(performance.now() - t0);
      starts.push(contiguousStart(gather));
      sum += absSum(gather);
      GATHER_FIELDS.forEach((name, i) => {
        const column = gather.headers.getChild(name);
        if (column === null || column.length !== GATHER_TRACES) throw new Error(`gather ${gather.key}: no ${GATHER_TRACES} values of ${name}`);
        const values = column.toArray() as ArrayLike<number>;
        for (let t = 0; t < values.length; t++) headerSums[i] += values[t];
      });
      t0 = performance.now();
      await (await openStore(root)).readTraceSamples(gather.traceIndices);
      sampleTimes.push(performance.now() - t0);
    }
    const peer = runPythonPeer<{ ms: number[]; mean_ms: number; abs_sum: number; headers_ms: number[]; headers_mean_ms: number; header_sums: number[]; version: string }>(
      "segyio_gathers.py",
      [file, starts.join(","), String(GATHER_TRACES), GATHER_FIELDS.join(",")],
    );
    checkClose("sum of |samples| over the gathers", sum, peer.abs_sum);
    GATHER_FIELDS.forEach((name, i) => checkClose(`sum of ${name} over the gathers`, headerSums[i], peer.header_sums[i]));
    const ours = mean(times);
    const samplesOnly = mean(sampleTimes);
    const peerName = `segyio ${peer.version} segyio.open(ignore_geometry=True) + f.trace.raw[a:a+240]`;
    return [
      {
        bench: "store-gather-read-cold",
        value: round(ours, 2),
        unit: "ms",
        peer: `${peerName} + f.attributes(field)[a:a+240] for the same ${GATHER_FIELDS.length} fields`,
        peer_value: round(peer.headers_mean_ms, 2),
        ratio: round(peer.headers_mean_ms / ours, 2),
        note: `ratio = segyio ms / our ms (> 1: we are faster); mean over ${GATHERS} gathers spread across the 1.05 GB file, each timed from a new LazySeismicData.open (metadata, gather index) through getGatherAt with samples and ${GATHER_FIELDS.length} header fields (${GATHER_FIELDS.join(", ")}), segyio reading the same samples and fields (sums checked equal); one untimed warm-up each; OS page cache warm (dropping it is not possible here); medians: ours ${round(median(times), 2)} ms, segyio ${round(median(peer.headers_ms), 2)} ms; ours min ${round(Math.min(...times), 2)} / max ${round(Math.max(...times), 2)} ms; ${load}`,
      },
      {
        bench: "store-gather-read-cold-samples",
        value: round(samplesOnly, 2),
        unit: "ms",
        peer: peerName,
        peer_value: round(peer.mean_ms, 2),
        ratio: round(peer.mean_ms / samplesOnly, 2),
        note: `ratio = segyio ms / our ms; the same ${GATHERS} gathers, samples only like segyio: a new LazySeismicData.open + readTraceSamples(gather traces); median ${round(median(sampleTimes), 2)} ms; OS page cache warm; ${load}`,
      },
    ];
  },
};

const headerColumns: Benchmark = {
  name: "store-header-columns",
  description: "FieldRecord, CDP and offset of all 168 240 traces from a fresh open vs segyio f.attributes(field)[:]",
  async run(context) {
    const file = await largeSurvey(context);
    const root = await sharedStore(context);
    const load = loadNote();
    const ours = await bestOf(5, async () => (await openStore(root)).headerColumns(HEADER_FIELDS));
    const table = await (await openStore(root)).headerColumns(HEADER_FIELDS);
    const peer = runPythonPeer<{ ms: number; traces: number; sums: number[]; version: string }>("segyio_headers.py", [file, "3"]);
    HEADER_FIELDS.forEach((name, i) => {
      const column = table.getChild(name);
      if (column === null || column.length !== peer.traces) throw new Error(`${name}: ${column?.length ?? "no"} values, segyio ${peer.traces}`);
      let sum = 0;
      const values = column.toArray() as ArrayLike<number>;
      for (let t = 0; t < values.length; t++) sum += values[t];
      checkClose(`sum of ${name}`, sum, peer.sums[i]);
    });
    return [
      {
        bench: "store-header-columns",
        value: round(ours, 2),
        unit: "ms",
        peer: `segyio ${peer.version} f.attributes(field)[:] × 3 (best of 3)`,
        peer_value: round(peer.ms, 1),
        ratio: round(peer.ms / ours, 1),
        note: `ratio = segyio ms / our ms; ${peer.traces} traces, 3 columns; each timing opens afresh (LazySeismicData.open + headerColumns, best of 5; segyio.open + attributes); OS page cache warm; ${load}`,
      },
    ];
  },
};

/** The store read benchmarks. */
export const storeReadBenchmarks: Benchmark[] = [gatherReadCold, headerColumns];
