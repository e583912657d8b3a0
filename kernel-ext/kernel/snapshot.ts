/**
 * The kernel's start-up snapshot: a V8 heap snapshot (`node --snapshot-blob`) holding tslab's TypeScript with
 * the ES libraries, `@types/node` and this package's declarations already parsed and bound. Building the cell
 * compiler takes about 2.5 s of CPU without it and a tenth of that with it.
 *
 * - {@link snapshotKey}: what a snapshot must match to be used (Node version and platform, tslab, its TypeScript
 *   file, this package's root and version). A blob built by another Node would make Node refuse to start, so a
 *   blob is only ever used under its own key.
 * - {@link buildSnapshot}: builds a blob (about 6 s) atomically into the cache directory (`compile-cache`'s,
 *   owned by the user), removing blobs of other keys. `seisproc kernel install` builds it; a kernel started
 *   without one starts a build in the background after its first cell.
 * - Declarations that changed since the build are not taken from the snapshot: each file's size and mtime are
 *   checked when the compiler first asks for it, and its content when only the mtime moved (a `dist` rebuilt by
 *   `tsc` with the same output).
 *
 * Set `SEISPROC_KERNEL_SNAPSHOT=0` to never build or use one.
 *
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import { PACKAGE_ROOT, PACKAGE_VERSION } from "../module-info";
import { defaultCacheDir } from "./compile-cache";
import { availableNotebookModules, UNTYPED_IN_NOTEBOOKS } from "./module-resolution";
import type { SnapshotBuildConfig, SnapshotState } from "./snapshot-types";
import { tslabRequire, tslabRoot } from "./tslab-internals";

/** Bumped when what the snapshot holds changes shape. */
const SNAPSHOT_FORMAT = 1;

/**
 * tslab 1.0.22's cell compiler options (its `converter.js`, Node ≥ 18: ES2022) that decide how declaration files
 * are parsed and bound, enums as numbers. The kernel compares them with the options tslab really uses and
 * ignores the snapshot's files when they differ.
 *
 * @example
 * ```ts
 * CELL_PARSE_OPTIONS.target; // 9 (ES2022)
 * ```
 */
export const CELL_PARSE_OPTIONS: Readonly<Record<string, unknown>> = {
  module: 99, // ESNext
  moduleResolution: 2, // Node10
  esModuleInterop: true,
  target: 9, // ES2022
  lib: ["lib.es2022.d.ts"],
  declaration: true,
  newLine: 1, // LineFeed
  noImplicitUseStrict: true,
  experimentalDecorators: true,
  resolveJsonModule: true,
  jsx: 2, // React
  allowJs: true,
  checkJs: true,
  disableTopLevelAwait: true,
  skipLibCheck: true,
};

/**
 * True when tslab's actual options parse and bind declarations as {@link CELL_PARSE_OPTIONS} do.
 *
 * @example
 * ```ts
 * parseOptionsMatch({ ...CELL_PARSE_OPTIONS, rootDir: "/nb" }); // true
 * ```
 */
export function parseOptionsMatch(options: Record<string, unknown>): boolean {
  return Object.entries(CELL_PARSE_OPTIONS).every(([k, v]) => JSON.stringify(options[k]) === JSON.stringify(v));
}

function typescriptFile(): string {
  return tslabRequire().resolve("@tslab/typescript-for-tslab");
}

/**
 * The key a snapshot is built for and used under.
 *
 * @example
 * ```ts
 * snapshotKey(); // "3f9c01d2a4b5e6f7"
 * ```
 */
export function snapshotKey(): string {
  const ts = typescriptFile();
  const stat = statSync(ts);
  const tslab = statSync(path.join(tslabRoot(), "package.json"));
  const parts = [SNAPSHOT_FORMAT, process.version, process.platform, process.arch, process.versions.v8, process.execPath, ts, stat.size, stat.mtimeMs, tslab.mtimeMs, PACKAGE_ROOT, PACKAGE_VERSION];
  return createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 16);
}

/**
 * The blob of a key.
 *
 * @example
 * ```ts
 * snapshotFile(snapshotKey()); // "~/.cache/seisproc/kernel/kernel-3f9c01d2a4b5e6f7.blob"
 * ```
 */
export function snapshotFile(key: string, cacheDir: string = defaultCacheDir()): string {
  return path.join(cacheDir, `kernel-${key}.blob`);
}

/**
 * The usable blob for this installation, or `undefined` (none built, disabled, or a cache directory others can
 * write to).
 *
 * @example
 * ```ts
 * const blob = usableSnapshot();
 * if (blob !== undefined) spawn(process.execPath, ["--snapshot-blob", blob, "--", ...argv]);
 * ```
 */
