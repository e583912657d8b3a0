#!/usr/bin/python3
"""Time a kernel from launch to its first cell result, with Debian's jupyter_client.

usage: kernel_startup.py KERNEL_NAME CWD CODE [CODE ...]
Prints one JSON object: {"ready_ms": launch -> kernel_info reply, "first_result_ms": launch -> the first cell's
execute_result (or stream output), "cells_ms": [launch -> end of each cell], "pid": ...}. Used by
bench/kernel.bench.ts; run with /usr/bin/python3.
"""
import json
import os
import queue
import sys
import time

from jupyter_client.manager import KernelManager


def wait_for_kernel_info(kc):
    """Send kernel_info until a reply arrives (jupyter_client's wait_for_ready expects a "status" field that
    tslab's kernel_info_reply lacks)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        msg_id = kc.kernel_info()
        try:
            while True:
                reply = kc.get_shell_msg(timeout=1)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return
        except queue.Empty:
            continue
    raise SystemExit("no kernel_info_reply within 120 s")


def main():
    name, cwd, codes = sys.argv[1], sys.argv[2], sys.argv[3:]
    t0 = time.monotonic()
    km = KernelManager(kernel_name=name)
    km.start_kernel(cwd=cwd)
    kc = km.client()
    kc.start_channels()
    wait_for_kernel_info(kc)
    ready = time.monotonic()
    first_result = None
    cells = []
    for code in codes:
        msg_id = kc.execute(code)
        status = None
        while True:
            try:
                msg = kc.get_iopub_msg(timeout=120)
            except queue.Empty:
                raise SystemExit("timed out waiting for the cell")
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] in ("execute_result", "stream") and first_result is None:
                first_result = time.monotonic()
            if msg["msg_type"] == "error":
                raise SystemExit("cell failed: " + json.dumps(msg["content"])[:2000])
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        reply = kc.get_shell_msg(timeout=120)
        status = reply["content"]["status"]
        if status != "ok":
            raise SystemExit("cell failed: " + json.dumps(reply["content"])[:2000])
        cells.append(round((time.monotonic() - t0) * 1000, 1))
    pid = km.provisioner.process.pid
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    print(json.dumps({
        "ready_ms": round((ready - t0) * 1000, 1),
        "first_result_ms": round(((first_result or time.monotonic()) - t0) * 1000, 1),
        "cells_ms": cells,
        "pid": pid,
    }))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
