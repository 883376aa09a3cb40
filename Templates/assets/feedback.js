// The thank-you page of "Did this fix it?": says what happens next, from the query string the
// article's link carried (a: article id, s: solution anchor, r: worked or failed, n: the solution
// shown next). The request for this page, in the web server's log, is the reader's answer.
(function () {
  "use strict";
  function param(name) {
    var m = new RegExp("[?&]" + name + "=([^&#]*)").exec(window.location.search);
    if (!m) return "";
    try { return decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e) { return ""; }
  }
  function pageOf(id) {
    return id.split("/").map(encodeURIComponent).join("/") + ".html";
  }
  function paragraph(parts) {
    var p = document.createElement("p");
    parts.forEach(function (part) {
      if (typeof part === "string") { p.appendChild(document.createTextNode(part)); return; }
      var a = document.createElement("a");
      a.href = part.href;
      a.textContent = part.text;
      if (part.id) a.id = part.id;
      p.appendChild(a);
    });
    return p;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("kb-feedback-answer");
    var article = param("a"), solution = param("s"), outcome = param("r"), next = param("n");
    // An article id is a path inside the site: nothing that starts with ".", "/" or "\\", and
    // no ":", so that the link back never leads elsewhere.
    if (!box || !article || !/^[^./\\][^:]*$/.test(article)) return;
    var root = box.getAttribute("data-root") || "";
    var page = root + pageOf(article);
    while (box.firstChild) box.removeChild(box.firstChild);
    if (outcome === "worked") {
      box.appendChild(paragraph(["Glad it worked. Your answer moves this fix up for the next reader with the same problem."]));
      box.appendChild(paragraph([{ href: page + (solution ? "#" + encodeURIComponent(solution) : ""), text: "Back to the article", id: "kb-feedback-back" }]));
    } else if (next) {
      box.appendChild(paragraph(["Sorry it did not fix it. ",
        { href: page + "#" + encodeURIComponent(next), text: "Try the next solution", id: "kb-feedback-next" }, "."]));
    } else {
      box.appendChild(paragraph(["Sorry it did not fix it. That was the last solution of the article; ",
        { href: root + "search.html", text: "search for another article" }, " or ",
        { href: page, text: "go back to it", id: "kb-feedback-back" }, "."]));
    }
  });
})();
