import Foundation
import Testing
@testable import KBGenKit

/// The preview server builds again when a file a build reads changes, and not for the files
/// editors write beside it.
@Suite struct PreviewWatchTests {
    @Test func editsAdditionsAndRemovalsAreChanges() throws {
        let root = Fixture.temporaryFolder()
        let content = root.appendingPathComponent("Content"), settings = root.appendingPathComponent("kbgen.yml")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("a"), withIntermediateDirectories: true)
        let article = content.appendingPathComponent("a/one.md")
        try Data("one".utf8).write(to: article)
        let paths = [content.path, settings.path]
        let first = PreviewWatch.snapshot(paths)
        #expect(first == PreviewWatch.snapshot(paths))
        try Data("one, longer".utf8).write(to: article)
        let edited = PreviewWatch.snapshot(paths)
        #expect(edited != first)
        try Data("title: x".utf8).write(to: settings)
        let withSettings = PreviewWatch.snapshot(paths)
        #expect(withSettings != edited)
        try FileManager.default.removeItem(at: article)
        #expect(PreviewWatch.snapshot(paths) != withSettings)
    }

    @Test func editorsTemporaryFilesAreNotChanges() throws {
        let content = Fixture.temporaryFolder()
        try Data("one".utf8).write(to: content.appendingPathComponent("one.md"))
        let before = PreviewWatch.snapshot([content.path])
        for name in [".one.md.swp", "one.md~", "#one.md#", ".#one.md", "4913", "one.md.tmp", "download.crdownload"] {
            try Data("x".utf8).write(to: content.appendingPathComponent(name))
        }
        #expect(PreviewWatch.snapshot([content.path]) == before)
        try Data("x".utf8).write(to: content.appendingPathComponent("two.md"))
        #expect(PreviewWatch.snapshot([content.path]) != before)
    }

    @Test func theKernelSaysAFolderChangedAtOnce() throws {
        let root = Fixture.temporaryFolder()
        let content = root.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("a"), withIntermediateDirectories: true)
        let events = try #require(PreviewEvents())
        events.watch(PreviewWatch.snapshot([content.path]).folders.union([root.path]))
        #expect(!events.wait(0.1))
        try Data("one".utf8).write(to: content.appendingPathComponent("a/one.md"))
        #expect(events.wait(1))
        #expect(!events.wait(0.1), "every event was read")
        try Data("title: x".utf8).write(to: root.appendingPathComponent("kbgen.yml"))
        #expect(events.wait(1))
        // A folder made after the watch began is watched once `watch` is called again.
        try FileManager.default.createDirectory(at: content.appendingPathComponent("b"), withIntermediateDirectories: true)
        #expect(events.wait(1))
        events.watch(PreviewWatch.snapshot([content.path]).folders.union([root.path]))
        try Data("two".utf8).write(to: content.appendingPathComponent("b/two.md"))
        #expect(events.wait(1))
    }
}
