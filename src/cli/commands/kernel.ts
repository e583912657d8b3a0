/**
 * `seisproc kernel install [--user | --prefix P | --jupyter-path P]`: writes the "SeisProc (TypeScript)" Jupyter
 * kernelspec. The kernel extension is loaded only when the command runs, so other commands start as fast as before.
 *
 * @module
 */
import { parseCommandArgs, UsageError } from "../args";
import type { Command, CommandIo } from "../command";

/**
 * The `kernel` command.
 *
 * @example
 * ```ts
 * const code = await kernelCommand.run(["install", "--jupyter-path", "/tmp/jupyter"], io);
 * ```
 */
export const kernelCommand: Command = {
  name: "kernel",
  summary: "install the SeisProc (TypeScript) Jupyter kernel",
  usage: `usage: seisproc kernel install [--user | --prefix P | --jupyter-path P] [--no-snapshot] [--json]

Writes the kernelspec "SeisProc (TypeScript)" (kernel name "seisproc"): a kernel.json that runs this
installation's kernel (tslab with two-way Jupyter widgets) with the current node. Running it again with the same
installation changes nothing. Then builds the kernel's start-up snapshot (TypeScript with its libraries and
SeisProc's declarations already parsed, in ~/.cache/seisproc/kernel; a few seconds, once per installation), which
cuts the kernel's start to about a second; without it the kernel builds one in the background on first use.

  --user             the user's Jupyter data directory (default), e.g. ~/.local/share/jupyter/kernels/seisproc
  --prefix P         P/share/jupyter/kernels/seisproc (a virtualenv or conda prefix)
  --jupyter-path P   P/kernels/seisproc, for a directory listed in JUPYTER_PATH
  --no-snapshot      do not build the start-up snapshot now
  --json             print {"directory", "file", "changed", "spec", "snapshot"} instead of sentences
  -h, --help         show this help`,
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { values, flags, positionals } = parseCommandArgs(argv, {
      user: { type: "boolean" },
      prefix: { type: "string" },
      "jupyter-path": { type: "string" },
      json: { type: "boolean" },
      "no-snapshot": { type: "boolean" },
    });
    if (positionals[0] !== "install" || positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? "kernel needs a subcommand: install" : `unknown kernel subcommand "${positionals.join(" ")}"; the only one is install`);
    }
    const chosen = [flags.user === true, values.prefix !== undefined, values["jupyter-path"] !== undefined].filter(Boolean).length;
    if (chosen > 1) throw new UsageError("choose one of --user, --prefix and --jupyter-path");
    const { installKernelSpec } = await import("../../../kernel-ext/kernelspec");
    const result = await installKernelSpec(
      values.prefix !== undefined ? { kind: "prefix", prefix: values.prefix } : values["jupyter-path"] !== undefined ? { kind: "jupyter-path", path: values["jupyter-path"] } : { kind: "user" },
    );
    let snapshot: string | null = null;
    let snapshotProblem = "";
    if (flags["no-snapshot"] !== true) {
      if (flags.json !== true) io.err("building the kernel's start-up snapshot (a few seconds)…\n");
      const { buildSnapshot } = await import("../../../kernel-ext/kernel/snapshot");
      snapshot = buildSnapshot({ log: (text) => (snapshotProblem = text) }) ?? null;
    }
    if (flags.json === true) {
      io.out(`${JSON.stringify({ ...result, snapshot }, null, 2)}\n`);
      return 0;
    }
    io.out(`${result.changed ? "installed" : "already installed, unchanged:"} kernelspec "${result.spec.display_name}" in ${result.directory}\n`);
    if (snapshot !== null) io.out(`start-up snapshot: ${snapshot}\n`);
    else if (flags["no-snapshot"] !== true) io.out(`${snapshotProblem}; the kernel works without it and builds one in the background on first use\n`);
    return 0;
  },
};
