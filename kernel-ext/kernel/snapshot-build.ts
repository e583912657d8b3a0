/**
 * The background snapshot build a kernel starts when it ran without one: `node snapshot-build.js LOCK` builds
 * the snapshot for this installation (see `snapshot.ts`) and removes the lock file it was given.
 *
 * @module
 */
import { rmSync } from "node:fs";
import { buildSnapshot } from "./snapshot";

/**
 * Builds, then releases the lock.
 *
 * @example
 * ```ts
 * runSnapshotBuild("/home/me/.cache/seisproc/kernel/snapshot-build.lock");
 * ```
 */
export function runSnapshotBuild(lock: string | undefined): void {
  try {
    buildSnapshot({ force: true });
  } finally {
    if (lock !== undefined) rmSync(lock, { force: true });
  }
}

if (require.main === module) runSnapshotBuild(process.argv[2]);
