import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** The repository's root (tests run from dist/tests/...). */
export const repoRoot = path.resolve(__dirname, "..", "..", "..");

/** `../shared` beside the clone, or SEISPROC_SHARED_DIR. */
export const sharedDir = process.env.SEISPROC_SHARED_DIR ?? path.resolve(repoRoot, "..", "shared");

/** The conformance corpus; its absence is a failure, not a skip: CI always has it. */
export function conformanceDir(): string {
  const dir = path.join(sharedDir, "conformance");
  if (!existsSync(dir)) throw new Error(`conformance corpus not found at ${dir}; set SEISPROC_SHARED_DIR`);
  return dir;
}

/** A fresh temporary directory. */
export function tempDir(prefix = "seisproc-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
