/**
 * SEG-Y bytes straight from an object (S3, Azure) through ranged reads, with no download to disk: the SEG-Y
 * reader sees an ordinary {@link ByteSource}. Reads that follow each other are served from blocks fetched ahead
 * in parallel (read-ahead, bounded memory); scattered small reads are single ranged requests. The bytes that pass
 * through in order are hashed on the way, so the SHA-256 an import records costs no second download.
 *
 * @module
 */
import { createHash, type Hash } from "node:crypto";
import { FileAccessError, ValidationError } from "../errors";
import type { ByteSource } from "../segy/byte-source";
import type { GetOptions, RangeQuery, StoreKey } from "../storage/types";
import type { ObjectStat } from "./object-store";

/** What an {@link ObjectByteSource} reads from: ranged reads and facts of one key (an {@link ObjectStore}). */
export interface RangedObjects {
  getRange(key: StoreKey, range: RangeQuery, options?: GetOptions): Promise<Uint8Array | undefined>;
  stat(key: StoreKey, options?: GetOptions): Promise<ObjectStat | undefined>;
}

/** Options of {@link ObjectByteSource.open}. */
export interface ObjectByteSourceOptions {
  /** The name in messages and metadata (default the key). */
  name?: string;
  /** Bytes per block fetched (default 4 MiB). */
  blockBytes?: number;
  /** Blocks fetched ahead of sequential reads (default 8); memory is about `(readAhead + 2) * blockBytes`. */
  readAhead?: number;
  /** Called when the source is closed (e.g. to close the store's connections). */
  onClose?: () => void | Promise<void>;
}

/**
 * A {@link ByteSource} over one object.
 *
 * @example
 * ```ts
 * const store = new S3Store({ bucket: "surveys" });
 * const source = await ObjectByteSource.open(store, "/2024/north.sgy", { name: "s3://surveys/2024/north.sgy" });
 * const reader = await SegyReader.open(source);
 * ```
 */
export class ObjectByteSource implements ByteSource {
  /** When the object was last written (ms since 1970; 0 when the server does not say). */
  readonly modifiedMs: number;
  /** The object's version tag when opened. */
  readonly etag: string;
  private readonly blockBytes: number;
  private readonly readAhead: number;
  private readonly blocks = new Map<number, Promise<Uint8Array>>();
  private lastEnd = Number.NEGATIVE_INFINITY;
  private readonly hash: Hash = createHash("sha256");
  private hashedBlocks = 0;
  private readonly hashPending = new Map<number, Uint8Array>();
  private closed = false;

  private constructor(
    private readonly objects: RangedObjects,
    private readonly key: StoreKey,
    readonly name: string,
    readonly size: number,
    stat: ObjectStat,
    private readonly options: ObjectByteSourceOptions,
  ) {
    this.modifiedMs = stat.lastModified?.getTime() ?? 0;
    this.etag = stat.etag;
    this.blockBytes = options.blockBytes ?? 4 << 20;
    this.readAhead = options.readAhead ?? 8;
    if (!Number.isSafeInteger(this.blockBytes) || this.blockBytes < 1) throw new ValidationError("blockBytes", `must be a whole number >= 1, got ${this.blockBytes}`);
    if (!Number.isInteger(this.readAhead) || this.readAhead < 0) throw new ValidationError("readAhead", `must be a whole number >= 0, got ${this.readAhead}`);
  }

  /** Opens `key` of `objects`; a missing object is a {@link FileAccessError} naming it. */
  static async open(objects: RangedObjects, key: StoreKey, options: ObjectByteSourceOptions = {}): Promise<ObjectByteSource> {
    const name = options.name ?? key;
    const stat = await objects.stat(key);
    if (stat === undefined) {
      await options.onClose?.();
      throw new FileAccessError(name, "no such object; check the bucket or container, the key and the endpoint");
    }
    return new ObjectByteSource(objects, key, name, stat.size, stat, options);
  }

