/**
 * Makes `import … from "seisproc"` (and `seisproc/kernel`, `seisproc/widgets`) and Node's own types work in a
 * notebook in any directory. tslab resolves both modules (at run time) and types (when type-checking a cell) from
 * the notebook's directory, where this package is usually not installed. Two patches, both installed by the
 * launcher before tslab is loaded:
 *
 * - run time: `Module._resolveFilename` maps the specifiers in {@link NOTEBOOK_MODULES} to this package's
 *   compiled files, whatever the requiring file;
 * - type checking: tslab's converter gets its TypeScript through a wrapper module whose
 *   `createWatchCompilerHost` adds `paths` for the same specifiers (to the `.d.ts` files), this package's
 *   `@types` directory as a type root, and `types: ["node", …]` so that `console`, `process` and `Buffer` resolve
 *   (the notebook directory's own `@types` packages stay included, as tslab would include them); and the
 *   cloud SDKs' types are not loaded for this package's declarations ({@link UNTYPED_IN_NOTEBOOKS}).
 *
 * @module
 */
import { existsSync, readdirSync } from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import { PACKAGE_ROOT } from "../module-info";
import { tslabRequire, tslabRoot } from "./tslab-internals";

/**
 * One module notebooks can import by name: its specifier and its compiled entry (a path without extension;
 * `.js` is run, `.d.ts` type-checks).
 *
 * @example
 * ```ts
 * const m: NotebookModule = { specifier: "seisproc", entry: "/opt/seisproc/dist/src/index" };
 * ```
 */
export interface NotebookModule {
  specifier: string;
  entry: string;
}

/**
 * The specifiers notebooks import and the compiled entry of each, relative to the package root. Add a line here
 * to expose another entry point to notebooks.
 *
 * @example
 * ```ts
 * NOTEBOOK_MODULES.map((m) => m.specifier); // ["seisproc", "seisproc/kernel", "seisproc/widgets"]
 * ```
 */
export const NOTEBOOK_MODULES: readonly NotebookModule[] = [
  { specifier: "seisproc", entry: "dist/src/index" },
  { specifier: "seisproc/kernel", entry: "dist/kernel-ext/index" },
  { specifier: "seisproc/widgets", entry: "dist/kernel-ext/widgets/index" },
];

/**
 * The {@link NOTEBOOK_MODULES} whose compiled entry exists, with absolute entries.
 *
 * @example
 * ```ts
 * availableNotebookModules().find((m) => m.specifier === "seisproc")?.entry; // "/…/dist/src/index"
 * ```
 */
export function availableNotebookModules(root = PACKAGE_ROOT): NotebookModule[] {
  return NOTEBOOK_MODULES.map((m) => ({ specifier: m.specifier, entry: path.join(root, m.entry) })).filter((m) => existsSync(`${m.entry}.js`));
}

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

/**
 * Maps the notebook specifiers to this package's files in Node's module resolution; returns a function that
 * removes the mapping.
 *
 * @example
 * ```ts
 * const remove = installRequireHook(availableNotebookModules());
 * require("seisproc"); // this package, from any directory
 * ```
 */
export function installRequireHook(modules: readonly NotebookModule[]): () => void {
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = loader._resolveFilename;
  const map = new Map(modules.map((m) => [m.specifier, `${m.entry}.js`]));
  const hook: ResolveFilename = function (this: unknown, request, parent, isMain, options) {
    return original.call(this, map.get(request) ?? request, parent, isMain, options);
  };
  loader._resolveFilename = hook;
  return () => {
    if (loader._resolveFilename === hook) loader._resolveFilename = original;
  };
}

/** The compiler options this file reads and extends. */
interface CellCompilerOptions {
  paths?: Record<string, string[]>;
  typeRoots?: string[];
  types?: string[];
  [key: string]: unknown;
}

function packageNames(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((d) => (d.isDirectory() || d.isSymbolicLink()) && !d.name.startsWith("."))
      .map((d) => d.name);
  } catch {
    return [];
  }
}

/**
 * tslab's cell compiler options plus the notebook modules' `paths`, this package's `@types` as the last type
 * root (tslab's own fallback root, with an older `@types/node`, is dropped) and an explicit `types` list: "node"
 * and every package of the remaining type roots.
 *
 * @example
 * ```ts
 * extendCompilerOptions({ typeRoots: ["/nb/node_modules/@types"] }, availableNotebookModules()).types; // ["node", …]
 * ```
 */
