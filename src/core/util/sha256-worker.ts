/**
 * A file's SHA-256 on a worker thread, so that an import hashes its source while it reads and compresses it
 * (hashing 1 GB takes about 0.6 s of a core, which the calling thread then does not spend).
 *
 * @module
 */
import * as path from "node:path";
import { parentPort, Worker, workerData } from "node:worker_threads";
import { fileSha256 } from "./file-sha256";

interface HashJob {
  kind: "seisproc-sha256";
  file: string;
}

type HashMessage = { bytes: number } | { sha256: string } | { error: string; code?: string };

/**
 * The SHA-256 of `file` (hex), computed on a worker thread; `onBytes` hears the bytes hashed so far (every
 * 64 MiB or so). Aborting `signal` stops the worker and rejects with the signal's reason.
 *
 * @example
 * ```ts
 * const hashing = fileSha256InWorker("line.sgy"); // runs while the caller goes on
 * const sha256 = await hashing;
 * ```
 */
export function fileSha256InWorker(file: string, onBytes?: (bytes: number) => void, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const job: HashJob = { kind: "seisproc-sha256", file };
    const worker = new Worker(path.join(__dirname, "sha256-worker.js"), { workerData: job });
    let settled = false;
    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      settle();
      void worker.terminate();
    };
    const onAbort = (): void => finish(() => reject(signal?.reason));
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (message: HashMessage) => {
      if ("bytes" in message) onBytes?.(message.bytes);
      else if ("sha256" in message) finish(() => resolve(message.sha256));
      else finish(() => reject(Object.assign(new Error(message.error), { code: message.code })));
    });
    worker.once("error", (error) => finish(() => reject(error)));
    worker.once("exit", (code) => finish(() => reject(new Error(`the SHA-256 worker for ${file} exited with code ${code} before it answered`))));
  });
}

if (parentPort !== null && (workerData as HashJob | undefined)?.kind === "seisproc-sha256") {
  const port = parentPort;
  let reported = 0;
  fileSha256((workerData as HashJob).file, (bytes) => {
    if (bytes - reported >= 64 << 20) {
      reported = bytes;
      port.postMessage({ bytes });
    }
  }).then(
    (sha256) => port.postMessage({ sha256 }),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error), code: (error as { code?: string }).code }),
  );
}
