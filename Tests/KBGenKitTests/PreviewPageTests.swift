import Testing
@testable import KBGenKit

/// What the preview server adds to a page: its reload script, and a failed build's errors.
@Suite struct PreviewPageTests {
    let page = "<!DOCTYPE html>\n<html>\n<head>\n<title>T</title>\n</head>\n<body class=\"x\">\n<p>Body</p>\n</body>\n</html>\n"

    @Test func aPageGetsTheReloadScriptAndNothingElse() {
        let served = PreviewPage.inject(page, errors: [])
        #expect(served == page.replacingOccurrences(of: "</head>", with: "<script src=\"/_kbgen/reload.js\" defer></script>\n</head>"))
    }

    /// The 404 page, served for a missing path at any depth, reads its links from the site's root.
    @Test func theNotFoundPageLinksFromTheRoot() {
        let served = PreviewPage.inject(page, errors: [], fromRoot: true)
        #expect(served.hasPrefix("<!DOCTYPE html>\n<html>\n<head>\n<base href=\"/\">\n<title>T</title>"))
        #expect(!PreviewPage.inject(page, errors: []).contains("<base"))
    }

    @Test func errorsAreListedEscapedAtTheTopOfTheBody() {
        let errors = ["Content/a.md:3:1: error: unknown attribute '<b>'", "Content/b.md: error: x & y"]
        let served = PreviewPage.inject(page, errors: errors)
        #expect(served.contains("<link rel=\"stylesheet\" href=\"/_kbgen/preview.css\">\n</head>"))
        let panel = served.range(of: "<body class=\"x\">\n<section id=\"kbgen-errors\" role=\"alert\"")
        #expect(panel != nil)
        #expect(served.contains("The last build stopped: 2 problems."))
        #expect(served.contains("<pre>Content/a.md:3:1: error: unknown attribute &#39;&lt;b&gt;&#39;\nContent/b.md: error: x &amp; y</pre>"))
        #expect(served.hasSuffix("<p>Body</p>\n</body>\n</html>\n"))
    }

    @Test func theErrorPageLoadsItsScriptAndStyleFromFiles() {
        let html = PreviewPage.errorPage(["kbgen.yml:2:8: error: bad"])
        #expect(html.contains("<script src=\"/_kbgen/reload.js\" defer></script>"))
        #expect(html.contains("The last build stopped: 1 problem."))
        // No inline script or style: the page passes a strict content security policy.
        #expect(!html.contains("<script>") && !html.contains("style="))
    }
}
