/**
 * numcodecs' 4-byte shuffle and unshuffle with WebAssembly SIMD: 16 elements per step, six byte shuffles
 * (`i8x16.shuffle`) per 64 bytes. The module is assembled here from the instruction list below (about 300
 * bytes, no build step, nothing to download) and instantiated synchronously on first use; where WebAssembly
 * SIMD is missing, {@link simdShuffle4} is undefined and callers keep their JavaScript loops.
 *
 * Memory layout per call: the input at 0, the output right after it; the memory grows to the largest chunk
 * seen and stays (a chunk of the trace store is a few megabytes).
 *
 * @module
 */
import { countedLoop, memoryWithRoom, op, range, simdModule, type KernelFunction } from "../util/wasm-assembler";
import type { WasmMemory } from "../util/wasm";

/** 4-byte shuffle and unshuffle of whole 16-element blocks; see {@link simdShuffle4}. */
export interface Shuffle4 {
  /**
   * Byte planes → elements: `planes` holds four planes of `n` bytes; elements `[0, m)` (m a multiple of 16,
   * m <= n) are written to `out` as `4 * m` bytes.
   */
  unshuffle(planes: Uint8Array, n: number, m: number, out: Uint8Array): void;
  /** Elements → byte planes: the inverse, `elements` holds `n` 4-byte elements; planes of `n` bytes in `out`. */
  shuffle(elements: Uint8Array, n: number, m: number, out: Uint8Array): void;
}

/** Interleave bytes of the low (high) halves: a0 b0 a1 b1 … a7 b7 (a8 b8 … a15 b15). */
const ZIP8_LO = range(0, 8).flatMap((i) => [i, 16 + i]);
const ZIP8_HI = range(8, 8).flatMap((i) => [i, 16 + i]);
/** Interleave 16-bit pairs of the low (high) halves. */
const ZIP16_LO = range(0, 4).flatMap((i) => [2 * i, 2 * i + 1, 16 + 2 * i, 17 + 2 * i]);
const ZIP16_HI = range(4, 4).flatMap((i) => [2 * i, 2 * i + 1, 16 + 2 * i, 17 + 2 * i]);
/** From eight 4-byte elements (two vectors): bytes 0 then bytes 1 (bytes 2 then bytes 3) of each. */
const PICK01 = [...range(0, 8, 4), ...range(1, 8, 4)];
const PICK23 = [...range(2, 8, 4), ...range(3, 8, 4)];
/** Low (high) 8 bytes of each vector. */
const HALVES_LO = [...range(0, 8), ...range(16, 8)];
const HALVES_HI = [...range(8, 8), ...range(24, 8)];

// Parameters: 0 src, 1 dst, 2 n (plane length), 3 m (elements to do); locals: 4 j, 5 address, 6..13 vectors.
const [SRC, DST, N, M, J, AT] = [0, 1, 2, 3, 4, 5];
const V = (i: number): number => 6 + i;

/** `for (j = 0; j < m; j += 16) body` */
const loop16 = (body: number[]): number[] => countedLoop(J, M, 16, body);

/** src + k * n + j: the address of plane k at element j. */
function planeAt(base: number, k: number): number[] {
  const offset = k === 0 ? [] : k === 1 ? [...op.get(N), ...op.add] : [...op.get(N), ...op.i32(k), ...op.mul, ...op.add];
  return [...op.get(base), ...offset, ...op.get(J), ...op.add];
}

const UNSHUFFLE_BODY = loop16([
  ...[0, 1, 2, 3].flatMap((k) => [...planeAt(SRC, k), ...op.load(), ...op.set(V(k))]),
  ...op.get(V(0)), ...op.get(V(1)), ...op.shuffle(ZIP8_LO), ...op.set(V(4)),
  ...op.get(V(0)), ...op.get(V(1)), ...op.shuffle(ZIP8_HI), ...op.set(V(5)),
  ...op.get(V(2)), ...op.get(V(3)), ...op.shuffle(ZIP8_LO), ...op.set(V(6)),
  ...op.get(V(2)), ...op.get(V(3)), ...op.shuffle(ZIP8_HI), ...op.set(V(7)),
  ...op.get(DST), ...op.get(J), ...op.i32(2), ...op.shl, ...op.add, ...op.set(AT),
  ...op.get(AT), ...op.get(V(4)), ...op.get(V(6)), ...op.shuffle(ZIP16_LO), ...op.store(0),
  ...op.get(AT), ...op.get(V(4)), ...op.get(V(6)), ...op.shuffle(ZIP16_HI), ...op.store(16),
  ...op.get(AT), ...op.get(V(5)), ...op.get(V(7)), ...op.shuffle(ZIP16_LO), ...op.store(32),
  ...op.get(AT), ...op.get(V(5)), ...op.get(V(7)), ...op.shuffle(ZIP16_HI), ...op.store(48),
]);

