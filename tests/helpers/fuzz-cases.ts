/**
 * Fuzz cases for the SEG-Y reader: a valid corpus file mutated in memory (header fields set to odd values,
 * bytes flipped, the file cut short, garbage appended, regions zeroed), each case fully determined by a seed and
 * its index, and a runner that reads every trace and classifies what happened.
 */
import { isSeisprocError, MemoryByteSource, type ByteSource, SegyFormatError, SegyReader, type SegyReaderOptions } from "../../src";
import { Rng } from "./prng";

/** A valid file to mutate, with the facts the mutations aim at. */
export interface FuzzBase {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly su: boolean;
  readonly littleEndian: boolean;
  readonly dataStart: number;
  readonly traceBytes: number;
  readonly traceCount: number;
}

/** One mutated file and how to read it. */
export interface FuzzCase {
  readonly id: number;
  readonly base: string;
  /** Name given to the byte source (keeps the base's extension, so `.su` files are read as SU). */
  readonly name: string;
  readonly mutations: readonly string[];
  readonly bytes: Uint8Array;
  readonly options: SegyReaderOptions;
  readonly batchBytes: number | undefined;
  /** A trace to read on its own after the batches (fraction of the trace count). */
  readonly probe: number;
}

/** What reading a case did. `crash` is a failure: an error that is not a SeisprocError, or a broken invariant. */
export interface CaseOutcome {
  readonly id: number;
  readonly base: string;
  readonly mutations: readonly string[];
  readonly kind: "ok" | "rejected" | "crash";
  /** `ok`: traces read; `rejected`: tag and problem; `crash`: the error and its stack. */
  readonly detail: string;
  readonly traces: number;
  readonly ms: number;
  /** Largest `process.memoryUsage().arrayBuffers` seen while reading. */
  readonly peakArrayBuffers: number;
}

/** Describes a valid base file by reading it once. */
export async function describeBase(name: string, bytes: Uint8Array): Promise<FuzzBase> {
  const reader = await SegyReader.open(new MemoryByteSource(bytes, name));
  try {
    const { layout } = reader;
    return {
      name,
      bytes,
      su: layout.container === "su",
      littleEndian: layout.byteOrder === "little",
      dataStart: layout.dataStart,
      traceBytes: layout.traceBytes,
      traceCount: layout.traceCount,
    };
  } finally {
    await reader.close();
  }
}

type Value = (rng: Rng, size: number) => number | bigint;
const oneOf =
  (...values: Array<number | bigint>): Value =>
  (rng) =>
    rng.pick(values);

interface Target {
  readonly name: string;
  readonly offset: number;
  readonly size: 2 | 4 | 8;
  readonly float?: boolean;
  readonly value: Value;
}

/** Binary header fields (0-based file offsets) and the values that stress a reader. */
const BINARY_TARGETS: readonly Target[] = [
  { name: "Interval", offset: 3216, size: 2, value: oneOf(0, -1, 1, 32767, -32768) },
  { name: "Samples", offset: 3220, size: 2, value: oneOf(0, 1, 2, 3, 0x7fff, 0x8000, 0xfffe, 0xffff) },
  { name: "Format", offset: 3224, size: 2, value: (rng) => (rng.chance(0.8) ? rng.range(-1, 17) : rng.pick([0x100, 0x500, 0x7fff, -32768])) },
  { name: "ExtSamples", offset: 3268, size: 4, value: oneOf(0, 1, -1, 0x10000, 1_000_000, 0x7fffffff, -0x80000000) },
  { name: "ExtInterval", offset: 3272, size: 8, float: true, value: oneOf(0, -1, NaN, Infinity, -Infinity, 1e-300, 1e300, 4000) },
  { name: "IntegerConstant", offset: 3296, size: 4, value: oneOf(0, 0x01020304, 0x04030201) },
  { name: "SEGYRevision", offset: 3500, size: 2, value: oneOf(0, 0x0100, 0x0200, 0x0201, 0x0300, 0xff00, 0x0002) },
  { name: "TraceFlag", offset: 3502, size: 2, value: oneOf(0, 1, -1, 2) },
  { name: "ExtendedHeaders", offset: 3504, size: 2, value: oneOf(-32768, -2, -1, 0, 1, 2, 3, 5, 100, 32767) },
  { name: "MaxAdditionalTraceHeaders", offset: 3506, size: 4, value: oneOf(0, 1, 2, 3, -1, 0xffff, 0x10000, 0x7fffffff) },
  { name: "MaxAdditionalTraceHeaders16", offset: 3506, size: 2, value: oneOf(0, 1, 2, 0xffff, 0x8000) },
  { name: "AdditionalLow16", offset: 3508, size: 2, value: oneOf(0, 1, 0xffff) },
  { name: "NumberOfTraces", offset: 3512, size: 8, value: oneOf(0, 1, 2 ** 53, 2n ** 64n - 1n) },
  {
    name: "ByteOffsetOfData",
    offset: 3520,
    size: 8,
    value: (rng, size) => rng.pick<number | bigint>([0, 3600, 3840, 6800, 9999, size - 240, size - 1, size, size + 1, 2 ** 53 - 1, 2n ** 64n - 1n]),
  },
];

