// Every page: "/" moves the focus to the search box, as on most documentation sites.
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    var box = document.getElementById("kb-search-input") || document.getElementById("kb-header-search");
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });
})();
