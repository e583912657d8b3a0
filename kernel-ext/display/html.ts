/**
 * Small helpers for the HTML and plain-text renderers: escaping, tables, sizes, numbers, short ids.
 *
 * @module
 */

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<a href="x">'); // "&lt;a href=&quot;x&quot;&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/**
 * A value as short display text: numbers with thousands separators, bigints, dates, typed arrays by length,
 * objects as compact JSON (cut at `max` characters).
 *
 * @example
 * ```ts
 * displayValue(1234567); // "1,234,567"
 * displayValue({ a: 1 }); // '{"a":1}'
 * ```
 */
export function displayValue(value: unknown, max = 80): string {
  let text: string;
  if (value === null || value === undefined) text = "—";
  else if (typeof value === "number") text = Number.isInteger(value) ? value.toLocaleString("en-US") : String(Number(value.toPrecision(6)));
  else if (typeof value === "bigint") text = value.toLocaleString("en-US");
  else if (typeof value === "string") text = value;
  else if (value instanceof Date) text = value.toISOString();
  else if (ArrayBuffer.isView(value)) text = `${value.constructor.name}(${"length" in value ? String((value as unknown as { length: number }).length) : `${value.byteLength} bytes`})`;
  else {
    try {
      text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A byte count for people (decimal units, as disks count).
 *
 * @example
 * ```ts
 * formatBytes(1_500_000); // "1.5 MB"
 * ```
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "—";
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(3))} ${units[unit]}`;
}

/**
 * The first 8 characters of an id (UUIDs are unreadable in full).
 *
 * @example
 * ```ts
 * shortId("5f0c2a9e-1b2c-4d3e-8f90-123456789abc"); // "5f0c2a9e"
 * ```
 */
export function shortId(id: unknown): string {
  return typeof id === "string" && id.length > 8 ? id.slice(0, 8) : displayValue(id);
}

/**
 * One rendered table: HTML (`<table>` with a header row) and aligned plain text.
 *
 * @example
 * ```ts
 * renderTable(["key", "traces"], [[1, 24], [2, 24]]).text;
 * ```
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly unknown[])[], options: { caption?: string; note?: string } = {}): { html: string; text: string } {
  const cells = rows.map((row) => row.map((v) => displayValue(v)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (values: readonly string[]): string => values.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  const textLines = [line(headers), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)];
  if (options.note !== undefined) textLines.push(options.note);
  const head = `<thead><tr>${headers.map((h) => `<th style="text-align:left">${escapeHtml(h)}</th>`).join("")}</tr></thead>`;
  const body = `<tbody>${cells.map((r) => `<tr>${r.map((v) => `<td style="text-align:left">${escapeHtml(v)}</td>`).join("")}</tr>`).join("")}</tbody>`;
  const caption = options.caption === undefined ? "" : `<caption style="text-align:left;font-weight:bold">${escapeHtml(options.caption)}</caption>`;
  const note = options.note === undefined ? "" : `<div style="color:#666;font-size:smaller">${escapeHtml(options.note)}</div>`;
  return { html: `<table class="seisproc-table">${caption}${head}${body}</table>${note}`, text: (options.caption === undefined ? "" : `${options.caption}\n`) + textLines.join("\n") };
}

/**
 * A two-column "field: value" summary, as HTML and text.
 *
 * @example
 * ```ts
 * renderFields("Dataset line-1", [["traces", 1200], ["samples per trace", 1500]]);
 * ```
 */
export function renderFields(title: string, fields: readonly (readonly [string, unknown])[]): { html: string; text: string } {
  const shown = fields.filter(([, v]) => v !== undefined);
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  const text = [title, ...shown.map(([k, v]) => `  ${`${k}:`.padEnd(width + 1)} ${displayValue(v, 120)}`)].join("\n");
  const rows = shown.map(([k, v]) => `<tr><th style="text-align:left;padding-right:1em">${escapeHtml(k)}</th><td style="text-align:left">${escapeHtml(displayValue(v, 120))}</td></tr>`).join("");
  return { html: `<div class="seisproc-summary"><strong>${escapeHtml(title)}</strong><table>${rows}</table></div>`, text };
}

/**
 * True when `value` is a non-null object (not an array).
 *
 * @example
 * ```ts
 * isRecord({}); // true
 * ```
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
