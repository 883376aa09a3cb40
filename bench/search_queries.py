#!/usr/bin/env python3
"""A labelled search query set for a generated corpus, made from its ground truth.

    search_queries.py CORPUS-FOLDER [--count 60] [--seed 1] > queries.json

CORPUS-FOLDER holds Content/ and truth.json (as `make bench` keeps them). Each query has a class and
the articles that answer it (any of them counts as found):

- code: an error code in another spelling (0X, leading zeros, no 0x, decimal): every article
  that lists the code;
- symptom: a reader's wording of a symptom, which the articles word differently, alone or with the
  code: the articles of that topic with that symptom (and code);
- typo: a rare word with one letter changed, dropped, added or swapped: the articles with the word;
- prefix: the start of a rare word: the articles with a word that starts so;
- words: a solution heading and a code: the articles with both.

The output depends only on the corpus and the seed.
"""

import argparse
import json
import os
import random
import re


def canonical(code):
    c = code.lower()
    if c.startswith("0x") and re.fullmatch(r"[0-9a-f]+", c[2:]):
        return "0x" + (c[2:].lstrip("0") or "0")
    return c


def spellings(code):
    c = canonical(code)
    if not c.startswith("0x"):
        return [code.upper(), code.lower()]
    digits = c[2:]
    out = ["0X" + digits.upper(), "0x" + digits.zfill(8), digits]
    if len(code) - 2 == 8:
        value = int(digits, 16)
        out.append(str(value))
        if value >= 0x80000000:
            out.append(str(value - (1 << 32)))
    return out


def typo(word, rng):
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "swap", "change", "add"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    letter = rng.choice([c for c in "aeioustrnl" if c != word[i]])
    return word[:i] + letter + word[i + 1:] if kind == "change" else word[:i] + letter + word[i:]


def make(folder, count, seed):
    rng = random.Random(seed)
    truth = json.load(open(os.path.join(folder, "truth.json"), encoding="utf-8"))
    articles = truth["articles"]
    ids = [a["path"][:-3] for a in articles]
    words, texts = {}, {}
    for a, id_ in zip(articles, ids):
        text = open(os.path.join(folder, "Content", a["path"]), encoding="utf-8").read().lower()
        texts[id_] = text
        for w in set(re.findall(r"[a-z]+", text)):
            words.setdefault(w, set()).add(id_)
    rare = sorted(w for w, where in words.items() if len(where) <= 3 and len(w) >= 8)
    by_code = {}
    for a, id_ in zip(articles, ids):
        for c in a["codes"]:
            by_code.setdefault(canonical(c), set()).add(id_)
    headings = {}
    for a, id_ in zip(articles, ids):
        for s in a["solutions"]:
            headings.setdefault(re.sub(r" \(second pass \d+\)$", "", s["heading"]), set()).add(id_)

    queries = []
    n = {"code": count // 5, "symptom": count * 2 // 5, "typo": count // 10 + 1, "prefix": count // 10 + 1}
    n["words"] = max(1, count - sum(n.values()))
    for _ in range(n["code"]):
        a = rng.choice(articles)
        code = rng.choice(a["codes"])
        queries.append(("code", rng.choice(spellings(code)), by_code[canonical(code)]))
    for k in range(n["symptom"]):
        i = rng.randrange(len(articles))
        a = articles[i]
        said = truth["symptoms"][a["topic"]][a["symptom"]][1]
        same = {ids[j] for j, b in enumerate(articles) if b["topic"] == a["topic"] and b["symptom"] == a["symptom"]}
        if k % 2:
            code = rng.choice(a["codes"])
            queries.append(("symptom", "%s %s" % (said, code), same & by_code[canonical(code)]))
        else:
            queries.append(("symptom", said, same))
    for w in rng.sample(rare, n["typo"]):
        queries.append(("typo", typo(w, rng), words[w]))
    for w in rng.sample(rare, n["prefix"]):
        p = w[:max(5, len(w) - 3)]
        queries.append(("prefix", p, set().union(*(where for v, where in words.items() if v.startswith(p)))))
    for _ in range(n["words"]):
        i = rng.randrange(len(articles))
        heading = re.sub(r" \(second pass \d+\)$", "", rng.choice(articles[i]["solutions"])["heading"])
        code = rng.choice(articles[i]["codes"])
        queries.append(("words", "%s %s" % (heading.lower(), code), headings[heading] & by_code[canonical(code)]))
    return [{"class": c, "query": q, "expect": sorted(e)} for c, q, e in queries]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    out = make(args.folder, args.count, args.seed)
    print("[\n" + ",\n".join(json.dumps(q) for q in out) + "\n]")


if __name__ == "__main__":
    main()
