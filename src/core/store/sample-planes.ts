/**
 * SEG-Y samples straight to the trace store's compressor input, with WebAssembly SIMD: 4-byte samples (IBM
 * float, format 1, or IEEE float, format 5, either byte order) are decoded from the file's bytes, trace by
 * trace, into float32 and shuffled into numcodecs' four byte planes in one pass through WebAssembly memory.
 * It replaces, on import, the JavaScript IBM decode, the float32 array, the padding copy and the separate shuffle
 * (about 6 ms per 1.44 MB chunk in JavaScript, under 1 ms here).
 *
 * IBM decoding is exact and agrees bit for bit with {@link decodeIbm}: the 24-bit mantissa converts to float32
 * exactly, times a power of two that keeps it a normal number (exact), times the rest of the scale with the sign:
 * the one rounding is the last multiply, as binary32 rounding of the exact value (underflow to subnormals and zero,
 * overflow to infinity) requires.
 *
 * @module
 */
import type { WasmMemory } from "../util/wasm";
import { countedLoop, memoryWithRoom, op, range, simdModule, splat, type KernelFunction } from "../util/wasm-assembler";
import { SHUFFLE4 } from "./shuffle-simd";

/** The SEG-Y sample formats this kernel decodes: 1 (IBM float) and 5 (IEEE float), both to float32. */
export type PlaneFormat = 1 | 5;

/** Where the samples are in a run of traces read from a file. */
export interface TraceRunLayout {
  /** Traces in the run. */
  traces: number;
  /** Bytes from one trace's start to the next's (header and samples). */
  traceBytes: number;
  /** Bytes of each trace's header, before its samples. */
  headerBytes: number;
  /** Samples per trace. */
  samplesPerTrace: number;
  /** SEG-Y format code of the samples. */
  format: PlaneFormat;
  /** Byte order of the samples in the file. */
  littleEndian: boolean;
}

// Parameters: 0 src (first sample of trace 0), 1 dst, 2 traces, 3 stride, 4 ns.
// i32 locals: 5 t, 6 s (byte in row), 7 rowBytes, 8 in, 9 out. v128 locals: 10 x, 11 k, 12 a, 13.. constants.
const [SRC, DST, TRACES, STRIDE, NS, T, S, ROW, IN, OUT, X, K, A] = range(0, 13);
const CONSTANTS = { mask24: 13, mask7f: 14, bias280: 15, min126: 16, max104: 17, bias127: 18, sign: 19, max127: 20 };
const BSWAP32 = range(0, 4).flatMap((w) => [4 * w + 3, 4 * w + 2, 4 * w + 1, 4 * w]);

const setConstants: number[] = [
  ...splat(0xffffff), ...op.set(CONSTANTS.mask24),
  ...splat(0x7f), ...op.set(CONSTANTS.mask7f),
  ...splat(280), ...op.set(CONSTANTS.bias280),
  ...splat(-126), ...op.set(CONSTANTS.min126),
  ...splat(104), ...op.set(CONSTANTS.max104),
  ...splat(127), ...op.set(CONSTANTS.bias127),
  ...splat(-0x80000000), ...op.set(CONSTANTS.sign),
  ...splat(127), ...op.set(CONSTANTS.max127),
];

/** x (the IBM words in host order) → float32 lanes, left on the stack. */
const IBM_TO_F32: number[] = [
  // mantissa as float32 (exact: under 2^24)
  ...op.get(X), ...op.get(CONSTANTS.mask24), ...op.and, ...op.f32x4ConvertI32x4S,
  // k = 4 * exponent - 280: the value is mantissa * 2^k
  ...op.get(X), ...op.i32(24), ...op.i32x4ShrU, ...op.get(CONSTANTS.mask7f), ...op.and, ...op.i32(2), ...op.i32x4Shl, ...op.get(CONSTANTS.bias280), ...op.i32x4Sub, ...op.set(K),
  // a = clamp(k, -126, 104): mantissa * 2^a is a normal float32, exactly
  ...op.get(K), ...op.get(CONSTANTS.min126), ...op.i32x4MaxS, ...op.get(CONSTANTS.max104), ...op.i32x4MinS, ...op.tee(A),
  ...op.get(CONSTANTS.bias127), ...op.i32x4Add, ...op.i32(23), ...op.i32x4Shl, ...op.f32x4Mul,
  // times ±2^clamp(k - a, -126, 127): the one rounding
  ...op.get(K), ...op.get(A), ...op.i32x4Sub, ...op.get(CONSTANTS.min126), ...op.i32x4MaxS, ...op.get(CONSTANTS.max127), ...op.i32x4MinS,
  ...op.get(CONSTANTS.bias127), ...op.i32x4Add, ...op.i32(23), ...op.i32x4Shl,
  ...op.get(X), ...op.get(CONSTANTS.sign), ...op.and, ...op.or, ...op.f32x4Mul,
];

