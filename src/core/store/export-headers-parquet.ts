/**
 * The `headers-parquet` export: trace header values as one Parquet file (a `trace` column, then one column per
 * header field), written row group by row group, so memory stays at one batch of traces whatever the dataset's
 * size. Integer fields are INT32, floating ones DOUBLE, with min/max statistics and SNAPPY compression; the
 * file is written atomically.
 *
 * @module
 */
import type * as HyparquetWriter from "hyparquet-writer";
import { ValidationError } from "../errors";
import { HeaderMap } from "../segy/header-map";
import { AtomicFile } from "../util/atomic-file";
import { importEsm } from "../util/esm";
import type { ExportFormat } from "./export";
import { selectTraces } from "./export-selection";

/**
 * The `headers-parquet` export format with row groups of `rowGroupTraces` traces (the registry's has 65,536);
 * `options.columns` picks the fields (default: every standard field).
 *
 * @example
 * ```ts
 * await headersParquetFormat(10_000).write(data, "headers.parquet", { columns: ["FieldRecord", "offset"] });
 * // or, through the registry: exportDataset(data, "headers.parquet", "headers-parquet")
 * ```
 */
export function headersParquetFormat(rowGroupTraces = 65_536): ExportFormat {
  if (!Number.isInteger(rowGroupTraces) || rowGroupTraces < 1) throw new ValidationError("rowGroupTraces", `must be a whole number >= 1, not ${rowGroupTraces}`);
  return {
    name: "headers-parquet",
    description: `trace headers as Parquet, one row per trace (row groups of ${rowGroupTraces.toLocaleString("en-US")} traces)`,
    async write(data, path, options) {
      const { ByteWriter, ParquetWriter, schemaFromColumnData } = await importEsm<typeof HyparquetWriter>("hyparquet-writer");
      const traces = await selectTraces(data, options);
      const names = options.columns ?? HeaderMap.standard().fields.map((f) => f.name);
      const file = await AtomicFile.create(path);
      try {
        const bytes = new ByteWriter();
        let pending = Promise.resolve();
        // hyparquet's writer calls flush() after each row group: hand the bytes so far to the file.
        (bytes as unknown as { flush(): Promise<void> }).flush = () => {
          const chunk = new Uint8Array(bytes.buffer.slice(0, bytes.index));
          bytes.index = 0;
          pending = pending.then(() => file.write(chunk));
          return pending;
        };
        let parquet: HyparquetWriter.ParquetWriter | undefined;
        for (let i = 0; i < Math.max(traces.length, 1); i += rowGroupTraces) {
          options.signal?.throwIfAborted();
          const slice = traces.subarray(i, i + rowGroupTraces);
          const table = await data.headers.columnsFor(names, slice);
          const columnData: HyparquetWriter.ColumnSource[] = [{ name: "trace", data: Int32Array.from(slice), type: "INT32", nullable: false }];
          for (const name of names) {
            const values = table.getChild(name)?.toArray() as Int32Array | Float64Array | undefined;
            if (values === undefined) throw new ValidationError("options.columns", `the store has no header column "${name}"`);
            columnData.push({ name, data: values, type: values instanceof Int32Array ? "INT32" : "DOUBLE", nullable: false });
          }
          parquet ??= new ParquetWriter({ writer: bytes, schema: schemaFromColumnData({ columnData }), codec: "SNAPPY", statistics: true, createdBy: "seisproc (hyparquet-writer)" });
          if (slice.length > 0) await parquet.write({ columnData, rowGroupSize: slice.length });
          options.onProgress?.(i + slice.length, traces.length);
        }
        await parquet?.finish();
        await (bytes as unknown as { flush(): Promise<void> }).flush();
        await file.commit();
        return { path, traceCount: traces.length };
      } catch (error) {
        await file.abort();
        throw error;
      }
    },
  };
}
