import Testing
@testable import KBGenKit

@Suite struct FrontMatterParserTests {
    func parse(_ text: String) -> (FrontMatter?, Diagnostics) {
        var d = Diagnostics()
        let normalized = SourceText.normalize(text)
        guard let split = FrontMatterParser.split(normalized) else { return (nil, d) }
        let meta = FrontMatterParser.articleFrontMatter(split, file: "a.md", diagnostics: &d)
        return (meta, d)
    }

    @Test func unquotedHexCodesStayAsWritten() {
        let (meta, d) = parse("---\ntitle: T\nerror_codes: [0x904, 0x7, 0X0904, 80070005, 0x80070005]\n---\n")
        #expect(d.all.isEmpty)
        #expect(meta?.errorCodes == ["0x904", "0x7", "0X0904", "80070005", "0x80070005"])
    }

    @Test func blockListsAndSingleValues() {
        let (meta, _) = parse("---\ntitle: T\nproducts:\n  - Windows 11\n  - Windows Server 2022\ntags: rdp\n---\n")
        #expect(meta?.products == ["Windows 11", "Windows Server 2022"])
        #expect(meta?.tags == ["rdp"])
    }

    @Test func byteOrderMarkAndCRLFAreIgnored() {
        let (meta, d) = parse("\u{FEFF}---\r\ntitle: Windows\r\nerror_codes: [0x7]\r\nupdated: 2026-06-14\r\n---\r\nBody\r\n")
        #expect(d.all.isEmpty)
        #expect(meta?.title == "Windows")
        #expect(meta?.errorCodes == ["0x7"])
        #expect(meta?.updated == "2026-06-14")
    }

    @Test func yamlErrorHasTheFileLine() {
        let (meta, d) = parse("---\ntitle: T\ntags: [a, b\nproducts: [c]\n---\n")
        #expect(meta == nil)
        #expect(d.errors.count == 1)
        #expect(d.errors.first?.file == "a.md")
        #expect(d.errors.first?.line == 4)
        #expect(d.errors.first?.message.hasPrefix("front matter is not valid YAML") == true)
    }

    @Test func unknownKeySuggestsTheNearestKnownKey() {
        let (_, d) = parse("---\ntitle: T\nerror_code: [0x1]\n---\n")
        #expect(d.warnings.count == 1)
        #expect(d.warnings.first?.line == 3)
        #expect(d.warnings.first?.message == "unknown front matter key 'error_code'; did you mean 'error_codes'?")
    }

    @Test func relatedKeepsPositions() {
        let (meta, _) = parse("---\ntitle: T\nrelated:\n  - a/b\n  - c\n---\n")
        #expect(meta?.related == [Located("a/b", at: SourcePosition(line: 4, column: 5)), Located("c", at: SourcePosition(line: 5, column: 5))])
    }

    @Test func draftAndDates() {
        let (meta, d) = parse("---\ntitle: T\ndraft: yes\nupdated: 2026-13-01\n---\n")
        #expect(meta?.draft == true)
        #expect(d.errors.map(\.message) == ["updated '2026-13-01' is not a day of the calendar; check the month and the day"])
        let (_, written) = parse("---\ntitle: T\nupdated: 14/06/2026\n---\n")
        #expect(written.errors.map(\.message) == ["updated must be a date written YYYY-MM-DD, not '14/06/2026'"])
    }

    /// Days past the end of their month are errors; February 29th only in leap years.
    @Test func impossibleDatesAreErrors() {
        for (date, valid) in [("2024-02-29", true), ("2000-02-29", true), ("2023-02-29", false), ("1900-02-29", false),
                              ("2024-02-31", false), ("2024-04-31", false), ("2024-12-31", true), ("2024-00-10", false), ("2024-01-00", false)] {
            #expect(FrontMatterParser.isDate(date) == valid, "\(date)")
        }
    }

    /// Aliases and nesting are bounded on the text, before YAML is read.
    @Test func yamlBoundsAreCheckedBeforeReading() {
        #expect(YAMLBounds.problem("title: T\ntags: [a, b]\nx: &x 1\ny: *x\n") == nil)
        #expect(YAMLBounds.problem("title: \"*a *b\" # *c\n" + String(repeating: "- a\n", count: 100)) == nil)
        let many = "x: &x 1\ny: [" + Array(repeating: "*x", count: 33).joined(separator: ", ") + "]\n"
        #expect(YAMLBounds.problem(many)?.line == 2)
        #expect(YAMLBounds.problem("x: " + String(repeating: "[", count: 70))?.column == 67)
        // Columns count characters, not bytes.
        #expect(YAMLBounds.problem("x: é€ " + String(repeating: "[", count: 70))?.column == 70)
        #expect(YAMLBounds.problem("x: " + String(repeating: "- ", count: 70))?.message.contains("64 levels") == true)
    }

    @Test func splitFindsTheBodyLine() {
        let split = FrontMatterParser.split("---\na: 1\nb: 2\n---\nbody")
        #expect(split?.yaml == "a: 1\nb: 2")
        #expect(split?.bodyFirstLine == 5)
        #expect(split?.body == "body")
        #expect(FrontMatterParser.split("no fence") == nil)
        #expect(FrontMatterParser.isUnclosed("---\ntitle: x\n"))
    }
}
