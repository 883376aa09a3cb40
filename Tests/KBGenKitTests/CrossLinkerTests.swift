import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import KBGenKit

@Suite struct CrossLinkerTests {
    @Test func codeSpellingsAreOneCode() {
        #expect(CrossLinker.canonicalCode("0X0904") == "0x904")
        #expect(CrossLinker.canonicalCode("0x0904") == "0x904")
        #expect(CrossLinker.canonicalCode("0x904") == "0x904")
        #expect(CrossLinker.canonicalCode("0x00000000") == "0x0")
        #expect(CrossLinker.canonicalCode("0x800CCC0E") == "0x800ccc0e")
        #expect(CrossLinker.canonicalCode("ERR_SSL_PROTOCOL_ERROR") == "err_ssl_protocol_error")
        // Decimal codes keep their zeros: 0809 is not written as a hexadecimal code.
        #expect(CrossLinker.canonicalCode("809") == "809")
        #expect(CrossLinker.canonicalCode(" 0x0904\t") == "0x904")
        #expect(CrossLinker.canonicalCode("0x") == "0x")
        #expect(CrossLinker.canonicalCode("0x12G") == "0x12g")
        #expect(CrossLinker.canonicalCode("0x00ff.") == "0x00ff.")
        // Fullwidth digits are hexadecimal digits too, though not zeros to drop.
        #expect(CrossLinker.canonicalCode("0X０Ａ") == "0x０ａ")
        // Words of article text take a shortcut on their bytes, to the same form.
        for word in ["0X0904", "0x0904", "0x904", "0x00000000", "0x800CCC0E", "ERR_SSL_PROTOCOL_ERROR", "809", "0x", "0x12G",
                     "0x00ff.", "0X0", "0x0a", "A1", "x0904", "00x1", "0x_1", "v2.1"] {
            var bytes = Array(word.utf8)
            #expect(CrossLinker.canonicalCode(asciiWord: &bytes) == CrossLinker.canonicalCode(word), "\(word)")
        }
        #expect(CrossLinker.termKey("  Windows 11\t") == "windows 11")
        #expect(CrossLinker.termKey(" \t ") == "")
        #expect(CrossLinker.termKey("Édge") == "édge")
        #expect(CrossLinker.termKey(" \u{301}Edge ") == " \u{301}edge", "a space carrying an accent is not a space")
    }

    @Test func mentionsBecomeLinksOutsideCodeAndLinks() {
        let codes = ["0x904": "0x904", "809": "809", "5": "5"]
        let pieces = CrossLinker.mentions(in: "Error 0X904. Then 809, 5 and 0x9045.", codes: codes)
        #expect(pieces.count == 5)
        guard case .link(let first) = pieces[1], case .link(let second) = pieces[3] else {
            Issue.record("no links in \(pieces)")
            return
        }
        #expect(first.content == [.text("0X904")])
        #expect(first.resolved == .site("codes/0x904.html"))
        #expect(second.resolved == .site("codes/809.html"))
        #expect(pieces[0] == .text("Error "))
        #expect(pieces[2] == .text(". Then "))
        #expect(pieces[4] == .text(", 5 and 0x9045."))
    }

    /// The quick check on bytes never says no where the split finds a code: seeded random texts
    /// of codes, near-codes, words and punctuation, with and without a code that has no digit.
    @Test func theQuickCheckMissesNoMention() {
        var r = RebuildFuzzTests.Random(state: 20261203)
        let words = ["0x904", "0X0904", "0x9045", "809", "80070005", "5", "E_FAIL", "e_fail", "Error", "Then", "a.b", "x_1",
                     "0x0", "12", "v1.2", "0x904.", "...", "-", " ", ", ", ". ", "\n", "(", ")", "é", "—"]
        var checked = 0, found = 0
        for withoutDigits in [false, true] {
            var codes = ["0x904": "0x904", "809": "809", "80070005": "80070005"]
            if withoutDigits { codes["e_fail"] = "e_fail" }
            for _ in 0..<3000 {
                let text = (0..<r.below(8)).map { _ in r.pick(words) }.joined(separator: r.pick(["", " ", ".", ","]))
                // The split itself, without the check in front of it; other scripts always pass the check.
                let split = text.utf8.allSatisfy { $0 < 0x80 } ? CrossLinker.asciiMentions(in: text, codes: codes) : []
                let linked = split.contains { if case .link = $0 { return true } else { return false } }
                let may = CrossLinker.mayMention(text, codes: codes, codesWithoutDigits: withoutDigits)
                #expect(may || !linked, "\(text)")
                checked += 1
                if linked { found += 1 }
            }
        }
        #expect(found > 1000 && checked - found > 1000)
    }

