/**
 * Human sizes on the command line: `300MB`, `2GB`, `10KB`, `512` (bytes). Units are decimal (1 MB = 10^6 bytes);
 * `KiB`, `MiB`, `GiB` are binary.
 *
 * @module
 */
import { UsageError } from "./command";

const UNITS: Record<string, number> = { "": 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

/**
 * Parses a size into bytes.
 *
 * @example
 * ```ts
 * parseSize("300MB"); // 300000000
 * parseSize("1GiB"); // 1073741824
 * ```
 */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m === null ? undefined : UNITS[m[2].toLowerCase()];
  if (m === null || unit === undefined) throw new UsageError(`"${text}" is not a size; write e.g. 20MB, 300MB, 2GB or 1GiB`);
  return Math.round(Number(m[1]) * unit);
}
