#!/usr/bin/env python3
"""Success@1, success@3 and mean reciprocal rank of a labelled query set, per query class.

    search_quality.py SITE QUERIES.json [--show]

QUERIES.json lists {"class", "query", "expect": [article ids]}; a query succeeds at k when one of
its expected articles is among the first k results. kbgen's own search page script runs every
query in one headless Chromium page (the harness under Tests/KBGenKitTests/Browser/).
"""

import html
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.join(HERE, "..", "Tests", "KBGenKitTests", "Browser")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def run_harness(site, queries, url=None):
    """The results of kbgen's search for each query: [(count, [article id, ...])]."""
    for name in ("search-harness.html", "search-harness.js"):
        shutil.copy(os.path.join(HARNESS, name), os.path.join(site, name))
    with open(os.path.join(site, "harness-input.js"), "w") as f:
        f.write("window.HARNESS = %s;\n" % json.dumps({"queries": queries}))
    target = url or "file://" + os.path.abspath(os.path.join(site, "search-harness.html"))
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                          "--virtual-time-budget=60000", "--dump-dom", target],
                         capture_output=True, text=True, timeout=600).stdout
    m = re.search(r'<pre id="out"[^>]*>(.*?)</pre>', dom, re.S)
    answer = json.loads(html.unescape(m.group(1)))
    return [(r["count"], [h[:-5] if h.endswith(".html") else h for h in r["hits"]]) for r in answer["queries"]]


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


def table(rows, names):
    """rows: {engine: scores}; a Markdown table, one line per class."""
    classes = sorted({c for s in rows.values() for c in s if c != "all"}) + ["all"]
    head = "| queries | n |" + "".join(" %s s@1 | %s s@3 | %s MRR |" % (n, n, n) for n in names)
    lines = [head, "|---|---:|" + "---:|---:|---:|" * len(names)]
    for c in classes:
        n = next(s[c][0] for s in rows.values() if c in s)
        cells = "".join(" %.2f | %.2f | %.2f |" % rows[name][c][1:] if c in rows[name] else " | | |" for name in names)
        lines.append("| %s | %d |%s" % (c, n, cells))
    return "\n".join(lines)


def main():
    site, path = sys.argv[1], sys.argv[2]
    labelled = json.load(open(path))
    ranked = run_harness(site, [q["query"] for q in labelled])
    if "--show" in sys.argv:
        for item, (count, hits) in zip(labelled, ranked):
            rank = next((i + 1 for i, h in enumerate(hits) if h in item["expect"]), None)
            if rank != 1:
                print("%-8s %-50s rank %-4s count %-3d %s" % (item["class"], item["query"], rank, count, hits[:3]))
    print(table({"kbgen": scores(labelled, [h for _, h in ranked])}, ["kbgen"]))


if __name__ == "__main__":
    main()
