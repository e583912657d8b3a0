"""Reads the textual headers and samples of SEG-Y files with segyio; prints JSON (tests/crs/export-crs.test.ts).

stdin: a JSON list of paths. stdout: a JSON list of {"tracecount", "ext_headers", "text": [str, ...],
"sha256_float32le"}, one per path, text decoded by segyio (EBCDIC to ASCII) for the textual file header and
every extended textual header.
"""
import hashlib
import json
import sys

import numpy as np
import segyio


def dump(path):
    with segyio.open(path, "r", ignore_geometry=True) as f:
        count = int(f.ext_headers)
        texts = [f.text[i].decode("latin-1") for i in range(count + 1)]
        data = f.trace.raw[:]
        return {
            "tracecount": int(f.tracecount),
            "ext_headers": count,
            "text": texts,
            "sha256_float32le": hashlib.sha256(np.ascontiguousarray(data, dtype="<f4").tobytes()).hexdigest(),
        }


json.dump([dump(p) for p in json.load(sys.stdin)], sys.stdout)
