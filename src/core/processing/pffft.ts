/**
 * Real FFTs in single precision through PFFFT (Julien Pommier's "pretty fast FFT", BSD licence) compiled to
 * WebAssembly with SIMD, from `@echogarden/pffft-wasm` 0.4.2 (pinned: the export names below are those of its
 * build). Its own loader is an asynchronous ES module; processors run synchronously, so the module is compiled and
 * instantiated here, synchronously, once per process (38 KB, a few ms), and checked (SIMD width 4, the transform
 * of a spike) before use. WebAssembly arithmetic is IEEE and without fused or relaxed operations, so a transform
 * gives the same bits on every machine: processing stays reproducible bit for bit.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { ProcessingError } from "./errors";
import { wasm, type WasmMemory } from "../util/wasm";


const PACKAGE = "@echogarden/pffft-wasm";
const VERSION = "0.4.2";

/** The build's exports, by the names its Emscripten loader gives them. */
interface PffftExports {
  memory: WasmMemory;
  callCtors(): void;
  alignedMalloc(bytes: number): number;
  simdSize(): number;
  newSetup(n: number, kind: number): number;
  transformOrdered(setup: number, input: number, output: number, work: number, direction: number): void;
}

const REAL = 0;
const FORWARD = 0;
const BACKWARD = 1;

let loaded: PffftExports | undefined;

function fail(detail: string, cause?: unknown): never {
  throw new ProcessingError(`the WebAssembly FFT (${PACKAGE} ${VERSION}) ${detail}; reinstall the dependencies (npm ci)`, {}, cause === undefined ? {} : { cause });
}

function packageDir(): string {
  for (const dir of require.resolve.paths(PACKAGE) ?? []) {
    const candidate = path.join(dir, PACKAGE);
    if (existsSync(path.join(candidate, "dist", "simd", "pffft.wasm"))) return candidate;
  }
  return fail("is not installed");
}

function load(): PffftExports {
  if (loaded !== undefined) return loaded;
  const dir = packageDir();
  const version = (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version?: string }).version;
  if (version !== VERSION) fail(`is installed in version ${String(version)}, but its exports are known for ${VERSION} only`);
  let memory: WasmMemory | undefined;
  const imports = {
    a: {
      a: () => fail("failed an internal assertion"), // __assert_fail
      b: (requested: number) => {
        // emscripten_resize_heap
        const need = requested - (memory?.buffer.byteLength ?? 0);
        if (need > 0) memory?.grow(Math.ceil(need / 65536));
        return 1;
      },
      c: (dest: number, src: number, count: number) => new Uint8Array((memory as WasmMemory).buffer).copyWithin(dest, src, src + count), // memcpy
    },
  };
  let e: Record<string, unknown>;
  try {
    e = new wasm.Instance(new wasm.Module(readFileSync(path.join(dir, "dist", "simd", "pffft.wasm"))), imports).exports;
  } catch (error) {
    return fail("cannot be loaded (WebAssembly SIMD is needed)", error);
  }
  const exports: PffftExports = {
    memory: e.d as WasmMemory,
    callCtors: e.e as () => void,
    alignedMalloc: e.f as (bytes: number) => number,
    simdSize: e.j as () => number,
    newSetup: e.k as (n: number, kind: number) => number,
    transformOrdered: e.p as PffftExports["transformOrdered"],
  };
  if (!(exports.memory instanceof wasm.Memory) || Object.values(exports).some((v) => v === undefined)) fail("does not have the exports of its known build");
  memory = exports.memory;
  exports.callCtors();
  if (exports.simdSize() !== 4) fail(`reports a SIMD width of ${exports.simdSize()}, not 4`);
  loaded = exports;
  return exports;
}

const PLANS = new Map<number, Fft32Plan>();

/**
 * A real FFT of one length in single precision (PFFFT's ordered layout: `[r0, r(n/2), r1, i1, r2, i2, …]`).
 *
 * @example
 * ```ts
 * const plan = Fft32Plan.of(2048);
 * plan.filter(samples, plan.realResponse((k) => (k < 300 ? 1 : 0)), 0, 1500); // one trace, band-limited
 * ```
 */
export class Fft32Plan {
  private readonly fft: PffftExports;
  private readonly setup: number;
  private readonly input: number;
  private readonly output: number;
  private readonly work: number;

  private constructor(
    /** The transform length: a multiple of 32 of the form 2^a·3^b·5^c. */
    readonly size: number,
  ) {
    this.fft = load();
    this.setup = this.fft.newSetup(size, REAL);
    const bytes = size * 4;
    [this.input, this.output, this.work] = [this.fft.alignedMalloc(bytes), this.fft.alignedMalloc(bytes), this.fft.alignedMalloc(bytes)];
    if (this.setup === 0 || this.input === 0 || this.output === 0 || this.work === 0) fail(`has no plan for length ${size}`);
    this.check();
  }

  /** The cached plan of length `n` (a power of two from 32 to 2^24). */
  static of(n: number): Fft32Plan {
    let plan = PLANS.get(n);
    if (plan === undefined) {
      if (!Number.isInteger(n) || n < 32 || n > 1 << 24 || (n & (n - 1)) !== 0) throw new ProcessingError(`the single-precision FFT takes powers of two from 32 to 2^24, not ${n}`);
      plan = new Fft32Plan(n);
      PLANS.set(n, plan);
    }
    return plan;
  }

  /**
   * A real frequency response in the ordered layout, from its value at each bin k = 0 .. n/2 (bin k is at
   * k / (n·dt) Hz): both parts of a complex bin get the same factor, so the phase is untouched.
   */
  realResponse(at: (k: number) => number): Float32Array {
    const n = this.size;
    const out = new Float32Array(n);
    out[0] = at(0);
    out[1] = at(n / 2);
    for (let k = 1; k < n / 2; k++) out[2 * k] = out[2 * k + 1] = at(k);
    return out;
  }

  /**
   * Filters `x[offset .. offset + count)` in place: zero-padded to n, transformed, multiplied by `response`
   * (from {@link Fft32Plan.realResponse}), transformed back and scaled by 1/n.
   */
  filter(x: Float32Array, response: Float32Array, offset: number, count: number): void {
    const n = this.size;
    if (count > n) throw new ProcessingError(`a trace of ${count} samples does not fit a transform of ${n}`);
    const heap = new Float32Array(this.fft.memory.buffer);
    const input = this.input >> 2;
    const output = this.output >> 2;
    heap.set(x.subarray(offset, offset + count), input);
    heap.fill(0, input + count, input + n);
    this.fft.transformOrdered(this.setup, this.input, this.output, this.work, FORWARD);
    for (let k = 0; k < n; k++) heap[output + k] *= response[k];
    this.fft.transformOrdered(this.setup, this.output, this.input, this.work, BACKWARD);
    const scale = 1 / n;
    for (let j = 0; j < count; j++) x[offset + j] = heap[input + j] * scale;
  }

  /** The transform of a spike is flat: a build whose exports do something else is caught here. */
  private check(): void {
    const n = this.size;
    const heap = new Float32Array(this.fft.memory.buffer);
    heap.fill(0, this.input >> 2, (this.input >> 2) + n);
    heap[this.input >> 2] = 1;
    this.fft.transformOrdered(this.setup, this.input, this.output, this.work, FORWARD);
    const out = new Float32Array(this.fft.memory.buffer, this.output, n);
    for (let k = 0; k < n; k++) if (out[k] !== (k < 2 || k % 2 === 0 ? 1 : 0)) fail(`gave a wrong transform of a spike at bin ${k}`);
  }
}
