#!/usr/bin/env bash
# Sets up a machine for SeisProc: Node packages (npm ci), the Debian packages the tests, notebooks and benchmarks
# use (python3-segyio, numpy, python3-zarr, python3-xarray as peers; Jupyter's client, server, nbclient and
# nbconvert to run the kernel and the notebooks; chromium for the browser tests), and the build. Safe to run again:
# it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?1:0)')
if [ "$node_ok" != 1 ]; then
  echo "setup: SeisProc needs Node.js 20.19 or newer (found $(node --version))" >&2
  exit 1
fi

# Debian packages, installed only when missing (apt-get needs root).
apt_packages=()
/usr/bin/python3 -c 'import segyio, numpy' >/dev/null 2>&1 || apt_packages+=(python3-segyio python3-numpy)
/usr/bin/python3 -c 'import zarr, xarray' >/dev/null 2>&1 || apt_packages+=(python3-zarr python3-xarray)
/usr/bin/python3 -c 'import jupyter_client, nbclient, nbconvert, jupyter_server' >/dev/null 2>&1 ||
  apt_packages+=(jupyter-client jupyter-nbconvert python3-nbclient jupyter-server)
[ -x /usr/bin/chromium ] || apt_packages+=(chromium fonts-liberation)
if [ ${#apt_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${apt_packages[*]} with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
  else
    echo "setup: warning: ${apt_packages[*]} missing and not root; the interop tests and benchmarks need them (sudo apt-get install ${apt_packages[*]})" >&2
  fi
fi

# Node packages: a clean install whenever the lock file changed since the last one.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

npm run --silent build

# The front-end widget bundles (webpack), when missing or older than their sources.
embed=dist/widgets/embed/seisproc-embed.js
if [ ! -f "$embed" ] || [ -n "$(find widgets/src webpack.config.js package.json -newer "$embed" -print -quit)" ]; then
  npm run --silent build:widgets
fi

# The "SeisProc (TypeScript)" kernelspec in the user's Jupyter directory (idempotent; the demo and the tests use
# kernelspecs of their own and do not depend on it).
node bin/seisproc.js kernel install --user >/dev/null
