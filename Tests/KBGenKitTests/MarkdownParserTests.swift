import Testing
@testable import KBGenKit

@Suite struct MarkdownParserTests {
    @Test func positionsAreFileLines() {
        let doc = MarkdownParser.parse("Intro\n\nSee [a](b.md) here.\n", firstLine: 10)
        #expect(doc.blocks.count == 2)
        guard case .paragraph(let inlines, let pos) = doc.blocks[1] else { Issue.record("no paragraph"); return }
        #expect(pos == SourcePosition(line: 12, column: 1))
        guard case .link(let link) = inlines[1] else { Issue.record("no link"); return }
        #expect(link.destination == "b.md")
        #expect(link.position == SourcePosition(line: 12, column: 5))
    }

    @Test func tablesAndTaskListsAndStrikethrough() {
        let doc = MarkdownParser.parse("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\n~~old~~\n")
        guard case .table(let table) = doc.blocks[0] else { Issue.record("no table"); return }
        #expect(table.alignments == [.left, .right])
        #expect(table.header.map(\.plainText) == ["a", "b"])
        #expect(table.rows.count == 1)
        guard case .list(let list) = doc.blocks[1] else { Issue.record("no list"); return }
        #expect(list.items.map(\.checked) == [true, false])
        guard case .paragraph(let inlines, _) = doc.blocks[2] else { Issue.record("no paragraph"); return }
        #expect(inlines == [.strikethrough([.text("old")])])
    }

    @Test func rawHTMLIsKeptOnlyAsHTMLNodes() {
        let doc = MarkdownParser.parse("<div>x</div>\n\nA <b>b</b>\n")
        guard case .html(let html, _) = doc.blocks[0] else { Issue.record("no html block"); return }
        #expect(html.contains("<div>"))
        guard case .paragraph(let inlines, _) = doc.blocks[1] else { Issue.record("no paragraph"); return }
        #expect(inlines.contains { if case .html = $0 { return true } else { return false } })
    }

    @Test func emptyInputIsAnEmptyDocument() {
        #expect(MarkdownParser.parse("").blocks.isEmpty)
    }

    /// libcmark-gfm shares the extensions' inline characters across the process; parses on all
    /// cores at once must still see strikethrough, autolinks, tables and task lists every time.
    @Test func parsesOnAllCoresKeepEveryConstruct() {
        let text = (0..<20).map { i in
            "Para \(i) ~~old~~ see www.example.com/x\(i) or https://example.org/\(i).\n\n| a | b |\n|---|---|\n| ~~1~~ | 2 |\n\n- [x] done\n- [ ] open www.example.net\n"
        }.joined(separator: "\n")
        for _ in 0..<20 {
            let docs = Parallel.map(64, chunk: 1) { _ in MarkdownParser.parse(text) }
            for doc in docs {
                let kinds = doc.blocks.flatMap(Self.inlineKinds)
                #expect(kinds.filter { $0 == "del" }.count == 40)
                #expect(kinds.filter { $0 == "link" }.count == 60)
                #expect(doc.blocks.filter { if case .table = $0 { true } else { false } }.count == 20)
            }
        }
    }

    static func inlineKinds(_ block: Block) -> [String] {
        func kinds(_ inlines: [Inline]) -> [String] {
            inlines.flatMap { inline -> [String] in
                switch inline {
                case .strikethrough(let c): return ["del"] + kinds(c)
                case .link(let l): return ["link"] + kinds(l.content)
                case .emphasis(let c), .strong(let c): return kinds(c)
                default: return []
                }
            }
        }
        switch block {
        case .paragraph(let i, _): return kinds(i)
        case .table(let t): return (t.header + t.rows.flatMap { $0 }).flatMap(kinds)
        case .list(let l): return l.items.flatMap { $0.blocks.flatMap(inlineKinds) }
        default: return []
        }
    }
}
