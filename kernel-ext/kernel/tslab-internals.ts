/**
 * The parts of tslab 1.0.22's internals (`tslab/dist/*.js`, not its public API) that the SeisProc kernel uses,
 * typed here so that the kernel does not compile against tslab's own declarations (which pull in a second
 * TypeScript). Loading checks the installed tslab version: the patches in this folder are written for 1.0.22.
 *
 * @module
 */
import { createRequire } from "node:module";
import * as path from "node:path";

/** The tslab version the patches were written and tested against. */
export const TSLAB_VERSION = "1.0.22";

/** A zeromq.js v6 socket, as far as the kernel uses it. */
export interface ZmqSocket {
  send(frames: Buffer[]): Promise<void>;
  close(): void;
}

/** tslab's code executor (`tslab/dist/executor.js`). */
export interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  interrupt(): void;
  reset(): void;
  close(): void;
  readonly locals: Record<string, unknown>;
}

/** One tslab converter (a TypeScript watch program over the cell source). */
export interface TslabConverter {
  close(): void;
}

/** The converters tslab's executor takes: one for Node code, one for `//%browser` cells. */
export interface TslabConverterSet {
  readonly node: TslabConverter;
  readonly browser: TslabConverter;
  close(): void;
}

/** The console the executor prints through: `log` for the last expression's value, `error` for errors. */
export interface TslabConsole {
  log(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** tslab's request handler (`JupyterHandlerImpl`): only its side-effect-free parts are used. */
export interface TslabHandler {
  handleKernel(): { language_info: Record<string, unknown> } & Record<string, unknown>;
  handleIsComplete(req: { code: string }): Record<string, unknown>;
  handleInspect(req: { code: string; cursor_pos: number }): Record<string, unknown>;
  handleComplete(req: { code: string; cursor_pos: number }): Record<string, unknown>;
  close(): void;
}

/** The Jupyter connection file. */
export interface ConnectionInfo {
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  ip: string;
  key: string;
  transport: string;
  signature_scheme: string;
  kernel_name?: string;
}

/** tslab's `ZmqServer`: binds the five sockets and loops over shell and control, calling `handleShellMessage`. */
export interface TslabZmqServer {
  connInfo: ConnectionInfo;
  iopub: ZmqSocket;
  shell: ZmqSocket;
  control: ZmqSocket;
  stdin: ZmqSocket;
  hb: ZmqSocket;
  init(): Promise<void>;
  close(): void;
  handleShellMessage(sock: ZmqSocket, ...frames: Buffer[]): Promise<void>;
}

/** The tslab modules the kernel loads. */
export interface TslabModules {
  version: string;
  /** Directory of tslab's package.json. */
  root: string;
  jupyter: {
    ZmqServer: new (handler: TslabHandler, configPath: string) => TslabZmqServer;
    JupyterHandlerImpl: new (executor: TslabExecutor, isJs: boolean) => TslabHandler;
    lastWriteDisplayData: ((data: Record<string, unknown>, update: boolean) => void) | null;
  };
  converter: { createConverter(options: { isJS: boolean; isBrowser: boolean }): TslabConverter };
  executor: { createExecutor(rootDir: string, convs: TslabConverterSet, console: TslabConsole): TslabExecutor };
  /** The TypeScript tslab compiles cells with. */
  typescriptVersion: string;
}

/**
 * Where tslab is installed (its package directory), as this package resolves it.
 *
 * @example
 * ```ts
 * tslabRoot(); // ".../node_modules/tslab"
 * ```
 */
export function tslabRoot(): string {
  return path.dirname(require.resolve("tslab/package.json"));
}

/**
 * A `require` that resolves modules as tslab does (so that `@tslab/typescript-for-tslab` is tslab's copy).
 *
 * @example
 * ```ts
 * const ts = tslabRequire()("@tslab/typescript-for-tslab");
 * ```
 */
export function tslabRequire(): NodeJS.Require {
  return createRequire(path.join(tslabRoot(), "dist", "main.js"));
}

/**
 * Loads tslab's internal modules. Call it after the TypeScript wrapper is installed (see `typescript-options`),
 * because tslab's converter takes its TypeScript binding when first loaded.
 *
 * @example
 * ```ts
 * const tslab = loadTslab();
 * const executor = tslab.executor.createExecutor(process.cwd(), convs, console);
 * ```
 */
export function loadTslab(): TslabModules {
  const req = tslabRequire();
  const version = (req("../package.json") as { version: string }).version;
  return {
    version,
    root: tslabRoot(),
    jupyter: req("./jupyter") as TslabModules["jupyter"],
    converter: req("./converter") as TslabModules["converter"],
    executor: req("./executor") as TslabModules["executor"],
    typescriptVersion: (req("@tslab/typescript-for-tslab") as { version: string }).version,
  };
}