export function extendCompilerOptions(options: CellCompilerOptions, modules: readonly NotebookModule[], root = PACKAGE_ROOT): CellCompilerOptions {
  const paths: Record<string, string[]> = { ...(options.paths ?? {}) };
  for (const m of modules) paths[m.specifier] = [`${m.entry}.d.ts`];
  const tslabTypes = path.resolve(tslabRoot(), "node_modules", "@types");
  const ownTypes = path.resolve(root, "node_modules", "@types");
  const userRoots = (options.typeRoots ?? []).filter((r) => path.resolve(r) !== tslabTypes && path.resolve(r) !== ownTypes);
  const types = new Set<string>(["node", ...(options.types ?? [])]);
  for (const r of userRoots) for (const name of packageNames(r)) types.add(name);
  return { ...options, paths, typeRoots: [...userRoots, ownTypes], types: [...types] };
}

const WRAPPED = Symbol.for("seisproc.typescript-wrapper");

/**
 * Declaration files parsed and bound ahead of time (by the start-up snapshot), and a test of whether compiler
 * options parse and bind as they were made with.
 *
 * @example
 * ```ts
 * const preparsed: PreparsedFiles = { get: (f) => cache.get(f), accepts: parseOptionsMatch };
 * ```
 */
export interface PreparsedFiles {
  /** The ready SourceFile for a file name, or `undefined` to parse it. */
  get(fileName: string): unknown;
  accepts(options: Record<string, unknown>): boolean;
}

/**
 * Hooks of {@link installTypeScriptOptions}.
 *
 * @example
 * ```ts
 * installTypeScriptOptions(modules, { beforeLoad: (file) => CodeCache.install(file) });
 * ```
 */
export interface TypeScriptHooks {
  /** Called with the compiler's file just before it is first loaded (to install a code cache). */
  beforeLoad?: (file: string) => void;
  /** Declaration files the cell compiler takes instead of parsing them. */
  preparsed?: PreparsedFiles;
  /** Where to say why preparsed files are not used. */
  log?: (line: string) => void;
}

/** A watch compiler host, as far as {@link usePreparsedFiles} touches it. */
interface ProgramCreatingHost {
  createProgram: (rootNames: unknown, options: unknown, compilerHost?: CompilerHostLike, ...rest: unknown[]) => unknown;
}

/** A compiler host's source-file getters. */
interface CompilerHostLike {
  getSourceFile: (fileName: string, ...rest: unknown[]) => unknown;
  getSourceFileByPath?: (fileName: string, path: string, ...rest: unknown[]) => unknown;
}

/**
 * Makes the programs `host` creates take `preparsed` declaration files instead of reading and parsing them (the
 * way TypeScript itself reuses unchanged files between programs).
 *
 * @example
 * ```ts
 * usePreparsedFiles(host, preparsed);
 * ```
 */
export function usePreparsedFiles(host: ProgramCreatingHost, preparsed: PreparsedFiles): void {
  const create = host.createProgram;
  const patched = new WeakSet<object>();
  host.createProgram = (rootNames, options, compilerHost, ...rest) => {
    if (compilerHost !== undefined && !patched.has(compilerHost)) {
      patched.add(compilerHost);
      const get = compilerHost.getSourceFile;
      compilerHost.getSourceFile = (fileName, ...args) => preparsed.get(fileName) ?? get.call(compilerHost, fileName, ...args);
      const byPath = compilerHost.getSourceFileByPath;
      if (byPath !== undefined) compilerHost.getSourceFileByPath = (fileName, p, ...args) => preparsed.get(fileName) ?? byPath.call(compilerHost, fileName, p, ...args);
    }
    return create(rootNames, options, compilerHost, ...rest);
  };
}

type CreateWatchCompilerHost = (rootFiles: unknown, options: CellCompilerOptions, ...rest: unknown[]) => unknown;

/**
 * Packages whose types are not loaded when this package's own declarations import them: the cloud SDKs. Their
 * declaration graphs are huge (about 800 files, two thirds of what `import … from "seisproc"` would otherwise
 * parse, seconds of start-up per notebook) and notebooks rarely need their types; with `skipLibCheck` an
 * unresolved import in a `.d.ts` is silent and its types become `any`. A notebook importing these packages itself
 * still gets their full types.
 *
 * @example
 * ```ts
 * UNTYPED_IN_NOTEBOOKS.some((re) => re.test("@aws-sdk/client-s3")); // true
 * ```
 */