/** Trace header fields (offsets within the header). */
const TRACE_TARGETS: readonly Target[] = [
  { name: "TRACE_SAMPLE_COUNT", offset: 114, size: 2, value: oneOf(0, 1, 2, 49, 51, 0x7fff, 0x8000, 0xffff) },
  { name: "TRACE_SAMPLE_INTERVAL", offset: 116, size: 2, value: oneOf(0, -1, 1, 32767, -32768) },
  { name: "DelayRecordingTime", offset: 108, size: 2, value: oneOf(0, -1, 32767, -32768) },
  { name: "ScalarTraceHeader", offset: 214, size: 2, value: oneOf(0, 1, -1, 10, -10000, -32768, 32767) },
];

/** Binary header bytes a reader looks at (0-based), for byte-level mutations. */
const HOT_BYTES = [3216, 3217, 3220, 3221, 3224, 3225, 3268, 3269, 3270, 3271, 3296, 3299, 3500, 3501, 3502, 3503, 3504, 3505, 3506, 3507, 3508, 3509, 3520, 3521, 3526, 3527];

function writeValue(bytes: Uint8Array, at: number, target: Target, value: number | bigint, littleEndian: boolean): void {
  if (at < 0 || at + target.size > bytes.length) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (target.float === true) {
    view.setFloat64(at, Number(value), littleEndian);
    return;
  }
  const bits = BigInt.asUintN(target.size * 8, typeof value === "bigint" ? value : BigInt(Math.trunc(value)));
  for (let i = 0; i < target.size; i++) {
    const byte = Number((bits >> BigInt(8 * i)) & 0xffn);
    bytes[littleEndian ? at + i : at + target.size - 1 - i] = byte;
  }
}

type Mutation = (bytes: Uint8Array, rng: Rng, base: FuzzBase) => { bytes: Uint8Array; what: string };

const setBinaryField: Mutation = (bytes, rng, base) => {
  const target = rng.pick(BINARY_TARGETS);
  const value = target.value(rng, bytes.length);
  const littleEndian = rng.chance(0.85) ? base.littleEndian : !base.littleEndian;
  writeValue(bytes, target.offset, target, value, littleEndian);
  return { bytes, what: `binary ${target.name}=${String(value)}${littleEndian ? " LE" : " BE"}` };
};

const setBinaryByte: Mutation = (bytes, rng) => {
  const at = rng.chance(0.7) ? rng.pick(HOT_BYTES) : rng.range(3200, 3599);
  if (at >= bytes.length) return { bytes, what: "binary byte (past end)" };
  bytes[at] = rng.chance(0.5) ? bytes[at] ^ (1 << rng.int(8)) : rng.pick([0, 1, 2, 0x7f, 0x80, 0xff, rng.int(256)]);
  return { bytes, what: `byte ${at}=${bytes[at]}` };
};

const setTraceField: Mutation = (bytes, rng, base) => {
  const target = rng.chance(0.7) ? TRACE_TARGETS[0] : rng.pick(TRACE_TARGETS);
  const trace = rng.chance(0.7) ? 0 : rng.int(Math.max(1, base.traceCount));
  const at = base.dataStart + trace * base.traceBytes + target.offset;
  const value = target.value(rng, bytes.length);
  writeValue(bytes, at, target, value, base.littleEndian);
  return { bytes, what: `trace ${trace} ${target.name}=${String(value)}` };
};

