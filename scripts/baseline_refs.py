#!/usr/bin/env python3
"""Baseline for `just bench-extract`: the obvious Python `re` reference extractor.

One regular expression for "type word + số + symbol + date", run with finditer over the
same text the Rust benchmark uses (corpus/*.txt repeated to >= 50 MB). Prints the MB/s
(best of N runs) and, with --verbose, the number of references found.
"""
import argparse
import pathlib
import re
import time

TYPE_WORDS = (
    r"Nghị quyết|Quyết định|Chỉ thị|Kết luận|Thông tư liên tịch|Thông tư|Nghị định|Luật|"
    r"Pháp lệnh|Chương trình hành động|Chương trình|Công văn|Thông báo|Tờ trình|Hướng dẫn|"
    r"Kế hoạch|Báo cáo|Giấy mời|Quy chế|Quy định|Đề án"
)
REF = re.compile(
    r"(?:(?P<word>" + TYPE_WORDS + r")\s+)?(?:[Ss]ố:?\s*)?"
    r"(?P<num>\d{1,5}[a-zA-Z]?)\s*(?P<sep>[/\-–]|\s(?=[A-ZĐ]+/))\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?"
    r"(?P<sym>[A-ZĐ][A-ZĐa-z0-9]*(?:\s*[/\-–&]\s*[A-ZĐ][A-ZĐa-z0-9]*)*)"
    r"(?:\s*,?\s*ngày\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4}))?",
    re.IGNORECASE,
)


def corpus_text(target):
    root = pathlib.Path(__file__).resolve().parent.parent / "corpus"
    one = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(root.glob("*.txt")))
    parts, size = [], 0
    while size < target:
        parts.append(one + "\n\n")
        size += len((one + "\n\n").encode("utf-8"))
    return "".join(parts)


def extract(text):
    out = []
    for m in REF.finditer(text):
        num = m.group("num").lstrip("0") or "0"
        key = num + ("/" if m.group("sep").strip() == "/" else "-")
        if m.group("year"):
            key += m.group("year") + "/"
        key += re.sub(r"\s+", "", m.group("sym")).upper()
        date = None
        if m.group("y"):
            date = "%s-%02d-%02d" % (m.group("y"), int(m.group("m")), int(m.group("d")))
        out.append((key, m.group("word"), date))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=50.0, help="text size in MiB (default 50)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    text = corpus_text(int(a.mb * 1024 * 1024))
    nbytes = len(text.encode("utf-8"))
    best, n = float("inf"), 0
    for _ in range(a.runs):
        t = time.perf_counter()
        n = len(extract(text))
        best = min(best, time.perf_counter() - t)
    mbps = nbytes / 1e6 / best
    if a.verbose:
        print(f"python re: {nbytes / 1e6:.1f} MB, {n} references, {mbps:.2f} MB/s")
    else:
        print(f"{mbps:.3f} {n}")


if __name__ == "__main__":
    main()