    @Test func relatedArticlesAreDeclaredFirstThenScoredByWhatIsRare() throws {
        var d = Diagnostics()
        func article(_ id: String, _ fm: String, steps: [String] = []) -> Article {
            let body = steps.isEmpty ? "Text." : "## Fix {likelihood=1}\n\n" + steps.map { "1. \($0)\n" }.joined()
            var a = ArticleParser.parse(id: id, file: id, text: Fixture.article(body, frontMatter: "title: \(id)\n" + fm), diagnostics: &d)!
            // Step ids as the step finder gives them: the text, here.
            for s in a.solutions.indices {
                a.solutions[s].content = a.solutions[s].content.map { part in
                    guard case .steps(var list) = part else { return part }
                    for k in list.items.indices { list.items[k].stepID = list.items[k].blocks.plainText }
                    return .steps(list)
                }
            }
            return a
        }
        let generic = ["Restart the computer."]
        let articles = [
            article("a", "error_codes: [0x1]\ntags: [x]\nproducts: [Windows 11]\nrelated: [z]", steps: generic + ["Renew the certificate."]),
            article("b", "tags: [x]\nproducts: [Windows 11]", steps: generic),   // a common tag, product and step: nothing
            article("c", "error_codes: [0X01]"),                              // the same code: 3
            article("d", "tags: [x]\nproducts: [Windows 11]"),                // common tag and product: nothing
            article("e", "products: [Windows 11]", steps: generic + ["Renew the certificate."]),  // a rare step: 2
            article("f", "products: [Windows 11]", steps: generic),           // linked from a: 3
            article("g", "tags: [x]\nproducts: [Windows 11]", steps: generic),
            article("z", "tags: [q]"),                                         // declared
        ]
        let related = CrossLinker.related(articles, links: ["a": ["f"]])
        #expect(related["a"] == ["z", "c", "f", "e"])
        #expect(related["z"] == [])
        // A link counts both ways.
        #expect(related["f"] == ["a"])
        // Steps, tags and products that most articles carry relate nothing.
        #expect(related["b"] == [])
        #expect(related["d"] == [])
    }

    @Test func theDefaultKnowledgeBaseRelatesArticlesByWhatTheyShareThatMatters() throws {
        let result = Pipeline.run(BuildOptions(workingDirectory: Fixture.repository), write: false)
        let related = try #require(result.site?.pages?.context.site.crossReferences.related)
        let rdp = try #require(related["remote-desktop/error-0x904-extended-0x7"])
        // They share only "Open Registry Editor", "Open Services" and "Connect again".
        #expect(!rdp.contains("vpn/error-809"))
        #expect(!rdp.contains("printing/error-0x00000709"))
        // Another Remote Desktop article that links to it is related.
        #expect(rdp.contains("remote-desktop/error-0x204"))
    }

