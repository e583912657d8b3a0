/**
 * Errors of the kernel extension: widget and display calls made outside the SeisProc kernel, a closed widget used,
 * a kernelspec that cannot be written, a notebook file whose metadata cannot be read or written, and a kernel
 * message that fails its signature check.
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../src/core/errors";

/**
 * A call that needs a live Jupyter kernel (opening a widget's comm, displaying, sending a custom message) made
 * where there is none, e.g. under plain Node. `operation` names what was attempted.
 *
 * @example
 * ```ts
 * try { widget.display(); }
 * catch (e) { if (e instanceof KernelUnavailableError) console.log(e.operation); }
 * ```
 */
export class KernelUnavailableError extends SeisprocError {
  readonly tag = "KernelUnavailableError";
  /** What was attempted, e.g. `"Widget.display"`. */
  readonly operation: string;

  constructor(operation: string, options: SeisprocErrorOptions = {}) {
    super(
      `${operation} needs the SeisProc Jupyter kernel, and this code is not running in it (plain Node, or another kernel): ` +
        `install the kernel with "seisproc kernel install", then open the notebook with the "SeisProc (TypeScript)" kernel. ` +
        `Outside the kernel a widget only holds its state (get, set and change events work; display and send do not)`,
      options,
    );
    this.operation = operation;
  }
}

/**
 * A widget used after `close()` (or after the front end closed it) for something that needs its comm.
 *
 * @example
 * ```ts
 * widget.close();
 * widget.display(); // throws WidgetClosedError
 * ```
 */
export class WidgetClosedError extends SeisprocError {
  readonly tag = "WidgetClosedError";
  /** The widget's model id. */
  readonly modelId: string;

  constructor(modelId: string, operation: string, options: SeisprocErrorOptions = {}) {
    super(`widget ${modelId} is closed: ${operation} needs an open widget; create a new one`, options);
    this.modelId = modelId;
  }
}

/**
 * A kernelspec that cannot be installed: a bad destination or a write that failed.
 *
 * @example
 * ```ts
 * new KernelSpecError("/ro/kernels/seisproc", "directory is not writable; choose --user or --prefix", { cause: err });
 * ```
 */
export class KernelSpecError extends SeisprocError {
  readonly tag = "KernelSpecError";
  /** The kernelspec directory. */
  readonly directory: string;

  constructor(directory: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${directory}: ${detail}`, options);
    this.directory = directory;
  }
}

/**
 * A notebook file whose metadata cannot be read or written: missing, not JSON, not a notebook, or a
 * `metadata.seisproc` value of the wrong shape.
 *
 * @example
 * ```ts
 * new NotebookMetadataError("a.ipynb", "not a notebook: no \"cells\" list");
 * ```
 */
export class NotebookMetadataError extends SeisprocError {
  readonly tag = "NotebookMetadataError";
  /** The notebook's path. */
  readonly path: string;

  constructor(path: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${path}: ${detail}`, options);
    this.path = path;
  }
}

/**
 * A kernel message that is dropped unread: a bad or missing HMAC signature, a replayed signature, or frames that
 * do not make a message. The kernel logs it and never executes the message.
 *
 * @example
 * ```ts
 * try { decodeMessage(frames, signer); }
 * catch (e) { if (e instanceof WireMessageError) log(e.message); }
 * ```
 */
export class WireMessageError extends SeisprocError {
  readonly tag = "WireMessageError";
  /** Why the message was rejected. */
  readonly reason: "signature" | "replay" | "malformed";

  constructor(reason: "signature" | "replay" | "malformed", detail: string, options: SeisprocErrorOptions = {}) {
    super(`kernel message dropped (${reason}): ${detail}`, options);
    this.reason = reason;
  }
}