export const UNTYPED_IN_NOTEBOOKS: readonly RegExp[] = [/^@aws-sdk\//, /^@azure\//, /^@smithy\//];

/** The subset of TypeScript's API the resolution hook uses. */
interface TypeScriptResolution {
  resolveModuleName(name: string, containingFile: string, options: unknown, host: unknown, cache?: unknown, redirectedReference?: unknown): { resolvedModule?: unknown };
  createModuleResolutionCache(currentDirectory: string, getCanonicalFileName: (f: string) => string, options?: unknown): unknown;
}

/** A watch compiler host, as far as the resolution hook touches it. */
interface ResolvingHost {
  getCurrentDirectory(): string;
  resolveModuleNames?: (names: string[], containingFile: string, reused: unknown, redirectedReference: unknown, options: unknown) => unknown[];
}

/**
 * Makes `host` resolve modules itself: as TypeScript would (Node10 resolution, `paths` included), except that
 * imports of {@link UNTYPED_IN_NOTEBOOKS} packages from this package's compiled declarations stay unresolved.
 * Resolutions from package files are cached; the notebook's own files are resolved afresh each time (so a
 * package installed while the kernel runs is found).
 *
 * @example
 * ```ts
 * const host = ts.createWatchCompilerHost(files, options, sys);
 * resolveWithoutCloudTypes(ts, host, options);
 * ```
 */
export function resolveWithoutCloudTypes(ts: TypeScriptResolution, host: ResolvingHost, options: CellCompilerOptions, root = PACKAGE_ROOT): void {
  const dist = `${path.join(root, "dist")}${path.sep}`;
  const cache = ts.createModuleResolutionCache(host.getCurrentDirectory(), (f) => f, options);
  host.resolveModuleNames = (names, containingFile, _reused, redirectedReference, compilerOptions) => {
    const fromPackage = path.resolve(containingFile).startsWith(dist);
    const cached = fromPackage || containingFile.includes("/node_modules/");
    return names.map((name) => {
      if (fromPackage && UNTYPED_IN_NOTEBOOKS.some((re) => re.test(name))) return undefined;
      return ts.resolveModuleName(name, containingFile, compilerOptions, host, cached ? cache : undefined, redirectedReference).resolvedModule;
    });
  };
}

/**
 * Replaces, in Node's module cache, tslab's TypeScript (`@tslab/typescript-for-tslab`) by a wrapper that is the
 * same module except that `createWatchCompilerHost` extends the options of tslab's cell program with
 * {@link extendCompilerOptions}. Must run before tslab's converter is first loaded. Idempotent. See
 * {@link TypeScriptHooks} for the code cache and the snapshot's preparsed files.
 *
 * @example
 * ```ts
 * installTypeScriptOptions(availableNotebookModules());
 * const { createConverter } = require("tslab/dist/converter");
 * ```
 */
export function installTypeScriptOptions(modules: readonly NotebookModule[], hooks: TypeScriptHooks = {}): void {
  const req = tslabRequire();
  const id = req.resolve("@tslab/typescript-for-tslab");
  if (req.cache[id] === undefined) hooks.beforeLoad?.(id);
  const real = req(id) as Record<string, unknown> & { createWatchCompilerHost: CreateWatchCompilerHost };
  const cached = req.cache[id];
  if (cached === undefined) throw new Error(`seisproc kernel: ${id} is not in the module cache`);
  if ((cached.exports as Record<PropertyKey, unknown>)[WRAPPED] === true) return;
  const wrapper: Record<PropertyKey, unknown> = {};
  for (const key of Object.keys(real)) {
    if (key !== "createWatchCompilerHost") Object.defineProperty(wrapper, key, { enumerable: true, get: () => real[key] });
  }
  Object.defineProperty(wrapper, "__esModule", { value: true });
  Object.defineProperty(wrapper, WRAPPED, { value: true });
  const createWatchCompilerHost: CreateWatchCompilerHost = (rootFiles, options, ...rest) => {
    if (!Array.isArray(rootFiles)) return real.createWatchCompilerHost(rootFiles, options, ...rest);
    const extended = extendCompilerOptions(options, modules);
    const host = real.createWatchCompilerHost(rootFiles, extended, ...rest) as ResolvingHost;
    resolveWithoutCloudTypes(real as unknown as TypeScriptResolution, host, extended);
    if (hooks.preparsed !== undefined) {
      if (hooks.preparsed.accepts(extended)) usePreparsedFiles(host as unknown as ProgramCreatingHost, hooks.preparsed);
      else hooks.log?.("start-up snapshot not used: tslab's compiler options differ from those it was built with");
    }
    return host;
  };
  Object.defineProperty(wrapper, "createWatchCompilerHost", { enumerable: true, value: createWatchCompilerHost });
  cached.exports = wrapper;
}
