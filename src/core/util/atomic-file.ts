/**
 * Files that appear complete or not at all: written under a temporary name in the same directory, flushed to
 * disk, then renamed over the target.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fileAccessError } from "../errors";

/** Matches the temporary names {@link partialPath} makes: `.<name>.partial-<pid>-<8 hex>`. */
export const PARTIAL_NAME = /^\..+\.partial-\d+-[0-9a-f]{8}$/;

/**
 * A fresh temporary path beside `target`, hidden and recognisable ({@link PARTIAL_NAME}), for writing `target`
 * atomically: write there, flush, rename over `target`.
 *
 * @example
 * ```ts
 * partialPath("/data/line.sgy"); // "/data/.line.sgy.partial-4242-9f3a01bc"
 * ```
 */
export function partialPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.partial-${process.pid}-${randomBytes(4).toString("hex")}`);
}

/**
 * A file being written atomically.
 *
 * @example
 * ```ts
 * const file = await AtomicFile.create("out.sgy");
 * await file.write(bytes);
 * await file.commit(); // now out.sgy exists, complete
 * ```
 */
export class AtomicFile {
  private finished = false;
  /** Bytes written so far. */
  bytesWritten = 0;

  private constructor(
    /** The final path. */
    readonly path: string,
    /** The temporary path written to until {@link commit}. */
    readonly tempPath: string,
    private readonly handle: fs.FileHandle,
  ) {}

  /** Starts writing `target`; the directory must exist. */
  static async create(target: string): Promise<AtomicFile> {
    const tempPath = partialPath(target);
    try {
      const stat = await fs.stat(target).catch(() => undefined);
      if (stat?.isDirectory() === true) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      return new AtomicFile(target, tempPath, await fs.open(tempPath, "wx"));
    } catch (error) {
      throw fileAccessError(target, error);
    }
  }

  /** Appends bytes. */
  async write(bytes: Uint8Array): Promise<void> {
    let done = 0;
    try {
      while (done < bytes.length) {
        const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done);
        done += bytesWritten;
      }
    } catch (error) {
      throw fileAccessError(this.path, error);
    }
    this.bytesWritten += bytes.length;
  }

  /** Flushes to disk and renames into place. */
  async commit(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.handle.sync();
      await this.handle.close();
      await fs.rename(this.tempPath, this.path);
    } catch (error) {
      await fs.rm(this.tempPath, { force: true });
      throw fileAccessError(this.path, error);
    }
  }

  /** Throws the partial file away; the target is left as it was. */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.handle.close().catch(() => undefined);
    await fs.rm(this.tempPath, { force: true });
  }
}
