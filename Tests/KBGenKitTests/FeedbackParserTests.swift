import Testing
@testable import KBGenKit

@Suite struct FeedbackParserTests {
    func parse(_ text: String) -> (Feedback, Diagnostics) {
        var d = Diagnostics()
        return (FeedbackParser.parse(text, file: "f.csv", diagnostics: &d), d)
    }

    @Test func headerQuotesAndWindowsLineEnds() {
        let (f, d) = parse("article,solution,worked,failed\r\n\"rdp/error-0x904.md\",\"#nla\",12,3\r\n\"a, b\",\"say \"\"hi\"\"\",0,0\r\n\r\n")
        #expect(d.all.isEmpty)
        #expect(f.rows == [
            FeedbackRow(article: "rdp/error-0x904", solution: "nla", worked: 12, failed: 3, line: 2),
            FeedbackRow(article: "a, b", solution: "say \"hi\"", worked: 0, failed: 0, line: 3),
        ])
    }

    @Test func withoutHeader() {
        let (f, d) = parse("a,fix,1,2")
        #expect(d.all.isEmpty)
        #expect(f.rows.map(\.worked) == [1])
    }

    @Test(arguments: ["a,fix,1.5,2", "a,fix,1,x", "a,fix,-3,0", "a,fix,,0", "a,fix,+1,0"])
    func badNumbersAreErrors(row: String) {
        let (f, d) = parse(row)
        #expect(f.rows.isEmpty)
        #expect(d.errors.count >= 1)
        #expect(d.errors.allSatisfy { $0.line == 1 && $0.message.contains("whole number") })
    }
}
