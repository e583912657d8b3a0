/**
 * Blosc (version 1 format) frames, the chunk format of the Zarr v3 `blosc` codec, written and read here without
 * blosc itself: the byte shuffle is ours ({@link shuffle}), LZ4 runs natively (lz4-napi) and Zstandard in
 * numcodecs.js's WebAssembly. A frame is a 16-byte header (version 2, compressor version, flags, typesize,
 * uncompressed size, block size, frame size), the start offset of each block, then each block as one or more
 * streams, each a 4-byte compressed size and the compressed bytes.
 *
 * Writing: one block for the whole chunk, shuffled with the element size, not split (flag 0x10), as c-blosc
 * writes LZ4 blocks; an incompressible chunk is stored as c-blosc stores it (flag 0x02, the bytes after the
 * header). c-blosc (numcodecs, hence zarr-python) and numcodecs.js decode these frames.
 *
 * Reading: any frame with LZ4 or Zstandard streams, one block or many, split or not, byte shuffle or none; other
 * frames (bit shuffle, other compressors) go to numcodecs.js's WebAssembly blosc.
 *
 * @module
 */
import { compress as lz4Compress, uncompressSync as lz4UncompressSync } from "lz4-napi";
import { ValidationError } from "../errors";
import { importEsm } from "../util/esm";
import { shuffle, unshuffle } from "./shuffle";

/** The compressors a frame is written with. */
export type BloscCompressor = "lz4" | "zstd";

/** Bytes of the frame header. */
export const BLOSC_HEADER_BYTES = 16;

const FLAG_SHUFFLE = 0x01;
const FLAG_MEMCPYED = 0x02;
const FLAG_BITSHUFFLE = 0x04;
const FLAG_DONT_SPLIT = 0x10;
/** c-blosc's compressor format codes (flags bits 5-7) and their format versions (header byte 1). */
const FORMATS: Record<BloscCompressor, { code: number; version: number }> = { lz4: { code: 1, version: 1 }, zstd: { code: 4, version: 1 } };
/** c-blosc compresses buffers smaller than this by copying them. */
const MIN_BUFFER = 128;

