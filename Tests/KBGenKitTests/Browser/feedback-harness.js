// Clicks "Yes" under one solution and "No" under another of an article served over HTTP, as a
// reader does, and notes where each click led; the web server's log then holds both answers.
// The article is ?article=PATH; the answer is JSON in <pre id="out" data-done="1">.
(function () {
  "use strict";
  var frame = document.getElementById("page"), out = [];
  var article = new URLSearchParams(window.location.search).get("article");
  var clicks = [[0, "worked"], [1, "failed"]];
  function finish(error) {
    var pre = document.getElementById("out");
    pre.textContent = JSON.stringify({ clicks: out, error: error || null });
    pre.setAttribute("data-done", "1");
  }
  function next() {
    if (!clicks.length) return finish();
    var click = clicks.shift();
    frame.onload = function () {
      var doc = frame.contentDocument;
      var link = doc.querySelectorAll("section.kb-solution")[click[0]].querySelector('a.kb-feedback[data-outcome="' + click[1] + '"]');
      frame.onload = function () {
        // The thank-you page's script fills in its answer once the page has loaded.
        setTimeout(function () {
          var answer = frame.contentDocument.getElementById("kb-feedback-answer");
          out.push({ href: frame.contentWindow.location.pathname + frame.contentWindow.location.search, text: answer ? answer.textContent : "" });
          next();
        }, 200);
      };
      link.click();
    };
    frame.src = article;
  }
  try { next(); } catch (e) { finish(String(e)); }
})();
