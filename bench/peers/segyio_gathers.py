"""Peer for store-gather-read-cold: segyio opens the file and reads one gather's traces for each start given (ms
each, file opened anew each time), after one untimed warm-up read: the samples, f.trace.raw[start:start+n], and,
timed separately, the samples plus the header fields given (segyio's fastest route: f.attributes(field)[a:b])."""
import json
import sys
import time

import numpy as np
import segyio

path, starts, count = sys.argv[1], [int(s) for s in sys.argv[2].split(",")], int(sys.argv[3])
fields = [getattr(segyio.TraceField, name) for name in sys.argv[4].split(",")] if len(sys.argv) > 4 and sys.argv[4] else []


def read(start):
    with segyio.open(path, ignore_geometry=True) as f:
        return f.trace.raw[start:start + count]


def read_with_headers(start):
    with segyio.open(path, ignore_geometry=True) as f:
        return f.trace.raw[start:start + count], [f.attributes(field)[start:start + count] for field in fields]


def timed(fn):
    fn(starts[0])  # warm-up: imports, first-call costs
    times, out = [], []
    for start in starts:
        t0 = time.perf_counter()
        result = fn(start)
        times.append((time.perf_counter() - t0) * 1000)
        out.append(result)
    return times, out


times, gathers = timed(read)
abs_sum = 0.0
for data in gathers:
    if data.shape[0] != count:
        raise SystemExit(f"gather: {data.shape[0]} traces, expected {count}")
    abs_sum += float(np.abs(data.astype(np.float64)).sum())
header_times, with_headers = timed(read_with_headers)
header_sums = [float(sum(int(h[i].astype(np.int64).sum()) for _, h in with_headers)) for i in range(len(fields))]
print(json.dumps({
    "ms": times,
    "mean_ms": sum(times) / len(times),
    "abs_sum": abs_sum,
    "headers_ms": header_times,
    "headers_mean_ms": sum(header_times) / len(header_times),
    "header_sums": header_sums,
    "version": segyio.__version__,
}))
