#!/usr/bin/env python3
"""`make bench`: builds generated knowledge bases with the release build of kbgen and prints
wall time and peak memory (median of several runs, each into a new output folder), then times the
grouping of repeated steps and measures its precision and recall against the corpus's ground truth.

    run.py [--sizes 1000,10000] [--step-sizes 1000,30000] [--runs 3] [--seed 1]
"""

import json

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(HERE, "work")


def release_binary(name="kbgen"):
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    binary = os.path.join(path, name)
    if not os.path.exists(binary):
        sys.exit("no release build at %s; run `make release` first" % binary)
    return binary


def generate(n, seed):
    folder = os.path.join(WORK, "kb-%d" % n)
    content = os.path.join(folder, "Content")
    truth = os.path.join(folder, "truth.json")
    if os.path.exists(truth) and os.path.isdir(content):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, "corpus.py"), "--articles", str(n), "--seed", str(seed),
                    "--out", content], check=True)
    # The ground truth is for measuring, not part of the site.
    os.replace(os.path.join(content, "_truth.json"), truth)
    return folder


def measure(binary, folder, run):
    """Wall seconds and peak resident memory (bytes) of one build into a new folder."""
    output = os.path.join(folder, "out-%d-%d" % (os.getpid(), run))
    args = [binary, "build", "--quiet", "--content", "Content", "--templates", os.path.join(ROOT, "Templates"),
            "--output", output]
    start = time.perf_counter()
    # Warnings about the corpus (a few repeated steps inside a solution) are not what is measured.
    proc = subprocess.Popen(args, cwd=folder, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("kbgen failed on %s" % folder)
    files = sum(len(f) for _, _, f in os.walk(output))
    shutil.rmtree(output)
    return wall, usage.ru_maxrss * 1024, files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--step-sizes", default="1000,30000")
    ap.add_argument("--search-size", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    binary = release_binary()
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        folder = generate(n, args.seed)
        results = [measure(binary, folder, r) for r in range(args.runs)]
        wall = statistics.median(r[0] for r in results)
        peak = statistics.median(r[1] for r in results)
        rows.append((n, results[0][2], wall, peak))
    print()
    print("kbgen build, release, median of %d runs (%d cores)" % (args.runs, os.cpu_count()))
    print("%10s %8s %12s %14s %14s" % ("articles", "files", "wall (s)", "peak memory", "ms / article"))
    for n, files, wall, peak in rows:
        print("%10d %8d %12.2f %11.0f MB %14.3f" % (n, files, wall, peak / 1e6, wall * 1000 / n))

    bench = release_binary("kbgen-bench")
    print()
    print("Repeated steps: grouping time (best of 3) and pairwise precision and recall against the ground truth")
    print("%10s %10s %10s %14s %10s %10s" % ("articles", "steps", "groups", "grouping (s)", "precision", "recall"))
    for n in [int(s) for s in args.step_sizes.split(",")]:
        folder = generate(n, args.seed)
        out = subprocess.run([bench, "steps", os.path.join(folder, "Content"), os.path.join(folder, "truth.json")],
                             check=True, capture_output=True, text=True).stdout
        r = json.loads(out)
        print("%10d %10d %10d %14.3f %10.4f %10.4f" % (n, r["steps"], r["distinct_groups"], r["grouping_seconds"],
                                                        r["precision"], r["recall"]))

    print()
    print("Search on %d articles, kbgen and Pagefind on the same pages, one query per fresh browser" % args.search_size)
    folder = generate(args.search_size, args.seed)
    site = os.path.join(folder, "search-site-%d" % os.getpid())
    subprocess.run([binary, "build", "--quiet", "--content", "Content", "--templates", os.path.join(ROOT, "Templates"),
                    "--output", site], cwd=folder, check=True, stderr=subprocess.DEVNULL)
    subprocess.run([sys.executable, os.path.join(HERE, "search_bench.py"), site], check=True)
    shutil.rmtree(site)


if __name__ == "__main__":
    main()
