#!/usr/bin/env python3
"""`make bench`: measures kbgen's release build on generated knowledge bases and writes the
figures to docs/performance.md.

1. kbgen, Hugo, Hugo + Pagefind and the floor (libcmark-gfm over the same bodies plus writing as
   many files) on the same corpus, run alternately, each into a new folder; medians of wall time
   and peak memory (/usr/bin/time -v).
2. Rebuilds: nothing changed, one article changed, its title changed, and a step of it reworded.
3. Scale: full builds of 1,000 to 100,000 articles.
4. Repeated steps: grouping time, precision and recall against the corpus's ground truth.
5. Search: index size and bytes per query, and success@1, success@3 and MRR of labelled queries on
   the generated corpus and on real articles, kbgen against Pagefind on the same pages.
6. Preview: from saving an edit of one article to its new page being served, by `kbgen serve` and
   by `hugo server` on the same corpus.

    run.py [--compare 10000] [--sizes 1000,10000,30000,100000] [--runs 3] [--big-runs 1]
           [--step-sizes 1000,30000] [--skip-search | --only-search] [--serve-sizes 1000,10000]
           [--only-serve] [--seed 1] [--no-write]
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(HERE, "work")
TEMPLATES = os.path.join(ROOT, "Templates")
# Outputs of one run of this script; deleted only at the end, because this machine's disk is slow
# to create files right after deleting the same paths.
RUN_DIR = os.path.join(WORK, "runs-%d" % os.getpid())


def release_binary(name):
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    binary = os.path.join(path, name)
    if not os.path.exists(binary):
        sys.exit("no release build at %s; run `make release` first" % binary)
    return binary


def generate(n, seed, fmt="kbgen"):
    """The corpus of n articles in kbgen's or Hugo's format; made once, then reused."""
    folder = os.path.join(WORK, ("kb-%d" if fmt == "kbgen" else "hugo-%d") % n)
    ready = os.path.join(folder, "truth.json")
    if os.path.exists(ready):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    target = os.path.join(folder, "Content") if fmt == "kbgen" else folder
    subprocess.run([sys.executable, os.path.join(HERE, "corpus.py"), "--articles", str(n), "--seed", str(seed),
                    "--format", fmt, "--out", target], check=True, stdout=subprocess.DEVNULL)
    # The ground truth is for measuring, not part of the site.
    os.replace(os.path.join(target, "_truth.json"), ready)
    return folder


def fresh(name):
    os.makedirs(RUN_DIR, exist_ok=True)
    path = os.path.join(RUN_DIR, name)
    assert not os.path.exists(path)
    return path


def timed(args, cwd=None):
    """Wall seconds and peak resident memory (bytes) of a command, through /usr/bin/time -v."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v"] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(args), proc.stderr[-2000:]))
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) * 1024
    return wall, peak, proc.stdout


def kbgen_build(kbgen, folder, output, full=True):
    args = [kbgen, "build", "--quiet", "--content", "Content", "--templates", TEMPLATES, "--output", output]
    return timed(args + (["--full"] if full else []), cwd=folder)


def count_files(folder):
    return sum(len(f) for _, _, f in os.walk(folder))


def median(values):
    return statistics.median(values)


def compare(kbgen, bench, n, runs, seed):
    """kbgen, Hugo, Pagefind and the floor on the same n articles, alternating."""
    kb = generate(n, seed)
    hugo_site = generate(n, seed, "hugo")
    results = {"kbgen": [], "hugo": [], "pagefind": [], "floor": []}
    files = None
    outputs = []
    for r in range(runs):
        out = fresh("kbgen-%d-%d" % (n, r))
        results["kbgen"].append(kbgen_build(kbgen, kb, out)[:2])
        files = files or count_files(out) - 2  # less the marker and the cache
        outputs.append(out)

        hugo_out = fresh("hugo-%d-%d" % (n, r))
        results["hugo"].append(timed(["hugo", "--quiet", "-s", hugo_site, "-d", hugo_out])[:2])
        results["pagefind"].append(timed([sys.executable, "-m", "pagefind", "--site", hugo_out])[:2])

        floor_out = fresh("floor-%d-%d" % (n, r))
        wall, peak, _ = timed([bench, "floor", os.path.join(kb, "Content"), floor_out, str(files)])
        results["floor"].append((wall, peak))
        print("  run %d: kbgen %.2f s, Hugo %.2f s, Pagefind %.2f s, floor %.2f s" % (
            r + 1, results["kbgen"][-1][0], results["hugo"][-1][0], results["pagefind"][-1][0], wall), flush=True)
    summary = {k: (median(w for w, _ in v), median(p for _, p in v)) for k, v in results.items()}
    summary["hugo+pagefind"] = (median(h[0] + p[0] for h, p in zip(results["hugo"], results["pagefind"])),
                                median(max(h[1], p[1]) for h, p in zip(results["hugo"], results["pagefind"])))
    return summary, files, outputs[0]


