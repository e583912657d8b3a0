"""Opens SeisProc trace stores with zarr-python and xarray and prints what each sees as JSON (used by
tests/store/interop-python.test.ts). One process reads a whole batch of stores: importing xarray is slow.

stdin: a JSON list of jobs {"path": store directory}.
stdout: a JSON list of results, one per job, in order: {"zarr": {...}, "xarray": {...}} or {"error": traceback}.
"""
import hashlib
import json
import sys
import traceback

import numpy as np
import xarray
import zarr


def sha256_float32le(values):
    return hashlib.sha256(np.ascontiguousarray(values).astype("<f4").tobytes()).hexdigest()


def sha256_bytes(values):
    return hashlib.sha256(np.ascontiguousarray(values).tobytes()).hexdigest()


def codec_id(codec):
    return None if codec is None else codec.codec_id


def with_zarr(path):
    group = zarr.open_group(path, mode="r")
    traces = group["traces"]
    headers = group["raw_headers"]
    return {
        "arrays": sorted(group.array_keys()),
        "attrs": dict(group.attrs),
        "traces": {
            "shape": list(traces.shape),
            "dtype": str(traces.dtype),
            "compressor": codec_id(traces.compressor),
            "filters": [codec_id(f) for f in (traces.filters or [])],
            "sha256_float32le": sha256_float32le(traces[...]),
        },
        "raw_headers": {
            "shape": list(headers.shape),
            "dtype": str(headers.dtype),
            "compressor": codec_id(headers.compressor),
            "sha256": sha256_bytes(headers[...]),
        },
        "time": [float(t) for t in group["time"][...]],
        "gather_order": [int(t) for t in group["gather_order"][...]] if "gather_order" in group else None,
    }


def with_xarray(path):
    ds = xarray.open_zarr(path, consolidated=True)  # fails when .zmetadata is missing
    traces = ds["traces"]
    time = ds["time"]
    return {
        "traces_dims": list(traces.dims),
        "traces_shape": list(traces.shape),
        "traces_dtype": str(traces.dtype),
        "traces_coords": sorted(str(c) for c in traces.coords),
        "sha256_float32le": sha256_float32le(traces.values),
        "raw_headers_dims": list(ds["raw_headers"].dims),
        "raw_headers_sha256": sha256_bytes(ds["raw_headers"].values),
        "time_is_coord": "time" in ds.coords,
        "time_dims": list(time.dims),
        "time_units": time.attrs.get("units"),
        "time": [float(t) for t in time.values],
        "gather_order_dims": list(ds["gather_order"].dims) if "gather_order" in ds else None,
    }


def dump(job):
    try:
        return {"zarr": with_zarr(job["path"]), "xarray": with_xarray(job["path"])}
    except Exception:  # reported per store, so that one bad store does not hide the others
        return {"error": traceback.format_exc()}


def main():
    jobs = json.load(sys.stdin)
    json.dump([dump(job) for job in jobs], sys.stdout)


if __name__ == "__main__":
    main()
