/**
 * Cell output written to `process.stdout` / `process.stderr` (including `console.log`), sent to the front end as
 * iopub `stream` messages parented to whatever request the writing code runs for. Writes in the same event-loop
 * turn for the same parent and stream are merged into one message, and any other message flushes them first,
 * so order is kept. Before any request has run, writes go to the real stream (the kernel's log).
 *
 * @module
 */
import type { MessageHeader } from "./wire";

/**
 * Where merged stream text goes.
 *
 * @example
 * ```ts
 * const sink: StreamSink = (name, text, parent) => publish("stream", { name, text }, parent);
 * ```
 */
export type StreamSink = (name: "stdout" | "stderr", text: string, parent: MessageHeader) => void;

type Write = typeof process.stdout.write;

/**
 * Redirects the process's stdout and stderr into stream messages.
 *
 * @example
 * ```ts
 * const streams = new OutputStreams(currentParent, (name, text, parent) => send(name, text, parent));
 * streams.install();
 * ```
 */
export class OutputStreams {
  private pending: { name: "stdout" | "stderr"; parent: MessageHeader; text: string } | undefined;
  private readonly decoder = new TextDecoder();
  /** The real `process.stderr.write`, for the kernel's own log. */
  readonly realStderr: (text: string) => void;
  private readonly originals: { stdout: Write; stderr: Write };

  constructor(
    private readonly parentOf: () => MessageHeader | undefined,
    private readonly sink: StreamSink,
  ) {
    this.originals = { stdout: process.stdout.write, stderr: process.stderr.write };
    const stderrWrite = this.originals.stderr.bind(process.stderr);
    this.realStderr = (text) => void stderrWrite(text);
  }

  /** Replaces `process.stdout.write` and `process.stderr.write`. */
  install(): void {
    process.stdout.write = this.writerFor("stdout");
    process.stderr.write = this.writerFor("stderr");
  }

  /** Puts the real writers back. */
  uninstall(): void {
    process.stdout.write = this.originals.stdout;
    process.stderr.write = this.originals.stderr;
  }

  /** Adds text to a stream as if written by code running now. */
  write(name: "stdout" | "stderr", text: string): void {
    const parent = this.parentOf();
    if (parent === undefined) {
      const original = name === "stdout" ? this.originals.stdout.bind(process.stdout) : this.originals.stderr.bind(process.stderr);
      original(text);
      return;
    }
    if (this.pending !== undefined && (this.pending.name !== name || this.pending.parent !== parent)) this.flush();
    if (this.pending === undefined) {
      this.pending = { name, parent, text: "" };
      setImmediate(() => this.flush());
    }
    this.pending.text += text;
  }

  /** Sends the merged text now. */
  flush(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    if (pending.text !== "") this.sink(pending.name, pending.text, pending.parent);
  }

  private writerFor(name: "stdout" | "stderr"): Write {
    const writer = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      const text = typeof chunk === "string" ? chunk : chunk instanceof Uint8Array ? this.decoder.decode(chunk) : String(chunk);
      this.write(name, text);
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") process.nextTick(done as () => void);
      return true;
    };
    return writer as Write;
  }
}
