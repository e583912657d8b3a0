/**
 * A {@link ConditionalStore} on a local or network file system: a {@link FileSystemStore} whose values' tags are
 * quoted SHA-256 hashes of their bytes. `putIfAbsent` writes a complete temporary file and hard-links it into place
 * (`link` fails when the target exists, atomically, also on NFS); `putIfMatch`, `deleteIfMatch` and `delete` act
 * under a short per-key lock directory (proper-lockfile, stale after 2 s, so a process killed in the middle
 * blocks nobody for long). Several processes on several hosts may share one store.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as lockfile from "proper-lockfile";
import { StorageError, type StorageOperation } from "../errors";
import { FileSystemStore, isTransientFsError, type FileSystemStoreOptions } from "../storage/file-system-store";
import { assertStoreKey, type GetOptions, type StoreKey } from "../storage/types";
import { partialPath } from "../util/atomic-file";
import type { ConditionalStore, VersionedValue } from "../cloud/conditional";
import { sleep } from "../util/sleep";
import { backoffDelay } from "./wait";

/** Options of a {@link FileSystemConditionalStore}. */
export interface FileSystemConditionalStoreOptions extends FileSystemStoreOptions {
  /** How long a conditional write waits for another one on the same key before giving up (default 30 000 ms). */
  casTimeoutMs?: number;
}

/** How long a key's compare-and-swap lock may go unrefreshed before it counts as abandoned. */
const CAS_STALE_MS = 2000;

/**
 * The tag of a value on disk: the SHA-256 of its bytes, hex, in quotes like an HTTP ETag.
 *
 * @example
 * ```ts
 * contentEtag(new TextEncoder().encode("{}")); // '"44136fa3..."'
 * ```
 */
export function contentEtag(bytes: Uint8Array): string {
  return `"${createHash("sha256").update(bytes).digest("hex")}"`;
}

/**
 * Files under a root directory with compare-and-swap writes, for leases and journals on shared file systems and
 * as a stand-in for object storage in tests.
 *
 * @example
 * ```ts
 * const store = new FileSystemConditionalStore("/shared/locks");
 * const tag = await store.putIfAbsent("/project.lease", bytes);
 * const current = await store.getWithEtag("/project.lease");
 * await store.putIfMatch("/project.lease", renewed, current!.etag);
 * ```
 */
export class FileSystemConditionalStore extends FileSystemStore implements ConditionalStore {
  private readonly casTimeoutMs: number;

  constructor(root: string, options: FileSystemConditionalStoreOptions = {}) {
    super(root, options);
    this.casTimeoutMs = options.casTimeoutMs ?? 30_000;
  }

  /** The value under `key` with its content hash as tag, or `undefined`. */
  async getWithEtag(key: StoreKey, options: GetOptions = {}): Promise<VersionedValue | undefined> {
    const bytes = await this.get(key, options);
    return bytes === undefined ? undefined : { bytes, etag: contentEtag(bytes) };
  }

  /** Creates `key` unless a file holds it: the new tag, or `undefined`. */
  async putIfAbsent(key: StoreKey, bytes: Uint8Array): Promise<string | undefined> {
    const file = this.filePath(key);
    return this.io("set", key, async () => {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temp = await writeTemp(file, bytes);
      try {
        await fs.link(temp, file);
        return contentEtag(bytes);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
        if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
        // No hard links here (some FUSE and SMB mounts): check and rename under the key's lock instead.
        return this.underKeyLock(key, file, async () => {
          if ((await this.size(key)) !== undefined) return undefined;
          await fs.rename(temp, file);
          return contentEtag(bytes);
        });
      } finally {
        await fs.rm(temp, { force: true });
      }
    });
  }

  /** Replaces `key` if its bytes still hash to `etag`: the new tag, or `undefined`. */
  async putIfMatch(key: StoreKey, bytes: Uint8Array, etag: string): Promise<string | undefined> {
    const file = this.filePath(key);
    return this.io("set", key, async () => {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temp = await writeTemp(file, bytes);
      try {
        return await this.underKeyLock(key, file, async () => {
          const current = await this.getWithEtag(key);
          if (current?.etag !== etag) return undefined;
          await fs.rename(temp, file);
          return contentEtag(bytes);
        });
      } finally {
        await fs.rm(temp, { force: true });
      }
    });
  }

  /** Removes `key` if its bytes still hash to `etag`; false when they do not, or it is gone. */
  async deleteIfMatch(key: StoreKey, etag: string): Promise<boolean> {
    const file = this.filePath(key);
    return this.io("delete", key, () =>
      this.underKeyLock(key, file, async () => {
        if ((await this.getWithEtag(key))?.etag !== etag) return false;
        return super.delete(key);
      }),
    );
  }

  /** Removes `key` (under its lock, so that no compare-and-swap straddles it); true when there was a value. */
  override async delete(key: StoreKey): Promise<boolean> {
    const file = this.filePath(key);
    if ((await this.size(key)) === undefined) return false;
    return this.io("delete", key, () => this.underKeyLock(key, file, () => super.delete(key)));
  }

  /** Runs `fn` holding the key's compare-and-swap lock, a directory `.<name>.cas-lock` beside the key's file. */
  private async underKeyLock<T>(key: StoreKey, file: string, fn: () => Promise<T>): Promise<T> {
    assertStoreKey(key);
    const lockfilePath = path.join(path.dirname(file), `.${path.basename(file)}.cas-lock`);
    const deadline = Date.now() + this.casTimeoutMs;
    let release: () => Promise<void>;
    for (let attempt = 1; ; attempt++) {
      try {
        release = await lockfile.lock(file, { stale: CAS_STALE_MS, realpath: false, retries: 0, lockfilePath, onCompromised: () => undefined });
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== "ELOCKED") throw error;
        if (Date.now() >= deadline) {
          throw new StorageError(`another writer held ${lockfilePath} for over ${this.casTimeoutMs} ms; retry later`, { store: this.root, key, operation: "set", transient: true }, { cause: error });
        }
        await sleep(backoffDelay(attempt, 2, 50));
      }
    }
    try {
      return await fn();
    } finally {
      await release().catch(() => undefined);
    }
  }

  /** Turns file-system errors into StorageErrors naming the store and key; passes SeisProc errors through. */
  private async io<T>(operation: StorageOperation, key: StoreKey, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof StorageError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      throw new StorageError(`${code}: ${(error as Error).message}`, { store: this.root, key, operation, transient: isTransientFsError(error) }, { cause: error });
    }
  }
}

/** Writes `bytes` to a fresh hidden temporary file beside `file`, flushed; returns its path. */
async function writeTemp(file: string, bytes: Uint8Array): Promise<string> {
  const temp = partialPath(file);
  const handle = await fs.open(temp, "wx");
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return temp;
}
