// kbgen search: runs in the browser, offline, from file:// or any web server path.
// Index files are loaded with script elements (fetch is not allowed from file://); each calls
// kbSearch.terms(...) or kbSearch.docs(...). Results are built from DOM text nodes only, and a
// query is never turned into a regular expression.
(function () {
  "use strict";
  var CHUNK = 8;           // articles per search/d-N.js file, as the indexer writes them
  // Maps without a prototype: a word such as "constructor" or "__proto__" is a key like any other.
  function map() { return Object.create(null); }
  var STOP = map();
  ("a an and are as at be by for from if in is it of on or that the then this to with you your").split(" ")
    .forEach(function (w) { STOP[w] = true; });

  var base = (function () {
    var s = document.currentScript && document.currentScript.getAttribute("src");
    return s ? s.replace(/assets\/search\.js$/, "") : "";
  })();
  var shards = map(), partial = map(), docs = map(), similar = map(), waiting = map();

  function load(file, key, store) {
    if (store[key] !== undefined) return Promise.resolve();
    if (!waiting[file]) {
      waiting[file] = new Promise(function (resolve) {
        var el = document.createElement("script");
        el.src = base + "search/" + file;
        el.async = true;
        // A missing shard means no term starts with these letters.
        el.onload = el.onerror = function () { if (store[key] === undefined) store[key] = null; resolve(); };
        document.head.appendChild(el);
      });
    }
    return waiting[file];
  }

  window.kbSearch = {
    terms: function (key, terms, common) {
      shards[key] = terms;
      partial[key] = map();
      common.forEach(function (t) { partial[key][t] = true; });
    },
    docs: function (n, list) { docs[n] = list; },
    similar: function (key, terms) { similar[key] = terms; }
  };

  function isWordChar(c) {
    return (c >= "0" && c <= "9") || c.toLowerCase() !== c.toUpperCase();
  }

  function tokens(text) {
    var out = [], cur = "", s = text.toLowerCase();
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      if (isWordChar(c)) { cur += c; } else if (cur) { out.push(cur); cur = ""; }
    }
    if (cur) out.push(cur);
    return out;
  }

  // 0X0904 and 0x904 are one code.
  function canonical(t) {
    if (t.length > 2 && t.charAt(0) === "0" && t.charAt(1) === "x") {
      var rest = t.slice(2), i = 0;
      for (var k = 0; k < rest.length; k++) if ("0123456789abcdef".indexOf(rest.charAt(k)) < 0) return t;
      while (i < rest.length - 1 && rest.charAt(i) === "0") i++;
      return "0x" + rest.slice(i);
    }
    return t;
  }

  function shardKey(t) {
    var k = "";
    for (var i = 0; i < 2 && i < t.length; i++) {
      var c = t.charAt(i);
      k += ((c >= "a" && c <= "z") || (c >= "0" && c <= "9")) ? c : "_";
    }
    return k;
  }

  // At most one edit (insertion, deletion, substitution or swap of neighbours) apart.
  function withinOneEdit(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a.charAt(i) === b.charAt(i)) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // Typos are forgiven in words of five letters or more; a code one digit off is another code.
  function forgiving(word) {
    if (word.length < 5) return false;
    for (var i = 0; i < word.length; i++) if (word.charAt(i) >= "0" && word.charAt(i) <= "9") return false;
    return true;
  }

  // Terms within one edit of a word: the lists keyed by a term's second and third letters hold
  // every candidate, whichever letter the typo is in.
  function typoTerms(word) {
    var keys = [shardKey(word.slice(1)), shardKey(word), shardKey(word.slice(2))], found = map();
    keys.forEach(function (k) {
      (similar[k] || []).forEach(function (t) { if (t !== word && withinOneEdit(word, t)) found[t] = true; });
    });
    return Object.keys(found);
  }

  // Scores of one query word: exact terms count fully, prefixes half, one typo (words of five
  // letters or more) a third.
  function match(word, last, typos) {
    var scores = map(), exactOnly = true, optional = false;
    var close = map();
    if (typos && forgiving(word)) typoTerms(word).forEach(function (t) { close[t] = true; });
    var keys = [shardKey(word)];
    Object.keys(close).forEach(function (t) { if (keys.indexOf(shardKey(t)) < 0) keys.push(shardKey(t)); });
    keys.forEach(function (key) {
      var terms = shards[key];
      if (!terms) return;
      for (var term in terms) {
        if (!Object.prototype.hasOwnProperty.call(terms, term)) continue;
        var weight = 0;
        if (term === word) weight = 1;
        else if (last && term.length > word.length && term.slice(0, word.length) === word) weight = 0.5;
        else if (close[term]) weight = 0.34;
        if (!weight) continue;
        if (weight < 1) exactOnly = false;
        if (partial[key] && partial[key][term]) optional = true;
        var list = terms[term], doc = 0;
        for (var i = 0; i < list.length; i += 2) {
          doc += list[i];
          var s = list[i + 1] * weight;
          if (!scores[doc] || scores[doc] < s) scores[doc] = s;
        }
      }
    });
    return { scores: scores, optional: optional && exactOnly };
  }

  function rank(words, typos) {
    var total = null, boosts = [];
    words.forEach(function (w, i) {
      var m = match(w, i === words.length - 1, typos);
      // A very common word narrows nothing; it only adds to the score.
      if (m.optional) { boosts.push(m.scores); return; }
      if (total === null) { total = m.scores; return; }
      var next = map();
      for (var d in total) if (m.scores[d]) next[d] = total[d] + m.scores[d];
      total = next;
    });
    if (total === null) total = boosts.shift() || map();
    boosts.forEach(function (b) { for (var d in total) if (b[d]) total[d] += b[d]; });
    return Object.keys(total).map(function (d) { return { doc: +d, score: total[d] }; })
      .sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  function shardsFor(words) {
    var keys = map();
    words.forEach(function (w) { keys[shardKey(w)] = true; });
    return Promise.all(Object.keys(keys).map(function (k) { return load("t-" + k + ".js", k, shards); }));
  }

  // For typos: the candidate lists, then the shards that hold the candidates.
  function typoShardsFor(words) {
    var keys = map();
    words.filter(forgiving).forEach(function (w) {
      [shardKey(w.slice(1)), shardKey(w), shardKey(w.slice(2))].forEach(function (k) { keys[k] = true; });
    });
    return Promise.all(Object.keys(keys).map(function (k) { return load("s-" + k + ".js", k, similar); })).then(function () {
      var more = [];
      words.filter(forgiving).forEach(function (w) { more = more.concat(typoTerms(w)); });
      return shardsFor(more);
    });
  }

  function search(query) {
    var words = tokens(query).map(canonical).filter(function (w) { return !STOP[w]; });
    if (!words.length || (words.length === 1 && words[0].length < 2 && !/^[0-9]$/.test(words[0]))) return Promise.resolve({ words: words, hits: [] });
    return shardsFor(words).then(function () {
      var hits = rank(words, false);
      if (hits.length >= 5 || !words.some(forgiving)) return hits;
      return typoShardsFor(words).then(function () {
        var more = rank(words, true), seen = map();
        hits.forEach(function (h) { seen[h.doc] = true; });
        return hits.concat(more.filter(function (h) { return !seen[h.doc]; }));
      });
    }).then(function (hits) {
      hits = hits.slice(0, 10);
      var chunks = map();
      hits.forEach(function (h) { chunks[Math.floor(h.doc / CHUNK)] = true; });
      return Promise.all(Object.keys(chunks).map(function (c) { return load("d-" + c + ".js", c, docs); }))
        .then(function () { return { words: words, hits: hits }; });
    });
  }

  // The text with every occurrence of the query words marked, cut around the first one
  // (or whole, with `whole`).
  function snippet(el, text, words, whole) {
    var lower = text.toLowerCase(), marks = [];
    words.forEach(function (w) {
      var from = 0, at;
      while (w.length > 1 && (at = lower.indexOf(w, from)) >= 0) {
        var start = at, end = at + w.length;
        while (end < lower.length && isWordChar(lower.charAt(end))) end++;
        if (start === 0 || !isWordChar(lower.charAt(start - 1))) marks.push([start, end]);
        from = end;
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var begin = whole || !marks.length ? 0 : Math.max(0, marks[0][0] - 60);
    var stop = whole ? text.length : Math.min(text.length, begin + 220), pos = begin;
    if (begin > 0) el.appendChild(document.createTextNode("…"));
    marks.forEach(function (m) {
      if (m[0] < pos || m[1] > stop) return;
      el.appendChild(document.createTextNode(text.slice(pos, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      el.appendChild(mark);
      pos = m[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos, stop) + (stop < text.length ? "…" : "")));
  }

  function span(cls, text) {
    var el = document.createElement("span");
    el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function show(results, query, result, started) {
    while (results.firstChild) results.removeChild(results.firstChild);
    if (!query.trim()) {
      results.setAttribute("data-state", "empty");
    } else if (!result.hits.length) {
      results.setAttribute("data-state", "none");
      var p = document.createElement("p");
      p.className = "kb-no-results";
      p.textContent = "No article matches \u201c" + query + "\u201d. Try fewer words, or an error code as it appears on screen.";
      results.appendChild(p);
    } else {
      results.setAttribute("data-state", "results");
      result.hits.forEach(function (h) {
        var d = docs[Math.floor(h.doc / CHUNK)][h.doc % CHUNK];
        var a = document.createElement("a");
        a.className = "kb-result";
        a.href = base + d[0];
        [["kb-result-title", d[1]], ["kb-result-codes", d[4]], ["kb-result-summary", d[2]]].forEach(function (part) {
          if (!part[1]) return;
          var el = span(part[0]);
          snippet(el, part[1], result.words, true);
          a.appendChild(el);
        });
        var s = span("kb-result-snippet");
        snippet(s, d[5], result.words);
        a.appendChild(s);
        if (d[3]) a.appendChild(span("kb-result-fix", "Most likely fix: " + d[3]));
        results.appendChild(a);
      });
    }
    results.setAttribute("data-ms", String(Math.round((performance.now() - started) * 10) / 10));
    results.setAttribute("data-query", query);
  }

  function start() {
    var input = document.getElementById("kb-search-input");
    var results = document.getElementById("kb-results");
    if (!input || !results) return;
    var latest = 0, timer = null;
    function run() {
      var query = input.value, ticket = ++latest, started = performance.now();
      search(query).then(function (result) {
        if (ticket === latest) show(results, query, result, started);
      });
      try {
        if (location.protocol !== "file:") history.replaceState(null, "", "?q=" + encodeURIComponent(query));
      } catch (e) { /* the address stays as it was */ }
    }
    var q = new URLSearchParams(location.search).get("q");
    if (q) input.value = q;
    run();
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 60); });
    input.form && input.form.addEventListener("submit", function (e) {
      e.preventDefault();
      var first = results.querySelector(".kb-result");
      if (first) location.href = first.href;
    });
    // Arrows move between the search box and the results; Enter opens the focused one.
    document.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var items = Array.prototype.slice.call(results.querySelectorAll(".kb-result"));
      if (!items.length) return;
      var i = items.indexOf(document.activeElement);
      if (e.key === "ArrowDown") (i < items.length - 1 ? items[i + 1] : items[i]).focus();
      else if (i > 0) items[i - 1].focus();
      else input.focus();
      e.preventDefault();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
