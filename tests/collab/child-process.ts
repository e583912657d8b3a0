/**
 * Running the collab tests' child scripts: spawn with the current Node, collect stdout lines, wait for a line or
 * for the exit.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

/** A running child and what it printed. */
export interface RunningChild {
  /** The process. */
  child: ChildProcessWithoutNullStreams;
  /** Parsed JSON lines from stdout so far. */
  lines: unknown[];
  /** Everything on stderr so far. */
  stderr: () => string;
  /** Resolves with the first line matching `test` (rejects when the child exits first). */
  waitForLine(test: (line: unknown) => boolean): Promise<unknown>;
  /** Resolves with the exit code (or signal name) once it has exited. */
  exited: Promise<number | string>;
}

/**
 * Starts `node script ...args`, with `env` added to this process's environment.
 */
export function startChild(script: string, args: string[], env: Record<string, string> = {}): RunningChild {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...env } });
  const lines: unknown[] = [];
  let err = "";
  let buffer = "";
  const waiters: Array<{ test: (l: unknown) => boolean; resolve: (l: unknown) => void; reject: (e: Error) => void }> = [];
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let line: unknown;
      try {
        line = JSON.parse(text);
      } catch {
        line = text;
      }
      lines.push(line);
      for (const w of waiters.splice(0)) {
        if (w.test(line)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  void exited.then((code) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`child exited (${code}) before printing the expected line; stderr:\n${err}`));
  });
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitForLine(test) {
      const found = lines.find(test);
      if (found !== undefined) return Promise.resolve(found);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`child already exited; stderr:\n${err}`));
      return new Promise((resolve, reject) => waiters.push({ test, resolve, reject }));
    },
  };
}
