# Everyday recipes. Plain cargo works too: see README.md.

default: test

# Run the whole test suite.
test:
    cargo test --workspace

# Formatting and lints exactly as CI checks them.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Format the code.
fmt:
    cargo fmt --all

# Extract references, relations and metrics from the bundled corpus to JSON Lines.
run:
    cargo run --release -- extract corpus/ --output target/corpus.jsonl

# CI's script.
ci:
    bash .ci/run

# All criterion benchmarks.
bench:
    cargo bench --workspace

# PDF -> text speed against pdftotext (installs poppler-utils and hyperfine if missing): file by
# file on corpus/wild/pdf (in-process and isolated worker), then the synthetic concatenation.
bench-pdf *ARGS:
    bash scripts/bench-pdf.sh {{ARGS}}

# OCR speed: `vanban extract --ocr always --jobs 1` on two corpus PDFs against `tesseract` alone
# on the same page images (CPU seconds, pages per second per core, ratio; goal >= 0.9), then
# the same extract with the OCR cache warm (re-ingest time).
bench-ocr *ARGS:
    bash scripts/bench-ocr.sh {{ARGS}}

# Text repair speed on the corpus repeated to 50 MB (criterion: clean UTF-8 and raw corpus,
# owned and borrowed buffers), then per-core CPU figures, one buffer and one file at a time,
# beside the machine's UTF-8 validate + copy.
bench-text:
    cargo bench -p vanban-text --bench repair
    cargo run --release -p vanban-text --example throughput

