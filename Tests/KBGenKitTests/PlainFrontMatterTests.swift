import Testing
@testable import KBGenKit

/// The front matter read without Yams must be exactly what Yams's way reads, or not read at all.
@Suite struct PlainFrontMatterTests {
    func yams(_ yaml: String) -> (FrontMatter?, Diagnostics) {
        var diagnostics = Diagnostics()
        let split = FrontMatterParser.Split(yaml: yaml, yamlFirstLine: 2, body: "", bodyFirstLine: 3)
        let meta = FrontMatterParser.yamlFrontMatter(split, file: "a.md", diagnostics: &diagnostics)
        return (meta, diagnostics)
    }

    @Test func readsTheCommonShapes() throws {
        let yaml = """
        title: "Error 0x904: the printer is offline"
        summary: Reset the spooler.
        error_codes: [0x904, "0X0904" , '80070005']

        products: Windows 11
        tags: []
        related: [printing/queue, 'vpn/dns']
        updated: 2024-02-29
        draft: No
        """
        let meta = try #require(PlainFrontMatter.article(yaml, firstLine: 2))
        #expect(meta.title == "Error 0x904: the printer is offline")
        #expect(meta.errorCodes == ["0x904", "0X0904", "80070005"])
        #expect(meta.products == ["Windows 11"])
        #expect(meta.related.map(\.position) == [SourcePosition(line: 8, column: 11), SourcePosition(line: 8, column: 27)])
        #expect(meta.draft == false)
        let (viaYams, problems) = yams(yaml)
        #expect(problems.all.isEmpty)
        #expect(viaYams == meta)
    }

    /// What it leaves to Yams: YAML it does not read, and whatever Yams reports.
    @Test func leavesTheRestToYams() {
        for yaml in ["title: a\n# note", "title: a\ntags:\n  - x", "title: \"a\\tb\"", "title: a\ntitle: b", "title: a: b",
                     "title: a\ntitel: b", "title: \"  \"", "summary: a", "title: a\nupdated: 2023-02-29", "title: null",
                     "title: a\ndraft: maybe", "title: a\ntags: [x, , y]", "title: a\ntags: [x,]", "title: a #b", "title: -a",
                     "title: a\u{2028}b", "title: 'it''s'", " title: a", "title: a\n  b", "title:\ta", "title: \u{FEFF}a"] {
            #expect(PlainFrontMatter.article(yaml, firstLine: 2) == nil, "\(yaml)")
        }
    }

    /// Seeded random front matter, near the shapes it reads and past them: whatever it reads is
    /// what Yams's way reads, with no problem reported.
    @Test func readsWhatYamsReads() {
        var r = RebuildFuzzTests.Random(state: 20261203)
        let keys = ["title", "title", "summary", "error_codes", "products", "tags", "related", "updated", "draft", "titel"]
        let plain = ["0x904", "Windows 11", "Ünïcode", "2024-02-29", "O'Brien", "a  b", "é", "on", "Off", "line", "x1", "printing/queue"]
        let words = ["0x904", "Windows 11", "a: b", "a #b", "yes", "null", "~", "Ünïcode", "x\u{2028}y", "2024-02-29",
                     "2023-02-30", "-x", "x,y", "O'Brien", "x?y", "http://x", "a  b", "", " ", "\u{A0}nb", "é", "[x]", "{x}",
                     "a\\b", "say \"hi\"", "on", "Off", "x\u{85}y", "tab\there", "line"]
        func text() -> String {
            let w = r.chance(75) ? r.pick(plain) : r.pick(words)
            switch r.below(4) {
            case 0: return "\"" + w + "\""
            case 1: return "'" + w + "'"
            default: return w
            }
        }
        var read = 0, left = 0
        for _ in 0..<10000 {
            var lines: [String] = []
            for n in 0..<(1 + r.below(5)) {
                let key = n == 0 && r.chance(90) ? "title" : r.pick(keys)
                let space = r.chance(90) ? " " : r.pick(["  ", ""])
                let value: String
                if r.chance(35) {
                    let items = (0..<r.below(4)).map { _ in (r.chance(80) ? "" : " ") + text() + (r.chance(80) ? "" : " ") }
                    value = "[" + items.joined(separator: r.pick([",", ", ", " ,"])) + (r.chance(90) ? "]" : r.pick([",]", "] "]))
                } else {
                    value = text() + (r.chance(80) ? "" : r.pick([" ", " # c"]))
                }
                lines.append(key + ":" + space + value)
                if r.chance(5) { lines.append(r.pick(["", "# c", "  more", "- x"])) }
            }
            let yaml = lines.joined(separator: "\n")
            guard let plain = PlainFrontMatter.article(yaml, firstLine: 2) else { left += 1; continue }
            read += 1
            let (viaYams, problems) = yams(yaml)
            #expect(problems.all.isEmpty, "\(yaml)")
            #expect(viaYams == plain, "\(yaml)")
        }
        #expect(read > 1000)
        #expect(left > 1000)
    }
}
