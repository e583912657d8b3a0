/**
 * Test helper: a real SeisProc kernel driven by Debian's jupyter_client (tests/kernel/kernel_driver.py, run with
 * /usr/bin/python3), through a JSON-lines pipe. The kernelspec is installed into a temporary Jupyter path, so the
 * tests never depend on (or touch) a global installation.
 *
 * @module
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { jupyterEnv as sharedJupyterEnv, PYTHON } from "../helpers/jupyter-env";
import { repoRoot, tempDir } from "../helpers/paths";

/** A message as the driver returns it (buffers base64-encoded). */
export interface DriverMessage {
  msg_type: string;
  header: Record<string, unknown> & { msg_id: string; msg_type: string };
  parent_header: Record<string, unknown> & { msg_id?: string };
  metadata: Record<string, unknown>;
  content: Record<string, any>;
  buffers: string[];
}

/** A request's reply and the iopub messages parented to it, up to its idle status. */
export interface Exchange {
  reply: DriverMessage | null;
  iopub: DriverMessage[];
  idle: boolean;
}

export { PYTHON };

/**
 * The test environment ({@link sharedJupyterEnv}) with `extra` on top: kernels start without a start-up snapshot
 * unless `extra` sets `SEISPROC_KERNEL_SNAPSHOT: "1"` (see {@link buildTestSnapshot}).
 */
export async function jupyterEnv(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  return sharedJupyterEnv({ snapshot: extra.SEISPROC_KERNEL_SNAPSHOT === "1", env: extra });
}

/** Builds the start-up snapshot into this test process's cache; resolves to the env that makes kernels use it. */
export async function buildTestSnapshot(): Promise<Record<string, string>> {
  await sharedJupyterEnv({ snapshot: true });
  return { SEISPROC_KERNEL_SNAPSHOT: "1" };
}

/** base64 of bytes. */
export function b64(bytes: ArrayBufferView): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** Bytes of base64. */
export function unb64(text: string): Buffer {
  return Buffer.from(text, "base64");
}

/** One real kernel behind a jupyter_client. */
export class KernelDriver {
  private readonly waiting: ((line: string) => void)[] = [];
  private readonly lines: string[] = [];
  private stderr = "";
  /** The kernel's process id. */
  kernelPid = 0;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const next = this.waiting.shift();
      if (next !== undefined) next(line);
      else this.lines.push(line);
    });
    child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /** Starts a kernel running in `cwd`; `env` adds to the test environment ({@link jupyterEnv}). */
  static async start(cwd: string = tempDir("seisproc-nb-"), env: Record<string, string> = {}): Promise<KernelDriver> {
    const child = spawn(PYTHON, [path.join(repoRoot, "tests", "kernel", "kernel_driver.py")], { env: await jupyterEnv(env), stdio: "pipe" });
    const driver = new KernelDriver(child);
    const started = await driver.command({ op: "start", kernel_name: "seisproc", cwd });
    if (started.ok !== true) throw new Error(`kernel did not start: ${JSON.stringify(started)}\n${driver.stderr}`);
    driver.kernelPid = started.pid as number;
    return driver;
  }

  /** Sends one command and resolves to its JSON answer. */
  command(cmd: Record<string, unknown>): Promise<Record<string, any>> {
    return new Promise((resolve, reject) => {
      const onLine = (line: string): void => {
        const answer = JSON.parse(line) as Record<string, any>;
        if (typeof answer.error === "string") reject(new Error(`driver: ${answer.error}\n${this.stderr}`));
        else resolve(answer);
      };
      const early = this.lines.shift();
      if (early !== undefined) onLine(early);
      else this.waiting.push(onLine);
      this.child.stdin.write(`${JSON.stringify(cmd)}\n`);
    });
  }

  /** Sends a request; resolves to its msg_id. */
  async send(msgType: string, content: Record<string, unknown>, options: { channel?: "shell" | "control"; buffers?: ArrayBufferView[]; metadata?: Record<string, unknown> } = {}): Promise<string> {
    const answer = await this.command({ op: "send", msg_type: msgType, content, channel: options.channel ?? "shell", metadata: options.metadata ?? {}, buffers: (options.buffers ?? []).map(b64) });
    return answer.msg_id as string;
  }

  /** The reply to `msgId` and its iopub messages up to idle. */
  async collect(msgId: string, channel: "shell" | "control" = "shell", timeout = 60, expectReply = true): Promise<Exchange> {
    return (await this.command({ op: "collect", msg_id: msgId, channel, timeout, expect_reply: expectReply })) as Exchange;
  }

  /** Sends a request and collects its exchange. */
  async request(msgType: string, content: Record<string, unknown>, options: { channel?: "shell" | "control"; buffers?: ArrayBufferView[] } = {}): Promise<Exchange & { msgId: string }> {
    const msgId = await this.send(msgType, content, options);
    // comm messages have no reply: collect their iopub messages up to idle only
    return { msgId, ...(await this.collect(msgId, options.channel ?? "shell", 60, !msgType.startsWith("comm_") || msgType === "comm_info_request")) };
  }

  /** Executes code; resolves to the exchange. */
  execute(code: string): Promise<Exchange & { msgId: string }> {
    return this.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
  }

  /** Executes code that must succeed; throws with the kernel's error otherwise. */
  async run(code: string): Promise<Exchange & { msgId: string }> {
    const ex = await this.execute(code);
    if (ex.reply?.content.status !== "ok") throw new Error(`cell failed: ${JSON.stringify(ex.reply?.content)}\n${code}`);
    return ex;
  }

  /** The text of the stdout stream messages of an exchange. */
  static stdout(ex: Exchange): string {
    return ex.iopub.filter((m) => m.msg_type === "stream" && m.content.name === "stdout").map((m) => m.content.text as string).join("");
  }

  /** Sends a message signed with the wrong key; resolves to its msg_id. */
  async forge(msgType: string, content: Record<string, unknown>): Promise<string> {
    return (await this.command({ op: "forge", msg_type: msgType, content })).msg_id as string;
  }

  /** The next iopub message not yet returned, or undefined after `timeout` seconds. */
  async nextIopub(timeout = 30): Promise<DriverMessage | undefined> {
    const answer = await this.command({ op: "iopub", timeout });
    return answer.timeout === true ? undefined : (answer as DriverMessage);
  }

  /** Interrupts the kernel as Jupyter does (SIGINT to its process group). */
  async interrupt(): Promise<void> {
    await this.command({ op: "interrupt" });
  }

  /** True when any reply to `msgId` has arrived. */
  async replySeen(msgId: string): Promise<boolean> {
    return (await this.command({ op: "reply_seen", msg_id: msgId })).seen === true;
  }

  /** Shuts the kernel down and ends the driver. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const stopped = await this.command({ op: "stop" }).then(
      () => true,
      () => false,
    );
    if (!stopped) this.child.kill();
    await new Promise<void>((resolve) => (this.child.exitCode !== null || this.child.signalCode !== null ? resolve() : this.child.once("exit", () => resolve())));
  }
}

/** True while `pid` runs (a zombie, exited but not reaped, counts as gone). */
export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Waits until `pid` is gone; false if it is still running after `ms`. */
export async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!processRunning(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !processRunning(pid);
}
