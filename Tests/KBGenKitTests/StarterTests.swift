import Foundation
import Testing
@testable import KBGenKit

/// What `kbgen init` and `kbgen new` write builds as it is, with no problem at all.
@Suite struct StarterTests {
    /// Writes files into a new folder and builds it with the built-in theme.
    static func build(_ files: [(path: String, text: String)]) throws -> (BuildResult, URL) {
        let root = Fixture.temporaryFolder()
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: url)
        }
        let output = root.appendingPathComponent("Output")
        return (Pipeline.run(BuildOptions(workingDirectory: root), write: true), output)
    }

    @Test func aNewKnowledgeBaseBuildsWithoutAProblem() throws {
        let (result, output) = try Self.build(Starter.knowledgeBase(today: "2026-12-03"))
        #expect(result.status == .built)
        #expect(result.diagnostics.all.map(\.description) == [])
        #expect(result.site?.articleCount == 2)
        // The example shows what kbgen is for: a step both articles share, and a link between them.
        let step = Fixture.read(output, "steps/restart-print-spooler.html")
        #expect(step.contains("printing/printer-offline.html") && step.contains("printing/print-jobs-stuck.html"))
        #expect(Fixture.read(output, "printing/printer-offline.html").contains("href=\"print-jobs-stuck.html\""))
    }

    @Test func aNewArticleBuildsWithoutAProblem() throws {
        let text = Starter.article(id: "vpn/error-809", title: nil, today: "2026-12-03")
        let (result, output) = try Self.build([("Content/vpn/error-809.md", text)])
        #expect(result.diagnostics.all.map(\.description) == [])
        let page = Fixture.read(output, "vpn/error-809.html")
        #expect(page.contains("<h1>Error 809</h1>"))
        #expect(page.contains("The most likely fix"))
        let titled = Starter.article(id: "a", title: "Quotes \" and \\ kept", today: "2026-12-03")
        let (again, site) = try Self.build([("Content/a.md", titled)])
        #expect(again.diagnostics.all.isEmpty)
        #expect(Fixture.read(site, "a.html").contains("<h1>Quotes &quot; and \\ kept</h1>"))
        // A line break or a tab in the title is escaped, not written into the front matter.
        let broken = Starter.article(id: "b", title: "Two\nlines\tand a tab", today: "2026-12-03")
        let (third, brokenSite) = try Self.build([("Content/b.md", broken)])
        #expect(third.diagnostics.all.isEmpty, "\(third.diagnostics.all)")
        #expect(Fixture.read(brokenSite, "b.html").contains("<h1>Two\nlines\tand a tab</h1>"))
    }

    @Test func idsThatCannotBeArticlesAreRefused() {
        #expect(Starter.idProblem("printing/printer-offline") == nil)
        #expect(Starter.idProblem("a b/ü") == nil)
        for id in ["", "a.md", "/a", "a/", "a//b", "../a", "a/./b", "steps/x", "_notes", "a/.hidden", "CON", "a/b:c", "a#b", String(repeating: "x", count: 201)] {
            #expect(Starter.idProblem(id) != nil, "\(id)")
        }
    }
}
