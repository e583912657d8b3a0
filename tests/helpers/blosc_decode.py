"""Decodes blosc frames with numcodecs' c-blosc (Debian's python3-numcodecs, /usr/bin/python3).

stdin: {"files": [path, ...]}; stdout: {"decoded": [{"length": n, "sha256": hex} | {"error": text}, ...],
"numcodecs": version, "zarr": version}.
"""
import hashlib
import json
import sys

import numcodecs
import zarr
from numcodecs import Blosc


def main() -> None:
    request = json.load(sys.stdin)
    codec = Blosc()
    out = []
    for name in request["files"]:
        with open(name, "rb") as f:
            frame = f.read()
        try:
            data = bytes(codec.decode(frame))
            out.append({"length": len(data), "sha256": hashlib.sha256(data).hexdigest()})
        except Exception as error:  # a damaged frame is an answer, not a crash
            out.append({"error": f"{type(error).__name__}: {error}"})
    json.dump({"decoded": out, "numcodecs": numcodecs.__version__, "zarr": zarr.__version__}, sys.stdout)


if __name__ == "__main__":
    main()