const varyAllSampleCounts: Mutation = (bytes, rng, base) => {
  // Every trace header gets its own count: with rev 2 and a zero fixed-length flag the reader scans these.
  for (let i = 0; i < base.traceCount; i++) {
    const at = base.dataStart + i * base.traceBytes + 114;
    writeValue(bytes, at, TRACE_TARGETS[0], rng.chance(0.5) ? rng.int(200) : rng.int(0x10000), base.littleEndian);
  }
  return { bytes, what: "every trace's sample count random" };
};

const flipBytes: Mutation = (bytes, rng) => {
  const n = rng.range(1, 32);
  for (let i = 0; i < n && bytes.length > 0; i++) bytes[rng.int(bytes.length)] = rng.int(256);
  return { bytes, what: `${n} random bytes` };
};

const truncate: Mutation = (bytes, rng, base) => {
  const choices = [
    () => rng.int(bytes.length),
    () => rng.range(3500, 3700),
    () => Math.max(0, base.dataStart + rng.int(Math.max(1, base.traceCount)) * base.traceBytes + rng.range(-8, 8)),
    () => rng.int(241),
  ];
  const length = Math.min(bytes.length, rng.pick(choices)());
  return { bytes: bytes.slice(0, length), what: `cut to ${length} bytes` };
};

const appendGarbage: Mutation = (bytes, rng, base) => {
  const n = rng.chance(0.3) ? base.traceBytes * rng.range(1, 3) : rng.range(1, 3000);
  const out = new Uint8Array(bytes.length + n);
  out.set(bytes);
  out.set(rng.bytes(n), bytes.length);
  return { bytes: out, what: `${n} garbage bytes appended` };
};

const zeroRegion: Mutation = (bytes, rng) => {
  const start = rng.chance(0.5) ? rng.range(3200, 3600) : rng.int(bytes.length + 1);
  const length = rng.range(1, 4000);
  bytes.fill(rng.chance(0.8) ? 0 : 0xff, start, start + length);
  return { bytes, what: `bytes ${start}+${length} cleared` };
};

const textGarbage: Mutation = (bytes, rng) => {
  const start = rng.chance(0.7) ? 0 : 3600;
  bytes.set(rng.bytes(Math.max(0, Math.min(3200, bytes.length - start))), Math.min(start, bytes.length));
  return { bytes, what: `random text block at ${start}` };
};

const cutOut: Mutation = (bytes, rng) => {
  const start = rng.int(bytes.length + 1);
  const n = rng.range(1, 500);
  const tail = bytes.subarray(Math.min(bytes.length, start + n));
  const out = new Uint8Array(start + tail.length);
  out.set(bytes.subarray(0, start));
  out.set(tail, start);
  return { bytes: out, what: `${n} bytes removed at ${start}` };
};

const SEGY_MUTATIONS: ReadonlyArray<[number, Mutation]> = [
  [30, setBinaryField],
  [15, setBinaryByte],
  [15, setTraceField],
  [4, varyAllSampleCounts],
  [10, flipBytes],
  [10, truncate],
  [7, appendGarbage],
  [7, zeroRegion],
  [4, textGarbage],
  [3, cutOut],
];

const SU_MUTATIONS: ReadonlyArray<[number, Mutation]> = [
  [30, setTraceField],
  [8, varyAllSampleCounts],
  [15, flipBytes],
  [15, truncate],
  [10, appendGarbage],
  [10, zeroRegion],
  [5, cutOut],
];

function pickWeighted(rng: Rng, items: ReadonlyArray<[number, Mutation]>): Mutation {
  const total = items.reduce((sum, [w]) => sum + w, 0);
  let r = rng.next() * total;
  for (const [w, m] of items) {
    r -= w;
    if (r < 0) return m;
  }
  return items[items.length - 1][1];
}

