// Runs axe-core over the page it is added to and hands its violations to the test: as an
// attribute of the page's root element when the page is the top frame, or to the frame around it
// (axe-frame.html, which holds the page at a phone's width).
(function () {
  "use strict";
  var options = {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    resultTypes: ["violations"]
  };
  function report(result) {
    var text = JSON.stringify(result);
    if (window.parent !== window) {
      window.parent.postMessage(text, "*");
    } else {
      document.documentElement.setAttribute("data-axe", text);
    }
  }
  window.addEventListener("load", function () {
    // The search page shows its results a moment after it loads.
    setTimeout(function () {
      axe.run(document, options).then(function (r) {
        report({
          dark: window.matchMedia("(prefers-color-scheme: dark)").matches,
          width: window.innerWidth,
          violations: r.violations.map(function (v) {
            return { id: v.id, help: v.help, nodes: v.nodes.map(function (n) { return n.target.join(" "); }) };
          })
        });
      }, function (e) { report({ error: String(e) }); });
    }, 500);
  });
})();
