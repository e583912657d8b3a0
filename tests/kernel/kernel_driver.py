#!/usr/bin/python3
"""Drive a real Jupyter kernel with Debian's jupyter_client, one JSON command per stdin line.

Every command gets exactly one JSON line on stdout. Messages are returned whole (header, parent_header,
metadata, content) with binary buffers base64-encoded. Used by tests/kernel/*.test.ts through
tests/kernel/kernel-driver.ts; run it with /usr/bin/python3 (the python3 on PATH lacks jupyter_client).

Commands (field "op"):
  start      {kernel_name, cwd, env}          start the kernel and wait until it answers kernel_info
  pid        {}                               the kernel's process id
  send       {channel, msg_type, content, metadata, buffers}   send a signed request; returns its msg_id
  forge      {msg_type, content, key}         send on shell signed with a wrong key; returns its msg_id
  collect    {msg_id, channel, timeout}       the reply to msg_id and every iopub message parented to it up to
                                              its idle status
  iopub      {timeout}                        the next iopub message not yet returned (or {"timeout": true})
  interrupt  {}                               interrupt the kernel as Jupyter does (SIGINT to its process group)
  reply_seen {msg_id}                         true when any reply to msg_id has been received so far
  stop       {}                               shut the kernel down and exit
"""
import base64
import json
import os
import queue
import sys
import time

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

km = None
kc = None
iopub_stash = []  # messages read but not yet returned, in arrival order
replies = {}  # parent msg_id -> reply message (shell or control)


def emit(obj):
    sys.stdout.write(json.dumps(obj, default=str) + "\n")
    sys.stdout.flush()


def as_json(msg):
    return {
        "msg_type": msg["msg_type"],
        "header": msg["header"],
        "parent_header": msg["parent_header"],
        "metadata": msg["metadata"],
        "content": msg["content"],
        "buffers": [base64.b64encode(bytes(b)).decode("ascii") for b in msg.get("buffers", [])],
    }


def pump_replies(channel, timeout):
    get = kc.get_shell_msg if channel == "shell" else kc.get_control_msg
    try:
        msg = get(timeout=timeout)
    except queue.Empty:
        return False
    replies[msg["parent_header"].get("msg_id")] = msg
    return True


def pump_iopub(timeout):
    try:
        msg = kc.get_iopub_msg(timeout=timeout)
    except queue.Empty:
        return False
    iopub_stash.append(msg)
    return True


def collect(msg_id, channel, timeout, expect_reply=True):
    deadline = time.monotonic() + timeout
    got = []
    idle = False
    while time.monotonic() < deadline:
        for msg in list(iopub_stash):
            if msg["parent_header"].get("msg_id") == msg_id and not idle:
                iopub_stash.remove(msg)
                got.append(msg)
                if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
                    idle = True
        if idle and (msg_id in replies or not expect_reply):
            break
        if not idle:
            pump_iopub(0.05)
        if expect_reply and msg_id not in replies:
            pump_replies(channel, 0.05)
    return {
        "reply": as_json(replies.pop(msg_id)) if msg_id in replies else None,
        "iopub": [as_json(m) for m in got],
        "idle": idle,
    }


def build(msg_type, content, metadata, buffers, session):
    msg = session.msg(msg_type, content=content, metadata=metadata or {})
    msg["buffers"] = [base64.b64decode(b) for b in (buffers or [])]
    return msg


def main():
    global km, kc
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        op = cmd["op"]
        try:
            if op == "start":
                env = dict(os.environ)
                env.update(cmd.get("env") or {})
                km = KernelManager(kernel_name=cmd["kernel_name"])
                km.start_kernel(cwd=cmd.get("cwd"), env=env)
                kc = km.client()
                kc.start_channels()
                kc.wait_for_ready(timeout=cmd.get("timeout", 120))
                emit({"ok": True, "pid": km.provisioner.process.pid})
            elif op == "pid":
                emit({"pid": km.provisioner.process.pid})
            elif op == "send":
                msg = build(cmd["msg_type"], cmd.get("content", {}), cmd.get("metadata"), cmd.get("buffers"), kc.session)
                chan = kc.control_channel if cmd.get("channel") == "control" else kc.shell_channel
                chan.send(msg)
                emit({"msg_id": msg["header"]["msg_id"]})
            elif op == "forge":
                forger = Session(key=cmd.get("key", "not-the-key").encode(), session=kc.session.session, username=kc.session.username)
                msg = build(cmd["msg_type"], cmd.get("content", {}), cmd.get("metadata"), cmd.get("buffers"), forger)
                forger.send(kc.shell_channel.socket, msg)
                emit({"msg_id": msg["header"]["msg_id"]})
            elif op == "collect":
                emit(collect(cmd["msg_id"], cmd.get("channel", "shell"), cmd.get("timeout", 60), cmd.get("expect_reply", True)))
            elif op == "iopub":
                if not iopub_stash:
                    pump_iopub(cmd.get("timeout", 10))
                emit(as_json(iopub_stash.pop(0)) if iopub_stash else {"timeout": True})
            elif op == "interrupt":
                km.interrupt_kernel()
                emit({"ok": True})
            elif op == "reply_seen":
                while pump_replies("shell", 0.01):
                    pass
                emit({"seen": cmd["msg_id"] in replies})
            elif op == "stop":
                kc.stop_channels()
                km.shutdown_kernel(now=False)
                emit({"ok": True})
                sys.stdout.flush()
                os._exit(0)  # skip interpreter teardown: pyzmq's __del__ hooks print noise there
            else:
                emit({"error": f"unknown op {op}"})
        except Exception as e:  # report, keep serving
            emit({"error": f"{type(e).__name__}: {e}"})


if __name__ == "__main__":
    main()
