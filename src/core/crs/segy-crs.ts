/**
 * The CRS in SEG-Y file headers, as an export writes it: one card of the textual file header
 * (`C38 CRS: EPSG:32631 WGS 84 / UTM zone 31N`, on a blank card, never over existing text) and, for rev 1 and
 * rev 2 files, an extended textual header stanza `((SEG: Location Data ver 1.0))` of `keyword = value` lines,
 * followed by the `((SEG: EndText))` stanza (docs/crs.md). Everything else in the headers is kept byte for byte.
 *
 * @module
 */
import { decodeEbcdic, encodeEbcdic } from "../segy/ebcdic";
import { detectTextEncoding, isEndTextStanza, TEXT_HEADER_BYTES } from "../segy/text-header";
import type { Logger } from "../util/logger";
import { parseCrsMetadata, type CrsMetadata } from "./crs-metadata";

const CARD = 80;
const CARDS = TEXT_HEADER_BYTES / CARD;
/** The card the CRS line goes on when it is blank (C38: C39 and C40 name the revision and end the header). */
const PREFERRED_CARD = 38;
/** The stanza header SeisProc writes. */
export const CRS_STANZA_HEADER = "((SEG: Location Data ver 1.0))";
/** The line that marks a Location Data stanza as SeisProc's (so a re-export replaces it instead of adding one). */
const WRITER_LINE = "Written By = SeisProc";
const END_TEXT = "((SEG: EndText))";
/** Continuation lines of a long value start with this indent. */
const INDENT = "  ";

/** The text of a card prefix: `"C 9 "`, `"C38 "`. */
function cardPrefix(card: number): string {
  return card < 10 ? `C ${card} ` : `C${card} `;
}

/**
 * The textual-header line that names a CRS (without the card prefix), at most 76 characters.
 *
 * @example
 * ```ts
 * crsCardText(crs); // "CRS: EPSG:32631 WGS 84 / UTM zone 31N"
 * ```
 */
export function crsCardText(crs: CrsMetadata): string {
  const text = crs.epsg === null ? `CRS: ${crs.name === crs.proj4 ? crs.proj4 : `${crs.name} ${crs.proj4}`}` : `CRS: EPSG:${crs.epsg} ${crs.name}`;
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, CARD - 4);
}

type Codec = { decode(bytes: Uint8Array): string; encode(text: string): Uint8Array };

function codecOf(block: Uint8Array): Codec {
  return detectTextEncoding(block) === "ascii"
    ? { decode: (b) => Buffer.from(b).toString("latin1"), encode: (t) => new Uint8Array(Buffer.from(t, "latin1")) }
    : { decode: decodeEbcdic, encode: encodeEbcdic };
}

/** True when a card holds nothing but its `Cnn` prefix (or is empty): spaces and NULs. */
function isBlankCard(text: string): boolean {
  return /^(C\s*\d{0,2})?[\s\0]*$/.test(text);
}

/**
 * Puts the CRS line on a blank card of a 3200-byte textual file header: the card already holding a `CRS:` line
 * if there is one, else C38 if blank, else the last blank card from C37 up to C2. Returns the new block (the
 * input is not changed), or null when every card holds text (nothing is overwritten).
 *
 * @example
 * ```ts
 * const block = withCrsCard(textHeader, crs); // Uint8Array | null
 * ```
 */
export function withCrsCard(block: Uint8Array, crs: CrsMetadata): Uint8Array | null {
  if (block.length !== TEXT_HEADER_BYTES) return null;
  const codec = codecOf(block);
  const cards = Array.from({ length: CARDS }, (_, i) => codec.decode(block.subarray(i * CARD, (i + 1) * CARD)));
  let card = cards.findIndex((text) => /^C\s*\d{1,2}\s+CRS:/.test(text)) + 1;
  if (card === 0 && isBlankCard(cards[PREFERRED_CARD - 1])) card = PREFERRED_CARD;
  for (let c = PREFERRED_CARD - 1; card === 0 && c >= 2; c--) if (isBlankCard(cards[c - 1])) card = c;
  if (card === 0) return null;
  const out = block.slice();
  out.set(codec.encode((cardPrefix(card) + crsCardText(crs)).padEnd(CARD, " ")), (card - 1) * CARD);
  return out;
}

/** `keyword = value` lines, long values continued on indented lines, no line ending in a space. */
function stanzaLines(crs: CrsMetadata): string[] {
  const fields: Array<[string, string]> = [
    ["Stanza Name", "Location Data"],
    [WRITER_LINE.split(" = ")[0], "SeisProc"],
    ["Coordinate Reference System Name", crs.name],
    ["Coordinate Reference System Code", crs.epsg === null ? "none" : `EPSG:${crs.epsg}`],
    ["Coordinate Reference System Kind", crs.kind],
    ["Coordinate Units", crs.units],
    ["Proj4", crs.proj4],
  ];
  if (crs.wkt !== null) fields.push(["WKT", crs.wkt]);
  const lines = [CRS_STANZA_HEADER];
  for (const [key, rawValue] of fields) {
    const value = rawValue.replace(/[^\x20-\x7e]/g, "?").replace(/\s+/g, " ").trim();
    let rest = `${key} = ${value}`;
    let width = CARD;
    while (rest.length > width) {
      let cut = width;
      while (cut > width / 2 && rest[cut - 1] === " ") cut--; // never end a line in a space: padding is spaces too
      lines.push((width === CARD ? "" : INDENT) + rest.slice(0, cut));
      rest = rest.slice(cut);
      width = CARD - INDENT.length;
    }
    lines.push((width === CARD ? "" : INDENT) + rest);
  }
  return lines;
}

