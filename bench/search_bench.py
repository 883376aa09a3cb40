#!/usr/bin/env python3
"""Search figures for `make bench`: index size on disk, bytes a browser downloads for one query,
and query time in the browser, for kbgen's search and for Pagefind on the same pages.

    search_bench.py SITE-FOLDER

The site is served from 127.0.0.1 by a server that counts the bytes of every response; headless
Chromium opens kbgen's search page with ?q=, and a small page that runs Pagefind's own search and
loads its first ten results. Each query runs in a new browser, so nothing is cached.
"""

import http.server
import os
import subprocess
import sys
import urllib.parse

from search_quality import dump, serve

# Codes in three spellings, a word, two words, a prefix while typing, a typo, three words.
QUERIES = ["0x80070005", "80070005", "-2147024891", "spooler", "printer driver", "restar", "spoolr",
           "remote desktop connection"]

PAGEFIND_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>pagefind</title></head><body>
<div id="out"></div>
<script type="module">
const q = new URLSearchParams(location.search).get("q");
const started = performance.now();
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
const search = await pagefind.search(q);
const data = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
const out = document.getElementById("out");
out.setAttribute("data-ms", String(Math.round(performance.now() - started)));
out.setAttribute("data-count", String(search.results.length));
out.textContent = data.map(d => d.url).join("\\n");
</script></body></html>
"""


class Counter(http.server.SimpleHTTPRequestHandler):
    """Counts the bytes of every response, by path."""
    sent = []

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        data = source.read()
        Counter.sent.append((urllib.parse.unquote(self.path.split("?")[0]), len(data)))
        outputfile.write(data)


def folder_size(path):
    total = files = 0
    for root, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(root, n))
            files += 1
    return total, files


def browse(url):
    return dump(url, budget=60000, timeout=120)


def attribute(dom, name):
    key = name + '="'
    at = dom.find(key)
    return dom[at + len(key):dom.find('"', at + len(key))] if at >= 0 else ""


def pagefind_index(site):
    """Indexes the site with Pagefind, once."""
    if not os.path.isdir(os.path.join(site, "pagefind")):
        subprocess.run([sys.executable, "-m", "pagefind", "--site", site], check=True, capture_output=True)


def report(site):
    """Index sizes and bytes per query, as Markdown lines."""
    site = os.path.abspath(site)
    pagefind_index(site)
    with open(os.path.join(site, "pagefind-bench.html"), "w") as f:
        f.write(PAGEFIND_PAGE)
    server, base = serve(site, Counter)

    kb_size, kb_files = folder_size(os.path.join(site, "search"))
    kb_size += os.path.getsize(os.path.join(site, "assets", "search.js"))
    pf_size, pf_files = folder_size(os.path.join(site, "pagefind"))
    rows = []
    for q in QUERIES:
        Counter.sent = []
        dom = browse(base + "search.html?q=" + urllib.parse.quote(q))
        kb_bytes = sum(n for p, n in Counter.sent if p.startswith("/search/") or p.endswith("/search.js"))
        kb_ms = attribute(dom, "data-ms")
        first = dom.split('class="kb-result" href="')[1].split('"')[0] if 'class="kb-result"' in dom else "-"
        Counter.sent = []
        dom = browse(base + "pagefind-bench.html?q=" + urllib.parse.quote(q))
        pf_bytes = sum(n for p, n in Counter.sent if p.startswith("/pagefind/"))
        pf_ms = attribute(dom, "data-ms")
        rows.append((q, kb_bytes, kb_ms, first, pf_bytes, pf_ms, attribute(dom, "data-count")))
    server.shutdown()

    lines = ["Search index on disk: kbgen %.1f MB in %s files; Pagefind %.1f MB in %s files."
             % (kb_size / 1e6, format(kb_files + 1, ","), pf_size / 1e6, format(pf_files, ",")), "",
             "| query | kbgen bytes | kbgen ms | Pagefind bytes | Pagefind ms | Pagefind results | kbgen's first result |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for q, kb, kms, first, pf, pms, count in rows:
        lines.append("| `%s` | %s | %s | %s | %s | %s | %s |" % (q, format(kb, ","), kms, format(pf, ","), pms, count, first))
    kb_median = sorted(r[1] for r in rows)[len(rows) // 2]
    pf_median = sorted(r[4] for r in rows)[len(rows) // 2]
    lines += ["", "Median bytes per query: kbgen %s, Pagefind %s (kbgen/Pagefind %.2f)."
              % (format(kb_median, ","), format(pf_median, ","), kb_median / max(pf_median, 1))]
    return lines


def main():
    print("\n".join(report(sys.argv[1])))


if __name__ == "__main__":
    main()