    @Test func crossLinkedSitePages() throws {
        let (result, output) = Fixture.build("valid/cross-links")
        #expect(result.status == .built, "\(result.diagnostics.all)")
        let files = Set(Fixture.snapshot(output).keys)
        // Three spellings, one code page, shown as the first article (by id) wrote it.
        let code = Fixture.read(output, "codes/0x904.html")
        #expect(code.contains("<code>0X0904</code>"))
        for title in ["First article with 0X0904", "Second article", "Third article"] { #expect(code.contains(title)) }
        #expect(Fixture.read(output, "codes/index.html").contains("<a href=\"0x904.html\"><code>0X0904</code></a> <span class=\"count\">(3)</span>"))
        // Products and tags: case-insensitive, hostile names escaped, file names safe and distinct.
        #expect(files.contains("products/windows-11.html"))
        #expect(Fixture.read(output, "products/windows-11.html").contains("Second article"))
        let productFiles = files.filter { $0.hasPrefix("products/") }.sorted()
        #expect(productFiles.count == 5)
        #expect(productFiles.allSatisfy { $0.dropFirst(9).allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "-.".contains($0)) } })
        #expect(!Fixture.read(output, "products/index.html").contains("<script>alert"))
        #expect(Fixture.read(output, "products/index.html").contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(files.contains("tags/etc-passwd.html"))
        #expect(files.filter { $0.hasPrefix("tags/t-") }.count == 1)
        #expect(Fixture.read(output, "tags/rdp.html").components(separatedBy: "<li><a href=\"../rdp/").count == 4)

        let first = Fixture.read(output, "rdp/a-first.html")
        // Article: breadcrumbs, terms as links, mentions linked, related (declared first), linked from.
        #expect(first.contains("<li><a href=\"../index.html#folder-rdp\">rdp</a></li>"))
        #expect(first.contains("<a href=\"../codes/0x904.html\"><code>0X0904</code></a>"))
        #expect(first.contains("<a href=\"../products/windows-11.html\">Windows 11</a>"))
        #expect(first.contains("The error <a href=\"../codes/0x904.html\">0x904</a>. appears, also as <code>0x904</code> in code and in <a href=\"b-second.html\">a link about 0x904</a>."))
        #expect(first.contains("<a href=\"../codes/0x80070005.html\">0x80070005</a>, 80070005 and 5."))
        let related = try #require(first.components(separatedBy: "id=\"related-heading\"").last)
        let order = ["../net/d-declared.html", "b-second.html", "c-third.html"].map { related.range(of: "<a href=\"\($0)\"")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order[0]! < order[1]! && order[1]! < order[2]!)
        let linkedFrom = try #require(first.components(separatedBy: "id=\"linked-from-heading\"").last)
        #expect(linkedFrom.contains("b-second.html") && linkedFrom.contains("c-third.html"))
        #expect(!linkedFrom.contains("d-declared.html"))

        let home = Fixture.read(output, "index.html")
        #expect(home.contains("Most common error codes"))
        #expect(home.contains("<a href=\"codes/0x904.html\"><code>0X0904</code></a> <span class=\"count\">3</span>"))
        #expect(home.contains("Recently updated"))
        let recent = try #require(home.components(separatedBy: "id=\"recent-heading\"").last)
        #expect(recent.range(of: "rdp/b-second.html")!.lowerBound < recent.range(of: "rdp/c-third.html")!.lowerBound)
        // Without base_url: no sitemap, feed or canonical links.
        #expect(!files.contains("sitemap.xml") && !files.contains("feed.xml"))
        #expect(!first.contains("rel=\"canonical\""))
    }

    @Test func sitemapFeedCanonicalAndStructuredData() throws {
        let output = Fixture.temporaryFolder().appendingPathComponent("Output")
        var options = Fixture.options("valid/cross-links", output: output)
        options.baseURL = "https://kb.example.com/it/"
        let result = Pipeline.run(options, write: true)
        #expect(result.status == .built)
        let sitemap = try XMLDocument(data: Data(Fixture.read(output, "sitemap.xml").utf8))
        let locs = try sitemap.nodes(forXPath: "//*[local-name()='loc']").compactMap(\.stringValue)
        #expect(locs.count == Fixture.snapshot(output).keys.filter { $0.hasSuffix(".html") && $0 != "404.html" && $0 != "feedback.html" }.count)
        #expect(locs.allSatisfy { $0.hasPrefix("https://kb.example.com/it/") })
        #expect(locs.contains("https://kb.example.com/it/rdp/a-first.html"))
        let feed = try XMLDocument(data: Data(Fixture.read(output, "feed.xml").utf8))
        let entries = try feed.nodes(forXPath: "//*[local-name()='entry']/*[local-name()='id']").compactMap(\.stringValue)
        #expect(entries == ["https://kb.example.com/it/rdp/b-second.html", "https://kb.example.com/it/rdp/c-third.html",
                            "https://kb.example.com/it/rdp/a-first.html"])
        let first = Fixture.read(output, "rdp/a-first.html")
        #expect(first.contains("<link rel=\"canonical\" href=\"https://kb.example.com/it/rdp/a-first.html\">"))
        // Page links stay relative even with base_url.
        #expect(first.contains("href=\"../codes/0x904.html\""))
        let start = try #require(first.range(of: "<script type=\"application/ld+json\">"))
        let end = try #require(first.range(of: "</script>", range: start.upperBound..<first.endIndex))
        let data = try #require(try JSONSerialization.jsonObject(with: Data(first[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        #expect(data["@type"] as? String == "TechArticle")
        #expect(data["headline"] as? String == "First article with 0X0904")
        #expect(data["url"] as? String == "https://kb.example.com/it/rdp/a-first.html")
        // A product named <script>... cannot close the data block.
        #expect(first[start.upperBound..<end.lowerBound].contains("\\u003cscript\\u003e"))
    }
}
