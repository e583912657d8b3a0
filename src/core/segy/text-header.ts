/**
 * SEG-Y textual headers: 3200-byte blocks of 40 card images of 80 characters, in EBCDIC or ASCII (detected per
 * block). Decoding keeps every byte, NULs included, so a NUL never cuts the text.
 *
 * @module
 */
import { decodeEbcdic, encodeEbcdic, isPrintableEbcdic } from "./ebcdic";

/** Size of a textual header block in bytes. */
export const TEXT_HEADER_BYTES = 3200;

/** The code a textual header is written in; `"empty"` when every byte is NUL. */
export type TextEncoding = "ebcdic" | "ascii" | "empty";

/** One decoded textual header block. */
export interface TextHeader {
  /** 0 for the textual file header, 1.. for the extended textual headers. */
  readonly index: number;
  /** Detected code of the block. */
  readonly encoding: TextEncoding;
  /** The 3200 characters (EBCDIC through code page 037, ASCII as Latin-1), NULs kept. */
  readonly text: string;
  /** The block's raw bytes, for bit-exact export. */
  readonly raw: Uint8Array;
}

/**
 * Detects the code of a textual header block: the first non-NUL byte decides when it is `C` (card image) or
 * `(` (rev 2 stanza) in either code; otherwise the code in which more bytes are printable wins.
 *
 * @example
 * ```ts
 * detectTextEncoding(Uint8Array.of(0xc3, 0x40)); // "ebcdic"
 * ```
 */
export function detectTextEncoding(block: Uint8Array): TextEncoding {
  let first = 0;
  while (first < block.length && block[first] === 0) first++;
  if (first === block.length) return "empty";
  const lead = block[first];
  if (lead === 0xc3 || lead === 0x4d) return "ebcdic";
  if (lead === 0x43 || lead === 0x28) return "ascii";
  let ascii = 0;
  let ebcdic = 0;
  for (const byte of block) {
    if (byte >= 32 && byte < 127) ascii++;
    if (isPrintableEbcdic(byte)) ebcdic++;
  }
  return ascii >= ebcdic ? "ascii" : "ebcdic";
}

/**
 * Decodes one textual header block.
 *
 * @example
 * ```ts
 * decodeTextHeader(block, 0).text.slice(0, 80); // "C 1 CLIENT ..."
 * ```
 */
export function decodeTextHeader(block: Uint8Array, index: number): TextHeader {
  const encoding = detectTextEncoding(block);
  const text = encoding === "ebcdic" ? decodeEbcdic(block) : Buffer.from(block).toString("latin1");
  return { index, encoding, text, raw: block.slice() };
}

/**
 * Encodes text as one 3200-byte block, padded with spaces (cut at 3200 characters). Text given as lines is
 * laid out as 80-character card images.
 *
 * @example
 * ```ts
 * encodeTextHeader(["C 1 SeisProc", "C 2"], "ebcdic").length; // 3200
 * ```
 */
export function encodeTextHeader(text: string | readonly string[], encoding: "ebcdic" | "ascii" = "ebcdic"): Uint8Array {
  const body = typeof text === "string" ? text : text.map((line) => line.slice(0, 80).padEnd(80, " ")).join("");
  const padded = body.slice(0, TEXT_HEADER_BYTES).padEnd(TEXT_HEADER_BYTES, " ");
  return encoding === "ebcdic" ? encodeEbcdic(padded) : new Uint8Array(Buffer.from(padded, "latin1"));
}

/**
 * The 40 card images of a decoded header, trailing spaces trimmed (NULs and control characters shown as spaces).
 *
 * @example
 * ```ts
 * textHeaderLines(header)[0]; // "C 1 CLIENT ACME"
 * ```
 */
export function textHeaderLines(header: TextHeader): string[] {
  const lines: string[] = [];
  // NULs and control characters (EBCDIC 0x20 decodes to U+0080, for one) show as spaces.
  for (let i = 0; i < header.text.length; i += 80) lines.push(header.text.slice(i, i + 80).replace(/[\0-\x1f\x7f-\x9f]/g, " ").trimEnd());
  return lines;
}

/**
 * True when the block's first line is the `((SEG: EndText))` stanza (spaces and case ignored), in either code.
 *
 * @example
 * ```ts
 * isEndTextStanza(encodeTextHeader("((SEG: EndText))", "ascii")); // true
 * ```
 */
export function isEndTextStanza(block: Uint8Array): boolean {
  const line = block.subarray(0, 80);
  for (const text of [Buffer.from(line).toString("latin1"), decodeEbcdic(line)]) {
    if (text.replace(/\s/g, "").toUpperCase().startsWith("((SEG:ENDTEXT))")) return true;
  }
  return false;
}
