/**
 * A V8 code cache for the TypeScript compiler the kernel loads (tslab's 9 MB `typescript.js`): Node 20 has no
 * built-in compile cache (`module.enableCompileCache` came in Node 22), so each kernel start would parse and
 * compile the compiler again. The first start compiles normally and, once the first cell has run (so that the
 * functions used to check a cell are compiled too), saves V8's cached data; later starts load it. The cache is
 * keyed by the file's path, size and mtime and by the V8 version, lives in the user's cache directory
 * (`$XDG_CACHE_HOME/seisproc/kernel`, default `~/.cache/seisproc/kernel`), is used only from a directory owned by
 * the user and closed to others (cached code is code), and is written atomically; a rejected or unreadable
 * cache only costs the time it would have saved.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { homedir } from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";

type Compile = (this: NodeJS.Module, content: string, filename: string) => unknown;

/** The module internals the cache uses. */
interface ModuleInternals {
  prototype: { _compile: Compile };
  wrap(script: string): string;
  _resolveFilename(request: string, parent: NodeJS.Module): string;
  _cache: NodeJS.Dict<NodeJS.Module>;
}

/**
 * The default cache directory: `$XDG_CACHE_HOME/seisproc/kernel`, else `~/.cache/seisproc/kernel`.
 *
 * @example
 * ```ts
 * defaultCacheDir({ HOME: "/home/me" }); // "/home/me/.cache/seisproc/kernel"
 * ```
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== "" ? env.XDG_CACHE_HOME : path.join(env.HOME ?? homedir(), ".cache");
  return path.join(base, "seisproc", "kernel");
}

/** True when `dir` belongs to this user and no one else may write to it (so cached code there is ours). */
function privateDirectory(dir: string): boolean {
  try {
    const stat = statSync(dir);
    const uid = typeof process.getuid === "function" ? process.getuid() : stat.uid;
    return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * The code cache of one module file. Install before the file is first required.
 *
 * @example
 * ```ts
 * const cache = CodeCache.install(require.resolve("@tslab/typescript-for-tslab"));
 * // … load and use the module …
 * cache.save();
 * ```
 */
export class CodeCache {
  private script: vm.Script | undefined;
  private saved = false;
  /** True when cached data was found and V8 accepted it. */
  hit = false;

  private constructor(
    /** The module file. */
    readonly filename: string,
    /** The cache file. */
    readonly cacheFile: string,
  ) {}

  /** Hooks the compilation of `filename` (once) so that it uses and can save a code cache. */
  static install(filename: string, cacheDir: string = defaultCacheDir()): CodeCache {
    const stat = statSync(filename);
    const key = createHash("sha256").update(`${filename}\0${stat.size}\0${stat.mtimeMs}\0${process.versions.v8}\0${process.arch}`).digest("hex").slice(0, 16);
    const cache = new CodeCache(filename, path.join(cacheDir, `${path.basename(filename)}.${key}.v8cache`));
    const internals = Module as unknown as ModuleInternals;
    const original = internals.prototype._compile;
    internals.prototype._compile = function (this: NodeJS.Module, content: string, file: string): unknown {
      if (file !== filename) return original.call(this, content, file);
      internals.prototype._compile = original;
      return cache.compile(this, content, internals);
    };
    return cache;
  }

  private compile(mod: NodeJS.Module, content: string, internals: ModuleInternals): unknown {
    let cachedData: Buffer | undefined;
    try {
      cachedData = privateDirectory(path.dirname(this.cacheFile)) ? readFileSync(this.cacheFile) : undefined;
    } catch {
      cachedData = undefined;
    }
    this.script = new vm.Script(internals.wrap(content), { filename: this.filename, cachedData });
    this.hit = cachedData !== undefined && this.script.cachedDataRejected !== true;
    const fn = this.script.runInThisContext() as (exports: unknown, require: unknown, module: unknown, filename: string, dirname: string) => unknown;
    const req = Object.assign((id: string) => mod.require(id), {
      resolve: (request: string) => internals._resolveFilename(request, mod),
      cache: internals._cache,
    });
    return fn.call(mod.exports, mod.exports, req, mod, this.filename, path.dirname(this.filename));
  }

  /** Writes the cache (once, and only when it was not already used): call after the module did its typical work. */
  save(): void {
    if (this.saved || this.hit || this.script === undefined) return;
    this.saved = true;
    try {
      const data = this.script.createCachedData();
      mkdirSync(path.dirname(this.cacheFile), { recursive: true, mode: 0o700 });
      if (!privateDirectory(path.dirname(this.cacheFile))) return;
      const temp = `${this.cacheFile}.${process.pid}.tmp`;
      writeFileSync(temp, data, { mode: 0o600 });
      renameSync(temp, this.cacheFile);
    } catch {
      // a cache that cannot be written is only a slower next start
    }
  }
}
