import Testing
@testable import KBGenKit

/// Article and step pages are kept when the fingerprint of their article is unchanged, so the
/// fingerprint must change with everything a page can show, and only positions may be left out.
@Suite struct ModelFingerprintTests {
    /// One of every kind of block and inline the parser makes.
    static let source = """
        ---
        title: Every kind of block
        summary: A sample.
        error_codes: [0x904]
        products: [Windows 11]
        tags: [rdp]
        updated: 2026-01-10
        related: [other]
        ---

        Text with *emphasis*, **strong**, ~~struck~~, `code`, a [link](https://example.com "Title"),
        an ![image](a.png "Picture") and <b>html</b>.\\
        A line after a break.

        > Quoted.

        - [ ] a task
        - [x] done

        ```powershell
        Get-Service
        ```

        <div>raw</div>

        ---

        | a | b |
        |:--|--:|
        | 1 | 2 |

        ## Fix it {likelihood=0.6 effort=10m}

        1. Open **Services**.
        2. [](step:open-services)

        ## Another fix {likelihood=0.3}

        3. Restart the computer.

        Afterwards, check again.
        """

    static func parse(_ text: String) -> Article {
        var d = Diagnostics()
        return ArticleParser.parse(id: "x/y", file: "Content/x/y.md", text: text, diagnostics: &d)!
    }

    static func key(_ a: Article) -> String {
        var f = Fingerprint()
        f.add(a)
        return f.hex
    }

    @Test func everyChangeInTheTextChangesTheFingerprint() {
        let base = Self.key(Self.parse(Self.source))
        let changes: [(String, String)] = [
            ("title: Every kind", "title: Each kind"), ("summary: A sample.", "summary: An example."),
            ("[0x904]", "[0x0904]"), ("[Windows 11]", "[Windows 10]"), ("tags: [rdp]", "tags: [rdp, vpn]"),
            ("2026-01-10", "2026-01-11"), ("related: [other]", "related: [another]"),
            ("*emphasis*", "*stress*"), ("*emphasis*", "**emphasis**"), ("~~struck~~", "*struck*"),
            ("`code`", "`more code`"), ("https://example.com", "https://example.org"), ("\"Title\")", "\"Other\")"),
            ("[link]", "[a link]"), ("a.png", "b.png"), ("\"Picture\"", "\"Photo\""), ("![image]", "![photo]"),
            ("<b>html</b>", "<i>html</i>"), ("\\\nA line", "\nA line"), ("> Quoted.", "> Cited."),
            ("- [ ] a task", "- [x] a task"), ("- [ ] a task", "- a task"), ("```powershell", "```bash"),
            ("Get-Service", "Get-Process"), ("<div>raw</div>", "<div>other</div>"), ("| 1 | 2 |", "| 1 | 3 |"),
            ("|:--|--:|", "|:-:|--:|"), ("| a | b |", "| a | c |"), ("## Fix it", "## Fix this"),
            ("likelihood=0.6", "likelihood=0.5"), ("effort=10m", "effort=15m"), ("1. Open **Services**.", "1. Open *Services*."),
            ("step:open-services", "step:restart"), ("3. Restart", "4. Restart"), ("Afterwards, check", "Then check"),
        ]
        for (old, new) in changes {
            #expect(Self.source.contains(old), "the sample has \(old)")
            let changed = Self.key(Self.parse(Self.source.replacingOccurrences(of: old, with: new)))
            #expect(changed != base, "changing '\(old)' to '\(new)' changes the fingerprint")
        }
    }

    @Test func whatLaterStagesSetChangesTheFingerprint() {
        let a = Self.parse(Self.source)
        let base = Self.key(a)
        var changes: [(String, (inout Article) -> Void)] = []
        changes.append(("the rank", { $0.solutions[0].rank = 2 }))
        changes.append(("the likelihood", { $0.solutions[0].likelihood = 0.9 }))
        changes.append(("the outcomes", { $0.solutions[0].outcomes = Outcomes(worked: 3, failed: 1) }))
        changes.append(("a step's shared step", { $0.solutions[0].content = $0.solutions[0].content.map { part in
            guard case .steps(var list) = part else { return part }
            list.items[0].stepID = "open-services-console"
            return .steps(list)
        } }))
        changes.append(("a link's target", { $0.leading = $0.leading.map { block in
            guard case .paragraph(let inlines, let p) = block else { return block }
            return .paragraph(inlines.map { inline in
                guard case .link(var l) = inline else { return inline }
                l.resolved = .removed
                return .link(l)
            }, p)
        } }))
        for (name, change) in changes {
            var b = a
            change(&b)
            #expect(Self.key(b) != base, "changing \(name) changes the fingerprint")
        }
    }

