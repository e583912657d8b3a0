"""Peer for store-header-columns: segyio opens the file and reads FieldRecord, CDP and offset of every trace with
f.attributes(field)[:], best of N runs (ms)."""
import json
import sys
import time

import segyio

path, runs = sys.argv[1], int(sys.argv[2])
FIELDS = [segyio.TraceField.FieldRecord, segyio.TraceField.CDP, segyio.TraceField.offset]
best = float("inf")
columns = []
for _ in range(runs):
    t0 = time.perf_counter()
    with segyio.open(path, ignore_geometry=True) as f:
        columns = [f.attributes(field)[:] for field in FIELDS]
    best = min(best, (time.perf_counter() - t0) * 1000)
sums = [int(c.astype("int64").sum()) for c in columns]
print(json.dumps({"ms": best, "traces": len(columns[0]), "sums": sums, "version": segyio.__version__}))
