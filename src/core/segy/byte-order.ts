/**
 * Byte-order detection for SEG-Y and SU files.
 *
 * SEG-Y: the rev 2 integer constant 16909060 at bytes 3297–3300 decides when present; otherwise the order in
 * which the format code is a known code and the sample count is positive. SU: the order in which the first
 * trace's sample count is positive and divides the file into whole traces.
 *
 * @module
 */
import { SAMPLE_FORMATS } from "./sample-formats";

/** Byte order of every binary number in a file. */
export type ByteOrder = "big" | "little";

/** How the byte order was decided. */
export type ByteOrderSource = "option" | "integer-constant" | "plausibility" | "default";

/** A decided byte order and why. */
export interface ByteOrderDecision {
  readonly byteOrder: ByteOrder;
  readonly source: ByteOrderSource;
}

/**
 * Detects the byte order from the 400-byte binary header (file bytes 3201–3600).
 *
 * @example
 * ```ts
 * detectSegyByteOrder(binaryHeaderBytes); // { byteOrder: "little", source: "plausibility" }
 * ```
 */
export function detectSegyByteOrder(binary: Uint8Array): ByteOrderDecision {
  const view = new DataView(binary.buffer, binary.byteOffset, binary.byteLength);
  const constant = view.getUint32(96, false);
  if (constant === 0x01020304) return { byteOrder: "big", source: "integer-constant" };
  if (constant === 0x04030201) return { byteOrder: "little", source: "integer-constant" };
  const score = (littleEndian: boolean): number => {
    const format = view.getInt16(24, littleEndian);
    const samples = view.getUint16(20, littleEndian);
    const interval = view.getInt16(16, littleEndian);
    let points = 0;
    if (SAMPLE_FORMATS.has(format) || format === 4) points += 4;
    if (samples > 0 && samples <= 32767) points += 1;
    if (interval > 0 && interval <= 32767) points += 1;
    return points;
  };
  const big = score(false);
  const little = score(true);
  if (big === 0 && little === 0) return { byteOrder: "big", source: "default" };
  return { byteOrder: little > big ? "little" : "big", source: "plausibility" };
}

/**
 * Detects the byte order of a Seismic Unix file from its first trace header and the file size.
 *
 * @example
 * ```ts
 * detectSuByteOrder(firstTraceHeader, fileSize); // { byteOrder: "big", source: "plausibility" }
 * ```
 */
export function detectSuByteOrder(header: Uint8Array, fileSize: number): ByteOrderDecision {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const fits = (littleEndian: boolean): boolean => {
    const samples = view.getUint16(114, littleEndian);
    return samples > 0 && fileSize % (240 + 4 * samples) === 0;
  };
  if (fits(false)) return { byteOrder: "big", source: "plausibility" };
  if (fits(true)) return { byteOrder: "little", source: "plausibility" };
  return { byteOrder: "big", source: "default" };
}
