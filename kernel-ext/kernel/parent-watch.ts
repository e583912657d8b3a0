/**
 * Ends the kernel when the process that started it dies. A Jupyter client (jupyter_client's KernelManager,
 * jupyter-server, nbclient) starts the kernel in a new session and sets `JPY_PARENT_PID`; if the client is
 * killed, nothing would ever stop the kernel (tslab leaves it running forever). The watch polls once a second:
 * the kernel's parent changed (it was re-parented to init or a subreaper) or the `JPY_PARENT_PID` process is gone.
 *
 * @module
 */

/**
 * Options of {@link watchParent}.
 *
 * @example
 * ```ts
 * const options: ParentWatchOptions = { intervalMs: 500 };
 * ```
 */
export interface ParentWatchOptions {
  /** Poll interval (default 1000 ms). */
  intervalMs?: number;
  /** The process to outlive no longer than (default: `JPY_PARENT_PID`, else the parent at start). */
  parentPid?: number;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The pid to watch: `JPY_PARENT_PID` when it is a valid pid, else the current parent.
 *
 * @example
 * ```ts
 * watchedParentPid({ JPY_PARENT_PID: "4242" }); // 4242
 * ```
 */
export function watchedParentPid(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.JPY_PARENT_PID);
  return Number.isSafeInteger(fromEnv) && fromEnv > 1 ? fromEnv : process.ppid;
}

/**
 * Calls `onGone` (once) when the parent dies; returns a function that stops watching. The timer does not keep
 * the process alive.
 *
 * @example
 * ```ts
 * watchParent((why) => { log(why); kernel.close(); process.exit(0); });
 * ```
 */
export function watchParent(onGone: (why: string) => void, options: ParentWatchOptions = {}): () => void {
  const startPpid = process.ppid;
  const pid = options.parentPid ?? watchedParentPid();
  const timer = setInterval(() => {
    let why: string | undefined;
    if (process.ppid !== startPpid) why = `parent process ${startPpid} is gone (re-parented to ${process.ppid})`;
    else if (!processExists(pid)) why = `parent process ${pid} is gone`;
    if (why === undefined) return;
    clearInterval(timer);
    onGone(why);
  }, options.intervalMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