def rebuilds(kbgen, n, seed, output, runs):
    """Rebuild times into an output a full build left: nothing changed, one article given a paragraph,
    then its title changed (which reaches the pages that list it, kb.json and the search index), then a
    step of that article reworded (which also reaches its step pages and runs every stage)."""
    kb = generate(n, seed)
    content = os.path.join(kb, "Content")
    # An article in the middle of the corpus: its codes, tags and steps are shared with others.
    articles = sorted(os.path.join(d, f) for d, _, fs in os.walk(content) for f in fs
                      if f.endswith(".md") and "/steps" not in d)
    target = articles[len(articles) // 2]
    with open(target, encoding="utf-8") as f:
        original = f.read()
    def rebuilt(edit):
        """Wall time and peak memory, medians of `runs` rebuilds, each after the target's text is
        set to `edit(run)` (a different text each run)."""
        results = []
        for r in range(runs):
            if edit:
                with open(target, "w", encoding="utf-8") as f:
                    f.write(edit(r))
            results.append(kbgen_build(kbgen, kb, output, full=False)[:2])
        return median(w for w, _ in results), median(p for _, p in results)

    try:
        nothing = rebuilt(None)
        one = rebuilt(lambda r: original.replace("\n## ", "\nThis paragraph was added by the benchmark (%d).\n\n## " % r, 1))
        # Inside the quotes of a quoted title.
        retitled = rebuilt(lambda r: re.sub(r"^title: ([\"']?)", lambda m: "title: %s(benchmark %d) " % (m.group(1), r),
                                            original, count=1, flags=re.M))
        reworded = rebuilt(lambda r: original.replace("\n1. ", "\n1. First (benchmark %d), " % r, 1))
    finally:
        with open(target, "w", encoding="utf-8") as f:
            f.write(original)
    return nothing, one, retitled, reworded, os.path.relpath(target, content)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except Exception:
        return ""


def until_served(url, marker, timeout=60):
    """Seconds until the page at `url` holds `marker`, asked every 20 ms (more often, the asking
    takes processor time from the server it waits for); None after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if marker in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    return None


def start_server(args, cwd, ready, env=None):
    """A server process and the first line of its output that matches `ready` (a regex)."""
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    for line in process.stdout:
        m = re.search(ready, line)
        if m:
            return process, m
    raise RuntimeError("%s ended before it was ready" % args[0])


def edit_latencies(url, target, original, runs, page_path):
    """Seconds from saving each edit of `target` to `url` serving it: a paragraph added (a different
    one each run), then the title changed; medians of `runs`. Each edit changes that one thing of
    the file as the last edit left it: a paragraph edit keeps the last title, a title edit the last
    paragraph."""
    def compose(paragraph, title):
        text = original
        if paragraph:
            text = text.replace("\n## ", "\n%s.\n\n## " % paragraph, 1)
        if title:
            text = re.sub(r"^title: ([\"']?)", lambda m: "title: %s%s " % (m.group(1), title), text, count=1, flags=re.M)
        return text

    def timed_edit(text, marker):
        start = time.perf_counter()
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        waited = until_served(url + page_path, marker)
        time.sleep(0.3)
        return None if waited is None else time.perf_counter() - start - 0.3
    paragraphs, titles = [], []
    paragraph = title = None
    try:
        for r in range(runs):
            paragraph = "Saved by the benchmark (%d %d)" % (r, os.getpid())
            paragraphs.append(timed_edit(compose(paragraph, title), paragraph))
            title = "Retitled %d %d" % (r, os.getpid())
            titles.append(timed_edit(compose(paragraph, title), title))
    finally:
        with open(target, "w", encoding="utf-8") as f:
            f.write(original)
    clean = lambda xs: median(x for x in xs if x is not None) if any(x is not None for x in xs) else None
    return clean(paragraphs), clean(titles)


def serve_latency(kbgen, n, seed, runs):
    """From saving an edit of the benchmark's article to its page served with the edit, by
    `kbgen serve` (into its preview folder) and `hugo server` (Hugo's default: in memory, with its
    fast render of changed pages), on the same corpus: (kbgen paragraph, kbgen title, Hugo
    paragraph, Hugo title), medians of `runs` seconds."""
    kb, hugo_site = generate(n, seed), generate(n, seed, "hugo")
    content = os.path.join(kb, "Content")
    articles = sorted(os.path.join(d, f) for d, _, fs in os.walk(content) for f in fs
                      if f.endswith(".md") and "/steps" not in d)
    target = articles[len(articles) // 2]
    relative = os.path.relpath(target, content)
    with open(target, encoding="utf-8") as f:
        original = f.read()
    server, m = start_server([kbgen, "serve", "--port", "0", "--templates", TEMPLATES], kb,
                             r"serving a preview at (http://[^/]+)/")
    try:
        kb_times = edit_latencies(m.group(1), target, original, runs, "/" + relative[:-3] + ".html")
    finally:
        server.send_signal(2)
        server.wait()
    hugo_target = os.path.join(hugo_site, "content", relative)
    with open(hugo_target, encoding="utf-8") as f:
        hugo_original = f.read()
    port = 20000 + os.getpid() % 20000
    server, m = start_server(["hugo", "server", "-s", hugo_site, "--bind", "127.0.0.1", "--port", str(port),
                              "--disableLiveReload"], hugo_site, r"Web Server is available at (http://[^/ ]+)")
    try:
        hugo_times = edit_latencies("http://127.0.0.1:%d" % port, hugo_target, hugo_original, runs, "/" + relative[:-3] + "/")
    finally:
        server.terminate()
        server.wait()
    return kb_times + hugo_times


def stages(kbgen, n, seed):
    """Wall seconds, processor seconds and peak memory at the end of each stage of one full build (`--timings`)."""
    kb = generate(n, seed)
    proc = subprocess.run([kbgen, "build", "--full", "--timings", "--content", "Content", "--templates", TEMPLATES,
                           "--output", fresh("stages-%d" % n)], cwd=kb, capture_output=True, text=True, check=True)
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"^\s*([\d.]+) s\s+([\d.]+) s cpu\s+(\d+) MB peak  (.+)$", line)
        if m:
            rows.append((m.group(4), float(m.group(1)), float(m.group(2)), int(m.group(3))))
        # A part of the stage above: its processor seconds only.
        m = re.match(r"^\s+([\d.]+) s cpu\s+- (.+)$", line)
        if m:
            rows.append(("- " + m.group(2), None, float(m.group(1)), None))
    return rows


def templates_alone(bench, n, seed):
    """The templates' time without the rest of a build, on one thread (`kbgen-bench templates`)."""
    kb = generate(n, seed)
    proc = subprocess.run([bench, "templates", os.path.join(kb, "Content")], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def scale(kbgen, sizes, runs, big_runs, seed, known):
    rows = []
    for n in sizes:
        if n in known:
            rows.append((n,) + known[n])
            continue
        kb = generate(n, seed)
        results = []
        files = None
        for r in range(runs if n <= 30000 else big_runs):
            out = fresh("scale-%d-%d" % (n, r))
            results.append(kbgen_build(kbgen, kb, out)[:2])
            files = files or count_files(out) - 2
        rows.append((n, files, median(w for w, _ in results), median(p for _, p in results)))
        print("  %d articles: %.2f s, %.0f MB" % (n, rows[-1][2], rows[-1][3] / 1e6), flush=True)
    return rows


def steps(bench, sizes, seed):
    rows = []
    for n in sizes:
        kb = generate(n, seed)
        out = subprocess.run([bench, "steps", os.path.join(kb, "Content"), os.path.join(kb, "truth.json")],
                             check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out))
    return rows


def judged_steps(bench, folder):
    """Scores the grouping against hand-judged repeats of real articles, when that folder is there."""
    truth = os.path.join(folder, "steps-truth.json")
    if not os.path.exists(truth):
        return None
    out = subprocess.run([bench, "steps-judged", os.path.join(folder, "Content"), truth],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def import_corpus(kbgen, folder, out):
    """`kbgen import --write` of a folder of real support articles, when it is there: articles,
    solutions and steps found, warnings, whether the result checks with no error, the repeated-step
    groups found, and whether every numbered item of every source file is in the article made of it."""
    if not os.path.isdir(folder):
        out("Import of real articles: not measured (%s is not there)." % folder)
        out()
        return
    work = fresh("import")
    os.makedirs(work)
    start = time.perf_counter()
    proc = subprocess.run([kbgen, "import", folder, "--into", "Content", "--write"], cwd=work, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    found = re.search(r"imported (\d+) articles? with (\d+) solutions? and (\d+) steps?", proc.stderr)
    plan_warnings = sum(1 for line in proc.stderr.splitlines() if ": warning: " in line and "Content/" not in line.split(":")[0])
    checked = re.search(r"kbgen: checked Content/(?: \((.*)\))?", proc.stderr)
    errors = re.search(r"(\d+) errors?", checked.group(1) or "") if checked else None
    check_warnings = re.search(r"(\d+) warnings?", checked.group(1) or "") if checked else None
    groups = len(re.findall(r"^  \S+ \(\d+ places\): ", proc.stdout, flags=re.M))
    # Every numbered item of a source file, in the article made of it.
    lost, items, without = 0, 0, 0
    for line in proc.stdout.splitlines():
        m = re.match(r"^Content/(.+)\.md: (\d+) solutions?", line)
        if not m:
            continue
        if m.group(2) == "0":
            without += 1
        with open(os.path.join(folder, m.group(1) + ".md"), encoding="utf-8", errors="replace") as f:
            source = f.read()
        with open(os.path.join(work, "Content", m.group(1) + ".md"), encoding="utf-8") as f:
            made = f.read()
        # Links are compared by their text: one that cannot work in kbgen is left as its text.
        unlinked = lambda text: re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
        made = unlinked(made)
        for item in re.findall(r"^\d+[.)][ \t].*$", source, flags=re.M):
            items += 1
            lost += unlinked(item) not in made
    out("## Import of real articles (`kbgen import --write`, %s)" % os.path.basename(os.path.normpath(folder)))
    out()
    out("| articles | solutions | steps | plan warnings | check errors | check warnings | repeated-step groups | numbered items kept | articles with no solution | time |")
    out("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    if found:
        out("| %s | %s | %s | %d | %s | %s | %d | %d of %d | %d | %.2f s |" % (
            found.group(1), found.group(2), found.group(3), plan_warnings, errors.group(1) if errors else "0",
            check_warnings.group(1) if check_warnings else "0", groups, items - lost, items, without, seconds))
    else:
        out("| import failed (exit %d) | | | | | | | | | |" % proc.returncode)
    out()


def access_log(path, size, seed):
    """A combined-format access log of about `size` bytes: page views, with one request in twenty
    an answer to "Did this fix it?" (some from bots), kept between runs."""
    if os.path.exists(path) and os.path.getsize(path) >= size:
        return
    rng = random.Random(seed)
    agents = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
              "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
              "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"]
    with open(path + ".part", "w") as f:
        written = 0
        while written < size:
            lines = []
            for _ in range(10000):
                if rng.random() < 0.05:
                    target = "/it/kb/feedback.html?a=net/dns-fails&s=%s&r=%s" % (rng.choice(["restart", "flush-the-cache"]), rng.choice(["worked", "failed"]))
                else:
                    target = "/it/kb/net/page-%d.html" % rng.randrange(10000)
                lines.append('10.%d.%d.%d - - [%02d/Dec/2026:%02d:%02d:%02d +0100] "GET %s HTTP/1.1" %d %d "https://kb.example/it/" "%s"\n' % (
                    rng.randrange(256), rng.randrange(256), rng.randrange(256), 1 + rng.randrange(28), rng.randrange(24), rng.randrange(60),
                    rng.randrange(60), target, 200 if rng.random() < 0.97 else 404, rng.randrange(100000), rng.choice(agents)))
            chunk = "".join(lines)
            f.write(chunk)
            written += len(chunk)
    os.rename(path + ".part", path)


def feedback_import(kbgen, size, out):
    """`kbgen feedback import` of a generated access log, without --write: its bytes per second."""
    log = os.path.join(WORK, "access-%d.log" % size)
    access_log(log, size, 1)
    kb = fresh("feedback-import")
    os.makedirs(os.path.join(kb, "Content", "net"))
    with open(os.path.join(kb, "Content", "net", "dns-fails.md"), "w") as f:
        f.write("---\ntitle: DNS fails\n---\n\n## Restart {likelihood=high}\n\n1. Restart.\n\n## Flush the cache {likelihood=low}\n\n1. Flush.\n")
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        proc = subprocess.run([kbgen, "feedback", "import", log], cwd=kb, capture_output=True, text=True, check=True)
        runs.append(time.perf_counter() - start)
    seconds = median(runs)
    added = re.search(r"would add (\d+) worked and (\d+) failed", proc.stderr)
    megabytes = os.path.getsize(log) / 1e6
    out("## Reader feedback: `kbgen feedback import` of a generated access log (median of 3)")
    out()
    out("| log | answers counted | time | throughput |")
    out("|---:|---:|---:|---:|")
    out("| %.0f MB, combined format | %s | %.2f s | %.0f MB/s |" % (
        megabytes, int(added.group(1)) + int(added.group(2)) if added else "?", seconds, megabytes / seconds))
    out()
    return megabytes / seconds


def mb(b):
    return "%.0f MB" % (b / 1e6)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--compare", type=int, default=10000)
    ap.add_argument("--sizes", default="1000,10000,30000,100000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--big-runs", type=int, default=1, help="runs for sizes above 30,000")
    ap.add_argument("--step-sizes", default="1000,30000")
    ap.add_argument("--skip-search", action="store_true")
    ap.add_argument("--only-search", action="store_true", help="the search figures alone; leaves docs/performance.md as it is")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--judged", default=os.path.join(ROOT, "..", "shared", "corpus", "kb-real-dev"),
                    help="real articles with hand-judged repeated steps (steps-truth.json); skipped when absent")
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/performance.md as it is")
    ap.add_argument("--serve-sizes", default="1000,10000")
    ap.add_argument("--only-serve", action="store_true", help="the preview figures alone; leaves docs/performance.md as it is")
    ap.add_argument("--imported", default=os.path.join(ROOT, "..", "shared", "corpus", "ms-support"),
                    help="a folder of real support articles for `kbgen import`; skipped when absent")
    ap.add_argument("--only-import", action="store_true", help="the import figures alone; leaves docs/performance.md as it is")
    ap.add_argument("--log-bytes", type=int, default=1 << 30, help="size of the generated access log for `kbgen feedback import`")
    ap.add_argument("--only-feedback", action="store_true", help="the feedback import figures alone; leaves docs/performance.md as it is")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    kbgen = release_binary("kbgen")
    bench = release_binary("kbgen-bench")
    n = args.compare
    lines = []

    def out(line=""):
        print(line, flush=True)
        lines.append(line)

    if args.only_search:
        search(kbgen, n, args, out)
        return
    if args.only_serve:
        preview(kbgen, args, out)
        return
    # One part alone, its working folders removed after.
    alone = {"feedback": lambda: feedback_import(kbgen, args.log_bytes, out),
             "import": lambda: import_corpus(kbgen, args.imported, out)}
    for name, measure in alone.items():
        if getattr(args, "only_" + name):
            try:
                measure()
            finally:
                shutil.rmtree(RUN_DIR, ignore_errors=True)
            return

    try:
        print("Comparing on %d articles, %d alternating runs:" % (n, args.runs), flush=True)
        summary, files, kept = compare(kbgen, bench, n, args.runs, args.seed)
        stage_rows = stages(kbgen, n, args.seed)
        alone = templates_alone(bench, n, args.seed)
        print("Rebuilding:", flush=True)
        nothing, one, retitled, reworded, changed = rebuilds(kbgen, n, args.seed, kept, args.runs)
        print("Scale:", flush=True)
        sizes = [int(s) for s in args.sizes.split(",")]
        rows = scale(kbgen, sizes, args.runs, args.big_runs, args.seed, {n: (files,) + summary["kbgen"]})
        print("Repeated steps:", flush=True)
        step_rows = steps(bench, [int(s) for s in args.step_sizes.split(",")], args.seed)
        judged = judged_steps(bench, args.judged)
        preview_lines = []
        preview_rows = preview(kbgen, args, lambda line="": preview_lines.append(line))
    finally:
        shutil.rmtree(RUN_DIR, ignore_errors=True)

    kt, km = summary["kbgen"]
    out("## Full build: %s articles, %d runs each, alternating (medians)" % (format(n, ","), args.runs))
    out()
    out("| | wall time | peak memory | kbgen / it (time) | kbgen / it (memory) |")
    out("|---|---:|---:|---:|---:|")
    out("| kbgen (search index included, %s files) | %.2f s | %s | | |" % (format(files, ","), kt, mb(km)))
    for key, name in [("hugo", "Hugo %s" % hugo_version()), ("hugo+pagefind", "Hugo + Pagefind (search)"),
                      ("floor", "floor: libcmark-gfm + writing %s files" % format(files, ","))]:
        t, m = summary[key]
        out("| %s | %.2f s | %s | %.2f | %.2f |" % (name, t, mb(m), kt / t, km / m))
    out()
    out("## Stages of one full build of the %s articles (`kbgen build --full --timings`)" % format(n, ","))
    out()
    out("| stage | wall seconds | processor seconds (all cores) | peak memory at its end |")
    out("|---|---:|---:|---:|")
    for name, seconds, cpu, peak in stage_rows:
        if seconds is None:
            out("| &nbsp;&nbsp;%s | | %.2f | |" % (name, cpu))
        else:
            out("| %s | %.2f | %.2f | %d MB |" % (name, seconds, cpu, peak))
    out()
    templates = [cpu for name, seconds, cpu, _ in stage_rows if seconds is None and "templates" in name]
    if templates:
        budget = 0.25 * summary["hugo"][0] * os.cpu_count()
        out("Rendering's parts are processor time measured on each thread. At 0.25 of Hugo's time, a whole build "
            "has at most %.1f processor seconds on these %d cores; the templates took %.2f."
            % (budget, os.cpu_count(), templates[0]))
        out()
    out("The templates alone, every page's values made first, then the %s pages rendered on one thread "
        "(`kbgen-bench templates`, the least of 5 runs): %.3f s for %.0f MB of HTML."
        % (format(alone["pages"], ","), alone["seconds"], alone["bytes"] / 1e6))
    out()
    out("## Rebuilds of the %s articles (medians of %d)" % (format(n, ","), args.runs))
    out()
    out("| | wall time | peak memory | of a full build |")
    out("|---|---:|---:|---:|")
    out("| nothing changed | %.2f s | %s | %.3f |" % (nothing[0], mb(nothing[1]), nothing[0] / kt))
    out("| one article changed (`%s`) | %.2f s | %s | %.3f |" % (changed, one[0], mb(one[1]), one[0] / kt))
    out("| the title of that article changed | %.2f s | %s | %.3f |" % (retitled[0], mb(retitled[1]), retitled[0] / kt))
    out("| a step of that article reworded | %.2f s | %s | %.3f |" % (reworded[0], mb(reworded[1]), reworded[0] / kt))
    out()
    out("## Scale: full builds")
    out()
    out("| articles | files | wall time | peak memory | ms per article | MB per 1,000 articles |")
    out("|---:|---:|---:|---:|---:|---:|")
    for size, count, t, m in rows:
        out("| %s | %s | %.2f s | %s | %.2f | %.0f |" % (format(size, ","), format(count, ","), t, mb(m), t * 1000 / size,
                                                       m / 1e6 / size * 1000))
    out()
    out("## Repeated steps")
    out()
    out("| articles | steps | groups | grouping time | precision | recall |")
    out("|---:|---:|---:|---:|---:|---:|")
    for r in step_rows:
        out("| %s | %s | %s | %.3f s | %.4f | %.4f |" % (format(r["articles"], ","), format(r["steps"], ","),
                                                      format(r["distinct_groups"], ","), r["grouping_seconds"],
                                                      r["precision"], r["recall"]))
    out()
    if judged:
        out("Real articles with hand-judged repeats (%s): %d articles, %d steps, grouped in %.3f s; "
            "precision %.4f, recall %.4f (%d pairs missed, %d wrong merges)."
            % (os.path.basename(os.path.normpath(args.judged)), judged["articles"], judged["steps"], judged["grouping_seconds"],
               judged["precision"], judged["recall"], judged["missed_pairs"], judged["wrong_pairs"]))
    else:
        out("Real articles with hand-judged repeats: not measured (%s is not there)." % args.judged)
    out()
    for line in preview_lines:
        out(line)
    try:
        import_corpus(kbgen, args.imported, out)
        throughput = feedback_import(kbgen, args.log_bytes, out)
    finally:
        shutil.rmtree(RUN_DIR, ignore_errors=True)
    goals = [
        ("full build at most 0.25 of Hugo's wall time", kt / summary["hugo"][0], 0.25),
        ("full build at most 0.5 of Hugo's wall time (compiled templates)", kt / summary["hugo"][0], 0.5),
        ("full build at most 0.25 of Hugo's peak memory", km / summary["hugo"][1], 0.25),
        ("full build at most 2 times the floor", kt / summary["floor"][0], 2.0),
        ("rebuild with nothing changed at most 0.1 of a full build", nothing[0] / kt, 0.1),
        ("rebuild with one article changed at most 0.15 of a full build", one[0] / kt, 0.15),
    ]
    goals += preview_goals(preview_rows)
    # A floor, not a ceiling: its limit is negative, so that "value <= limit" reads as "at least".
    goals.append(("`kbgen feedback import` at least 200 MB/s on one core (MB/s)", throughput, -200.0))
    if templates:
        goals.append(("templates' part of a full build at most 0.4 processor seconds (`--timings`)", templates[0], 0.4))
    out("## Goals")
    out()
    out("| goal | measured | met |")
    out("|---|---:|:---:|")
    for text, value, limit in goals:
        met = value >= -limit if limit < 0 else value <= limit
        out("| %s | %.2f | %s |" % (text, value, "yes" if met else "no"))
    largest = max(rows, key=lambda r: r[0])
    out("| %s articles build without running out of memory | %s | yes |" % (format(largest[0], ","), mb(largest[3])))

    if not args.skip_search:
        out()
        search(kbgen, n, args, out)

    if not args.no_write:
        write_doc(lines, n)


def preview(kbgen, args, out):
    """Measures and prints the preview table; returns its rows (n, kbgen paragraph, kbgen title,
    Hugo paragraph, Hugo title)."""
    rows = []
    for size in [int(s) for s in args.serve_sizes.split(",")]:
        print("Preview, %d articles:" % size, flush=True)
        rows.append((size,) + serve_latency(kbgen, size, args.seed, args.runs))
    f = lambda x: "%.2f s" % x if x is not None else "not served"
    out("## Preview: from saving an edit to the page served (medians of %d)" % args.runs)
    out()
    out("`kbgen serve` and `hugo server` (%s, its default: in memory, fast render) on the same corpus; the "
        "benchmark's article edited, and its page asked for every 20 ms until it shows the edit." % hugo_version())
    out()
    out("| articles | kbgen, a paragraph | kbgen, the title | Hugo, a paragraph | Hugo, the title |")
    out("|---:|---:|---:|---:|---:|")
    for size, kp, kt, hp, ht in rows:
        out("| %s | %s | %s | %s | %s |" % (format(size, ","), f(kp), f(kt), f(hp), f(ht)))
    out()
    return rows


def preview_goals(rows):
    goals = []
    limits = {1000: 0.3, 10000: 1.5}
    for size, kp, kt, hp, ht in rows:
        worst = max(x for x in (kp, kt) if x is not None) if kp is not None or kt is not None else float("inf")
        if size in limits:
            goals.append(("preview of an edit at %s articles at most %.1f s" % (format(size, ","), limits[size]), worst, limits[size]))
        if hp is not None and ht is not None:
            goals.append(("preview of an edit at %s articles no slower than Hugo (kbgen / Hugo)" % format(size, ","),
                          worst / max(hp, ht), 1.0))
    return goals


def search(kbgen, n, args, out):
    """Bytes per query on the generated corpus, and success of labelled queries there and on the
    real articles, kbgen against Pagefind on the same pages."""
    sys.path.insert(0, HERE)
    import search_bench
    import search_queries
    import search_quality
    kb = generate(n, args.seed)
    site = fresh("search-site")
    try:
        subprocess.run([kbgen, "build", "--quiet", "--content", "Content", "--templates", TEMPLATES, "--output", site],
                       cwd=kb, check=True, stderr=subprocess.DEVNULL)
        print("Search: bytes per query, one query per fresh browser", flush=True)
        out("## Search on %s articles: kbgen and Pagefind on the same pages" % format(n, ","))
        out()
        for line in search_bench.report(site):
            out(line)
        out()
        print("Search: labelled queries", flush=True)
        labelled = search_queries.make(kb, 60, args.seed)
        out("Labelled queries made from the corpus's ground truth (`bench/search_queries.py`), success@1,")
        out("success@3 and mean reciprocal rank (only Pagefind's article results are ranked):")
        out()
        for line in search_quality.table(search_quality.measure(site, labelled)).splitlines():
            out(line)
        out()
        real = os.path.join(args.judged, "Content")
        if os.path.isdir(real):
            real_site = fresh("search-real")
            subprocess.run([kbgen, "build", "--quiet", "--content", real, "--templates", TEMPLATES, "--output", real_site],
                           check=True, stderr=subprocess.DEVNULL)
            search_bench.pagefind_index(real_site)
            labelled = json.load(open(os.path.join(HERE, "queries", "kb-real-dev.json"), encoding="utf-8"))
            out("## Search on real articles (%s, %d queries in `bench/queries/kb-real-dev.json`)"
                % (os.path.basename(os.path.normpath(args.judged)), len(labelled)))
            out()
            for line in search_quality.table(search_quality.measure(real_site, labelled)).splitlines():
                out(line)
        else:
            out("Search on real articles: not measured (%s is not there)." % args.judged)
    finally:
        shutil.rmtree(RUN_DIR, ignore_errors=True)


def hugo_version():
    v = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
    m = re.search(r"v(\d+\.\d+\.\d+)", v)
    return m.group(1) if m else ""


def write_doc(lines, n):
    path = os.path.join(ROOT, "docs", "performance.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start, end = "<!-- figures: written by make bench -->", "<!-- end of figures -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    stamp = "Measured by `make bench` on %s: release build, %d cores, `%s`." % (
        datetime.date.today().isoformat(), os.cpu_count(), platform())
    body = "\n".join([stamp, ""] + [l.replace("## ", "### ", 1) if l.startswith("## ") else l for l in lines])
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + start + "\n" + body.rstrip() + "\n" + end + tail)
    print("\nwrote %s" % os.path.relpath(path, ROOT))


def platform():
    return " ".join(os.uname()[i] for i in (0, 2, 4))


if __name__ == "__main__":
    main()
