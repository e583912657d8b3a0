/**
 * Takes a lock and holds it until killed, for tests that kill the holder with SIGKILL
 * (tests/collab/locks.test.ts):
 *
 *     node dist/tests/collab/lock-holder-child.js file TARGET_FILE STALE_MS
 *     node dist/tests/collab/lock-holder-child.js lease STORE_ROOT KEY TTL_MS
 *
 * Prints one JSON line `{"locked": true, "owner": LockOwner}` once the lock is held, then keeps it (refreshing
 * the lock file, renewing the lease) until killed.
 */
import { FileLock, FileSystemConditionalStore, LeaseLock } from "../../src/core/collab";
import type { StoreKey } from "../../src/core/storage/types";

/** The path of the compiled script, for `spawn(process.execPath, [LOCK_HOLDER_CHILD, ...])`. */
export const LOCK_HOLDER_CHILD = __filename;

async function main(args: string[]): Promise<void> {
  const [kind, a, b, c] = args;
  const handle =
    kind === "file"
      ? await new FileLock(a, { staleMs: Number(b) }).acquire({ timeoutMs: 10_000 })
      : await new LeaseLock(new FileSystemConditionalStore(a), b as StoreKey, { ttlMs: Number(c) }).acquire({ timeoutMs: 10_000 });
  process.stdout.write(`${JSON.stringify({ locked: true, owner: handle.owner })}\n`);
  setInterval(() => undefined, 1 << 30);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
