#!/usr/bin/env bash
# PDF -> text speed: ours (in-process example and the isolated `vanban __pdf-worker`) against
# poppler's pdftotext on the same multi-hundred-page PDF, in one hyperfine run.
# Usage: scripts/bench-pdf.sh [COPIES]   (default 20 copies of the five corpus PDFs, ~940 pages)
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-20}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"

missing=()
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v hyperfine >/dev/null || missing+=(hyperfine)
if ((${#missing[@]})); then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

cargo build --release -q -p vanban-pdf --examples
bin="$CARGO_TARGET_DIR/release"
# The isolated path (process start, JSON) is measured when the whole binary builds.
have_worker=0
if cargo build --release -q --bin vanban; then
    have_worker=1
else
    echo "note: vanban binary did not build; timing the in-process path only" >&2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pdf="$work/bench.pdf"
"$bin/examples/mkbench" "$pdf" "$copies" corpus/*.pdf
pages="$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"
worker=()
[ "$have_worker" = 1 ] && worker=(-n vanban-worker "$bin/vanban __pdf-worker $pdf > /dev/null")
echo "benchmark PDF: $pages pages, $(du -k "$pdf" | cut -f1) KiB"

hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$work/h.json" \
    -n pdftotext "pdftotext $pdf /dev/null" \
    -n vanban-pdf "$bin/examples/pdftext $pdf > /dev/null" \
    "${worker[@]}" \
    -n pdf-extract-raw "$bin/examples/pdftext --raw $pdf > /dev/null"

python3 - "$work/h.json" "$pages" <<'PY'
import json, sys
res = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
pages = int(sys.argv[2])
base = res["pdftotext"]
for name, t in res.items():
    print(f"{name:16s} {t:8.3f} s  {pages / t:8.1f} pages/s  speed vs pdftotext {base / t:5.2f}x")
PY
