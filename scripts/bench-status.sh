#!/usr/bin/env bash
# Latency of `vanban status` on a large index (issue 13: under 20 ms at 100k documents).
#
#   DOCS=100000 SEED=1 N=200 WORK=/tmp/vanban-status-100000 scripts/bench-status.sh
#
# Generates DOCS synthetic documents (`vanban-bench gen`), ingests them in release mode (an
# index already in WORK is reused when REUSE=1), makes the status table once (the first query
# after an ingest derives the graph and stores the table: timed apart), then runs N `vanban
# status --json` processes for keys sampled from the generator's ground truth and prints the
# p50, p90, p99 and max wall time of the whole process (start, map the table, look up, print).
# SKIP_BUILD=1 uses the release binaries already built.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${DOCS:-100000}
SEED=${SEED:-1}
N=${N:-200}
WORK=${WORK:-/tmp/vanban-status-$DOCS}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
BIN=$CARGO_TARGET_DIR/release

[ -n "${SKIP_BUILD:-}" ] || cargo build --release -q -p vanban -p vanban-bench
mkdir -p "$WORK"
if [ -z "${REUSE:-}" ] || [ ! -f "$WORK/index/meta.json" ]; then
  rm -rf "$WORK/corpus" "$WORK/index"
  echo "== generate $DOCS documents (seed $SEED)"
  "$BIN/vanban-bench" gen --docs "$DOCS" --out "$WORK/corpus" --seed "$SEED"
  echo "== vanban ingest"
  "$BIN/vanban" ingest --index "$WORK/index" "$WORK/corpus" 2>&1 | tail -1
fi
rm -f "$WORK"/index/status-*.vbs

# Keys to ask about: own numbers and cited keys of the ground truth, sampled evenly.
python3 - "$WORK/corpus/truth.jsonl" "$N" > "$WORK/status-keys.txt" <<'PY'
import json, sys
keys = []
for line in open(sys.argv[1], encoding="utf-8"):
    t = json.loads(line)
    for k in [t.get("key")] + [r.get("key") for r in t.get("references", [])]:
        if k:
            keys.append(k)
n = int(sys.argv[2])
step = max(1, len(keys) // n)
print("\n".join(dict.fromkeys(keys[::step][:n])))
PY

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
FIRST=$(head -1 "$WORK/status-keys.txt")
s=$(date +%s%N)
"$BIN/vanban" status --index "$WORK/index" --json "$FIRST" > /dev/null || true
echo "first query after ingest (derives the graph, writes the status table): $(ms "$s") ms"
ls -l "$WORK"/index/status-*.vbs | awk '{printf "status table: %.1f MB\n", $5/1e6}'

: > "$WORK/status-times.txt"
while read -r key; do
  s=$(date +%s%N)
  "$BIN/vanban" status --index "$WORK/index" --json --at 2026-06-01 "$key" > /dev/null || true
  echo $(( ($(date +%s%N) - s) / 1000 )) >> "$WORK/status-times.txt"
done < "$WORK/status-keys.txt"
python3 - "$WORK/status-times.txt" <<'PY'
import sys
t = sorted(int(x) / 1000 for x in open(sys.argv[1]) if x.strip())
q = lambda p: t[min(len(t) - 1, int(p * len(t)))]
print(f"vanban status, {len(t)} queries (whole process): p50 {q(0.5):.1f} ms, "
      f"p90 {q(0.9):.1f} ms, p99 {q(0.99):.1f} ms, max {t[-1]:.1f} ms")
PY
