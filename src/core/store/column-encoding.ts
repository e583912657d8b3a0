/**
 * Choosing the Parquet encoding of an integer header column: DELTA_BINARY_PACKED or a dictionary. Header values
 * mostly change smoothly from trace to trace (sequence numbers, coordinates, offsets within a shot), which
 * deltas pack to a few bits; columns of few values that repeat in patterns (receiver elevations, trace codes)
 * often do better as a dictionary, whose index stream SNAPPY then shortens further. Which wins depends on the
 * compression too, so columns where both are plausible are settled by encoding a sample both ways.
 *
 * @module
 */
import type * as HyparquetWriter from "hyparquet-writer";

/** Rows of the sample encoded both ways. */
const SAMPLE_ROWS = 16_384;

/** An encoding for an integer column: DELTA_BINARY_PACKED, or `undefined` for hyparquet-writer's dictionary choice. */
export type IntegerEncoding = "DELTA_BINARY_PACKED" | undefined;

/**
 * The smaller encoding of an integer column, judged on its first 16,384 rows: constant ones and ones of many
 * distinct values (more than a quarter of the rows) take deltas; the others are encoded both ways.
 *
 * @example
 * ```ts
 * const { parquetWriteBuffer } = await importEsm<typeof import("hyparquet-writer")>("hyparquet-writer");
 * integerEncoding(values, "INT32", parquetWriteBuffer); // "DELTA_BINARY_PACKED" or undefined (dictionary)
 * ```
 */
export function integerEncoding(
  values: Int32Array | BigInt64Array,
  type: "INT32" | "INT64",
  write: typeof HyparquetWriter.parquetWriteBuffer,
): IntegerEncoding {
  const sample = values.subarray(0, Math.min(values.length, SAMPLE_ROWS));
  const limit = sample.length / 4;
  const distinct = new Set<number | bigint>();
  for (let i = 0; i < sample.length; i++) {
    distinct.add(sample[i]);
    if (distinct.size > limit) return "DELTA_BINARY_PACKED";
  }
  if (distinct.size <= 1) return "DELTA_BINARY_PACKED";
  const size = (encoding: IntegerEncoding): number =>
    write({ columnData: [{ name: "x", data: sample, type, nullable: false, encoding }], statistics: false, rowGroupSize: sample.length }).byteLength;
  return size(undefined) < size("DELTA_BINARY_PACKED") ? undefined : "DELTA_BINARY_PACKED";
}
