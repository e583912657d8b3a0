/**
 * The import's I/O helpers: positional reads on the calling thread (`FileByteSource.readSync`) and the source's
 * SHA-256 on a worker thread, each checked against the plain way of doing the same.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { FileByteSource } from "../../src/core/segy/byte-source";
import { fileSha256 } from "../../src/core/util/file-sha256";
import { fileSha256InWorker } from "../../src/core/util/sha256-worker";
import { tempDir } from "../helpers/paths";

describe("store import: reads on the calling thread and hashing on a worker", () => {
  const dir = tempDir("seisproc-import-io-");
  const file = path.join(dir, "bytes.bin");
  const bytes = Uint8Array.from({ length: (3 << 20) + 5 }, (_, i) => (i * 2654435761) >>> 24);
  before(() => writeFileSync(file, bytes));

  it("readSync returns what read returns, into a given buffer or a new one, short only at the end", async () => {
    const source = await FileByteSource.open(file);
    try {
      for (const [offset, length] of [[0, 10], [12345, 1 << 20], [bytes.length - 3, 10], [bytes.length, 4]]) {
        const want = await source.read(offset, length);
        assert.deepEqual(source.readSync(offset, length), want, `${offset} + ${length}`);
        const into = new Uint8Array(length + 1);
        const got = source.readSync(offset, length, into);
        assert.deepEqual(got, want);
        assert.equal(got.buffer, into.buffer, "read into the given buffer");
      }
    } finally {
      await source.close();
    }
  });

  it("the worker's SHA-256 is the file's, and progress comes every 64 MiB (none for a small file)", async () => {
    const heard: number[] = [];
    assert.equal(await fileSha256InWorker(file, (b) => heard.push(b)), await fileSha256(file));
    assert.deepEqual(heard, []);
  });

  it("a missing file rejects with its errno code; an aborted signal rejects with its reason", async () => {
    await assert.rejects(fileSha256InWorker(path.join(dir, "missing.bin")), (error: Error & { code?: string }) => error.code === "ENOENT" && /missing\.bin/.test(error.message));
    const controller = new AbortController();
    const hashing = fileSha256InWorker(file, undefined, controller.signal);
    controller.abort(new Error("stopped by the test"));
    await assert.rejects(hashing, /stopped by the test/);
  });
});
