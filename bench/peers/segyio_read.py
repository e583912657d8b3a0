"""Peer for the segy-read benchmark: segyio's full read, f.trace.raw[:], best of N runs (ms)."""
import json
import sys
import time

import segyio

path, runs = sys.argv[1], int(sys.argv[2])
best = float("inf")
shape = None
for _ in range(runs):
    t0 = time.perf_counter()
    with segyio.open(path, ignore_geometry=True) as f:
        data = f.trace.raw[:]
    best = min(best, (time.perf_counter() - t0) * 1000)
    shape = data.shape
    del data
print(json.dumps({"ms": best, "traces": shape[0], "samples": shape[1], "version": segyio.__version__}))
