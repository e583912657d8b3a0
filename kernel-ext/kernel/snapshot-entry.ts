/**
 * The builder of the kernel's start-up snapshot, run as `node --snapshot-blob FILE --build-snapshot
 * dist/kernel-ext/kernel/snapshot-entry.js` with its configuration in `SEISPROC_SNAPSHOT_CONFIG` (see
 * `snapshot.ts`). It loads tslab's TypeScript, builds one program over the ES libraries, `@types/node` and this
 * package's declarations with tslab's cell options, and keeps the parsed and bound declaration files in the heap
 * that Node saves. A kernel started from the snapshot gets them without parsing (about 2.5 s of CPU otherwise).
 *
 * Node runs a snapshot builder as a bare script (`require`, `__filename` and `__dirname` only, and only built-in
 * modules may be required), so this file is a script, not a module: it neither imports nor exports, and keeps
 * its names inside a block.
 */
{
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  const { readFileSync, statSync } = require("node:fs") as typeof import("node:fs");
  const Module = require("node:module") as typeof import("node:module");
  const path = require("node:path") as typeof import("node:path");
  const v8 = require("node:v8") as typeof import("node:v8");
  const vm = require("node:vm") as typeof import("node:vm");
  type SnapshotBuildConfig = import("./snapshot-types").SnapshotBuildConfig;
  type SnapshotFile = import("./snapshot-types").SnapshotFile;
  type SnapshotState = import("./snapshot-types").SnapshotState;
  const SNAPSHOT_SLOT = Symbol.for("seisproc.kernel-snapshot");
  const STACK_TRACE_LIMIT = typeof Error.stackTraceLimit === "number" ? Error.stackTraceLimit : 10;

  type Ts = {
    createCompilerHost(options: unknown): Record<string, unknown> & { getSourceFile: (...args: unknown[]) => unknown; getCurrentDirectory(): string };
    createProgram(rootNames: string[], options: unknown, host: unknown): { getSourceFiles(): { fileName: string; text: string; isDeclarationFile: boolean }[]; getTypeChecker(): unknown };
    createSourceFile(fileName: string, text: string, languageVersion: unknown): unknown;
    resolveModuleName(name: string, containingFile: string, options: unknown, host: unknown): { resolvedModule?: unknown };
  };
  
  function loadTypeScript(file: string): Ts {
    const module = { exports: {} as Ts };
    const wrapped = vm.runInThisContext(Module.wrap(readFileSync(file, "utf8")), { filename: file }) as (...args: unknown[]) => void;
    wrapped.call(module.exports, module.exports, require, module, file, path.dirname(file));
    return module.exports;
  }
  
  function build(config: SnapshotBuildConfig): SnapshotState {
    const ts = loadTypeScript(config.typescript);
    const options = config.compilerOptions;
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (fileName: unknown, ...rest: unknown[]) =>
      fileName === config.rootFile ? ts.createSourceFile(config.rootFile, config.rootSource, (options as { target: unknown }).target) : getSourceFile.call(host, fileName, ...rest);
    const patterns = config.untyped.patterns.map((p) => new RegExp(p));
    host.resolveModuleNames = (names: string[], containingFile: string) =>
      names.map((name) => (containingFile.startsWith(config.untyped.dist) && patterns.some((re) => re.test(name)) ? undefined : ts.resolveModuleName(name, containingFile, options, host).resolvedModule));
    const program = ts.createProgram([config.rootFile], options, host);
    program.getTypeChecker(); // binds every file
    const files: SnapshotFile[] = [];
    for (const sf of program.getSourceFiles()) {
      if (!sf.isDeclarationFile) continue;
      const stat = statSync(sf.fileName);
      (sf as { version?: string }).version = createHash("sha256").update(sf.text).digest("hex");
      files.push({ fileName: sf.fileName, size: stat.size, mtimeMs: stat.mtimeMs, sourceFile: sf });
    }
    return { key: config.key, ts, compilerOptions: options, files };
  }
  
  if (v8.startupSnapshot?.isBuildingSnapshot()) {
    const config = JSON.parse(process.env.SEISPROC_SNAPSHOT_CONFIG ?? "null") as SnapshotBuildConfig | null;
    if (config === null) throw new Error("SEISPROC_SNAPSHOT_CONFIG is not set");
    (globalThis as Record<symbol, unknown>)[SNAPSHOT_SLOT] = build(config);
    v8.startupSnapshot.setDeserializeMainFunction(() => {
      // Node 20 serialises the heap without Error.stackTraceLimit, which leaves V8 recording no stack at all in a
      // deserialised process: error.stack undefined, and libraries reading call sites (depd, under koa and s3rver)
      // crash. Give it back the limit the builder had (Node's default, 10).
      if (typeof Error.stackTraceLimit !== "number") Error.stackTraceLimit = STACK_TRACE_LIMIT;
      const load = Module.createRequire(config.mainFile);
      const main = load(config.mainFile) as { runFromSnapshot(state: SnapshotState, argv: string[]): void };
      main.runFromSnapshot((globalThis as Record<symbol, unknown>)[SNAPSHOT_SLOT] as SnapshotState, process.argv.slice(1));
    });
  }
}
