/**
 * The kernel process's entry point, run by the kernelspec:
 * `node dist/kernel-ext/main.js --connection-file {connection_file}`.
 *
 * When a start-up snapshot for this installation exists (see `kernel/snapshot.ts`), this process only launches
 * the kernel from it (`node --snapshot-blob BLOB -- ARGS`, which calls {@link runFromSnapshot}) and waits for it:
 * signals from Jupyter reach both through the process group, SIGTERM sent to this process alone is passed on, and
 * if the snapshot kernel dies before it is ready, the kernel starts here without it. Otherwise the
 * {@link KernelServer} runs in this process. Either way the kernel ends with its parent (the Jupyter client),
 * interrupts on SIGINT and shuts down on SIGTERM.
 *
 * @module
 */
import { spawn } from "node:child_process";
import type { KernelServer } from "./kernel/kernel-server";
import type { SnapshotState } from "./kernel/snapshot-types";

/**
 * The connection file from the command line: `--connection-file F`, `-f F` or a lone positional argument.
 *
 * @example
 * ```ts
 * connectionFileArgument(["--connection-file", "/tmp/k.json"]); // "/tmp/k.json"
 * ```
 */
export function connectionFileArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--connection-file" || a === "-f") return argv[i + 1];
    if (a.startsWith("--connection-file=")) return a.slice("--connection-file=".length);
  }
  return argv.find((a) => !a.startsWith("-"));
}

const USAGE = "usage: node dist/kernel-ext/main.js --connection-file FILE (Jupyter runs this from the kernelspec)\n";

/** Starts the kernel in this process and wires process signals and the parent watch to it. */
async function serve(connectionFile: string, snapshot: SnapshotState | undefined): Promise<KernelServer> {
  const { KernelServer } = await import("./kernel/kernel-server");
  const { resolveNotebookPath } = await import("./kernel/notebook-path");
  const { watchParent } = await import("./kernel/parent-watch");
  const kernel = await KernelServer.start({ connectionFile, notebookPath: resolveNotebookPath(), snapshot });
  const stop = (why: string): void => {
    kernel.logLine(`${why}: shutting down`);
    kernel.close();
    setTimeout(() => process.exit(0), 50);
  };
  watchParent(stop);
  process.on("SIGINT", () => kernel.interrupt());
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("uncaughtException", (error) => kernel.reportUncaught("Uncaught exception", error));
  process.on("unhandledRejection", (reason) => kernel.reportUncaught("Unhandled promise rejection", reason));
  return kernel;
}

/**
 * Runs the kernel from a snapshot blob in a child process; resolves to its exit code, or to `undefined` when it
 * died before being ready (the caller then starts without the snapshot).
 */
function launchFromSnapshot(blob: string, argv: readonly string[]): Promise<number | undefined> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--snapshot-blob", blob, "--", ...argv], { stdio: ["inherit", "inherit", "inherit", "ipc"] });
    let ready = false;
    child.on("message", (message) => {
      if (message === "seisproc-kernel-ready") {
        ready = true;
        child.disconnect();
      }
    });
    process.on("SIGINT", () => {}); // Jupyter signals the process group: the child gets it
    process.on("SIGTERM", () => child.kill("SIGTERM"));
    child.on("exit", (code, signal) => resolve(ready ? (code ?? (signal === null ? 1 : 128)) : undefined));
    child.on("error", () => resolve(undefined));
  });
}

/**
 * Runs the kernel until it is shut down; resolves to the exit code when it cannot start (or, for a launcher of
 * a snapshot kernel, when that kernel ended).
 *
 * @example
 * ```ts
 * runKernel(process.argv.slice(2)).then((code) => { if (code !== 0) process.exit(code); });
 * ```
 */
export async function runKernel(argv: readonly string[]): Promise<number> {
  const connectionFile = connectionFileArgument(argv);
  if (connectionFile === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { usableSnapshot } = await import("./kernel/snapshot");
  const blob = usableSnapshot();
  if (blob !== undefined) {
    const code = await launchFromSnapshot(blob, argv);
    if (code !== undefined) process.exit(code);
    process.stderr.write(`[seisproc kernel] the start-up snapshot ${blob} did not start; starting without it\n`);
    const { rmSync } = await import("node:fs");
    rmSync(blob, { force: true });
  }
  await serve(connectionFile, undefined);
  return 0;
}

/**
 * The snapshot's entry: called by the blob's main function (see `kernel/snapshot-entry.ts`) with the state it
 * holds and the command-line arguments. Tells the launcher when the kernel is ready.
 *
 * @example
 * ```ts
 * // in the snapshot builder
 * v8.startupSnapshot.setDeserializeMainFunction(() => require(mainFile).runFromSnapshot(state, process.argv.slice(1)));
 * ```
 */
export function runFromSnapshot(state: SnapshotState, argv: readonly string[]): void {
  const connectionFile = connectionFileArgument(argv.filter((a) => a !== "--"));
  if (connectionFile === undefined) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  serve(connectionFile, state).then(
    () => {
      if (process.send !== undefined) {
        process.send("seisproc-kernel-ready");
        process.disconnect();
      }
    },
    (error: unknown) => {
      process.stderr.write(`seisproc kernel failed to start from its snapshot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) {
  runKernel(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`seisproc kernel failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
