import Testing
@testable import KBGenKit

@Suite struct StepExtractorTests {
    let source = "---\ntitle: A\n---\n\n## Fix {likelihood=0.5}\n\n1. First.\n2. Restart the\n   computer.\n\n   This takes a minute.\n3. Last.\n"

    func group(_ occurrences: [RepeatedStepGroup.Occurrence], isStepFile: Bool = false) -> RepeatedStepGroup {
        RepeatedStepGroup(id: "restart-the-computer", wording: "Restart the computer.", markdown: "Restart the computer.",
                          isStepFile: isStepFile, occurrences: occurrences)
    }

    func occurrence(_ file: String, line: Int, endLine: Int) -> RepeatedStepGroup.Occurrence {
        .init(articleID: "a", file: file, position: SourcePosition(line: line, column: 1), endLine: endLine,
              text: "Restart the computer.", isReference: false, hasNotes: true)
    }

    @Test func writesAStepFileAndRewritesOnlyTheInstruction() throws {
        let edits = try StepExtractor.edits(for: group([occurrence("Content/a.md", line: 8, endLine: 11)]), stepID: "restart-pc",
                                            sources: ["Content/a.md": source], contentFolder: "Content", existingSteps: []).get()
        #expect(edits.count == 2)
        #expect(edits[0] == FileEdit(path: "Content/steps/restart-pc.md", before: nil,
                                     after: "---\ntitle: \"Restart the computer\"\n---\n\nRestart the computer.\n"))
        #expect(edits[1].after == "---\ntitle: A\n---\n\n## Fix {likelihood=0.5}\n\n1. First.\n2. [](step:restart-pc)\n\n   This takes a minute.\n3. Last.\n")
    }

    @Test func keepsWindowsLineEnds() throws {
        let crlf = source.replacingOccurrences(of: "\n", with: "\r\n")
        let edits = try StepExtractor.edits(for: group([occurrence("Content/a.md", line: 8, endLine: 11)]), stepID: "restart-pc",
                                            sources: ["Content/a.md": crlf], contentFolder: "Content", existingSteps: []).get()
        #expect(edits[1].after.contains("2. [](step:restart-pc)\r\n"))
        #expect(!edits[1].after.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func refusesToOverwriteAStepFileOrUseABadId() {
        let g = group([occurrence("Content/a.md", line: 8, endLine: 11)])
        let exists = StepExtractor.edits(for: g, stepID: "restart-pc", sources: ["Content/a.md": source], contentFolder: "Content",
                                         existingSteps: ["restart-pc"])
        #expect((try? exists.get()) == nil)
        let bad = StepExtractor.edits(for: g, stepID: "Restart PC!", sources: ["Content/a.md": source], contentFolder: "Content", existingSteps: [])
        #expect((try? bad.get()) == nil)
    }

    @Test func anExistingStepFileOnlyGetsItsPlacesLinked() throws {
        let edits = try StepExtractor.edits(for: group([occurrence("Content/a.md", line: 8, endLine: 11)], isStepFile: true), stepID: "restart-pc",
                                            sources: ["Content/a.md": source], contentFolder: "Content", existingSteps: ["restart-pc"]).get()
        #expect(edits.map(\.path) == ["Content/a.md"])
    }

    @Test func listMarkers() {
        #expect(StepExtractor.listMarker("1. Text") == "1. ")
        #expect(StepExtractor.listMarker("   12)  Text") == "   12)  ")
        #expect(StepExtractor.listMarker("- Text") == "- ")
        #expect(StepExtractor.listMarker("Text") == nil)
        #expect(StepExtractor.listMarker("1.Text") == nil)
    }

    @Test func diffShowsRemovedThenAddedLines() {
        let diff = StepExtractor.diff([FileEdit(path: "Content/a.md", before: "a\nb\nc\nd\ne\nf\n", after: "a\nb\nc\nX\ne\nf\n"),
                                       FileEdit(path: "Content/steps/x.md", before: nil, after: "one\ntwo\n")])
        #expect(diff == """
        --- a/Content/a.md
        +++ b/Content/a.md
        @@ -2,5 +2,5 @@
         b
         c
        -d
        +X
         e
         f
        --- /dev/null
        +++ b/Content/steps/x.md
        @@ -0,0 +1,2 @@
        +one
        +two

        """)
    }
}