export function usableSnapshot(env: NodeJS.ProcessEnv = process.env, cacheDir: string = defaultCacheDir(env)): string | undefined {
  if (env.SEISPROC_KERNEL_SNAPSHOT === "0") return undefined;
  try {
    const dir = statSync(cacheDir);
    const uid = typeof process.getuid === "function" ? process.getuid() : dir.uid;
    if (dir.uid !== uid || (dir.mode & 0o022) !== 0) return undefined;
    const file = snapshotFile(snapshotKey(), cacheDir);
    return statSync(file).size > 0 ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The builder's configuration for this installation.
 *
 * @example
 * ```ts
 * JSON.stringify(snapshotBuildConfig(snapshotKey()));
 * ```
 */
export function snapshotBuildConfig(key: string): SnapshotBuildConfig {
  const modules = availableNotebookModules();
  const paths: Record<string, string[]> = {};
  for (const m of modules) paths[m.specifier] = [`${m.entry}.d.ts`];
  return {
    key,
    typescript: typescriptFile(),
    mainFile: path.join(PACKAGE_ROOT, "dist", "kernel-ext", "main.js"),
    compilerOptions: { ...CELL_PARSE_OPTIONS, paths, typeRoots: [path.join(PACKAGE_ROOT, "node_modules", "@types")], types: ["node"], noEmit: true },
    rootFile: path.join(PACKAGE_ROOT, "__seisproc_snapshot__.ts"),
    rootSource: modules.map((m) => `import ${JSON.stringify(m.specifier)};`).join("\n"),
    untyped: { dist: `${path.join(PACKAGE_ROOT, "dist")}${path.sep}`, patterns: UNTYPED_IN_NOTEBOOKS.map((re) => re.source) },
  };
}

/**
 * Builds the snapshot for this installation (synchronously, about 6 s) unless a usable one exists; returns the
 * blob, or `undefined` when the build failed (the kernel then starts without it). `log` gets the builder's
 * error output.
 *
 * @example
 * ```ts
 * const blob = buildSnapshot();
 * ```
 */
export function buildSnapshot(options: { cacheDir?: string; log?: (text: string) => void; force?: boolean } = {}): string | undefined {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const key = snapshotKey();
  const target = snapshotFile(key, cacheDir);
  if (options.force !== true && existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const temp = `${target}.${process.pid}.tmp`;
  const entry = path.join(__dirname, "snapshot-entry.js");
  const result = spawnSync(process.execPath, ["--snapshot-blob", temp, "--build-snapshot", entry], {
    env: { ...process.env, SEISPROC_SNAPSHOT_CONFIG: JSON.stringify(snapshotBuildConfig(key)) },
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (result.status !== 0 || !existsSync(temp)) {
    rmSync(temp, { force: true });
    options.log?.(`start-up snapshot not built (exit ${String(result.status)}): ${(result.stderr ?? "").trim().split("\n").slice(-5).join(" | ")}`);
    return undefined;
  }
  renameSync(temp, target);
  for (const name of readdirSync(cacheDir)) {
    if (/^kernel-[0-9a-f]{16}\.blob$/.test(name) && name !== path.basename(target)) rmSync(path.join(cacheDir, name), { force: true });
  }
  return target;
}

/**
 * Starts {@link buildSnapshot} in a detached background process (at most one at a time: a lock file in the cache
 * directory), for a kernel that started without a snapshot.
 *
 * @example
 * ```ts
 * buildSnapshotInBackground();
 * ```
 */
export function buildSnapshotInBackground(cacheDir: string = defaultCacheDir()): void {
  if (process.env.SEISPROC_KERNEL_SNAPSHOT === "0") return;
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const lock = path.join(cacheDir, "snapshot-build.lock");
    try {
      if (Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { force: true }); // a crashed build's lock
    } catch {
      // no lock
    }
    closeSync(openSync(lock, "wx"));
    const child = spawn(process.execPath, [path.join(__dirname, "snapshot-build.js"), lock], { detached: true, stdio: "ignore", env: process.env });
    child.unref();
  } catch {
    // a build is running, or the cache directory cannot be written: no snapshot this time
  }
}

/**
 * Checks the snapshot's files against the disk lazily, once each: the parsed file when unchanged, else `undefined`.
 * A file with the snapshot's size but a newer mtime (`tsc` rewrites every output) is compared by content.
 *
 * @example
 * ```ts
 * const files = preparsedFiles(state);
 * files.get("/…/lib.es5.d.ts"); // a SourceFile, or undefined when the file changed
 * ```
 */
export function preparsedFiles(state: SnapshotState): { get(fileName: string): unknown; stale: () => number } {
  const entries = new Map(state.files.map((f) => [f.fileName, f]));
  const checked = new Map<string, unknown>();
  let stale = 0;
  return {
    get(fileName) {
      if (checked.has(fileName)) return checked.get(fileName);
      const entry = entries.get(fileName);
      let file: unknown;
      if (entry !== undefined) {
        try {
          const stat = statSync(fileName);
          file = stat.size === entry.size && (stat.mtimeMs === entry.mtimeMs || sameText(fileName, entry.sourceFile)) ? entry.sourceFile : undefined;
        } catch {
          file = undefined;
        }
        if (file === undefined) stale++;
      }
      checked.set(fileName, file);
      return file;
    },
    stale: () => stale,
  };
}

/** True when the file on disk holds the text the snapshot parsed (its `version` is the text's SHA-256). */
function sameText(fileName: string, sourceFile: unknown): boolean {
  const version = (sourceFile as { version?: unknown }).version;
  return typeof version === "string" && createHash("sha256").update(readFileSync(fileName, "utf8")).digest("hex") === version;
}