  async read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
    if (this.closed) throw new FileAccessError(this.name, "the source is closed");
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    const out = into !== undefined && into.length >= wanted ? into.subarray(0, wanted) : new Uint8Array(wanted);
    if (wanted === 0) return out;
    const sequential = Math.abs(offset - this.lastEnd) <= this.blockBytes;
    this.lastEnd = offset + wanted;
    if (!sequential && wanted < this.blockBytes / 8) {
      // A scattered small read (a header here, a trace there): just those bytes.
      out.set(await this.fetch(offset, wanted));
      return out;
    }
    const first = Math.floor(offset / this.blockBytes);
    const last = Math.floor((offset + wanted - 1) / this.blockBytes);
    const needed: Array<Promise<Uint8Array>> = [];
    for (let b = first; b <= last; b++) needed.push(this.block(b));
    if (sequential) for (let b = last + 1; b <= last + this.readAhead && b * this.blockBytes < this.size; b++) void this.block(b);
    for (let b = first; b <= last; b++) {
      const bytes = await needed[b - first];
      const start = b * this.blockBytes;
      const from = Math.max(offset, start);
      const to = Math.min(offset + wanted, start + bytes.length);
      out.set(bytes.subarray(from - start, to - start), from - offset);
    }
    this.evict(first);
    return out;
  }

  /**
   * The SHA-256 of the whole object, hex. Bytes already read in order were hashed as they passed; only the rest is
   * read now (with read-ahead), so after a full sequential pass this costs no request at all.
   */
  async sha256(onBytes?: (bytes: number) => void, signal?: AbortSignal): Promise<string> {
    const count = Math.ceil(this.size / this.blockBytes);
    while (this.hashedBlocks < count) {
      signal?.throwIfAborted();
      const next = this.hashedBlocks;
      for (let b = next; b <= next + this.readAhead && b < count; b++) this.block(b);
      // Hashed as it arrived, unless it arrived too far ahead of the hash and was not kept for it: then now.
      this.hashBlock(next, await this.block(next));
      this.evict(this.hashedBlocks);
      onBytes?.(Math.min(this.size, this.hashedBlocks * this.blockBytes));
    }
    return this.hash.copy().digest("hex");
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.blocks.clear();
    this.hashPending.clear();
    await this.options.onClose?.();
  }

  /** Block `b`, fetched once (the promise is shared by every reader of it). */
  private block(b: number): Promise<Uint8Array> {
    let promise = this.blocks.get(b);
    if (promise === undefined) {
      const start = b * this.blockBytes;
      const fetching = this.fetch(start, Math.min(this.blockBytes, this.size - start)).then((bytes) => {
        this.hashBlock(b, bytes);
        return bytes;
      });
      fetching.catch(() => {
        if (this.blocks.get(b) === fetching) this.blocks.delete(b); // a later read tries again
      });
      this.blocks.set(b, fetching);
      promise = fetching;
    }
    return promise;
  }

  /** Exactly `length` bytes at `offset`, or a FileAccessError when the object vanished or shrank. */
  private async fetch(offset: number, length: number): Promise<Uint8Array> {
    const bytes = await this.objects.getRange(this.key, { offset, length });
    if (bytes === undefined) throw new FileAccessError(this.name, "the object was deleted while it was read; read it again when it is back");
    if (bytes.length !== length) throw new FileAccessError(this.name, `the object changed while it was read (${bytes.length} bytes at ${offset} where ${length} were expected); read it again`);
    return bytes;
  }

  /** Feeds blocks to the hash in order; blocks that arrive early wait (a few, else they are read again later). */
  private hashBlock(b: number, bytes: Uint8Array): void {
    if (b < this.hashedBlocks) return;
    if (b > this.hashedBlocks) {
      if (b - this.hashedBlocks <= 2 * this.readAhead + 2) this.hashPending.set(b, bytes);
      return;
    }
    this.hash.update(bytes);
    this.hashedBlocks++;
    for (let next = this.hashPending.get(this.hashedBlocks); next !== undefined; next = this.hashPending.get(this.hashedBlocks)) {
      this.hashPending.delete(this.hashedBlocks);
      this.hash.update(next);
      this.hashedBlocks++;
    }
  }

  /** Drops blocks behind `first` (reads go forward) and, beyond the read-ahead window, the oldest. */
  private evict(first: number): void {
    for (const b of this.blocks.keys()) if (b < first - 1) this.blocks.delete(b);
    const keep = this.readAhead + 4;
    for (const b of this.blocks.keys()) {
      if (this.blocks.size <= keep) break;
      if (b < first || b > first + keep) this.blocks.delete(b);
    }
  }
}
