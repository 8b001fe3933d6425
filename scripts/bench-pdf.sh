#!/usr/bin/env bash
# PDF -> text speed: ours against poppler's pdftotext, in one run, in two parts:
#  1. file by file on the real PDFs of corpus/wild/pdf (Gazette issues, consolidated texts, court
#     precedents): pdftotext, our in-process example `pdftext`, and the isolated
#     `vanban __pdf-worker FILE` as the pipeline runs it (process start, JSON out); per-file and
#     total times, pages/s and speed vs pdftotext;
#  2. the synthetic benchmark: the five corpus PDFs concatenated COPIES times into one document.
# Usage: scripts/bench-pdf.sh [COPIES]   (default 20 copies, ~940 pages)
# Env: RUNS (synthetic, default 5), WILD_RUNS (per wild file, default 10), WILD_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-20}"
wild_dir="${WILD_DIR:-corpus/wild/pdf}"
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

# Pages per file, as poppler counts them (it may complain on stderr about damaged xrefs).
pages_of() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }

# --- 1. Real PDFs, file by file, all in one hyperfine run. -N: no shell, so a 10 ms file is
# not measured together with a shell start; hyperfine discards the output itself.
shopt -s nullglob
wild=("$wild_dir"/*.pdf)
: >"$work/wild.tsv"
if ((${#wild[@]})); then
    cmds=()
    for i in "${!wild[@]}"; do
        f="${wild[$i]}"
        printf '%s\t%s\t%s\n' "$i" "$(pages_of "$f")" "$(basename "$f")" >>"$work/wild.tsv"
        q="$(printf '%q' "$f")"
        cmds+=(-n "pdftotext#$i" "pdftotext $q /dev/null")
        cmds+=(-n "pdftext#$i" "$bin/examples/pdftext $q")
        [ "$have_worker" = 1 ] && cmds+=(-n "worker#$i" "$bin/vanban __pdf-worker $q")
    done
    echo "real PDFs: ${#wild[@]} files in $wild_dir"
    hyperfine -N --style basic --warmup 1 --runs "${WILD_RUNS:-10}" \
        --export-json "$work/wild.json" "${cmds[@]}" >"$work/wild.log" 2>&1 ||
        { cat "$work/wild.log"; exit 1; }
fi

# --- 2. Synthetic: one multi-hundred-page PDF.
pdf="$work/bench.pdf"
"$bin/examples/mkbench" "$pdf" "$copies" corpus/*.pdf
pages="$(pages_of "$pdf")"
worker=()
[ "$have_worker" = 1 ] && worker=(-n vanban-worker "$bin/vanban __pdf-worker $pdf")
echo "synthetic PDF: $pages pages, $(du -k "$pdf" | cut -f1) KiB"
hyperfine -N --style basic --warmup 1 --runs "${RUNS:-5}" --export-json "$work/h.json" \
    -n pdftotext "pdftotext $pdf /dev/null" \
    -n vanban-pdf "$bin/examples/pdftext $pdf" \
    "${worker[@]}" \
    -n pdf-extract-raw "$bin/examples/pdftext --raw $pdf" >"$work/synthetic.log" 2>&1 ||
    { cat "$work/synthetic.log"; exit 1; }

python3 - "$work" "$pages" <<'PY'
import json, math, os, sys
work, pages = sys.argv[1], int(sys.argv[2])

def means(path, cpu=False):
    if not os.path.exists(path):
        return {}
    res = json.load(open(path))["results"]
    if cpu:
        return {r["command"]: r["user"] + r["system"] for r in res}
    return {r["command"]: r["mean"] for r in res}

wild = means(f"{work}/wild.json")
wild_cpu = means(f"{work}/wild.json", cpu=True)
files = [l.rstrip("\n").split("\t") for l in open(f"{work}/wild.tsv")]
if files:
    ours = [k for k in ("pdftext", "worker") if f"{k}#0" in wild]
    print("\nReal PDFs, file by file (mean ms; speed = pdftotext time / our time, >1 is faster)")
    head = f"{'file':44s} {'pages':>5s} {'pdftotext':>9s}"
    for k in ours:
        head += f" {k:>9s} {'speed':>6s}"
    print(head)
    tot = {k: 0.0 for k in ["pdftotext"] + ours}
    logs = {k: [] for k in ours}
    npages = 0
    for i, p, name in files:
        base = wild[f"pdftotext#{i}"]
        tot["pdftotext"] += base
        npages += int(p or 0)
        line = f"{name[:44]:44s} {p:>5s} {base * 1e3:9.1f}"
        for k in ours:
            t = wild[f"{k}#{i}"]
            tot[k] += t
            logs[k].append(math.log(base / t))
            line += f" {t * 1e3:9.1f} {base / t:5.2f}x"
        print(line)
    line = f"{'total':44s} {npages:5d} {tot['pdftotext'] * 1e3:9.1f}"
    for k in ours:
        line += f" {tot[k] * 1e3:9.1f} {tot['pdftotext'] / tot[k]:5.2f}x"
    print(line)
    for k in ["pdftotext"] + ours:
        extra = ""
        if k in logs:
            g = math.exp(sum(logs[k]) / len(logs[k]))
            worst = min(math.exp(x) for x in logs[k])
            extra = f"  speed vs pdftotext: total {tot['pdftotext'] / tot[k]:5.2f}x, geometric mean {g:5.2f}x, slowest file {worst:5.2f}x"
        print(f"{k:10s} {tot[k]:7.3f} s  {npages / tot[k]:8.1f} pages/s{extra}")
    # CPU time (user + system) is less disturbed by other load on the machine than wall time.
    cpu = {k: sum(wild_cpu[f"{k}#{i}"] for i, _, _ in files) for k in ["pdftotext"] + ours}
    print("CPU time:  " + "  ".join(
        f"{k} {cpu[k]:.3f} s" + ("" if k == "pdftotext" else f" ({cpu['pdftotext'] / cpu[k]:.2f}x)")
        for k in cpu))

res = means(f"{work}/h.json")
base = res["pdftotext"]
print(f"\nSynthetic PDF ({pages} pages)")
for name, t in res.items():
    print(f"{name:16s} {t:8.3f} s  {pages / t:8.1f} pages/s  speed vs pdftotext {base / t:5.2f}x")
PY
