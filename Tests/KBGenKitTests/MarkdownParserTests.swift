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
}
