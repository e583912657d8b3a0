/**
 * Streaming SHA-256 of a file, used to record an imported file's checksum and to check it again later.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/**
 * The SHA-256 of a file, hex, streamed; `onBytes` hears the bytes hashed so far.
 *
 * @example
 * ```ts
 * const sha256 = await fileSha256("line.sgy");
 * ```
 */
export async function fileSha256(file: string, onBytes?: (bytes: number) => void, signal?: AbortSignal): Promise<string> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20, signal })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    onBytes?.(bytes);
  }
  return hash.digest("hex");
}
