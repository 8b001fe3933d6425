#!/usr/bin/env bash
# OCR speed, in one run: `vanban extract --ocr always` on corpus PDFs (every page rendered by
# pdftoppm and read by Tesseract, as a scanned page is) against running `tesseract` alone on the
# same page images (rendered beforehand, so the engine's own limit is what it is compared with).
# Both at one page at a time (--jobs 1, OMP_THREAD_LIMIT=1), measured in CPU seconds of the
# children (user + sys), so other work on a shared machine does not count: pages per second per
# core and the ratio vanban / tesseract (goal >= 0.9). Then the same extract again with the
# cache warm (re-ingest: no page is OCR'd twice) in wall-clock seconds.
# Usage: scripts/bench-ocr.sh [PDF...]   (default: the two shortest corpus PDFs with text)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
for p in tesseract pdftoppm; do
    command -v "$p" >/dev/null || { echo "bench-ocr needs $p (scripts/setup.sh installs it)" >&2; exit 1; }
done
cargo build --release -q --bin vanban
bin="$CARGO_TARGET_DIR/release/vanban"
if (($#)); then files=("$@"); else files=(corpus/002_*.pdf corpus/003_*.pdf); fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dpi=300
for f in "${files[@]}"; do
    pdftoppm -r "$dpi" -gray "$f" "$work/$(basename "$f" .pdf)"
done
python3 - "$bin" "$work" "$dpi" "${files[@]}" <<'PY'
import glob, os, resource, subprocess, sys, time
bin, work, dpi, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
pages = sorted(glob.glob(os.path.join(work, "*.pgm")))
env = dict(os.environ, OMP_THREAD_LIMIT="1")

def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

c0 = cpu()
for p in pages:
    subprocess.run(["tesseract", p, "stdout", "-l", "vie", "--dpi", dpi, "tsv"], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
tess = cpu() - c0
cache = os.path.join(work, "cache")
run = [bin, "extract", "--jobs", "1", "--ocr", "always", "--ocr-dpi", dpi, "--ocr-cache", cache,
       "--output", os.devnull] + files
c0, w0 = cpu(), time.time()
subprocess.run(run, env=env, check=True)
ours, cold = cpu() - c0, time.time() - w0
w0 = time.time()
subprocess.run(run, env=env, check=True)
warm = time.time() - w0
n = len(pages)
t_rate, o_rate = n / tess, n / ours
print(f"tesseract alone: {n} pages at {dpi} dpi, {tess:.1f} CPU s = {t_rate:.3f} pages/s per core")
print(f"vanban extract --ocr always --jobs 1: {ours:.1f} CPU s = {o_rate:.3f} pages/s per core "
      f"(render + OCR + repair + extraction; {cold:.1f} s wall)")
print(f"ratio vanban / tesseract: {o_rate / t_rate:.2f} (goal >= 0.9)")
print(f"re-ingest with the cache warm: {warm:.2f} s wall for {n} pages ({cold / warm:.0f}x faster than cold)")
PY
