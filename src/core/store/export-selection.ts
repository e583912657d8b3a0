/**
 * Which traces an export writes: all of them in file order, or the traces of `options.gathers` in gather order,
 * then only those whose header values pass `options.filter`.
 *
 * @module
 */
import { ValidationError } from "../errors";
import { HeaderMap } from "../segy/header-map";
import type { ExportOptions } from "./export";
import { tracesOfGather } from "./gather-index";
import type { LazySeismicData } from "./lazy-seismic-data";

/** Traces read per batch by the exports. */
export const BATCH_TRACES = 2048;

/**
 * The trace indices an export of `data` with `options` writes, in the order it writes them.
 *
 * @example
 * ```ts
 * const traces = await selectTraces(data, { gathers: [1, 2] }); // the traces of gathers 1 and 2
 * ```
 */
export async function selectTraces(data: LazySeismicData, options: ExportOptions): Promise<Int32Array> {
  let traces: Int32Array;
  if (options.gathers === undefined) {
    traces = Int32Array.from({ length: data.traceCount }, (_, i) => i);
  } else {
    const index = data.gatherIndex;
    const order = await data.gatherOrderArray();
    const parts = options.gathers.map((key) => {
      const g = data.gatherPosition(key);
      if (g === undefined) throw new ValidationError("options.gathers", `no gather with ${index.key} = ${key}`);
      return tracesOfGather(index, order, g);
    });
    traces = Int32Array.from(parts.flatMap((p) => Array.from(p)));
  }
  if (options.filter === undefined) return traces;
  const map = HeaderMap.standard();
  const kept: number[] = [];
  const little = data.metadata.source.byteOrder === "little";
  for (let i = 0; i < traces.length; i += BATCH_TRACES) {
    const slice = traces.subarray(i, i + BATCH_TRACES);
    const raw = await data.readRawHeaders(slice);
    const size = data.metadata.traceHeaderBytes;
    slice.forEach((t, k) => {
      if (options.filter?.(map.read(raw.subarray(k * size, k * size + 240), little)) === true) kept.push(t);
    });
  }
  return Int32Array.from(kept);
}

