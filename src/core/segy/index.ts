/**
 * The SEG-Y codec: reading and writing SEG-Y rev 0/1/2 and Seismic Unix files.
 *
 * @module
 * @example
 * ```ts
 * import { SegyReader } from "seisproc";
 * const reader = await SegyReader.open("survey.sgy");
 * ```
 */
export * from "./binary-fields";
export * from "./byte-order";
export * from "./byte-source";
export * from "./convert";
export * from "./ebcdic";
export * from "./header-field";
export * from "./header-map";
export * from "./ibm-float";
export * from "./layout";
export * from "./parallel-read";
export * from "./sample-formats";
export * from "./segy-reader";
export * from "./segy-writer";
export * from "./text-header";
export * from "./trace-batch";
export * from "./trace-bytes";
export * from "./trace-fields";
