/// What `kbgen serve` adds to the pages it serves, and only to those: the script that reloads
/// them after a rebuild, and, while the last build had errors, a panel that lists them. Both come
/// from files of the server (`/_kbgen/...`), never inline, so the pages keep passing a strict
/// content security policy; the published site has neither.
public enum PreviewPage {
    /// The server's own paths, which no page of a site can have: kbgen publishes no name that
    /// starts with `_`.
    public static let prefix = "/_kbgen/"
    public static let scriptPath = prefix + "reload.js"
    public static let stylePath = prefix + "preview.css"
    /// Answers with the build number once it is above `?since=`, or after a while with the same.
    public static let waitPath = prefix + "wait"

    /// A page of the site with the reload script in its head and, when there are errors, the
    /// panel at the top of its body.
    /// - Parameter fromRoot: the page is served at another path than its own (the 404 page for
    ///   any missing path): its links, written from the site's root, are read from there.
    public static func inject(_ html: String, errors: [String], fromRoot: Bool = false) -> String {
        var html = html
        if fromRoot, let start = html.range(of: "<head>") {
            html.insert(contentsOf: "\n<base href=\"/\">", at: start.upperBound)
        }
        let head = "<script src=\"\(scriptPath)\" defer></script>\n"
            + (errors.isEmpty ? "" : "<link rel=\"stylesheet\" href=\"\(stylePath)\">\n")
        if let end = html.range(of: "</head>") {
            html.insert(contentsOf: head, at: end.lowerBound)
        } else {
            html = head + html
        }
        if !errors.isEmpty {
            let panel = self.panel(errors)
            if let body = html.range(of: "<body"), let close = html[body.upperBound...].firstIndex(of: ">") {
                html.insert(contentsOf: "\n" + panel, at: html.index(after: close))
            } else {
                html += panel
            }
        }
        return html
    }

    /// The page served for every path while no build has succeeded yet.
    public static func errorPage(_ errors: [String]) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Build failed · kbgen serve</title>
        <link rel="stylesheet" href="\(stylePath)">
        <script src="\(scriptPath)" defer></script>
        </head>
        <body>
        \(panel(errors))</body>
        </html>

        """
    }

    /// The errors as the terminal prints them, one to a line.
    static func panel(_ errors: [String]) -> String {
        let count = errors.count == 1 ? "1 problem" : "\(errors.count) problems"
        return "<section id=\"kbgen-errors\" role=\"alert\" aria-labelledby=\"kbgen-errors-title\">\n"
            + "<h2 id=\"kbgen-errors-title\">The last build stopped: \(count). This page is from the build before; fix the files and it reloads.</h2>\n"
            + "<pre>" + errors.map(HTML.escape).joined(separator: "\n") + "</pre>\n</section>\n"
    }

    /// Waits for the next build and reloads the page, keeping the reader's place on it.
    public static let script = """
    // kbgen serve: reloads this page after each build. Served only by kbgen serve.
    (function () {
      "use strict";
      var key = "kbgen-serve-scroll:" + location.pathname;
      var saved = sessionStorage.getItem(key);
      if (saved !== null) {
        sessionStorage.removeItem(key);
        window.addEventListener("load", function () { window.scrollTo(0, Number(saved) || 0); });
      }
      var since = -1;
      function wait() {
        fetch("\(waitPath)?since=" + since, { cache: "no-store" })
          .then(function (response) { return response.text(); })
          .then(function (text) {
            var build = Number(text);
            if (since >= 0 && build !== since) {
              sessionStorage.setItem(key, String(window.scrollY));
              location.reload();
              return;
            }
            since = build;
            wait();
          })
          .catch(function () { setTimeout(wait, 1000); });
      }
      wait();
    })();

    """

    public static let style = """
    #kbgen-errors { margin: 0; padding: 1rem 1.25rem; background: #fff4f4; color: #5c0000;
      border-bottom: 3px solid #b00020; font: 15px/1.5 system-ui, sans-serif; }
    #kbgen-errors h2 { margin: 0 0 .5rem; font-size: 1rem; }
    #kbgen-errors pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere;
      font: 14px/1.5 ui-monospace, monospace; }

    """
}
