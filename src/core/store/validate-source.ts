/**
 * Checking a store against its source file: the file's size and SHA-256 (streamed, 4 MiB at a time) against
 * those recorded in `seisproc/metadata.json` at import. A changed source is reported, never repaired: the store
 * still holds what was imported.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import { fileSha256 } from "../util/file-sha256";
import type { CheckContext } from "./validate-problems";

/**
 * Compares `source` with the size and checksum recorded at import.
 *
 * @example
 * ```ts
 * await checkSource(context, "line.sgy"); // problems of kind source-missing or source-changed
 * ```
 */
export async function checkSource(context: CheckContext, source: string): Promise<void> {
  const recorded = context.metadata.source;
  const stat = await fs.stat(source).catch(() => undefined);
  if (stat === undefined || !stat.isFile()) {
    context.problems.add("source-missing", source, "no such file; give the path of the file that was imported", false);
    return;
  }
  if (stat.size !== recorded.size) {
    context.problems.add("source-changed", source, `is ${stat.size} bytes, the imported file was ${recorded.size}; the store keeps what was imported (re-import to follow the change)`, false);
    return;
  }
  const sha256 = await fileSha256(source, (done) => context.onProgress?.({ phase: "source", done, total: stat.size }), context.signal);
  if (sha256 !== recorded.sha256) {
    context.problems.add("source-changed", source, `its SHA-256 is ${sha256}, the imported file's ${recorded.sha256}; the store keeps what was imported (re-import to follow the change)`, false);
  }
}
