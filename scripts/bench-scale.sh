#!/usr/bin/env bash
# Scale benchmark of `vanban ingest` and `vanban search` (issue 5), with the baselines a clerk
# would use instead: SQLite FTS5 (unicode61 remove_diacritics 2) and `grep -rl`.
#
#   DOCS=100000 SEED=1 WORK=/tmp/vanban-scale scripts/bench-scale.sh
#
# Generates DOCS synthetic documents (~3 KB, deterministic), ingests them in release mode under
# /usr/bin/time -v (wall time, peak RSS), measures index size, runs `vanban-bench query`
# (in-process latency of number and word queries, plus number-answer precision/recall against
# the generator's ground truth), builds and queries FTS5 on the same files, times grep for a
# number, and prints a summary with ratios. The corpus is freshly written, so every tool reads
# it from the page cache. SKIP_BUILD=1 uses the release binaries already built; LATENCY_ONLY=1
# stops after the query latency of both engines (no re-ingest, graph or grep runs).
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${DOCS:-100000}
SEED=${SEED:-1}
QUERIES=${QUERIES:-2000}
WORK=${WORK:-/tmp/vanban-scale-$DOCS}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
BIN=$CARGO_TARGET_DIR/release

[ -n "${SKIP_BUILD:-}" ] || cargo build --release -q -p vanban -p vanban-bench
mkdir -p "$WORK"
rm -rf "$WORK/corpus" "$WORK/index" "$WORK/fts.db"

echo "== generate $DOCS documents (seed $SEED)"
"$BIN/vanban-bench" gen --docs "$DOCS" --out "$WORK/corpus" --seed "$SEED"
BYTES=$(find "$WORK/corpus" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')

echo "== vanban ingest"
/usr/bin/time -v "$BIN/vanban" ingest --index "$WORK/index" "$WORK/corpus" 2> "$WORK/ingest.err" || true
grep -E '^ingest:' "$WORK/ingest.err" || { cat "$WORK/ingest.err"; exit 1; }
WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/ingest.err" \
  | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/ingest.err")
INDEX_BYTES=$(du -sb "$WORK/index" | cut -f1)

if [ -n "${LATENCY_ONLY:-}" ]; then
  # Search latency of both engines from this one run, without the ingest follow-ups.
  echo "== vanban-bench query ($QUERIES number + $QUERIES word queries, in-process)"
  "$BIN/vanban-bench" query --index "$WORK/index" --truth "$WORK/corpus/truth.jsonl" \
    --n "$QUERIES" --dump-queries "$WORK/queries.txt" | tee "$WORK/query.json"
  echo "== SQLite FTS5 baseline"
  python3 scripts/bench-scale-fts5.py "$WORK/corpus" "$WORK/fts.db" "$WORK/queries.txt" \
    "$WORK/queries.words" | tee "$WORK/fts.json"
  python3 - "$WORK" "$DOCS" "$BYTES" "$WALL" <<'PY'
import json, sys
work, docs, nbytes, wall = sys.argv[1:]
q = json.load(open(f"{work}/query.json"))
f = json.load(open(f"{work}/fts.json"))
r = lambda a, b: (a / b) if b else float("nan")
print()
print(f"| measure ({int(docs)} docs, {int(nbytes)/1e6:.0f} MB) | vanban | FTS5 | ratio |")
print("|---|---|---|---|")
print(f"| ingest docs/s | {int(docs)/float(wall):,.0f} | {f['docs_per_s']:,.0f} | |")
print(f"| number query p50 / p99 (goal p99 < 5 ms) | {q['number_p50_ms']:.2f} / {q['number_p99_ms']:.2f} ms | {f['number_p50_ms']:.2f} / {f['number_p99_ms']:.2f} ms | {r(f['number_p99_ms'], q['number_p99_ms']):.1f}x faster (p99) |")
print(f"| word query p50 / p99 (goal p99 < 20 ms) | {q['word_p50_ms']:.2f} / {q['word_p99_ms']:.2f} ms | {f['word_p50_ms']:.2f} / {f['word_p99_ms']:.2f} ms | {r(f['word_p99_ms'], q['word_p99_ms']):.1f}x faster (p99) |")
print(f"| number answers vs truth | P {q['number_precision']:.4f} R {q['number_recall']:.4f} | | |")
PY
  exit 0
fi

echo "== re-ingest (nothing changed)"
/usr/bin/time -f '%e s, %M KB' "$BIN/vanban" ingest --index "$WORK/index" "$WORK/corpus" 2>&1 | tail -2

echo "== incremental commit: 100 files changed (the graph takes only their segment)"
find "$WORK/corpus" -name '*.txt' | sort | awk 'NR % int('"$DOCS"' / 100 + 1) == 1' | head -100 \
  | while read -r f; do echo "Ghi chú: đã cập nhật." >> "$f"; done
