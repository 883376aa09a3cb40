import Testing
@testable import KBGenKit

@Suite struct HTMLRendererTests {
    @Test func escapesText() {
        #expect(HTML.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTML.escape("plain") == "plain")
    }

    @Test func relativeLinksFromAnyDepth() {
        #expect(HTML.relative("net/b.html", from: "rdp/a.html") == "../net/b.html")
        #expect(HTML.relative("rdp/img/x.png", from: "rdp/a.html") == "img/x.png")
        #expect(HTML.relative("index.html", from: "a/b/c.html") == "../../index.html")
        #expect(HTML.relative("a/b.html", from: "index.html") == "a/b.html")
        #expect(HTML.relative("steps/s.html", from: "steps/t.html") == "s.html")
    }

    /// Links made in one piece are the links `encodePath` makes of what follows the folders both
    /// paths share, after a `../` for each folder of the page's beyond them (seeded random paths).
    @Test func relativeLinksAreEncodedPaths() {
        var random = RebuildFuzzTests.Random(state: 19)
        let parts = ["a", "b", "ab", "x y", "é", "c:d", "50%", "q?r", "s#t", "u'v"]
        func path() -> String {
            (0...random.below(3)).map { _ in random.pick(parts) }.joined(separator: "/") + random.pick([".html", "", "#fix", "?x=1"])
        }
        for _ in 0..<2000 {
            let target = path(), page = path()
            #expect(HTML.relative(target, from: page) == Self.referenceRelative(target, from: page), "\(target) from \(page)")
        }
    }

    /// Folder by folder, as the definition says.
    static func referenceRelative(_ target: String, from page: String) -> String {
        let folders = page.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        var rest = Substring(target), ups = folders.count
        for folder in folders {
            guard rest.hasPrefix(folder + "/") else { break }
            rest = rest.dropFirst(folder.count + 1)
            ups -= 1
        }
        return String(repeating: "../", count: ups) + HTML.encodePath(String(rest))
    }

    @Test func encodesURLs() {
        #expect(HTML.encodeURL("img/my image.png") == "img/my%20image.png")
        #expect(HTML.encodeURL("a\"b<c>") == "a%22b%3Cc%3E")
        #expect(HTML.encodeURL("é") == "%C3%A9")
    }

    @Test func rendersLinksRelativeToThePage() {
        let link = Link(destination: "x", title: "t\"", content: [.text("<go>")], position: SourcePosition(line: 1, column: 1),
                        resolved: .site("net/b.html#fix"))
        let html = HTMLRenderer(page: "rdp/a.html").render([.link(link)])
        #expect(html == "<a href=\"../net/b.html#fix\" title=\"t&quot;\">&lt;go&gt;</a>")
        let same = Link(destination: "#c", title: "", content: [.text("c")], position: SourcePosition(line: 1, column: 1),
                        resolved: .site("rdp/a.html#c"))
        #expect(HTMLRenderer(page: "rdp/a.html").render([.link(same)]) == "<a href=\"#c\">c</a>")
    }

    @Test func removedLinksAndRawHTMLLeaveOnlyText() {
        let removed = Link(destination: "javascript:x", title: "", content: [.text("click")], position: SourcePosition(line: 1, column: 1),
                           resolved: .removed)
        let html = HTMLRenderer(page: "a.html").render([.link(removed), .html("<script>", SourcePosition(line: 1, column: 1))])
        #expect(html == "click")
        #expect(HTMLRenderer(page: "a.html").render([Block.html("<div onclick=x>", SourcePosition(line: 1, column: 1))]) == "")
    }

    @Test func stepsCarryTheirHooks() {
        let step = Step(blocks: [.paragraph([.text("Do it")], SourcePosition(line: 1, column: 1))], position: SourcePosition(line: 1, column: 1),
                        endLine: 1, reference: nil, stepID: "open")
        let plain = Step(blocks: [.paragraph([.text("Other")], SourcePosition(line: 2, column: 1))], position: SourcePosition(line: 2, column: 1),
                         endLine: 2, reference: nil, stepID: nil)
        let html = HTMLRenderer(page: "a/b.html").render([.steps(StepList(start: 1, items: [step, plain]))])
        // A shared step's page tells a reader nothing more than the step: no link.
        #expect(html.contains("<li class=\"kb-step\" data-step=\"open\">Do it</li>"))
        #expect(html.contains("<li class=\"kb-step\">Other</li>"))
    }

    @Test func aStepFileWithMoreThanItsInstructionLinksToItAndSaysWhatItIs() {
        let p = SourcePosition(line: 1, column: 1)
        let short = ReusableStep(id: "restart", file: "Content/steps/restart.md", title: "Restart the computer",
                                 blocks: [.paragraph([.text("Restart the computer.")], p)])
        let long = ReusableStep(id: "certlm", file: "Content/steps/certlm.md", title: "Open certlm.msc",
                                blocks: [.paragraph([.text("Open certlm.msc.")], p), .paragraph([.text("It lists the machine's certificates.")], p)])
        let uses = ["restart", "certlm"].map { Step(blocks: [], position: p, endLine: 1, reference: Located($0, at: p), stepID: $0) }
        let html = HTMLRenderer(page: "a/b.html", steps: ["restart": short, "certlm": long], articlesUsing: ["restart": 3, "certlm": 12])
            .render([.steps(StepList(start: 1, items: uses))])
        #expect(html.contains("<li class=\"kb-step\" data-step=\"restart\">Restart the computer.</li>"))
        #expect(html.contains("<li class=\"kb-step\" data-step=\"certlm\"><p>Open certlm.msc.</p>\n<a class=\"kb-step-link\" href=\"../steps/certlm.html\">Open certlm.msc: more, used in 12 articles</a></li>"))
        #expect(!html.contains("machine's certificates"))
    }

    @Test func codeIsEscaped() {
        let html = HTMLRenderer(page: "a.html").render([Block.codeBlock(info: "ps\" onload", code: "<b>&</b>", SourcePosition(line: 1, column: 1))])
        #expect(html == "<pre tabindex=\"0\"><code class=\"language-ps&quot;\">&lt;b&gt;&amp;&lt;/b&gt;</code></pre>\n")
    }

    /// The language of a fenced block is its info string up to the first space or tab.
    @Test func codeBlockLanguageEndsAtATab() {
        let blocks = MarkdownParser.parse("```powershell\tcopy\nGet-Service\n```\n").blocks
        #expect(HTMLRenderer(page: "a.html").render(blocks) == "<pre tabindex=\"0\"><code class=\"language-powershell\">Get-Service\n</code></pre>\n")
    }
}