/** Case `id` of the run seeded with `seed`: always the same bytes and options. */
export function makeCase(bases: readonly FuzzBase[], seed: number, id: number): FuzzCase {
  const rng = Rng.forCase(seed, id);
  const base = bases[id % bases.length];
  let bytes: Uint8Array = base.bytes.slice();
  const count = rng.chance(0.5) ? 1 : rng.chance(0.6) ? 2 : rng.range(3, 5);
  const mutations: string[] = [];
  for (let i = 0; i < count; i++) {
    const step = pickWeighted(rng, base.su ? SU_MUTATIONS : SEGY_MUTATIONS)(bytes, rng, base);
    bytes = step.bytes;
    mutations.push(step.what);
  }
  const options: SegyReaderOptions = {};
  if (rng.chance(0.3)) options.allowTruncated = true;
  if (rng.chance(0.1)) options.byteOrder = rng.chance(0.5) ? "big" : "little";
  if (rng.chance(0.05)) options.format = rng.pick([1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16]);
  if (rng.chance(0.05)) options.samplesPerTrace = rng.range(1, 100);
  return {
    id,
    base: base.name,
    name: `fuzz-${id}-${base.name}`,
    mutations,
    bytes,
    options,
    batchBytes: rng.pick([1, 1000, 65536, undefined]),
    probe: rng.next(),
  };
}

class InvariantError extends Error {}

function check(condition: boolean, message: string): void {
  if (!condition) throw new InvariantError(message);
}

/** Opens the case's bytes, reads every trace in batches, then one header and one trace on their own. */
export async function runCase(c: FuzzCase, source: ByteSource = new MemoryByteSource(c.bytes, c.name)): Promise<CaseOutcome> {
  const started = performance.now();
  let peak = process.memoryUsage().arrayBuffers;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  };
  const outcome = (kind: CaseOutcome["kind"], detail: string, traces: number): CaseOutcome => ({
    id: c.id,
    base: c.base,
    mutations: c.mutations,
    kind,
    detail,
    traces,
    ms: performance.now() - started,
    peakArrayBuffers: peak,
  });
  let reader: SegyReader | undefined;
  let traces = 0;
  try {
    reader = await SegyReader.open(source, c.options);
    sample();
    for await (const batch of reader.batches({ batchBytes: c.batchBytes })) {
      sample();
      check(batch.start === traces, `batch starts at ${batch.start}, expected ${traces}`);
      let samples = 0;
      for (let i = 0; i < batch.count; i++) samples += reader.traceSampleCount(batch.start + i);
      check(batch.samples.length === samples, `batch has ${batch.samples.length} samples, expected ${samples}`);
      check(batch.rawHeaders.length === batch.count * reader.layout.traceHeaderBytes, "raw header bytes");
      if (batch.count > 0) batch.header(batch.count - 1);
      traces += batch.count;
    }
    check(traces === reader.traceCount, `read ${traces} traces, traceCount is ${reader.traceCount}`);
    if (reader.traceCount > 0) {
      const index = Math.min(reader.traceCount - 1, Math.floor(c.probe * reader.traceCount));
      await reader.readHeader(index, { scaled: true });
      const trace = await reader.readTrace(index);
      check(trace.samples.length === reader.traceSampleCount(index), "readTrace sample count");
    }
    sample();
    return outcome("ok", `${traces} traces`, traces);
  } catch (error) {
    if (error instanceof InvariantError) return outcome("crash", `invariant: ${error.message}`, traces);
    if (!isSeisprocError(error)) return outcome("crash", error instanceof Error ? (error.stack ?? String(error)) : String(error), traces);
    if (!error.message.includes(c.name)) return outcome("crash", `message does not name the file: ${error.message}`, traces);
    if (isSeisprocError(error, SegyFormatError)) {
      if (error.file !== c.name) return outcome("crash", `error.file is ${error.file}`, traces);
      const at = error.byteOffset;
      if (at !== undefined && !(Number.isInteger(at) && at >= 0 && at <= c.bytes.length)) {
        return outcome("crash", `byteOffset ${at} outside the ${c.bytes.length}-byte file: ${error.message}`, traces);
      }
      return outcome("rejected", `${error.tag}:${error.problem}`, traces);
    }
    return outcome("rejected", error.tag, traces);
  } finally {
    await reader?.close();
  }
}