const SHUFFLE_BODY = loop16([
  ...op.get(SRC), ...op.get(J), ...op.i32(2), ...op.shl, ...op.add, ...op.set(AT),
  ...[0, 1, 2, 3].flatMap((k) => [...op.get(AT), ...op.load(16 * k), ...op.set(V(k))]),
  ...op.get(V(0)), ...op.get(V(1)), ...op.shuffle(PICK01), ...op.set(V(4)),
  ...op.get(V(0)), ...op.get(V(1)), ...op.shuffle(PICK23), ...op.set(V(5)),
  ...op.get(V(2)), ...op.get(V(3)), ...op.shuffle(PICK01), ...op.set(V(6)),
  ...op.get(V(2)), ...op.get(V(3)), ...op.shuffle(PICK23), ...op.set(V(7)),
  ...planeAt(DST, 0), ...op.get(V(4)), ...op.get(V(6)), ...op.shuffle(HALVES_LO), ...op.store(),
  ...planeAt(DST, 1), ...op.get(V(4)), ...op.get(V(6)), ...op.shuffle(HALVES_HI), ...op.store(),
  ...planeAt(DST, 2), ...op.get(V(5)), ...op.get(V(7)), ...op.shuffle(HALVES_LO), ...op.store(),
  ...planeAt(DST, 3), ...op.get(V(5)), ...op.get(V(7)), ...op.shuffle(HALVES_HI), ...op.store(),
]);

const LOCALS = { i32: 2, v128: 8 };

/**
 * `unshuffle4(src, dst, n, m)`: four byte planes of `n` bytes at `src` → elements `[0, m)` at `dst` (m a
 * multiple of 16).
 */
export const UNSHUFFLE4: KernelFunction = { name: "unshuffle4", params: 4, locals: LOCALS, code: UNSHUFFLE_BODY };
/** `shuffle4(src, dst, n, m)`: `n` 4-byte elements at `src` → elements `[0, m)` into four planes of `n` bytes at `dst`. */
export const SHUFFLE4: KernelFunction = { name: "shuffle4", params: 4, locals: LOCALS, code: SHUFFLE_BODY };

interface Exports {
  memory: WasmMemory;
  unshuffle4(src: number, dst: number, n: number, m: number): void;
  shuffle4(src: number, dst: number, n: number, m: number): void;
}

function instantiate(): Shuffle4 | undefined {
  const kernel = simdModule([UNSHUFFLE4, SHUFFLE4]) as Exports | undefined;
  if (kernel === undefined) return undefined; // no SIMD here
  const room = (total: number): Uint8Array => memoryWithRoom(kernel.memory, total);
  const run = (fn: Exports["unshuffle4"], input: Uint8Array, n: number, m: number, out: Uint8Array): void => {
    const length = 4 * n;
    const memory = room(2 * length);
    memory.set(input.subarray(0, length), 0);
    fn(0, length, n, m);
    out.set(memory.subarray(length, length + 4 * m), 0);
  };
  return {
    unshuffle: (planes, n, m, out) => run(kernel.unshuffle4, planes, n, m, out),
    shuffle: (elements, n, m, out) => {
      const length = 4 * n;
      const memory = room(2 * length);
      memory.set(elements.subarray(0, length), 0);
      kernel.shuffle4(0, length, n, m);
      for (let k = 0; k < 4; k++) out.set(memory.subarray(length + k * n, length + k * n + m), k * n);
    },
  };
}

let loaded: Shuffle4 | null | undefined;

/**
 * The WebAssembly SIMD 4-byte shuffle, or undefined where the runtime has no WebAssembly SIMD.
 *
 * @example
 * ```ts
 * const simd = simdShuffle4();
 * if (simd !== undefined) simd.unshuffle(planes, n, n - (n % 16), out);
 * ```
 */
export function simdShuffle4(): Shuffle4 | undefined {
  if (loaded === undefined) loaded = instantiate() ?? null;
  return loaded ?? undefined;
}