/** A decode kernel `(src, dst, traces, stride, ns)`: rows of `ns` float32 at `dst`, 16 bytes at a time. */
function decodeKernel(name: string, swap: boolean, ibm: boolean): KernelFunction {
  const load = [...op.get(IN), ...op.get(S), ...op.add, ...op.load(), ...(swap ? [...op.tee(X), ...op.get(X), ...op.shuffle(BSWAP32)] : [])];
  const vector = ibm ? [...load, ...op.set(X), ...IBM_TO_F32] : load;
  const row = countedLoop(S, ROW, 16, [...op.get(OUT), ...op.get(S), ...op.add, ...vector, ...op.store()]);
  const code = [
    ...setConstants,
    ...op.get(NS), ...op.i32(2), ...op.shl, ...op.set(ROW),
    ...op.get(SRC), ...op.set(IN),
    ...op.get(DST), ...op.set(OUT),
    ...countedLoop(T, TRACES, 1, [
      ...op.i32(0), ...op.set(S),
      ...row,
      ...op.get(IN), ...op.get(STRIDE), ...op.add, ...op.set(IN),
      ...op.get(OUT), ...op.get(ROW), ...op.add, ...op.set(OUT),
    ]),
  ];
  return { name, params: 5, locals: { i32: 5, v128: 11 }, code };
}

const KERNELS = {
  ibmBig: decodeKernel("ibmBig", true, true),
  ibmLittle: decodeKernel("ibmLittle", false, true),
  floatBig: decodeKernel("floatBig", true, false),
  floatLittle: decodeKernel("floatLittle", false, false),
};

type Decode = (src: number, dst: number, traces: number, stride: number, ns: number) => void;
interface Exports {
  memory: WasmMemory;
  ibmBig: Decode;
  ibmLittle: Decode;
  floatBig: Decode;
  floatLittle: Decode;
  shuffle4(src: number, dst: number, n: number, m: number): void;
}

let loaded: Exports | null | undefined;
function kernels(): Exports | undefined {
  if (loaded === undefined) loaded = (simdModule([...Object.values(KERNELS), SHUFFLE4]) as Exports | undefined) ?? null;
  return loaded ?? undefined;
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/**
 * Whether {@link samplePlanes} runs here (the runtime has WebAssembly SIMD); it returns undefined where not.
 *
 * @example
 * ```ts
 * const way = samplePlanesAvailable() ? "planes" : "decoded";
 * ```
 */
export function samplePlanesAvailable(): boolean {
  return kernels() !== undefined;
}

/**
 * The shuffled byte planes (numcodecs `shuffle`, element size 4) of `rows` × `samplesPerTrace` float32 samples
 * decoded from `bytes`, a run of traces as laid out in the file (`bytes` starts at the first trace's header).
 * Rows past `layout.traces` are zeros (a short last chunk). The planes are written into `out` when it is given
 * (at least `4 * rows * samplesPerTrace` bytes), else into a new array. Undefined where the runtime has no
 * WebAssembly SIMD: callers then decode and shuffle in JavaScript.
 *
 * @example
 * ```ts
 * const planes = samplePlanes(fileBytes, { traces: 240, traceBytes: 6240, headerBytes: 240, samplesPerTrace: 1500, format: 1, littleEndian: false }, 240);
 * if (planes !== undefined) await store.set(key, await codec.encodeShuffled(planes));
 * ```
 */
export function samplePlanes(bytes: Uint8Array, layout: TraceRunLayout, rows: number, out?: Uint8Array): Uint8Array | undefined {
  const k = kernels();
  if (k === undefined) return undefined;
  const { traces, traceBytes, headerBytes, samplesPerTrace: ns } = layout;
  const n = rows * ns;
  const decodedAt = align16(bytes.length + 16); // loads run up to 12 bytes past the last sample
  const planesAt = align16(decodedAt + 4 * n + 16); // stores too
  const memory = memoryWithRoom(k.memory, planesAt + 4 * n);
  memory.set(bytes, 0);
  const decode = layout.format === 1 ? (layout.littleEndian ? k.ibmLittle : k.ibmBig) : layout.littleEndian ? k.floatLittle : k.floatBig;
  decode(headerBytes, decodedAt, traces, traceBytes, ns);
  memory.fill(0, decodedAt + 4 * traces * ns, decodedAt + 4 * n);
  const whole = n - (n % 16);
  k.shuffle4(decodedAt, planesAt, n, whole);
  for (let i = whole; i < n; i++) {
    for (let b = 0; b < 4; b++) memory[planesAt + b * n + i] = memory[decodedAt + 4 * i + b];
  }
  if (out === undefined) return memory.slice(planesAt, planesAt + 4 * n);
  out.set(memory.subarray(planesAt, planesAt + 4 * n));
  return out.subarray(0, 4 * n);
}