/**
 * The extended textual header blocks of SeisProc's CRS stanza (one block; more for a long WKT), as text of
 * 80-character lines.
 *
 * @example
 * ```ts
 * crsStanzaBlocks(crs)[0].slice(0, 30); // "((SEG: Location Data ver 1.0))"
 * ```
 */
export function crsStanzaBlocks(crs: CrsMetadata): string[] {
  const lines = stanzaLines(crs);
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i += CARDS) {
    blocks.push(lines.slice(i, i + CARDS).map((l) => l.padEnd(CARD, " ")).join("").padEnd(TEXT_HEADER_BYTES, " "));
  }
  return blocks;
}

function isStanzaStart(text: string): boolean {
  return text.trimStart().startsWith("((");
}

/**
 * Reads a CRS stanza written by {@link crsStanzaBlocks} back from extended textual header texts: the fields by
 * keyword, or null when there is none.
 *
 * @example
 * ```ts
 * readCrsStanza(reader.textHeaders.slice(1).map((t) => t.text))?.["Coordinate Reference System Code"]; // "EPSG:32631"
 * ```
 */
export function readCrsStanza(texts: readonly string[]): Record<string, string> | null {
  const start = texts.findIndex((t) => t.startsWith(CRS_STANZA_HEADER));
  if (start < 0) return null;
  const lines: string[] = [];
  for (let b = start; b < texts.length && (b === start || !isStanzaStart(texts[b])); b++) {
    for (let i = 0; i < texts[b].length; i += CARD) lines.push(texts[b].slice(i, i + CARD).replace(/[\s\0]+$/, ""));
  }
  const fields: Record<string, string> = {};
  let last: string | undefined;
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    if (line.startsWith(INDENT) && last !== undefined) {
      fields[last] += line.slice(INDENT.length);
      continue;
    }
    const eq = line.indexOf(" = ");
    if (eq < 0) continue;
    last = line.slice(0, eq);
    fields[last] = line.slice(eq + 3);
  }
  return fields;
}

/** The textual headers of an export, before and after the CRS is written into them. */
export interface SegyTextHeaders {
  /** The 3200-byte textual file header. */
  textHeader: Uint8Array;
  /** The extended textual headers, 3200 bytes each. */
  extendedTextHeaders: Uint8Array[];
}

/** What {@link withCrsTextHeaders} returns: the headers, and the extended-header count to write when it changed. */
export interface CrsTextHeaders extends SegyTextHeaders {
  /** The count for binary header bytes 3505-3506, or undefined when the extended headers are unchanged. */
  extendedHeaderCount: number | undefined;
}

/**
 * Writes a dataset's CRS (its metadata `crs` slot) into the textual headers of a SEG-Y export of `revision`:
 * the textual-header card (when a card is blank; otherwise a warning is logged and the card is left out), and
 * for rev 1 and 2 the Location Data stanza, put before a closing `((SEG: EndText))` stanza (added when
 * missing). A SeisProc stanza from an earlier export is replaced; other stanzas are kept as they are. Without a
 * CRS the headers are returned unchanged.
 *
 * @example
 * ```ts
 * const h = withCrsTextHeaders(data.metadata.crs, { textHeader, extendedTextHeaders: [] }, 2);
 * h.extendedHeaderCount; // 2: the stanza and EndText
 * ```
 */
export function withCrsTextHeaders(crsValue: unknown, headers: SegyTextHeaders, revision: number, logger?: Logger): CrsTextHeaders {
  const crs = parseCrsMetadata(crsValue);
  if (crs === null) return { ...headers, extendedHeaderCount: undefined };
  const textHeader = withCrsCard(headers.textHeader, crs);
  if (textHeader === null) {
    logger?.log("warn", "the textual file header has no blank card for the CRS line; it is left as it was", { crs: crsCardText(crs), stanza: revision >= 1 });
  }
  if (revision < 1) return { textHeader: textHeader ?? headers.textHeader, extendedTextHeaders: headers.extendedTextHeaders, extendedHeaderCount: undefined };
  const encoding = detectTextEncoding(headers.textHeader) === "ascii" ? "ascii" : "ebcdic";
  const encode = (text: string): Uint8Array => (encoding === "ascii" ? new Uint8Array(Buffer.from(text, "latin1")) : encodeEbcdic(text));
  const texts = headers.extendedTextHeaders.map((b) => codecOf(b).decode(b));
  // Drop an earlier SeisProc stanza (its header block and continuation blocks).
  const kept: Uint8Array[] = [];
  for (let i = 0; i < texts.length; i++) {
    if (texts[i].startsWith(CRS_STANZA_HEADER) && texts[i].includes(WRITER_LINE)) {
      while (i + 1 < texts.length && !isStanzaStart(texts[i + 1])) i++;
      continue;
    }
    kept.push(headers.extendedTextHeaders[i]);
  }
  const endText = kept.length > 0 && isEndTextStanza(kept[kept.length - 1]) ? kept.pop() : undefined;
  const stanza = crsStanzaBlocks(crs).map(encode);
  const extended = [...kept, ...stanza, endText ?? encode(END_TEXT.padEnd(TEXT_HEADER_BYTES, " "))];
  return { textHeader: textHeader ?? headers.textHeader, extendedTextHeaders: extended, extendedHeaderCount: extended.length };
}
