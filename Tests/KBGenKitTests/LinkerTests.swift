import Testing
@testable import KBGenKit

@Suite struct LinkerTests {
    func site(_ articles: [(String, String)], steps: [String: String] = [:], assets: [String] = []) -> (Site, Diagnostics) {
        var d = Diagnostics()
        let parsed = articles.compactMap { ArticleParser.parse(id: $0.0, file: "Content/\($0.0).md", text: $0.1, diagnostics: &d) }
        var reusable: [String: ReusableStep] = [:]
        for (id, text) in steps {
            reusable[id] = ArticleParser.parseStep(id: id, file: "Content/steps/\(id).md", text: text, diagnostics: &d)
        }
        let theme = Theme(assets: [])
        let site = Site(settings: Settings(), articles: parsed, steps: reusable,
                        assets: assets.map { Asset(source: "/dev/null", path: $0) }, theme: theme)
        let (linked, problems) = Linker.link(site)
        d.append(contentsOf: problems)
        return (linked, d)
    }

    func links(in article: Article) -> [Link] {
        var found: [Link] = []
        _ = (article.leading + article.trailing).rewritingInlines { inline in
            if case .link(let l) = inline { found.append(l) }
            return inline
        }
        return found
    }

    /// A link's path is percent-decoded before it is resolved; a bad escape is kept as written.
    @Test func percentEscapedLinksResolve() throws {
        let (s, d) = site([
            ("rdp/a", Fixture.article("See [b](../net/b%20c.md), [img](img/x%20y.png) and [plain](../net/d.md).")),
            ("net/b c", Fixture.article("Text.")),
            ("net/d", Fixture.article("Text.")),
        ], assets: ["rdp/img/x y.png"])
        #expect(d.all.isEmpty)
        let a = try #require(s.articles.first { $0.id == "rdp/a" })
        #expect(links(in: a).map(\.resolved) == [.site("net/b c.html"), .site("rdp/img/x y.png"), .site("net/d.html")])
        let (_, bad) = site([("rdp/a", Fixture.article("See [b](../net/b%2.md)."))])
        #expect(bad.all.map(\.message).contains { $0.contains("b%2.md") })
    }

    @Test func relativeMarkdownLinksBecomePages() throws {
        let (s, d) = site([
            ("rdp/a", Fixture.article("See [b](../net/b.md#fix), [same](#intro-x), [c](c.md), [img](img/x.png), [step](step:open), [web](https://example.com), [root](/net/b.md).\n\n## Intro x\n")),
            ("net/b", Fixture.article("## Fix {likelihood=0.5}\n\n1. a\n")),
            ("rdp/c", Fixture.article("Text.")),
        ], steps: ["open": "---\ntitle: Open\n---\nOpen it.\n"], assets: ["rdp/img/x.png"])
        #expect(d.all.isEmpty)
        let a = try #require(s.articles.first { $0.id == "rdp/a" })
        #expect(links(in: a).map(\.resolved) == [
            .site("net/b.html#fix"), .site("rdp/a.html#intro-x"), .site("rdp/c.html"), .site("rdp/img/x.png"),
            .site("steps/open.html"), .external("https://example.com"), .site("net/b.html"),
        ])
    }

    @Test(arguments: ["javascript:alert(1)", "JavaScript:alert(1)", "vbscript:x", "data:text/html,x", "file:///etc/passwd", "C:\\Windows"])
    func unsafeSchemesAreRemoved(url: String) throws {
        let (s, d) = site([("a", Fixture.article("A [x](<\(url)>) link."))])
        #expect(links(in: s.articles[0]).map(\.resolved) == [.removed])
        #expect(d.warnings.count == 1)
        #expect(d.errors.isEmpty)
    }

    @Test func externalImagesAreNotLoaded() {
        let (_, d) = site([("a", Fixture.article("![x](https://cdn.example.com/x.png)"))])
        #expect(d.warnings.first?.message.hasPrefix("images from another host are not loaded") == true)
    }

    @Test func brokenTargetsAreErrorsAtTheirPlace() {
        let (_, d) = site([
            ("a", Fixture.article("Go [b](b.md#none) and [c](missing.md) and [s](step:nope).\n\n## Fix {likelihood=0.5}\n\n1. [](step:gone)\n",
                                  frontMatter: "title: T\nrelated: [zzz]")),
            ("b", Fixture.article("## Here\n")),
        ])
        #expect(d.sorted.filter { $0.severity == .error }.map { "\($0.line):\($0.column)" } == ["3:11", "6:4", "6:23", "6:43", "10:4"])
        #expect(d.errors.map(\.message).contains("related article 'zzz' does not exist; related takes article ids such as rdp/error-0x904 (the path under Content/ without .md)"))
    }

    @Test func reusableStepItemsGetTheirStepID() throws {
        let (s, d) = site([("a", Fixture.article("## Fix {likelihood=0.5}\n\n1. [](step:open)\n2. Other.\n"))],
                          steps: ["open": "---\ntitle: Open\n---\nOpen it.\n"])
        #expect(d.all.isEmpty)
        #expect(s.articles[0].solutions[0].steps.map(\.stepID) == ["open", nil])
    }

    @Test func rawHTMLIsReported() {
        let (_, d) = site([("a", Fixture.article("<div>x</div>\n\nText <b>b</b>.\n"))])
        #expect(d.warnings.map(\.line) == [5, 7, 7])
    }

    @Test func normalizeFoldsDotsAndRefusesToClimbOut() {
        #expect(Resolver.normalize("../b/./c.md", from: "a") == "b/c.md")
        #expect(Resolver.normalize("../../x.md", from: "a") == nil)
        #expect(Resolver.normalize("x.md", from: "") == "x.md")
    }
}
