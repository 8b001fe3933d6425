#!/usr/bin/env python3
"""Baseline for scripts/bench-scale.sh: SQLite FTS5 (unicode61 remove_diacritics 2) on the
same generated corpus, with the same number keys and word queries as `vanban-bench query`.

usage: bench-scale-fts5.py CORPUS_DIR DB_PATH NUMBER_KEYS_FILE WORD_QUERIES_FILE
Prints one JSON object: build seconds, db size, p50/p99 latency (ms) of number and word queries.
"""
import json
import os
import re
import sqlite3
import sys
import time


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return 0.0
    return xs[min(len(xs) - 1, round((len(xs) - 1) * p))]


def fts_query(q):
    # Quote every token so user text never parses as FTS5 syntax; keep "phrases" as phrases.
    parts = re.findall(r'"([^"]*)"|(\S+)', q)
    out = []
    for phrase, word in parts:
        toks = re.findall(r"\w+", phrase or word)
        if toks:
            out.append('"' + " ".join(toks) + '"')
    return " AND ".join(out)


def main():
    corpus, db, keys_file, words_file = sys.argv[1:5]
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, body, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    t0 = time.perf_counter()
    n = 0
    nbytes = 0
    with con:
        for root, _dirs, files in os.walk(corpus):
            for f in sorted(files):
                if not f.endswith(".txt"):
                    continue
                p = os.path.join(root, f)
                with open(p, encoding="utf-8") as fh:
                    body = fh.read()
                nbytes += len(body.encode("utf-8"))
                con.execute("INSERT INTO docs(path, body) VALUES (?, ?)", (p, body))
                n += 1
    build = time.perf_counter() - t0
    size = os.path.getsize(db)

    def run(queries):
        lat = []
        hits = 0
        for q in queries:
            fq = fts_query(q)
            if not fq:
                continue
            t = time.perf_counter()
            rows = con.execute(
                "SELECT path, snippet(docs, 1, '<b>', '</b>', '…', 24) FROM docs "
                "WHERE docs MATCH ? ORDER BY rank LIMIT 10",
                (fq,),
            ).fetchall()
            lat.append((time.perf_counter() - t) * 1e3)
            hits += bool(rows)
        return lat, hits

    with open(keys_file, encoding="utf-8") as fh:
        keys = [l.strip() for l in fh if l.strip()]
    with open(words_file, encoding="utf-8") as fh:
        words = [l.strip() for l in fh if l.strip()]
    # A number as a phrase of its tokens: FTS5 has no notion of other spellings.
    klat, khits = run(['"' + k + '"' for k in keys])
    wlat, whits = run(words)
    print(json.dumps({
        "documents": n,
        "mb": nbytes / 1e6,
        "build_s": build,
        "docs_per_s": n / build if build else 0,
        "db_bytes": size,
        "number_p50_ms": pct(klat, 0.5),
        "number_p99_ms": pct(klat, 0.99),
        "number_queries_with_hits": khits,
        "word_p50_ms": pct(wlat, 0.5),
        "word_p99_ms": pct(wlat, 0.99),
        "word_queries_with_hits": whits,
    }, indent=2))


if __name__ == "__main__":
    main()
