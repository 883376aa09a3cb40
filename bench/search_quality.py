#!/usr/bin/env python3
"""Success@1, success@3 and mean reciprocal rank of a labelled query set, per query class, for
kbgen's search and, when the site has a Pagefind index, for Pagefind on the same pages.

    search_quality.py SITE QUERIES.json [--show]

QUERIES.json lists {"class", "query", "expect": [article ids]}; a query succeeds at k when one of
its expected articles is among the first k results. Each engine runs every query in one headless
Chromium page served from 127.0.0.1: kbgen's own page script through the harness under
Tests/KBGenKitTests/Browser/, Pagefind's through bench/pagefind-harness.html. Pagefind also finds
the site's listing pages (tags, codes, steps); only its article results are ranked.
"""

import html
import http.server
import json
import os
import re
import shutil
import socketserver
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.join(HERE, "..", "Tests", "KBGenKitTests", "Browser")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site, handler=Quiet):
    """A server for the site on 127.0.0.1, with a handler class of SimpleHTTPRequestHandler's kind;
    returns (server, base address)."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), lambda *a, **k: handler(*a, directory=site, **k))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/" % server.server_address[1]


def dump(url, budget=120000, timeout=900):
    """The page's DOM after headless Chromium ran its scripts."""
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           "--virtual-time-budget=%d" % budget, "--dump-dom", url],
                          capture_output=True, text=True, timeout=timeout).stdout


def harness(site, base, page, files, queries):
    for source in files:
        shutil.copy(source, os.path.join(site, os.path.basename(source)))
    with open(os.path.join(site, "harness-input.js"), "w") as f:
        f.write("window.HARNESS = %s;\n" % json.dumps({"queries": queries}))
    # A large index can take the browser longer than its time budget; a second try then finishes.
    for _ in range(3):
        m = re.search(r'<pre id="out" data-done="1">(.*?)</pre>', dump(base + page), re.S)
        if m:
            break
    else:
        sys.exit("the %s harness did not finish" % page)
    answer = json.loads(html.unescape(m.group(1)))
    if answer.get("error"):
        sys.exit("%s: %s" % (page, answer["error"]))
    return answer["queries"]


def article_id(url):
    path = url.split("://", 1)[-1]
    path = path.split("/", 1)[1] if "://" in url else path
    return re.sub(r"\.html$", "", path.lstrip("/"))


def run_kbgen(site, base, queries):
    """[(count, [article id, ...])] for each query."""
    files = [os.path.join(HARNESS, n) for n in ("search-harness.html", "search-harness.js")]
    return [(r["count"], [article_id(h) for h in r["hits"]])
            for r in harness(site, base, "search-harness.html", files, queries)]


def run_pagefind(site, base, queries, articles):
    """The same for Pagefind, keeping only results that are articles."""
    files = [os.path.join(HERE, n) for n in ("pagefind-harness.html", "pagefind-harness.js")]
    out = []
    for r in harness(site, base, "pagefind-harness.html", files, queries):
        hits = [article_id(h) for h in r["hits"]]
        out.append((r["count"], [h for h in hits if h in articles]))
    return out


def scores(labelled, ranked):
    """Per class and overall: (queries, success@1, success@3, MRR)."""
    by = {}
    for item, hits in zip(labelled, ranked):
        rank = next((i + 1 for i, h in enumerate(hits) if h in item["expect"]), None)
        for key in (item["class"], "all"):
            by.setdefault(key, []).append(rank)
    out = {}
    for key, ranks in by.items():
        n = len(ranks)
        out[key] = (n, sum(1 for r in ranks if r == 1) / n, sum(1 for r in ranks if r and r <= 3) / n,
                    sum(1 / r for r in ranks if r) / n)
    return out


def table(rows):
    """rows: {engine: scores}; a Markdown table, one line per class."""
    names = list(rows)
    classes = sorted({c for s in rows.values() for c in s if c != "all"}) + ["all"]
    head = "| queries | n |" + "".join(" %s s@1 | %s s@3 | %s MRR |" % (n, n, n) for n in names)
    lines = [head, "|---|---:|" + "---:|---:|---:|" * len(names)]
    for c in classes:
        n = next(s[c][0] for s in rows.values() if c in s)
        cells = "".join(" %.2f | %.2f | %.2f |" % rows[name][c][1:] for name in names)
        lines.append("| %s | %d |%s" % ("**all**" if c == "all" else c, n, cells))
    return "\n".join(lines)


def articles_of(site):
    """Article ids of a kbgen site, from its kb.json."""
    kb = json.load(open(os.path.join(site, "kb.json"), encoding="utf-8"))
    return {a["id"] for a in kb["articles"]}


def measure(site, labelled, show=False):
    """{engine: scores}, for kbgen and (when the site has an index) Pagefind."""
    server, base = serve(site)
    try:
        queries = [q["query"] for q in labelled]
        ranked = {"kbgen": run_kbgen(site, base, queries)}
        if os.path.isdir(os.path.join(site, "pagefind")):
            ranked["Pagefind"] = run_pagefind(site, base, queries, articles_of(site))
    finally:
        server.shutdown()
    if show:
        for name, results in ranked.items():
            for item, (count, hits) in zip(labelled, results):
                rank = next((i + 1 for i, h in enumerate(hits) if h in item["expect"]), None)
                if rank != 1:
                    print("%-8s %-8s %-50s rank %-4s of %-4d %s" % (name, item["class"], item["query"], rank, count, hits[:3]))
    return {name: scores(labelled, [h for _, h in results]) for name, results in ranked.items()}


def main():
    site, path = sys.argv[1], sys.argv[2]
    print(table(measure(site, json.load(open(path)), show="--show" in sys.argv)))


if __name__ == "__main__":
    main()
