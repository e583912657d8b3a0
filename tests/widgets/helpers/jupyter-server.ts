/**
 * Debian's jupyter-server for the live widget tests: started on a loopback port with a random token, temporary
 * Jupyter directories holding only the SeisProc kernelspec, and a root directory of our choosing (the test page is
 * served from it at `/files/`). Stopped by its own process id.
 *
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { jupyterEnv, PYTHON } from "./jupyter";

/** A running server. */
export interface JupyterServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  token: string;
  /** The server's output so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts jupyter-server serving `rootDir`; resolves once its API answers. `allowOrigin` is the one other origin
 * allowed to call its API and open kernel websockets (the test page's).
 */
export async function startJupyterServer(rootDir: string, options: { allowOrigin?: string; timeoutMs?: number } = {}): Promise<JupyterServer> {
  const timeoutMs = options.timeoutMs ?? 120000;
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const env = await jupyterEnv();
  const child: ChildProcess = spawn(
    PYTHON,
    [
      "-m",
      "jupyter_server",
      "--no-browser",
      `--ServerApp.port=${port}`,
      "--ServerApp.port_retries=0",
      "--ServerApp.ip=127.0.0.1",
      `--ServerApp.token=${token}`,
      `--ServerApp.root_dir=${rootDir}`,
      "--ServerApp.allow_remote_access=False",
      "--ServerApp.terminals_enabled=False",
      ...(options.allowOrigin !== undefined ? [`--ServerApp.allow_origin=${options.allowOrigin}`] : []),
      ...(process.getuid?.() === 0 ? ["--allow-root"] : []), // CI containers run as root
    ],
    { cwd: rootDir, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, "SIGTERM");
      const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, "SIGKILL"), 10000);
      await exited;
      clearTimeout(timer);
    }
  };
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jupyter-server exited (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`jupyter-server did not answer within ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { baseUrl, token, log: () => log, stop };
}
