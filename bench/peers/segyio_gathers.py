"""Peer for store-gather-read-cold: segyio opens the file and reads one gather's traces, f.trace.raw[start:start+n],
for each start given (ms each, file opened anew each time), after one untimed warm-up read."""
import json
import sys
import time

import numpy as np
import segyio

path, starts, count = sys.argv[1], [int(s) for s in sys.argv[2].split(",")], int(sys.argv[3])


def read(start):
    with segyio.open(path, ignore_geometry=True) as f:
        return f.trace.raw[start:start + count]


read(starts[0])  # warm-up: imports, first-call costs
times = []
abs_sum = 0.0
for start in starts:
    t0 = time.perf_counter()
    data = read(start)
    times.append((time.perf_counter() - t0) * 1000)
    if data.shape[0] != count:
        raise SystemExit(f"gather at {start}: {data.shape[0]} traces, expected {count}")
    abs_sum += float(np.abs(data.astype(np.float64)).sum())
print(json.dumps({"ms": times, "mean_ms": sum(times) / len(times), "abs_sum": abs_sum, "version": segyio.__version__}))