interface BytesCodec {
  encode(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  decode(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}
interface NumcodecsModule {
  default: { fromConfig(config: { [key: string]: unknown }): BytesCodec };
}

let zstdCodec: Promise<BytesCodec> | undefined;
let wasmBlosc: Promise<BytesCodec> | undefined;
const zstd = (): Promise<BytesCodec> => (zstdCodec ??= importEsm<NumcodecsModule>("numcodecs/zstd").then((m) => m.default.fromConfig({ id: "zstd", level: 1 })));
const bloscWasm = (): Promise<BytesCodec> => (wasmBlosc ??= importEsm<NumcodecsModule>("numcodecs/blosc").then((m) => m.default.fromConfig({ id: "blosc" })));

/** One compressed stream of a block, without blosc's size prefix. */
async function compressStream(compressor: BloscCompressor, data: Uint8Array): Promise<Uint8Array> {
  if (compressor === "zstd") return (await zstd()).encode(data);
  // lz4-napi writes numcodecs' LZ4 format: the uncompressed size (4 bytes), then the LZ4 block.
  const out = await lz4Compress(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return new Uint8Array(out.buffer, out.byteOffset + 4, out.byteLength - 4);
}

/** Decompresses one stream to exactly `size` bytes. */
async function decompressStream(compressor: BloscCompressor, data: Uint8Array, size: number): Promise<Uint8Array> {
  let out: Uint8Array;
  try {
    if (compressor === "zstd") {
      out = await (await zstd()).decode(data);
    } else {
      out = lz4Uncompress(data, size);
    }
  } catch (error) {
    throw new ValidationError("blosc frame", `a ${compressor} stream does not decode (${error instanceof Error ? error.message : String(error)}); the chunk is damaged`, { cause: error });
  }
  if (out.length !== size) throw corrupt(`a ${compressor} stream decodes to ${out.length} bytes, not ${size}`);
  return out;
}

/**
 * LZ4-decodes a stream that sits in a frame right after its 4-byte size: lz4-napi wants the decoded size in
 * those 4 bytes (numcodecs' format), so they are swapped for it during the (synchronous) call and put back,
 * instead of copying the stream. A stream with nothing before it is copied.
 */
function lz4Uncompress(stream: Uint8Array, size: number): Uint8Array {
  if (stream.byteOffset < 4) {
    const prefixed = Buffer.allocUnsafe(stream.length + 4);
    prefixed.writeUInt32LE(size, 0);
    prefixed.set(stream, 4);
    const decoded = lz4UncompressSync(prefixed);
    return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  }
  const withPrefix = Buffer.from(stream.buffer, stream.byteOffset - 4, stream.byteLength + 4);
  const saved = withPrefix.readUInt32LE(0);
  withPrefix.writeUInt32LE(size, 0);
  try {
    const decoded = lz4UncompressSync(withPrefix);
    return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  } finally {
    withPrefix.writeUInt32LE(saved, 0);
  }
}

function corrupt(detail: string): ValidationError {
  return new ValidationError("blosc frame", `${detail}; the chunk is damaged`);
}

/**
 * Encodes `data` (elements of `typesize` bytes) as one blosc frame: shuffled when `typesize` > 1, one block.
 *
 * @example
 * ```ts
 * const frame = await encodeBloscFrame(new Uint8Array(samples.buffer), 4, "lz4");
 * ```
 */
export async function encodeBloscFrame(data: Uint8Array, typesize: number, compressor: BloscCompressor): Promise<Uint8Array> {
  if (!Number.isInteger(typesize) || typesize < 1 || typesize > 255) throw new ValidationError("typesize", `must be a whole number from 1 to 255, not ${typesize}`);
  if (data.length > 0x7fffffff - BLOSC_HEADER_BYTES) throw new ValidationError("chunk", `a blosc frame holds at most 2 GiB, not ${data.length} bytes`);
  const { code, version } = FORMATS[compressor];
  let flags = FLAG_DONT_SPLIT | (code << 5) | (typesize > 1 ? FLAG_SHUFFLE : 0);
  const header = (frameBytes: number): Uint8Array => {
    // Every byte is written below or by the caller, so the frame need not be zeroed first.
    const out = Buffer.allocUnsafeSlow(frameBytes);
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    out[0] = 2;
    out[1] = version;
    out[2] = flags;
    out[3] = typesize;
    view.setInt32(4, data.length, true);
    view.setInt32(8, Math.max(1, data.length), true);
    view.setInt32(12, frameBytes, true);
    return out;
  };
  if (data.length >= MIN_BUFFER) {
    const stream = await compressStream(compressor, shuffle(data, typesize));
    // Header, one block start, one stream size, the stream: smaller than copying, or c-blosc would copy too.
    if (stream.length > 0 && stream.length < data.length && 24 + stream.length <= BLOSC_HEADER_BYTES + data.length) {
      const out = header(24 + stream.length);
      const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      view.setInt32(16, 20, true);
      view.setInt32(20, stream.length, true);
      out.set(stream, 24);
      return out;
    }
  }
  flags |= FLAG_MEMCPYED;
  const out = header(BLOSC_HEADER_BYTES + data.length);
  out.set(data, BLOSC_HEADER_BYTES);
  return out;
}

/**
 * The uncompressed size a frame's header declares, or -1 when the bytes are too short to hold a header.
 *
 * @example
 * ```ts
 * bloscDeclaredLength(frame); // 1048576
 * ```
 */
export function bloscDeclaredLength(frame: Uint8Array): number {
  if (frame.length < BLOSC_HEADER_BYTES) return -1;
  return new DataView(frame.buffer, frame.byteOffset, BLOSC_HEADER_BYTES).getInt32(4, true);
}

/**
 * Decodes a blosc frame. Throws a ValidationError when the frame is damaged (a size or offset out of range, a
 * stream that does not decode to its size).
 *
 * @example
 * ```ts
 * const bytes = await decodeBloscFrame(frame);
 * ```
 */
export async function decodeBloscFrame(frame: Uint8Array): Promise<Uint8Array> {
  if (frame.length < BLOSC_HEADER_BYTES) throw corrupt(`${frame.length} bytes cannot hold a blosc header`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const flags = frame[2];
  const typesize = frame[3];
  const nbytes = view.getInt32(4, true);
  const blocksize = view.getInt32(8, true);
  const cbytes = view.getInt32(12, true);
  if (frame[0] === 0 || frame[0] > 2 || typesize === 0 || nbytes < 0 || blocksize < 1 || cbytes !== frame.length) {
    throw corrupt(`the header (version ${frame[0]}, typesize ${typesize}, ${nbytes} bytes in blocks of ${blocksize}, frame of ${cbytes}) does not describe these ${frame.length} bytes`);
  }
  if (flags & FLAG_MEMCPYED) {
    if (frame.length !== BLOSC_HEADER_BYTES + nbytes) throw corrupt(`a copied frame of ${nbytes} bytes is ${frame.length} bytes long`);
    return new Uint8Array(frame.subarray(BLOSC_HEADER_BYTES)); // a copy (Buffer's slice would be a view)
  }
  const code = (flags >> 5) & 7;
  const compressor = (Object.keys(FORMATS) as BloscCompressor[]).find((c) => FORMATS[c].code === code);
  if (compressor === undefined || flags & FLAG_BITSHUFFLE) return decodeWithWasm(frame, nbytes);
  const blocks = Math.ceil(nbytes / blocksize);
  if (BLOSC_HEADER_BYTES + 4 * blocks > frame.length) throw corrupt(`${blocks} block starts do not fit in the frame`);
  const shuffled = (flags & FLAG_SHUFFLE) !== 0 && typesize > 1;
  if (blocks === 1 && flags & FLAG_DONT_SPLIT) {
    // What SeisProc writes: one block, one stream, decoded and unshuffled without further copies.
    const at = view.getInt32(BLOSC_HEADER_BYTES, true);
    const length = at >= BLOSC_HEADER_BYTES && at + 4 <= frame.length ? view.getInt32(at, true) : -1;
    if (length < 0 || at + 4 + length > frame.length) throw corrupt("the stream of block 0 runs past the end of the frame");
    const stream = frame.subarray(at + 4, at + 4 + length);
    const block = length === nbytes ? new Uint8Array(stream) : await decompressStream(compressor, stream, nbytes);
    return shuffled ? unshuffle(block, typesize, { inPlace: true }) : block; // the block is ours: no second copy
  }
  const out = new Uint8Array(nbytes);
  for (let b = 0; b < blocks; b++) {
    const size = Math.min(blocksize, nbytes - b * blocksize);
    const leftover = size < blocksize;
    // c-blosc's rule for how many streams a block was split into.
    const splits = !(flags & FLAG_DONT_SPLIT) && typesize <= 16 && blocksize / typesize >= MIN_BUFFER && !leftover ? typesize : 1;
    const streamSize = size / splits;
    const block = new Uint8Array(size);
    let at = view.getInt32(BLOSC_HEADER_BYTES + 4 * b, true);
    for (let s = 0; s < splits; s++) {
      if (at < BLOSC_HEADER_BYTES || at + 4 > frame.length) throw corrupt(`block ${b} starts outside the frame`);
      const length = view.getInt32(at, true);
      at += 4;
      if (length < 0 || at + length > frame.length) throw corrupt(`a stream of block ${b} runs past the end of the frame`);
      const stream = frame.subarray(at, at + length);
      block.set(length === streamSize ? stream : await decompressStream(compressor, stream, streamSize), s * streamSize);
      at += length;
    }
    out.set(shuffled ? unshuffle(block, typesize, { inPlace: true }) : block, b * blocksize);
  }
  return out;
}

async function decodeWithWasm(frame: Uint8Array, nbytes: number): Promise<Uint8Array> {
  let out: Uint8Array;
  try {
    out = await (await bloscWasm()).decode(frame);
  } catch (error) {
    throw new ValidationError("blosc frame", `blosc does not decode it (${error instanceof Error ? error.message : String(error)}); the chunk is damaged`, { cause: error });
  }
  if (out.length !== nbytes) throw corrupt(`blosc decodes it to ${out.length} bytes, not the ${nbytes} its header declares`);
  return out;
}
