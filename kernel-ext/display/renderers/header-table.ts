/**
 * Renderers of trace headers: an Apache Arrow table of header columns (what `headerColumns()` returns and a
 * gather's `headers`), and a whole gather (its key, trace count, sample array and header table). Long tables
 * show their first and last rows.
 *
 * @module
 */
import { displayValue, isRecord, renderTable } from "../html";
import type { Rendered, Renderer } from "../registry";

/** The parts of an Arrow table the renderer reads. */
interface TableShape {
  numRows: number;
  schema: { fields: { name: string }[] };
  getChild(name: string): { get(i: number): unknown } | null;
}

/** Rows shown at each end of a long table. */
export const TABLE_EDGE_ROWS = 10;

function isTable(value: unknown): value is TableShape {
  return isRecord(value) && typeof value.numRows === "number" && isRecord(value.schema) && Array.isArray(value.schema.fields) && typeof value.getChild === "function";
}

function tableRows(table: TableShape, firstColumn?: (row: number) => unknown): { headers: string[]; rows: unknown[][]; note?: string } {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((n) => table.getChild(n));
  const n = table.numRows;
  const picked = n <= 2 * TABLE_EDGE_ROWS ? [...Array(n).keys()] : [...Array(TABLE_EDGE_ROWS).keys(), -1, ...Array.from({ length: TABLE_EDGE_ROWS }, (_, i) => n - TABLE_EDGE_ROWS + i)];
  const rows = picked.map((i) => (i === -1 ? [...(firstColumn === undefined ? [] : ["…"]), ...names.map(() => "…")] : [...(firstColumn === undefined ? [] : [firstColumn(i)]), ...columns.map((c) => c?.get(i))]));
  const note = n > 2 * TABLE_EDGE_ROWS ? `${n.toLocaleString("en-US")} rows × ${names.length} columns (first and last ${TABLE_EDGE_ROWS} shown)` : `${n} rows × ${names.length} columns`;
  return { headers: names, rows, note };
}

/**
 * Renders a header table (an Arrow `Table`).
 *
 * @example
 * ```ts
 * display(await dataset.headerColumns(["FieldRecord", "offset"], [0, 100]));
 * ```
 */
export const headerTableRenderer: Renderer = {
  name: "header-table",
  accepts: isTable,
  render(value): Rendered {
    const { headers, rows, note } = tableRows(value as TableShape);
    return renderTable(headers, rows, { note });
  },
};

/** The parts of a Gather the renderer reads. */
interface GatherShape {
  key: number;
  index: number;
  traceIndices: Int32Array;
  samples: ArrayLike<number>;
  headers: TableShape;
}

function isGather(value: unknown): value is GatherShape {
  return isRecord(value) && typeof value.key === "number" && ArrayBuffer.isView(value.traceIndices) && ArrayBuffer.isView(value.samples) && isTable(value.headers);
}

/**
 * Renders a gather: a title line and its header table, each row led by the trace's index in the file.
 *
 * @example
 * ```ts
 * display(await dataset.getGather(1001));
 * ```
 */
export const gatherRenderer: Renderer = {
  name: "gather",
  accepts: isGather,
  render(value): Rendered {
    const g = value as GatherShape;
    const traces = g.traceIndices.length;
    const perTrace = traces === 0 ? 0 : g.samples.length / traces;
    const title = `Gather ${displayValue(g.key)} (#${g.index}): ${traces} traces × ${perTrace} samples (${g.samples.constructor.name})`;
    const { headers, rows, note } = tableRows(g.headers, (i) => g.traceIndices[i]);
    const table = renderTable(["trace", ...headers], rows, { caption: title, note });
    return table;
  },
};
