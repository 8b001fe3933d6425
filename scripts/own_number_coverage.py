#!/usr/bin/env python3
"""Own-number coverage (issue 12): of the files of a directory that print their own number in
the header ("Số: 63/2025/QĐ-UBND", "Luật số: 100/2015/QH13", "Án lệ số 28/2019/AL", ...),
how many does `vanban extract` give that number as `document.key`?

The printed number is found here independently of vanban, by a plain look at the first lines
of the text (pdftotext / antiword for PDF and Word files, markup characters dropped), so the
figure measures the extractor against the files, not against itself.

Usage: scripts/own_number_coverage.py VANBAN_BINARY DIR  (prints every miss, then totals)
"""
import json, os, re, subprocess, sys, unicodedata

NUM = r"(\d+[A-Za-zĐđ]?(?:\s*[/\-–]\s*[0-9A-Za-zĐđƯưÂâĂăÊêÔôƠơ&.]+)+)"
PRINTED = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:Luật|LUẬT|Pháp lệnh|PHÁP LỆNH|Bộ luật|BỘ LUẬT)\s+)?(?:Số|SỐ|số)\s*[:.]\s*" + NUM
    + r"|(?:Án lệ|ÁN LỆ|Bản án|BẢN ÁN|Quyết định giám đốc thẩm|QUYẾT ĐỊNH GIÁM ĐỐC THẨM|Quyết định tái thẩm|QUYẾT ĐỊNH TÁI THẨM)\s+(?:số|SỐ|Số)\s*:?\s*" + NUM
)


def text_of(path):
    if path.endswith(".pdf"):
        return subprocess.run(["pdftotext", "-l", "3", "-layout", path, "-"],
                              capture_output=True, text=True).stdout
    if path.endswith(".doc"):
        return subprocess.run(["antiword", path], capture_output=True, text=True).stdout
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def norm(k):
    k = unicodedata.normalize("NFC", k).upper().replace(" ", "").replace("–", "-")
    k = k.replace("Ð", "Đ")
    m = re.match(r"0*(\d.*)", k)
    k = (m.group(1) if m else k).rstrip(".,;")
    # A footnote mark printed right after a precedent's code ("28/2019/AL¹" as "AL1").
    return re.sub(r"/AL\d+$", "/AL", k)


def printed(path):
    t = text_of(path)
    # Markup of web copies and line breaks inside the header do not change what is printed.
    t = re.sub(r"[*|#_]", " ", t)
    head = t[:4000]
    # The Gazette's running header ("CÔNG BÁO/Số 1265 + 1266/...") is not the document's.
    for m in PRINTED.finditer(head):
        n = m.group(1) or m.group(2)
        before = head[max(0, m.start() - 40):m.start()].upper()
        if "CÔNG BÁO" in before:
            continue
        if re.search(r"[A-Za-zĐđ]", n):
            return n
    return None


def main():
    binary, d = sys.argv[1], sys.argv[2]
    files = sorted(os.path.join(r, f) for r, _, fs in os.walk(d) for f in fs
                   if f.endswith((".txt", ".pdf", ".doc", ".md", ".html", ".docx")))
    out = subprocess.run([binary, "extract", "--jobs", "2", "--no-metrics", *files],
                         capture_output=True, text=True, env={**os.environ, "VANBAN_PATTERNS": ""})
    got = {}
    for line in out.stdout.splitlines():
        r = json.loads(line)
        got[r["source"]] = (r.get("document") or {}).get("key")
    n_print = n_found = n_same = 0
    for f in files:
        p = printed(f)
        if p is None:
            continue
        n_print += 1
        k = got.get(f)
        if k:
            n_found += 1
        if k and norm(k) == norm(p):
            n_same += 1
        else:
            print(f"miss {f}: printed {p!r}, got {k!r}")
    print(f"files {len(files)}; printing an own number {n_print}; key found {n_found} "
          f"({n_found / max(n_print, 1):.3f}); equal to the printed number {n_same} "
          f"({n_same / max(n_print, 1):.3f})")


if __name__ == "__main__":
    main()
