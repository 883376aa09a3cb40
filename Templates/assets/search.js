// kbgen search: runs in the browser, offline, from file:// or any web server path.
// Index files are loaded with script elements (fetch is not allowed from file://); each calls
// kbSearch.words(...), kbSearch.terms(...), kbSearch.similar(...) or kbSearch.docs(...).
// Results are built from DOM text nodes only, and a query is never turned into a regular expression.
// Text becomes terms exactly as kbgen's SearchWords does at build time: tokens, stems, synonyms.
(function () {
  "use strict";
  var SHOWN = 10;           // results shown
  var PREFIX = 0.5;         // a prefix match's share of a whole word's score
  var TYPO = 0.34;          // a forgiven typo's share
  // Maps without a prototype: a word such as "constructor" or "__proto__" is a key like any other.
  function map() { return Object.create(null); }

  var base = (function () {
    var s = document.currentScript && document.currentScript.getAttribute("src");
    return s ? s.replace(/assets\/search\.js$/, "") : "";
  })();
  var words = null, shards = map(), docs = map(), similar = map(), waiting = map();

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

  var api = window.kbSearch = {
    words: function (w) {
      var stop = map(), phrases = map(), split = map();
      w.stop.forEach(function (s) { stop[s] = true; });
      w.split.forEach(function (s) { split[s] = true; });
      w.phrases.forEach(function (p) { phrases[p[0]] = p[1]; });
      words = { stop: stop, phrases: phrases, split: split, longest: w.longest, articles: w.articles, chunk: w.chunk };
    },
    // [term, [articles with the term, difference, score, difference, score ...], term, ...]
    terms: function (key, flat) {
      var terms = map();
      for (var i = 0; i + 1 < flat.length; i += 2) terms[flat[i]] = flat[i + 1];
      shards[key] = terms;
    },
    docs: function (n, list) { docs[n] = list; },
    similar: function (key, terms) { similar[key] = terms; }
  };

  // ---- Text to terms, step for step as SearchWords.swift ----

  var WORD = /^[\p{L}\p{N}]$/u;
  function isWordChar(c) {
    if (c.length === 1) {
      var n = c.charCodeAt(0);
      if (n < 128) return (n >= 48 && n <= 57) || (n >= 97 && n <= 122) || (n >= 65 && n <= 90);
    }
    return WORD.test(c);
  }
  // A final sigma is a sigma: the browser lowercases a word-final Σ to ς, Swift does not.
  function fold(c) { return c === "\u03c2" ? "\u03c3" : c; }
  function isApostrophe(c) { return c === "'" || c === "\u2019"; }

  // Lowercase tokens, each with where it starts and ends in `text` (for marking them).
  function tokensAt(text) {
    var out = [], cur = "", from = -1, i = 0;
    for (var ch of text) {
      if (isWordChar(ch)) {
        if (from < 0) from = i;
        cur += fold(ch.toLowerCase());
      } else if (!isApostrophe(ch) && from >= 0) {
        out.push({ token: canonical(cur), start: from, end: i });
        cur = ""; from = -1;
      }
      i += ch.length;
    }
    if (from >= 0) out.push({ token: canonical(cur), start: from, end: i });
    return out;
  }

  function tokens(text) {
    var out = [], cur = "";
    for (var ch of text.toLowerCase()) {
      if (isWordChar(ch)) cur += fold(ch);
      else if (!isApostrophe(ch) && cur) { out.push(canonical(cur)); cur = ""; }
    }
    if (cur) out.push(canonical(cur));
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

  // Porter's English stemmer (1980), step for step as SearchWords.swift's PorterStemmer.
  var STEP2 = [["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["izer", "ize"], ["bli", "ble"],
    ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"], ["ization", "ize"], ["ation", "ate"],
    ["ator", "ate"], ["alism", "al"], ["iveness", "ive"], ["fulness", "ful"], ["ousness", "ous"], ["aliti", "al"],
    ["iviti", "ive"], ["biliti", "ble"], ["logi", "log"]];
  var STEP3 = [["icate", "ic"], ["ative", ""], ["alize", "al"], ["iciti", "ic"], ["ical", "ic"], ["ful", ""], ["ness", ""]];
  var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
    "ism", "ate", "iti", "ous", "ive", "ize"];

  function stem(word) {
    if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;
    var b = word.split(""), k = b.length - 1, j = 0;
    function consonant(i) {
      var c = b[i];
      if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
      if (c === "y") return i === 0 || !consonant(i - 1);
      return true;
    }
    function measure() {
      var n = 0, i = 0;
      while (i <= j && consonant(i)) i++;
      while (i <= j) {
        while (i <= j && !consonant(i)) i++;
        if (i > j) break;
        n++;
        while (i <= j && consonant(i)) i++;
      }
      return n;
    }
    function vowelInStem() { for (var i = 0; i <= j; i++) if (!consonant(i)) return true; return false; }
    function doubleConsonant(i) { return i >= 1 && b[i] === b[i - 1] && consonant(i); }
    function cvc(i) {
      if (i < 2 || !consonant(i) || consonant(i - 1) || !consonant(i - 2)) return false;
      return "wxy".indexOf(b[i]) < 0;
    }
    function ends(suffix) {
      var n = suffix.length;
      if (n > k + 1 || b.slice(k - n + 1, k + 1).join("") !== suffix) return false;
      j = k - n;
      return true;
    }
    function setTo(text) {
      b.splice.apply(b, [j + 1, k - j].concat(text.split("")));
      k = j + text.length;
    }
    function replace(rules, condition) {
      for (var r = 0; r < rules.length; r++) {
        if (ends(rules[r][0])) { if (condition()) setTo(rules[r][1]); return; }
      }
    }
    function m0() { return measure() > 0; }
    // Step 1a: plurals.
    if (b[k] === "s") {
      if (ends("sses")) k -= 2; else if (ends("ies")) setTo("i"); else if (b[k - 1] !== "s") k--;
    }
    // Step 1b: -eed, -ed, -ing.
    if (ends("eed")) {
      if (measure() > 0) k--;
    } else if ((ends("ed") || ends("ing")) && vowelInStem()) {
      k = j;
      if (ends("at")) setTo("ate"); else if (ends("bl")) setTo("ble"); else if (ends("iz")) setTo("ize");
      else if (doubleConsonant(k)) { if ("lsz".indexOf(b[k]) < 0) k--; }
      else if (measure() === 1 && cvc(k)) setTo("e");
    }
    if (k > 0) {
      // Step 1c: y to i.
      if (ends("y") && vowelInStem()) b[k] = "i";
      replace(STEP2, m0);
      replace(STEP3, m0);
      // Step 4: -ion only after s or t.
      for (var s = 0; s < STEP4.length; s++) {
        if (!ends(STEP4[s])) continue;
        if (STEP4[s] === "ion" && !(j >= 0 && (b[j] === "s" || b[j] === "t"))) break;
        if (measure() > 1) k = j;
        break;
      }
      // Step 5: a final e, a double l.
      j = k;
      if (b[k] === "e") {
        var m = measure();
        if (m > 1 || (m === 1 && !cvc(k - 1))) k--;
      }
      if (b[k] === "l" && doubleConsonant(k) && measure() > 1) k--;
    }
    return b.slice(0, k + 1).join("");
  }

  // The longest synonym phrase at i: [term, length], or null.
  function synonym(stems, i) {
    for (var length = Math.min(words.longest, stems.length - i); length > 0; length--) {
      var term = words.phrases[stems.slice(i, i + length).join(" ")];
      if (term !== undefined) return [term, length];
    }
    return null;
  }

  // The terms of each token run: [{term, from, to (token indices), raw}], stop words left out.
  // With keepWords, a synonym's own words follow its group's term, as the index has them.
  function analyse(toks, keepWords) {
    var stems = toks.map(stem), out = [];
    for (var i = 0; i < stems.length;) {
      var found = synonym(stems, i);
      if (found) {
        out.push({ term: found[0], from: i, to: i + found[1], raw: toks.slice(i, i + found[1]).join(" "), synonym: true });
        if (keepWords) {
          for (var k = i; k < i + found[1]; k++) {
            if (!words.stop[toks[k]] && stems[k] !== found[0]) out.push({ term: stems[k], from: k, to: k + 1, raw: toks[k] });
          }
        }
        i += found[1];
        continue;
      }
      if (!words.stop[toks[i]]) out.push({ term: stems[i], from: i, to: i + 1, raw: toks[i] });
      i++;
    }
    return out;
  }

  // ---- Matching and ranking ----

  function safe(c) { return (c >= "a" && c <= "z") || (c >= "0" && c <= "9") ? c : "_"; }
  function letters(t, n) {
    var k = "";
    for (var i = 0; i < n && i < t.length; i++) k += safe(t.charAt(i));
    return k;
  }
  // The shard of a term: its first two letters, or three where words.js says that shard is split.
  function shardKey(t) {
    var two = letters(t, 2);
    return words.split[two] ? letters(t, 3) : two;
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
  function forgiving(w) { return !w.synonym && w.raw.length >= 5 && /^[a-z]+$/.test(w.raw); }

  // The stems of the words written within one edit of a word as typed: the lists keyed by a
  // word's second and third letters hold every candidate, whichever letter the typo is in. An
  // entry is a word that is its own stem, or [word, stem].
  function typoTerms(w) {
    var found = map();
    typoKeys(w.raw).forEach(function (k) {
      (similar[k] || []).forEach(function (e) {
        var written = typeof e === "string" ? e : e[0], term = typeof e === "string" ? e : e[1];
        if (written !== w.raw && term !== w.term && withinOneEdit(w.raw, written)) found[term] = true;
      });
    });
    return Object.keys(found);
  }
  function typoKeys(word) { return [letters(word.slice(1), 2), letters(word, 2), letters(word.slice(2), 2)]; }

  // A query word: its term, and the raw text a prefix is matched with while it is being typed.
  // A synonym keeps its own words, for when no article uses any of its group's wordings.
  function queryWords(query) {
    var toks = tokens(query), list = analyse(toks, false), seen = map(), out = [];
    var typing = query.length && isWordChar(query.charAt(query.length - 1));
    list.forEach(function (w, i) {
      if (seen[w.term]) return;
      seen[w.term] = true;
      var last = typing && i === list.length - 1;
      w.prefix = last && !w.synonym && w.raw.length >= 3 ? w.raw : null;
      if (w.synonym) {
        w.words = toks.slice(w.from, w.to).filter(function (t) { return !words.stop[t]; }).map(function (t, k, all) {
          return { term: stem(t), raw: t, prefix: last && k === all.length - 1 && t.length >= 3 ? t : null };
        });
      }
      out.push(w);
    });
    return out;
  }

  // Each synonym that no article has stands for its own words.
  function unfold(list) {
    var out = [], seen = map();
    list.forEach(function (w) {
      (w.synonym && !postings(w.term) ? w.words : [w]).forEach(function (x) {
        if (!seen[x.term]) { seen[x.term] = true; out.push(x); }
      });
    });
    return out;
  }
  function allTerms(list) {
    var out = [];
    list.forEach(function (w) {
      out.push(w.term);
      if (w.prefix) out.push(w.prefix);
      (w.words || []).forEach(function (x) { out.push(x.term); if (x.prefix) out.push(x.prefix); });
    });
    return out;
  }

  function postings(term) { var s = shards[shardKey(term)]; return s ? s[term] : undefined; }

  // The longer terms that start with a prefix (all in its shard), or the first of them only.
  function prefixTerms(p, firstOnly) {
    var shard = shards[shardKey(p)], out = [];
    if (shard) for (var t in shard) {
      if (t.length > p.length && t.slice(0, p.length) === p) { out.push(t); if (firstOnly) break; }
    }
    return out;
  }

  // Each article's best score for one word, and how well it matched: 1 whole word, less for a
  // prefix or a typo. `close` lists the terms one typo away, when typos are forgiven.
  function match(w, close) {
    var found = map();
    function add(list, share) {
      if (!list) return;
      for (var i = 1, doc = 0; i + 1 < list.length; i += 2) {
        doc += list[i];
        var s = list[i + 1] * share, f = found[doc];
        if (!f || f.score < s) found[doc] = { score: s, share: share };
      }
    }
    add(postings(w.term), 1);
    if (w.prefix) prefixTerms(w.prefix).forEach(function (t) { if (t !== w.term) add(postings(t), PREFIX); });
    (close || []).forEach(function (t) { add(postings(t), TYPO); });
    return found;
  }

  // How much a word narrows: rare words weigh more, as in the index's scores.
  function weight(w, close) {
    var df = 0;
    [w.term].concat(close || []).forEach(function (t) { var p = postings(t); if (p) df = Math.max(df, p[0]); });
    if (!df && w.prefix) df = 1;
    return df ? Math.log(1 + words.articles / df) : 0;
  }

  // An article's score is the sum of its words' scores, times the share of the query's weight it
  // matched, squared: all words matching ranks highest, one word the articles lack narrows nothing.
  function rank(list, typos) {
    var total = map(), covered = map(), sum = 0;
    list.forEach(function (w) {
      var close = typos[w.term], m = match(w, close), wt = weight(w, close);
      sum += wt;
      for (var d in m) {
        total[d] = (total[d] || 0) + m[d].score;
        covered[d] = (covered[d] || 0) + wt * m[d].share;
      }
    });
    return Object.keys(total).map(function (d) {
      var c = sum ? covered[d] / sum : 1;
      return { doc: +d, score: total[d] * c * c };
    }).sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  function loadShards(terms) {
    var keys = map();
    terms.forEach(function (t) { keys[shardKey(t)] = true; });
    return Promise.all(Object.keys(keys).map(function (k) { return load("t-" + k + ".js", k, shards); }));
  }

  // The words to forgive a typo in: those that match nothing, or all when few articles match.
  function typoCandidates(list, hits) {
    return list.filter(function (w) {
      return forgiving(w) && (hits < 5 || (!postings(w.term) && !(w.prefix && prefixTerms(w.prefix, true).length)));
    });
  }

  // words.js, once: what every query needs first.
  function loadWords() { return load("words.js", "words", { words: words || undefined }); }

  function search(query) {
    return loadWords().then(function () {
      if (!words) return { words: [], hits: [] };
      var list = queryWords(query);
      if (!list.length || (list.length === 1 && list[0].term.length < 2 && !/^[0-9]$/.test(list[0].term))) return { words: list, hits: [] };
      return loadShards(allTerms(list))
        .then(function () {
          list = unfold(list);
          var hits = rank(list, map()), fix = typoCandidates(list, hits.length);
          if (!fix.length) return { words: list, hits: hits, typos: map() };
          var keys = map();
          fix.forEach(function (w) { typoKeys(w.raw).forEach(function (k) { keys[k] = true; }); });
          return Promise.all(Object.keys(keys).map(function (k) { return load("s-" + k + ".js", k, similar); })).then(function () {
            var typos = map(), more = [];
            fix.forEach(function (w) { typos[w.term] = typoTerms(w); more = more.concat(typos[w.term]); });
            return loadShards(more).then(function () { return { words: list, hits: rank(list, typos), typos: typos }; });
          });
        });
    }).then(function (result) {
      var chunks = map();
      result.hits.slice(0, SHOWN).forEach(function (h) { chunks[Math.floor(h.doc / words.chunk)] = true; });
      return Promise.all(Object.keys(chunks).map(function (c) { return load("d-" + c + ".js", c, docs); }))
        .then(function () { return result; });
    });
  }

  // ---- Showing results ----

  // Whether a token run of the text is one of the query's words (or a prefix or typo of one).
  function matcher(result) {
    var exact = map(), prefixes = [];
    result.words.forEach(function (w) {
      exact[w.term] = true;
      if (w.prefix) prefixes.push(w.prefix);
      ((result.typos || {})[w.term] || []).forEach(function (t) { exact[t] = true; });
    });
    return function (a) {
      if (exact[a.term]) return a.term;
      for (var i = 0; i < prefixes.length; i++) if (a.raw.slice(0, prefixes[i].length) === prefixes[i]) return prefixes[i];
      return null;
    };
  }

  // The marked parts of a text: [start, end, term] in characters, in order.
  function marks(text, isMatch) {
    var at = tokensAt(text), out = [];
    analyse(at.map(function (t) { return t.token; }), true).forEach(function (a) {
      var m = isMatch(a);
      if (m) out.push([at[a.from].start, at[a.to - 1].end, m]);
    });
    out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var kept = [], end = 0;
    out.forEach(function (m) { if (m[0] >= end) { kept.push(m); end = m[1]; } });
    return kept;
  }

  // The stretch of `length` characters that holds the most different query words, cut at words.
  function passage(text, found, length) {
    if (text.length <= length) return [0, text.length];
    var best = 0, bestCount = -1;
    found.forEach(function (m, i) {
      var seen = map(), count = 0;
      for (var k = i; k < found.length && found[k][1] <= m[0] + length - 40; k++) if (!seen[found[k][2]]) { seen[found[k][2]] = true; count++; }
      if (count > bestCount) { bestCount = count; best = m[0]; }
    });
    // From the start of the sentence, when it is near; else from a word a little before.
    var begin = Math.max(0, best - 40);
    for (var s = best - 1; s > 0 && s >= best - 100; s--) {
      var c = text.charAt(s - 1);
      if (text.charAt(s) === " " && (c === "." || c === "\u00b7" || c === ":" || c === "!" || c === "?")) { begin = s + 1; break; }
    }
    while (begin > 0 && begin < best && isWordChar(text.charAt(begin - 1))) begin++;
    var stop = Math.min(text.length, begin + length);
    if (stop < text.length) { while (stop > begin && text.charAt(stop) !== " ") stop--; }
    return [begin, stop > begin ? stop : Math.min(text.length, begin + length)];
  }

  function fill(el, text, isMatch, length) {
    var found = marks(text, isMatch), w = length ? passage(text, found, length) : [0, text.length], pos = w[0];
    if (w[0] > 0) el.appendChild(document.createTextNode("… "));
    found.forEach(function (m) {
      if (m[0] < pos || m[1] > w[1]) return;
      el.appendChild(document.createTextNode(text.slice(pos, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      el.appendChild(mark);
      pos = m[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos, w[1]) + (w[1] < text.length ? " …" : "")));
  }

  // What a result shows of an article: [address, title, summary, most likely fix, codes, text].
  function docOf(hit) { return docs[Math.floor(hit.doc / words.chunk)][hit.doc % words.chunk]; }

  function span(cls, text) {
    var el = document.createElement("span");
    el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function looksLikeCode(query) { return /(^|\s)-?(0x)?[0-9a-f]*[0-9][0-9a-f]*(\s|$)/i.test(query); }

  // A search that found nothing, once the reader has stopped typing for a moment, is asked of the
  // site's own server (the file the page names), so that its log records the query; each query
  // once per page. Nothing is sent when the site turns this off, or from file://.
  var reported = {}, reportTimer = null;
  function reportNone(results, query) {
    var url = results.getAttribute("data-report-none");
    clearTimeout(reportTimer);
    if (!url || reported[query] || window.location.protocol === "file:") return;
    reportTimer = setTimeout(function () {
      if (results.getAttribute("data-state") !== "none" || results.getAttribute("data-query") !== query) return;
      reported[query] = true;
      new Image().src = url + "?q=" + encodeURIComponent(query);
    }, 1500);
  }

  function show(results, status, query, result, started) {
    while (results.firstChild) results.removeChild(results.firstChild);
    var count = result.hits.length;
    if (!query.trim()) {
      results.setAttribute("data-state", "empty");
      status.textContent = "";
    } else if (!count) {
      results.setAttribute("data-state", "none");
      results.setAttribute("data-query", query);
      reportNone(results, query);
      status.textContent = "No article matches \u201c" + query + "\u201d.";
      var p = document.createElement("p");
      p.className = "kb-no-results";
      p.textContent = (looksLikeCode(query)
        ? "Check the error code as it appears on screen: 0x80070005, 80070005 and -2147024891 are all found. "
        : "") + "Try removing a word, or search for a word of the error message or of a step.";
      results.appendChild(p);
    } else {
      results.setAttribute("data-state", "results");
      status.textContent = (count === 1 ? "1 article matches" : count + " articles match") + " \u201c" + query + "\u201d" +
        (count > SHOWN ? "; the best " + SHOWN + " are shown." : ".");
      var isMatch = matcher(result);
      result.hits.slice(0, SHOWN).forEach(function (h) {
        var d = docOf(h);
        var a = document.createElement("a");
        a.className = "kb-result";
        a.href = base + d[0];
        [["kb-result-title", d[1]], ["kb-result-codes", d[4]], ["kb-result-summary", d[2]]].forEach(function (part) {
          if (!part[1]) return;
          var el = span(part[0]);
          fill(el, part[1], isMatch);
          a.appendChild(el);
        });
        if (d[5]) {
          var s = span("kb-result-snippet");
          fill(s, d[5], isMatch, 220);
          a.appendChild(s);
        }
        if (d[3]) a.appendChild(span("kb-result-fix", "Most likely fix: " + d[3]));
        results.appendChild(a);
      });
    }
    results.setAttribute("data-count", String(count));
    results.setAttribute("data-ms", String(Math.round((performance.now() - started) * 10) / 10));
    results.setAttribute("data-query", query);
  }

  // For tests and tools: the same steps the page takes.
  api.analyse = {
    tokens: tokens,
    stem: stem,
    indexTerms: function (text) { return analyse(tokens(text), true).map(function (a) { return a.term; }); },
    queryTerms: function (text) { return analyse(tokens(text), false).map(function (a) { return a.term; }); }
  };
  api.loadWords = loadWords;
  api.run = function (query) {
    return search(query).then(function (result) {
      return { count: result.hits.length, hits: result.hits.slice(0, SHOWN).map(function (h) { return docOf(h)[0]; }) };
    });
  };

  function start() {
    var input = document.getElementById("kb-search-input");
    var results = document.getElementById("kb-results");
    var status = document.getElementById("kb-search-status");
    var header = document.getElementById("kb-header-search");
    if (!input || !results) return;
    // A theme without a status line gets one, so that the count is shown and announced.
    if (!status) {
      status = document.createElement("p");
      status.id = "kb-search-status";
      status.setAttribute("role", "status");
      results.parentNode.insertBefore(status, results);
    }
    var latest = 0, timer = null;
    function run() {
      var query = input.value, ticket = ++latest, started = performance.now();
      if (header) { header.defaultValue = query; header.value = query; }
      search(query).then(function (result) {
        if (ticket === latest) show(results, status, query, result, started);
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
