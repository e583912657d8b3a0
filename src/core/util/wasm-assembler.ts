/**
 * A few WebAssembly instructions and the module sections SeisProc's SIMD kernels are assembled from (see
 * store/shuffle-simd.ts and store/sample-planes.ts). Each kernel writes its function bodies as instruction lists
 * and gets a validated module from {@link simdModule}: no build step, nothing to download, a few hundred bytes.
 *
 * @module
 */
import { wasm, type WasmMemory } from "./wasm";

/** Value type code of i32. */
export const I32 = 0x7f;
/** Value type code of v128. */
export const V128 = 0x7b;

const simd = (code: number, ...immediates: number[]): number[] => [0xfd, ...uleb(code), ...immediates];

/** The instructions the kernels use, each as its bytes. */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  tee: (local: number) => [0x22, local],
  i32: (value: number) => [0x41, ...sleb(value)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  shl: [0x74],
  geU: [0x4f],
  /** v128.load / v128.store with alignment hint 1 byte and a constant offset. */
  load: (offset = 0) => simd(0x00, 0x00, ...uleb(offset)),
  store: (offset = 0) => simd(0x0b, 0x00, ...uleb(offset)),
  shuffle: (lanes: readonly number[]) => simd(0x0d, ...lanes),
  i32x4Splat: simd(0x11),
  and: simd(0x4e),
  or: simd(0x50),
  i32x4Shl: simd(0xab),
  i32x4ShrU: simd(0xad),
  i32x4Add: simd(0xae),
  i32x4Sub: simd(0xb1),
  i32x4MinS: simd(0xb6),
  i32x4MaxS: simd(0xb8),
  f32x4Mul: simd(0xe6),
  f32x4ConvertI32x4S: simd(0xfa),
};

/** `i32x4.splat(value)`: the constant in all four lanes. */
export const splat = (value: number): number[] => [...op.i32(value), ...op.i32x4Splat];

/**
 * `for (j = 0; j < limit; j += step) body`, with j and limit in the given i32 locals.
 *
 * @example
 * ```ts
 * const code = countedLoop(4, 3, 16, body); // local 4 counts to local 3 in steps of 16
 * ```
 */
export function countedLoop(j: number, limit: number, step: number, body: number[]): number[] {
  return [...op.block, ...op.loop, ...op.get(j), ...op.get(limit), ...op.geU, ...op.brIf(1), ...body, ...op.get(j), ...op.i32(step), ...op.add, ...op.set(j), ...op.br(0), ...op.end, ...op.end];
}

/** Lanes `from, from + step, …` (count of them), for shuffle masks. */
export const range = (from: number, count: number, step = 1): number[] => Array.from({ length: count }, (_, i) => from + i * step);

/**
 * Unsigned LEB128, as WebAssembly encodes sizes, indices and offsets.
 *
 * @example
 * ```ts
 * uleb(300); // [0xac, 0x02]
 * ```
 */
export function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/**
 * Signed LEB128, as WebAssembly encodes `i32.const`.
 *
 * @example
 * ```ts
 * sleb(-126); // [0x82, 0x7f]
 * ```
 */
export function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (text: string): number[] => vec([...text].map((c) => [c.charCodeAt(0)]));

/** One exported function: its name, how many i32 parameters it takes, its locals and its code. */
export interface KernelFunction {
  name: string;
  params: number;
  /** Extra locals after the parameters: this many i32, then this many v128. */
  locals: { i32: number; v128: number };
  code: number[];
}

/**
 * A module exporting its memory (as `memory`) and the given functions, each `(i32 …) -> ()`, instantiated; or
 * undefined where the runtime has no WebAssembly SIMD.
 *
 * @example
 * ```ts
 * const kernel = simdModule([{ name: "copy16", params: 2, locals: { i32: 0, v128: 0 }, code: [...op.get(1), ...op.get(0), ...op.load(), ...op.store()] }]);
 * ```
 */
export function simdModule(functions: readonly KernelFunction[]): ({ memory: WasmMemory } & Record<string, unknown>) | undefined {
  const types = functions.map((f) => [0x60, ...vec(Array.from({ length: f.params }, () => [I32])), 0x00]);
  const bodies = functions.map((f) => {
    const content = [...vec([[f.locals.i32, I32], [f.locals.v128, V128]]), ...f.code, ...op.end];
    return [...uleb(content.length), ...content];
  });
  const bytes = Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([[...name("memory"), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(10, vec(bodies)),
  ]);
  if (!wasm.validate(bytes)) return undefined;
  return new wasm.Instance(new wasm.Module(bytes)).exports as { memory: WasmMemory } & Record<string, unknown>;
}

/**
 * A view of `memory` at least `bytes` long, growing it when needed (the old views are then detached).
 *
 * @example
 * ```ts
 * const bytes = memoryWithRoom(kernel.memory, 2 * input.length);
 * bytes.set(input, 0);
 * ```
 */
export function memoryWithRoom(memory: WasmMemory, bytes: number): Uint8Array {
  const missing = bytes - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  return new Uint8Array(memory.buffer);
}
