#!/usr/bin/python3
"""Start Debian's jupyter-server, open a notebook session with the seisproc kernel through its REST API (as
JupyterLab does), run cells in that kernel, and print one JSON object with their stdout.

usage: server_session.py ROOT_DIR NOTEBOOK_PATH CODE [CODE ...]
NOTEBOOK_PATH is relative to ROOT_DIR (the contents-API path). Run with /usr/bin/python3; JUPYTER_PATH must hold
the seisproc kernelspec.
"""
import json
import os
import queue
import socket
import subprocess
import sys
import time
import uuid

import requests
from jupyter_client.blocking import BlockingKernelClient


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_kernel_info(kc):
    """Send kernel_info until a reply arrives (wait_for_ready without a manager judges the kernel by heartbeats,
    which start only once the kernel has bound its sockets)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        msg_id = kc.kernel_info()
        try:
            while True:
                if kc.get_shell_msg(timeout=1)["parent_header"].get("msg_id") == msg_id:
                    return
        except queue.Empty:
            continue
    raise SystemExit("no kernel_info_reply within 120 s")


def main():
    root, nb_path, codes = sys.argv[1], sys.argv[2], sys.argv[3:]
    port, token = free_port(), uuid.uuid4().hex
    runtime = os.path.join(root, ".runtime")
    os.makedirs(runtime, exist_ok=True)
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=runtime)
    server = subprocess.Popen(
        ["/usr/bin/python3", "-m", "jupyter_server", "--no-browser", f"--port={port}", f"--ServerApp.token={token}",
         f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0", "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(root, "server.log"), "w"))
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"token {token}"}
    try:
        for _ in range(1200):
            if server.poll() is not None:
                raise SystemExit("jupyter-server exited: " + open(os.path.join(root, "server.log")).read()[-2000:])
            try:
                if requests.get(f"{base}/api/status", headers=headers, timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        r = requests.post(f"{base}/api/sessions", headers=headers, timeout=120,
                          json={"path": nb_path, "name": os.path.basename(nb_path), "type": "notebook", "kernel": {"name": "seisproc"}})
        r.raise_for_status()
        kernel_id = r.json()["kernel"]["id"]
        kc = BlockingKernelClient(connection_file=os.path.join(runtime, f"kernel-{kernel_id}.json"))
        kc.load_connection_file()
        kc.start_channels()
        wait_for_kernel_info(kc)
        outputs = []
        for code in codes:
            msg_id = kc.execute(code)
            text = ""
            while True:
                msg = kc.get_iopub_msg(timeout=120)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream":
                    text += msg["content"]["text"]
                if msg["msg_type"] == "error":
                    text += "ERROR " + msg["content"]["ename"] + ": " + msg["content"]["evalue"]
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
            outputs.append(text)
        kc.stop_channels()
        requests.delete(f"{base}/api/kernels/{kernel_id}", headers=headers, timeout=60)
        print(json.dumps({"outputs": outputs}))
    finally:
        server.terminate()
        server.wait(timeout=30)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
