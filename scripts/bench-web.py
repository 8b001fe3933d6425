#!/usr/bin/env python3
"""Bounded load on a running `vanban serve` (loopback only): CLIENTS threads, each sending
REQUESTS GETs over keep-alive connections; prints p50/p99/max per page kind.

usage: bench-web.py http://127.0.0.1:PORT [clients] [requests-per-client]
"""
import http.client, json, random, sys, threading, time, urllib.parse

base = urllib.parse.urlparse(sys.argv[1])
assert base.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
clients = int(sys.argv[2]) if len(sys.argv) > 2 else 8
per = int(sys.argv[3]) if len(sys.argv) > 3 else 250


def conn():
    return http.client.HTTPConnection(base.hostname, base.port, timeout=30)


c = conn()
c.request("GET", "/api/search?q=ke+hoach&limit=200")
hits = json.loads(c.getresponse().read())
c.request("GET", "/search?q=ke+hoach")
page = c.getresponse().read().decode()
ids = sorted({page[i + 5:i + 21] for i in range(len(page)) if page.startswith("/doc/", i)})
keys = [h["key"] for h in hits if h.get("key")][:100] or ["184/KH-UBND"]
words = ["cai cach hanh chinh", "chuyển đổi số", "kế hoạch", "báo cáo kết quả", "dich vu cong"]
targets = {
    "search-number": lambda r: "/search?q=" + urllib.parse.quote(r.choice(keys)),
    "search-words": lambda r: "/search?q=" + urllib.parse.quote(r.choice(words)),
    "document": lambda r: "/doc/" + r.choice(ids),
}
lat = {k: [] for k in targets}
errors = []


def run(seed):
    r = random.Random(seed)
    c = conn()
    for i in range(per):
        kind = list(targets)[i % len(targets)]
        t = targets[kind](r)
        s = time.perf_counter()
        try:
            c.request("GET", t)
            resp = c.getresponse()
            resp.read()
            if resp.status >= 500:
                errors.append((t, resp.status))
        except Exception as e:  # a dropped connection counts and is replaced
            errors.append((t, str(e)))
            c = conn()
            continue
        lat[kind].append((time.perf_counter() - s) * 1000)


ths = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
t0 = time.perf_counter()
for t in ths:
    t.start()
for t in ths:
    t.join()
wall = time.perf_counter() - t0
total = sum(len(v) for v in lat.values())
print(f"{clients} clients, {total} requests in {wall:.1f} s ({total / wall:.0f} req/s), {len(errors)} errors")
for k, v in lat.items():
    v.sort()
    if v:
        q = lambda p: v[min(len(v) - 1, int(p * len(v)))]
        print(f"{k:14} n={len(v):5}  p50 {q(0.5):7.1f} ms  p99 {q(0.99):7.1f} ms  max {v[-1]:7.1f} ms")