    @Test func movedLinesKeepTheFingerprint() {
        let moved = Self.source.replacingOccurrences(of: "> Quoted.", with: "\n\n> Quoted.")
            .replacingOccurrences(of: "## Fix it", with: "\n## Fix it")
        let a = Self.parse(Self.source), b = Self.parse(moved)
        #expect(a.solutions[0].position != b.solutions[0].position)
        #expect(Self.key(a) == Self.key(b))
    }

    /// The fields the fingerprint reads or leaves out on purpose. A new field fails this test
    /// until `ModelSink` writes it (or says why not) and it is listed here.
    @Test func everyFieldIsAccountedFor() {
        func fields(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        let a = Self.parse(Self.source)
        let position = ["position"]
        // anchors: what `#fragment` links may name; no page shows them, the model file keeps them.
        #expect(fields(a) == ["id", "file", "meta", "summary", "leading", "solutions", "trailing", "anchors"])
        #expect(fields(a.meta) == ["title", "summary", "errorCodes", "products", "tags", "updated", "related", "draft"])
        let solution = a.solutions[0]
        #expect(fields(solution) == ["title", "anchor", "likelihood", "writtenLikelihood", "likelihoodText", "outcomes",
                                     "effortMinutes", "effortText"] + position + ["sourceIndex", "rank", "content"])
        #expect(fields(Outcomes(worked: 1, failed: 2)) == ["worked", "failed"])
        guard case .steps(let list) = solution.content.first(where: { if case .steps = $0 { true } else { false } }) else {
            Issue.record("the sample's first solution has steps")
            return
        }
        #expect(fields(list) == ["start", "items"])
        #expect(fields(list.items[0]) == ["blocks"] + position + ["endLine", "reference", "stepID"])
        var kinds: [String: [String]] = [:]
        func visit(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .heading(let h): kinds["heading"] = fields(h)
                case .list(let l):
                    kinds["list"] = fields(l)
                    kinds["item"] = fields(l.items[0])
                    for item in l.items { visit(item.blocks) }
                case .table(let t): kinds["table"] = fields(t)
                case .paragraph(let inlines, _):
                    for inline in inlines {
                        if case .link(let l) = inline { kinds["link"] = fields(l) }
                        if case .image(let i) = inline { kinds["image"] = fields(i) }
                    }
                case .blockQuote(let b, _): visit(b)
                default: break
                }
            }
        }
        visit(a.leading + a.trailing)
        #expect(kinds["list"] == ["ordered", "start", "tight", "items"] + position)
        // endLine: where tools rewrite an item in the source; no page shows it.
        #expect(kinds["item"] == ["blocks", "checked"] + position + ["endLine"])
        #expect(kinds["table"] == ["alignments", "header", "rows"] + position)
        #expect(kinds["link"] == ["destination", "title", "content"] + position + ["resolved"])
        #expect(kinds["image"] == ["source", "title", "alt"] + position + ["resolved"])
        let heading = Heading(level: 2, content: [], position: SourcePosition(line: 1, column: 1))
        #expect(fields(heading) == ["level", "content", "anchor"] + position)
    }

    /// Pages read the settings through `SiteInputs` (title, language, base URL, order, reader
    /// feedback links), part of
    /// every page's inputs; the others reach pages only through the model (the step finder's threshold,
    /// vocabulary and declared wordings, the reader feedback), or only the search index, whose
    /// fingerprint holds them (the search synonyms). A new setting fails this test until it is placed.
    @Test func everySettingIsAccountedFor() {
        let fields = Mirror(reflecting: Settings()).children.compactMap(\.label)
        #expect(fields == ["title", "baseURL", "language", "dedupeThreshold", "stepVocabulary", "sameSteps", "neverSameSteps",
                           "searchSynonyms", "order", "feedback", "readerFeedback"])
    }
}