# Extraction speed. (1) The whole `vanban extract --jobs 1` (read, repair, references,
# relations, metrics, JSON) on the corpus concatenated to 16 MB, against the plain Python `re`
# reference baseline on the same text, in one run; (2) references alone (criterion, one core)
# vs the same baseline on 50 MB; (3) `--jobs` scaling on 400 files.
bench-extract:
    #!/usr/bin/env bash
    set -euo pipefail
    cargo build --release --bin vanban
    bin="${CARGO_TARGET_DIR:-target}/release/vanban"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    python3 - "$work/cat16.txt" <<'PY'
    import glob, sys
    one = "".join(open(f, encoding="utf-8").read() + "\n" for f in sorted(glob.glob("corpus/*.txt")))
    out, n = [], 0
    while n < 16_000_000:
        out.append(one); n += len(one.encode("utf-8"))
    open(sys.argv[1], "w", encoding="utf-8").write("".join(out))
    PY
    mb=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$work/cat16.txt")
    best=999
    for i in 1 2 3; do
        s=$(date +%s.%N); "$bin" extract --jobs 1 --output /dev/null "$work/cat16.txt"; e=$(date +%s.%N)
        best=$(python3 -c "print(min(float('$best'), float('$e') - float('$s')))")
    done
    read -r py npy < <(python3 scripts/baseline_refs.py --mb 16 --runs 3)
    python3 -c "import sys; mb,t,py=map(float,sys.argv[1:]); r=mb/t; print(f'vanban extract --jobs 1 on {mb:.1f} MB: {t:.3f} s = {r:.1f} MB/s; python re references-only baseline {py:.2f} MB/s; ratio {r/py:.1f}x')" "$mb" "$best" "$py"
    out=$(mktemp)
    VANBAN_BENCH_OUT="$out" cargo bench -p vanban-extract --bench references
    read -r rust nrust < "$out"
    rm -f "$out"
    read -r py npy < <(python3 scripts/baseline_refs.py --mb 50 --runs 1)
    echo "text -> references, 50 MB: rust ${rust} MB/s (${nrust} refs), python re ${py} MB/s (${npy} refs)"
    python3 -c "import sys; print(f'ratio rust/python: {float(sys.argv[1]) / float(sys.argv[2]):.1f}x')" "$rust" "$py"
    dir="$work/files"; mkdir -p "$dir"
    for i in $(seq 1 80); do for f in corpus/*.txt; do cp "$f" "$dir/$i-$(basename "$f")"; done; done
    t() { local s e; s=$(date +%s.%N); "$bin" extract --jobs "$1" --output /dev/null "$dir"; e=$(date +%s.%N); python3 -c "print(f'{float(\"$e\") - float(\"$s\"):.3f}')"; }
    t 1 >/dev/null
    j1=$(t 1); j2=$(t 2)
    echo "vanban extract on $(ls "$dir" | wc -l) files: --jobs 1 ${j1}s, --jobs 2 ${j2}s"
    python3 -c "import sys; print(f'scaling jobs 2 vs 1: {float(sys.argv[1]) / float(sys.argv[2]):.2f}x')" "$j1" "$j2"

# Scale benchmark of ingest and search vs SQLite FTS5 and grep (DOCS=100000 by default).
bench-scale docs="100000":
    DOCS={{docs}} bash scripts/bench-scale.sh

# Search latency (p50/p99 of number and word queries) of vanban and SQLite FTS5 on the same
# generated documents, from one run (DOCS=100000); goals p99 < 5 ms numbers, < 20 ms words.
bench-search docs="100000":
    LATENCY_ONLY=1 DOCS={{docs}} bash scripts/bench-scale.sh

# Latency of `vanban status` (p50/p99 of whole processes) on a generated index (DOCS=100000).
bench-status docs="100000":
    DOCS={{docs}} bash scripts/bench-status.sh

# Copy ../shared (reports, gold answers, spec) into the repo again after it changes.
sync-shared:
    cp ../shared/seeds/*.txt ../shared/corpus-pdf/*.pdf corpus/
    cp ../shared/gold/* tests/gold/
    cp ../shared/spec/* docs/spec/
    mkdir -p corpus/wild && cp -r ../shared/wild/* corpus/wild/

# Load on the web page (loopback only, 8 clients, bounded): generate DOCS documents, ingest
# them, serve, then p50/p99 of number searches, word searches and document pages; then the
# same while `vanban ingest` adds MORE documents (committing every 2000), and how soon the
# last of them is served. WORK=DIR keeps the corpus and index for a rerun (reused when there).
bench-web docs="100000" more="10000":
    #!/usr/bin/env bash
    set -euo pipefail
    cargo build --release -q -p vanban -p vanban-bench
    bin="${CARGO_TARGET_DIR:-target}/release"
    work="${WORK:-$(mktemp -d)}"
    mkdir -p "$work"
    trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${WORK:-}" ] || rm -rf "$work"' EXIT
    if [ ! -f "$work/docs/truth.jsonl" ] || [ "$(wc -l < "$work/docs/truth.jsonl")" != "{{docs}}" ]; then
        rm -rf "$work/docs" "$work/index" "$work/more"
        "$bin/vanban-bench" gen --docs {{docs}} --out "$work/docs"
    fi
    s=$(date +%s)
    "$bin/vanban" ingest --index "$work/index" "$work/docs" 2>&1 | tail -1
    echo "ingest of {{docs}} documents: $(( $(date +%s) - s )) s"
    # The second batch is new on every run: drop it from the index first.
    rm -rf "$work/more"
    "$bin/vanban" ingest --prune --index "$work/index" "$work/docs" 2>&1 | tail -1
    "$bin/vanban-bench" gen --docs {{more}} --seed 2 --out "$work/more"
    "$bin/vanban" serve --index "$work/index" --addr 127.0.0.1:0 > "$work/serve.out" &
    server=$!
    until grep -q listening "$work/serve.out" 2>/dev/null; do kill -0 $server; sleep 0.2; done
    url=$(sed -n 's/^listening on //p' "$work/serve.out")
    "$bin/vanban-bench" load --url "$url" --corpus "$work/docs" --clients 8 --requests 300 --label idle
    "$bin/vanban" ingest --commit-every 2000 --index "$work/index" "$work/more" > "$work/ingest-more.out" 2>&1 &
    ingest=$!
    sleep 1
    "$bin/vanban-bench" load --url "$url" --corpus "$work/docs" --clients 8 --requests 100000 \
        --while-pid "$ingest" --label "during ingest of {{more}}"
    wait "$ingest"
    tail -1 "$work/ingest-more.out"
    "$bin/vanban-bench" wait-doc --url "$url" --corpus "$work/more" --timeout-s 300
