import Foundation
import Testing
@testable import KBGenKit

@Suite struct SiteWriterTests {
    /// A working folder with Content/ and Templates/ copied from a fixture, so tests may change them.
    func workspace(_ fixture: String = "valid/basic") throws -> URL {
        let root = Fixture.temporaryFolder()
        try FileManager.default.copyItem(at: Fixture.folder(fixture).appendingPathComponent("Content"), to: root.appendingPathComponent("Content"))
        try FileManager.default.copyItem(at: Fixture.templates, to: root.appendingPathComponent("Templates"))
        return root
    }

    @Test func rebuildReplacesTheSiteAndStalePagesDisappear() throws {
        let root = try workspace()
        let options = BuildOptions(workingDirectory: root)
        #expect(Pipeline.run(options, write: true).status == .built)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Output/net/proxy.html").path))
        try FileManager.default.removeItem(at: root.appendingPathComponent("Content/net/proxy.md"))
        // The article that linked to it must lose the link too, or the build fails.
        let dns = root.appendingPathComponent("Content/net/dns-fails.md")
        let text = try String(contentsOf: dns, encoding: .utf8)
            .replacingOccurrences(of: "See [the proxy article](proxy.md#check-proxy) and ", with: "")
            .replacingOccurrences(of: "related: [net/proxy]\n", with: "")
        try Data(text.utf8).write(to: dns)
        let second = Pipeline.run(options, write: true)
        #expect(second.status == .built, "\(second.diagnostics.all)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Output/net/proxy.html").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Output/net/dns-fails.html").path))
        // No staging or retired folder is left beside the output.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(siblings.sorted() == ["Content", "Output", "Templates"])
    }

    @Test func foreignOutputFolderIsRefusedUntouched() throws {
        let root = try workspace()
        let output = root.appendingPathComponent("Output")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: output.appendingPathComponent("notes.txt"))
        let result = Pipeline.run(BuildOptions(workingDirectory: root), write: true)
        #expect(result.status == .usageErrors)
        #expect(result.diagnostics.errors.first?.message.contains("holds files kbgen did not write") == true)
        #expect(Fixture.snapshot(output) == ["notes.txt": Data("mine".utf8)])
    }

    @Test(arguments: [".", "..", "Content", "Content/out", "Templates", "/"])
    func unsafeOutputFoldersAreRefused(output: String) throws {
        let root = try workspace()
        let before = Fixture.snapshot(root)
        let result = Pipeline.run(BuildOptions(workingDirectory: root, output: output), write: true)
        #expect(result.status == .usageErrors)
        #expect(result.diagnostics.errors.count >= 1)
        #expect(Fixture.snapshot(root) == before)
    }

    @Test func outputFolderThroughASymbolicLinkIsRefused() throws {
        let root = try workspace()
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("Output").path, withDestinationPath: root.appendingPathComponent("Content").path)
        let result = Pipeline.run(BuildOptions(workingDirectory: root), write: true)
        #expect(result.status == .usageErrors)
    }

    @Test func symbolicLinksOutOfContentAreNotFollowed() throws {
        let root = try workspace()
        let secret = Fixture.temporaryFolder().appendingPathComponent("secret.md")
        try Data("---\ntitle: Secret\n---\nsecret text\n".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("Content/leak.md").path, withDestinationPath: secret.path)
        let result = Pipeline.run(BuildOptions(workingDirectory: root), write: true)
        #expect(result.status == .built)
        #expect(result.diagnostics.warnings.contains { $0.file == "Content/leak.md" && $0.message.contains("outside") })
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Output/leak.html").path))
    }

    @Test func checkWritesNothing() throws {
        let root = try workspace()
        let result = Pipeline.run(BuildOptions(workingDirectory: root), write: false)
        #expect(result.status == .built)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Output").path))
    }

    @Test func badSettingsAreUsageErrors() throws {
        let root = try workspace()
        try Data("title: T\norder: random\ndedupe:\n  threshold: 2\nbase_url: kb.example\n".utf8).write(to: root.appendingPathComponent("kbgen.yml"))
        let result = Pipeline.run(BuildOptions(workingDirectory: root), write: true)
        #expect(result.status == .usageErrors)
        #expect(result.diagnostics.errors.map { "\($0.file):\($0.line)" } == ["kbgen.yml:2", "kbgen.yml:4", "kbgen.yml:5"])
    }

    @Test func outputPathCollisionsAreErrors() throws {
        let root = try workspace()
        try Data("x".utf8).write(to: root.appendingPathComponent("Content/net/proxy.html"))
        let result = Pipeline.run(BuildOptions(workingDirectory: root), write: true)
        #expect(result.status == .contentErrors)
        #expect(result.diagnostics.errors.first?.message.contains("net/proxy.html") == true)
    }

    @Test func costliestPagesAreMadeFirstAndEveryFileOnce() throws {
        let result = Pipeline.run(Fixture.options("valid/repeated-steps", output: Fixture.temporaryFolder()), write: false)
        let site = try #require(result.site)
        let order = site.writingOrder().map(\.index)
        #expect(order.sorted() == Array(site.files.indices))
        let paths = order.map { site.files[$0].path }
        // kb.json, then the pages listing the most entries: the index (every article), the step pages.
        #expect(paths.prefix(2) == ["kb.json", "index.html"])
        let steps = paths.indices.filter { paths[$0].hasPrefix("steps/") }
        let articles = paths.indices.filter { paths[$0].hasPrefix("printing/") }
        #expect(steps.count == 2 && articles.count == 3)
        #expect(steps.max()! < articles.min()!)
        // Files that cost alike keep the order they were listed in.
        #expect(articles.map { paths[$0] } == ["printing/driver.html", "printing/offline.html", "printing/stuck-queue.html"])
        #expect(Array(Batches(site)).map(\.path) == paths)
    }

    @Test func textInPiecesIsWrittenWholeAndInOrder() throws {
        let pieces = Pieces(count: 11) { "<\($0)>" }
        let path = Fixture.temporaryFolder().appendingPathComponent("big.json").path
        try SiteWriter.writeFile(path, pieces)
        let expected = (0..<11).map { "<\($0)>" }.joined()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
        #expect(pieces.text == expected)
    }
}
