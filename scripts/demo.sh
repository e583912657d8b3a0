#!/usr/bin/env bash
# The main job on the embedded default (local files, no server to start by hand): a generated survey on local disk
# inspected, converted, imported into a trace store (Zarr + Parquet), validated and exported back with the CLI;
# then the example notebooks executed on the SeisProc kernel and turned into HTML reports with the interactive
# viewer embedded (offline bundle, no CDN).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${SEISPROC_DEMO_DIR:-demo-data}
mkdir -p "$out"
seisproc() { node bin/seisproc.js "$@"; }

echo "== generate a 2-D shot survey (IBM float, as most field data comes)"
seisproc generate "$out/line.sgy" --kind shots-2d --shots 40 --channels 120 --samples 1500 --format 1 --seed 7
echo "== inspect it"
seisproc inspect "$out/line.sgy" | head -60
echo "== convert IBM float to IEEE float, little-endian"
seisproc convert "$out/line.sgy" "$out/line-ieee-le.sgy" --format 5 --byte-order little
seisproc inspect "$out/line-ieee-le.sgy" --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log({traceCount:j.traceCount,sampleCount:j.sampleCount,sampleIntervalUs:j.sampleIntervalUs,format:j.format,byteOrder:j.byteOrder})})'
echo "== a 3-D post-stack cube"
seisproc generate "$out/cube.sgy" --kind poststack-3d --size 20MB --seed 3
seisproc inspect "$out/cube.sgy" --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log({traceCount:j.traceCount,sampleCount:j.sampleCount,format:j.format})})'
echo "== import the line into a trace store (gathers by shot), then inspect, validate and export it"
seisproc import "$out/line.sgy" "$out/line.seis" --gather-key FieldRecord --secondary-key TraceNumber --force
seisproc info "$out/line.seis" | head -30
seisproc validate "$out/line.seis" --source "$out/line.sgy"
seisproc export "$out/line.seis" "$out/line-copy.sgy" --force
cmp "$out/line.sgy" "$out/line-copy.sgy" && echo "export is byte-identical to the source"
seisproc export "$out/line.seis" "$out/shots-1-3.sgy" --gathers 1-3 --sample-format 5 --force
seisproc inspect "$out/shots-1-3.sgy" --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log({traceCount:j.traceCount,format:j.format})})'

echo "== execute the notebooks on the SeisProc kernel and write HTML reports"
# A kernelspec of this checkout in a directory of the demo's own: nothing global is touched.
out_abs=$(cd "$out" && pwd)
seisproc kernel install --jupyter-path "$out_abs/jupyter" >/dev/null
export JUPYTER_PATH="$out_abs/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export SEISPROC_DATA_DIR="$out_abs/notebook-data"
mkdir -p "$out/executed" "$out/reports"
for notebook in notebooks/0[1-9]-*.ipynb; do
  name=$(basename "$notebook" .ipynb)
  echo "-- $name"
  jupyter nbconvert --to notebook --execute "$notebook" --ExecutePreprocessor.timeout=600 \
    --output-dir "$out/executed" --output "$name" --log-level WARN
  node dist/kernel-ext/report/report-cli.js "$out/executed/$name.ipynb" -o "$out/reports/$name.html"
done

cat <<EOT

demo: done. Files are in $out/:
  reports (open in any browser, work offline):  $out/reports/*.html
  executed notebooks (with widget state):       $out/executed/*.ipynb
To use the notebooks live: \`node bin/seisproc.js kernel install --user\`, then \`jupyter notebook notebooks/\`
(or \`jupyter lab\`) and pick the "SeisProc (TypeScript)" kernel; see docs/widgets.md for the classic-notebook
extension and the JupyterLab 4 build steps.
EOT