s=$(date +%s%N)
"$BIN/vanban" ingest --index "$WORK/index" "$WORK/corpus" 2>&1 | tail -1
e=$(date +%s%N)
INCR_MS=$(( (e - s) / 1000000 ))
echo "re-ingest with 100 changed files: $INCR_MS ms (whole process: walk, hash, extract 100, commit)"
echo "== graph: full rebuild from stored records (what each commit did before) vs loading segments"
"$BIN/vanban-bench" graph --index "$WORK/index" | tee "$WORK/graph.json"

echo "== vanban-bench query ($QUERIES number + $QUERIES word queries, in-process)"
"$BIN/vanban-bench" query --index "$WORK/index" --truth "$WORK/corpus/truth.jsonl" \
  --n "$QUERIES" --dump-queries "$WORK/queries.txt" | tee "$WORK/query.json"

echo "== SQLite FTS5 baseline"
python3 scripts/bench-scale-fts5.py "$WORK/corpus" "$WORK/fts.db" "$WORK/queries.txt" \
  "$WORK/queries.words" | tee "$WORK/fts.json"

echo "== grep -rl for a number, and vanban search for it (whole process each)"
KEY=$(head -1 "$WORK/queries.txt")
best() { # best of 3 wall times of a command, in ms
  local b=999999999
  for _ in 1 2 3; do
    local s e
    s=$(date +%s%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s%N)
    local t=$(( (e - s) / 1000000 ))
    (( t < b )) && b=$t
  done
  echo "$b"
}
GREP_MS=$(best grep -rlF "$KEY" "$WORK/corpus")
CLI_MS=$(best "$BIN/vanban" search --index "$WORK/index" "$KEY")
echo "grep -rlF '$KEY': $GREP_MS ms; vanban search (process): $CLI_MS ms"

python3 - "$WORK" "$DOCS" "$BYTES" "$WALL" "$RSS_KB" "$INDEX_BYTES" "$GREP_MS" "$CLI_MS" "$INCR_MS" <<'PY'
import json, sys
work, docs, nbytes, wall, rss, isize, grep_ms, cli_ms, incr_ms = sys.argv[1:]
docs, nbytes, wall, rss, isize = int(docs), int(nbytes), float(wall), int(rss), int(isize)
grep_ms, cli_ms = float(grep_ms), float(cli_ms)
q = json.load(open(f"{work}/query.json"))
f = json.load(open(f"{work}/fts.json"))
r = lambda a, b: (a / b) if b else float("nan")
print()
print(f"| measure ({docs} docs, {nbytes/1e6:.0f} MB) | vanban | FTS5 | ratio |")
print("|---|---|---|---|")
print(f"| ingest docs/s | {docs/wall:,.0f} | {f['docs_per_s']:,.0f} | {r(docs/wall, f['docs_per_s']):.2f}x |")
print(f"| ingest MB/s | {nbytes/1e6/wall:.1f} | {f['mb']/f['build_s']:.1f} | |")
print(f"| peak RSS (ingest) | {rss/1024:.0f} MB | | |")
print(f"| index size | {isize/1e6:.0f} MB ({isize/nbytes:.2f}x text) | {f['db_bytes']/1e6:.0f} MB | |")
print(f"| number query p50 / p99 | {q['number_p50_ms']:.2f} / {q['number_p99_ms']:.2f} ms | {f['number_p50_ms']:.2f} / {f['number_p99_ms']:.2f} ms | {r(f['number_p99_ms'], q['number_p99_ms']):.1f}x faster (p99) |")
print(f"| word query p50 / p99 | {q['word_p50_ms']:.2f} / {q['word_p99_ms']:.2f} ms | {f['word_p50_ms']:.2f} / {f['word_p99_ms']:.2f} ms | {r(f['word_p99_ms'], q['word_p99_ms']):.1f}x faster (p99) |")
print(f"| number answers vs truth | P {q['number_precision']:.4f} R {q['number_recall']:.4f} | | |")
g = json.load(open(f"{work}/graph.json"))
print(f"| graph per commit | re-ingest of 100 changed files {float(incr_ms)/1e3:.2f} s in all | full rebuild {g['full_rebuild_read_records_s'] + g['full_rebuild_build_s']:.2f} s (read records {g['full_rebuild_read_records_s']:.2f} + build {g['full_rebuild_build_s']:.2f}) | load {g['load_segments_s']:.2f} s |")
print(f"| one number, whole process | {cli_ms:.0f} ms (vanban search) | grep -rlF {grep_ms:.0f} ms | {r(grep_ms, cli_ms):.1f}x faster |")
PY
