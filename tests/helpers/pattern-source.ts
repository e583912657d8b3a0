import type { ByteSource } from "../../src";

/**
 * A byte source of any claimed size that holds no memory for it: `head` followed by `unit` repeated. It lets a
 * test show that the reader copes with huge files (and huge claimed counts) without touching every byte.
 */
export class PatternByteSource implements ByteSource {
  /** Number of read calls and total bytes returned, to show what the reader touched. */
  reads = 0;
  bytesRead = 0;
  largestRead = 0;

  constructor(
    readonly name: string,
    readonly size: number,
    private readonly head: Uint8Array,
    private readonly unit: Uint8Array,
  ) {}

  async read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
    const n = Math.max(0, Math.min(length, this.size - offset));
    const out = into !== undefined && into.length >= n ? into.subarray(0, n) : new Uint8Array(n);
    let i = 0;
    while (i < n) {
      const p = offset + i;
      if (p < this.head.length) {
        const run = Math.min(this.head.length - p, n - i);
        out.set(this.head.subarray(p, p + run), i);
        i += run;
      } else {
        const u = (p - this.head.length) % this.unit.length;
        const run = Math.min(this.unit.length - u, n - i);
        out.set(this.unit.subarray(u, u + run), i);
        i += run;
      }
    }
    this.reads++;
    this.bytesRead += n;
    this.largestRead = Math.max(this.largestRead, n);
    return out;
  }

  async close(): Promise<void> {}
}
