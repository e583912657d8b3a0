/**
 * Free text as a safe FTS5 query: every word becomes a quoted string (so `AND`, `-`, `:` or a stray quote in
 * what a user types cannot change the query's meaning or break it), all words required; a trailing `*` asks for
 * a prefix. A field list restricts the match to those columns.
 *
 * @module
 */
import type { SearchField } from "./records";

/** FTS5 column of each search field. */
export const SEARCH_COLUMNS: Readonly<Record<SearchField, string>> = { name: "name", textHeaders: "text_headers", notes: "notes", headerFields: "header_fields" };

/**
 * The FTS5 query for words typed by a user, or null when there is no word to search for.
 *
 * @example
 * ```ts
 * wordsQuery('salt dome* "north'); // '"salt" "dome"* "north"'
 * ```
 */
export function wordsQuery(text: string): string | null {
  const words = text
    .split(/\s+/)
    .map((w) => ({ prefix: w.length > 1 && w.endsWith("*"), word: w.replace(/\*+$/, "").replace(/"/g, "") }))
    .filter((w) => /[\p{L}\p{N}]/u.test(w.word));
  if (words.length === 0) return null;
  return words.map((w) => `"${w.word}"${w.prefix ? "*" : ""}`).join(" ");
}

/**
 * Restricts an FTS5 query to some fields.
 *
 * @example
 * ```ts
 * inFields('"cdp"', ["headerFields"]); // '{header_fields} : ("cdp")'
 * ```
 */
export function inFields(query: string, fields: readonly SearchField[] | undefined): string {
  if (fields === undefined || fields.length === 0) return query;
  return `{${fields.map((f) => SEARCH_COLUMNS[f]).join(" ")}} : (${query})`;
}
