#!/usr/bin/env bash
# Builds SeisProc's front-end widget bundles into dist/widgets/ (see webpack.config.js):
#   type check of widgets/ (its own tsconfig: DOM, ES modules), then webpack in production mode.
# Usage: bash widgets/build/build.sh [amd|embed|live[,...]]   (default: every bundle)
# npm:   npm run build:widgets  [-- --env target=embed]
set -euo pipefail
cd "$(dirname "$0")/../.."
node node_modules/typescript/bin/tsc -p widgets/tsconfig.json --noEmit
if [[ $# -gt 0 && "$1" != --* ]]; then
  target="$1"; shift
  exec node node_modules/webpack-cli/bin/cli.js --mode production --env "target=${target}" "$@"
fi
exec node node_modules/webpack-cli/bin/cli.js --mode production "$@"
