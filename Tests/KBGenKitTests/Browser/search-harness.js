// Runs the site's own search (assets/search.js) on many inputs in one page load, for tests and
// benchmarks: harness-input.js sets window.HARNESS = {queries: [...], texts: [...]}. Each query
// gives its result count and the paths of the results shown, best first; each text gives the
// tokens, stems and terms the page makes of it. The answer is JSON in <pre id="out">.
(function () {
  "use strict";
  var input = window.HARNESS || {}, queries = input.queries || [], texts = input.texts || [];
  var out = { queries: [], texts: [] };
  function finish() {
    var pre = document.getElementById("out");
    pre.textContent = JSON.stringify(out);
    pre.setAttribute("data-done", "1");
  }
  kbSearch.loadWords().then(function () {
    texts.forEach(function (t) {
      var a = kbSearch.analyse, toks = a.tokens(t);
      out.texts.push({ text: t, tokens: toks, stems: toks.map(a.stem), index: a.indexTerms(t), query: a.queryTerms(t) });
    });
    var started = performance.now();
    return queries.reduce(function (done, q) {
      return done.then(function () {
        return kbSearch.run(q).then(function (r) { out.queries.push({ query: q, count: r.count, hits: r.hits }); });
      });
    }, Promise.resolve()).then(function () { out.ms = performance.now() - started; });
  }).then(finish, function (e) { out.error = String(e); finish(); });
})();
