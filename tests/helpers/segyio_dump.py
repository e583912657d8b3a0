"""Reads SEG-Y files with segyio and prints what it sees as JSON (used by tests/segy/segyio-interop.test.ts).

stdin: a JSON list of jobs {"path", "endian": "big"|"little", "traces": [indices], "fields": [TraceField names]}.
stdout: a JSON list of results, one per job, in order.
"""
import hashlib
import json
import sys

import numpy as np
import segyio


def dump(job):
    with segyio.open(job["path"], "r", ignore_geometry=True, endian=job["endian"]) as f:
        data = f.trace.raw[:]
        headers = []
        for i in job["traces"]:
            h = f.header[i]
            headers.append({name: int(h[getattr(segyio.TraceField, name)]) for name in job["fields"]})
        return {
            "tracecount": int(f.tracecount),
            "samples": int(len(f.samples)),
            "dt": float(segyio.tools.dt(f)),
            "format": int(f.bin[segyio.BinField.Format]),
            "dtype": str(data.dtype),
            "headers": headers,
            "first5": [float(v) for v in np.asarray(data[0][:5], dtype="<f4")],
            "sha256_float32le": hashlib.sha256(np.ascontiguousarray(data, dtype="<f4").tobytes()).hexdigest(),
        }


def main():
    jobs = json.load(sys.stdin)
    json.dump([dump(job) for job in jobs], sys.stdout)


if __name__ == "__main__":
    main()
