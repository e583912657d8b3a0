/**
 * The options that say how to read an input file, shared by `inspect` and `convert`: `--container`,
 * `--byte-order`, `--samples`, `--header-map` and `--allow-truncated`.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import { fileAccessError, isSeisprocError, ValidationError } from "../core/errors";
import { HeaderMap, type SegyReaderOptions } from "../core/segy";
import { choiceOption, intOption } from "./args";

/**
 * The raw option values that {@link readerOptions} reads.
 *
 * @example
 * ```ts
 * const raw: ReadOptionValues = { container: "su", byteOrder: "little" };
 * ```
 */
export interface ReadOptionValues {
  container?: string;
  byteOrder?: string;
  samples?: string;
  headerMap?: string;
  allowTruncated?: boolean;
}

/**
 * Reads a header map JSON file (see docs/header-maps.md); errors name the file.
 *
 * @example
 * ```ts
 * const map = await loadHeaderMap("map.json");
 * ```
 */
export async function loadHeaderMap(path: string): Promise<HeaderMap> {
  const text = await fs.readFile(path, "utf8").catch((error: unknown) => {
    throw fileAccessError(path, error);
  });
  try {
    return HeaderMap.fromJson(text);
  } catch (error) {
    if (isSeisprocError(error, ValidationError)) throw new ValidationError(path, error.message, { cause: error });
    throw error;
  }
}

/**
 * SegyReader options from the command line's reading options; `optionPrefix` names them in messages
 * (`"--"` for inspect, `"--input-"` for convert).
 *
 * @example
 * ```ts
 * const options = await readerOptions({ container: "su", byteOrder: "auto" });
 * const reader = await SegyReader.open("line.su", options);
 * ```
 */
export async function readerOptions(values: ReadOptionValues, optionPrefix = "--"): Promise<SegyReaderOptions> {
  const container = choiceOption(`${optionPrefix}container`, values.container, ["segy", "su", "auto"] as const);
  const byteOrder = choiceOption(`${optionPrefix}byte-order`, values.byteOrder, ["big", "little", "auto"] as const);
  return {
    container,
    byteOrder,
    samplesPerTrace: intOption(`${optionPrefix}samples`, values.samples, 1, 0x7fffffff),
    allowTruncated: values.allowTruncated,
    headerMap: values.headerMap === undefined ? undefined : await loadHeaderMap(values.headerMap),
  };
}
