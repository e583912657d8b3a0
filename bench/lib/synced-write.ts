/** How fast the disk under the benchmark data takes synced writes: the ceiling of any durable import there. */
import { promises as fs } from "node:fs";
import * as path from "node:path";

/**
 * MB/s of writing `bytes` to a new file in `dir` in 4 MiB pieces, then syncing it (like `dd conv=fsync`); the
 * file is removed afterwards.
 */
export async function syncedWriteRate(dir: string, bytes = 512e6): Promise<number> {
  const file = path.join(dir, `synced-write-${process.pid}.tmp`);
  const piece = new Uint8Array(4 << 20).map((_, i) => (i * 2654435761) >>> 24); // not all zeros
  const handle = await fs.open(file, "w");
  try {
    const t0 = performance.now();
    for (let done = 0; done < bytes; done += piece.length) await handle.write(piece, 0, Math.min(piece.length, bytes - done));
    await handle.sync();
    return bytes / 1e6 / ((performance.now() - t0) / 1000);
  } finally {
    await handle.close();
    await fs.rm(file, { force: true });
  }
}
