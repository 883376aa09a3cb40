import Foundation
import Synchronization
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

    /// A folder tree is removed whole, its files on all cores; a symbolic link goes without what it
    /// points at, and a name that is not UTF-8 or a folder without write permission is removed too.
    @Test func aTreeIsRemovedWholeAndLinksAreNotFollowed() throws {
        let fm = FileManager.default
        let root = Fixture.temporaryFolder()
        let kept = root.appendingPathComponent("kept")
        try fm.createDirectory(at: kept, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: kept.appendingPathComponent("file.txt"))
        for odd in [false, true] {
            let tree = root.appendingPathComponent("tree")
            for k in 0..<600 {
                let folder = tree.appendingPathComponent("f\(k % 7)/g\(k % 3)")
                try fm.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data("\(k)".utf8).write(to: folder.appendingPathComponent("\(k).html"))
            }
            try fm.createSymbolicLink(at: tree.appendingPathComponent("f1/to-kept"), withDestinationURL: kept)
            if odd {
                let name = Array(tree.appendingPathComponent("f2").path.utf8) + Array("/b".utf8) + [0xFF, 0]
                close(name.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } })
                chmod(tree.appendingPathComponent("f3").path, 0o555)
            }
            try SiteWriter.removeTree(tree)
            #expect(!fm.fileExists(atPath: tree.path), "odd names: \(odd)")
            #expect(fm.fileExists(atPath: kept.appendingPathComponent("file.txt").path))
        }
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
        let order = site.writingOrder()
        #expect(order.sorted() == Array(site.files.indices))
        let paths = order.map { site.files[$0].path }
        // kb.json, then the pages listing the most entries: the index (every article), the step pages.
        #expect(paths.prefix(2) == ["kb.json", "index.html"])
        let steps = paths.indices.filter { paths[$0].hasPrefix("steps/") }
        let articles = paths.indices.filter { paths[$0].hasPrefix("printing/") }
        #expect(steps.count == 2 && articles.count == 3)
        #expect(steps.max()! < articles.min()!)
        // Files that cost alike keep the order they were listed in within their folder, and take
        // turns with other folders' files, so that two cores seldom create files in one folder.
        #expect(articles.map { paths[$0] } == ["printing/driver.html", "printing/offline.html", "printing/stuck-queue.html"])
        #expect(zip(articles, articles.dropFirst()).allSatisfy { $1 - $0 > 1 })
        #expect(!paths[(articles[0] + 1)..<articles[1]].contains { $0.hasPrefix("printing/") })
    }

    @Test func textInPiecesIsWrittenWholeAndInOrder() throws {
        let pieces = Pieces(keys: (0..<11).map { "k\($0)" }) { "<\($0)>" }
        let path = Fixture.temporaryFolder().appendingPathComponent("big.json").path
        let lengths = try SiteWriter.writeFile(path, pieces, last: nil)
        let expected = (0..<11).map { "<\($0)>" }.joined()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
        #expect(pieces.text == expected)
        #expect(lengths == (0..<11).map { "<\($0)>".utf8.count })
    }

    /// Pieces whose keys the last build's file has are copied from it, in their new order, and
    /// only the others are made; a last file of another size than recorded is not trusted.
    @Test func piecesTheLastFileHasAreCopiedFromIt() throws {
        let folder = Fixture.temporaryFolder()
        let lastPath = folder.appendingPathComponent("last.json").path
        let old = ["a": "<first é>", "b": "<second>", "c": "<third>"]
        let lastKeys = ["a", "b", "c"]
        try SiteWriter.writeFile(lastPath, lastKeys.map { old[$0]! }.joined())
        let last = BuildCache.Entry(fingerprint: "f", size: lastKeys.map { old[$0]!.utf8.count }.reduce(0, +), modified: 0,
                                    pieces: lastKeys.map { BuildCache.Piece(key: $0, length: old[$0]!.utf8.count) })
        let made = Mutex<[Int]>([])
        let pieces = Pieces(keys: ["c", "new", "a"]) { i in
            made.withLock { $0.append(i) }
            return i == 1 ? "<made>" : "<wrong: \(i) should have been copied>"
        }.keeping(last)
        let path = folder.appendingPathComponent("new.json").path
        let lengths = try SiteWriter.writeFile(path, pieces, last: lastPath)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "<third><made><first é>")
        #expect(made.withLock { $0 } == [1])
        #expect(lengths == [7, 6, 10])

        // The last file changed size since: every piece is made.
        try SiteWriter.writeFile(lastPath, "changed")
        made.withLock { $0 = [] }
        _ = try SiteWriter.writeFile(path, pieces, last: lastPath)
        #expect(made.withLock { $0 }.sorted() == [0, 1, 2])
    }

    /// While a rebuild writes, the output is the last build, whole; then it is the new one, whole.
    @Test func theOutputIsOneWholeBuildWhileARebuildWrites() throws {
        let root = try workspace()
        var options = BuildOptions(workingDirectory: root)
        options.toolVersion = "tests"
        #expect(Pipeline.run(options, write: true).status == .built)
        let output = root.appendingPathComponent("Output")
        let before = Fixture.snapshot(output)
        let layout = root.appendingPathComponent("Templates/layout.mustache")
        try Data(try String(contentsOf: layout, encoding: .utf8).replacingOccurrences(of: "</body>", with: "<!-- new theme --></body>").utf8).write(to: layout)
        var seen = 0
        let result = Pipeline.run(options, write: true) { stage, _ in
            guard stage == "rendering and writing" else { return }
            seen += 1
            #expect(Fixture.snapshot(output) == before, "the output changed part way through the build")
        }
        #expect(result.status == .built)
        #expect(seen > 0)
        let after = Fixture.snapshot(output)
        #expect(after.filter { $0.key.hasSuffix(".html") }.allSatisfy { String(decoding: $0.value, as: UTF8.self).contains("<!-- new theme -->") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["Content", "Output", "Templates"])
    }

    /// A rebuild writes what changed and links the rest from the last build: the same files.
    @Test func unchangedFilesAreLinkedFromTheLastBuild() throws {
        let root = try workspace()
        var options = BuildOptions(workingDirectory: root)
        options.toolVersion = "tests"
        #expect(Pipeline.run(options, write: true).status == .built)
        func inode(_ path: String) -> UInt64 {
            var info = stat()
            return lstat(root.appendingPathComponent("Output/" + path).path, &info) == 0 ? UInt64(info.st_ino) : 0
        }
        let proxy = inode("net/proxy.html"), mark = inode(SiteWriter.marker)
        let dns = root.appendingPathComponent("Content/net/dns-fails.md")
        try Data((try String(contentsOf: dns, encoding: .utf8) + "\nOne more line.\n").utf8).write(to: dns)
        let result = Pipeline.run(options, write: true)
        #expect(result.status == .built)
        #expect(result.filesWritten < result.site!.files.count)
        #expect(inode("net/proxy.html") == proxy)
        #expect(inode(SiteWriter.marker) == mark, "the mark, which is the lock, is the same file in every build")
        #expect(Fixture.read(root.appendingPathComponent("Output"), "net/dns-fails.html").contains("One more line."))
    }

    /// A second build into an output that a build holds stops at once, and changes nothing.
    @Test func aSecondBuildIntoTheSameOutputStopsAtOnce() throws {
        let root = try workspace()
        let options = BuildOptions(workingDirectory: root)
        #expect(Pipeline.run(options, write: true).status == .built)
        let before = Fixture.snapshot(root)
        do {
            let held = try #require(try OutputLock.take(options, create: false))
            let second = Pipeline.run(options, write: true)
            #expect(second.status == .usageErrors)
            #expect(second.diagnostics.errors.map(\.message) == ["another kbgen build is writing this output folder; wait for it to finish, or choose another --output"])
            #expect(Fixture.snapshot(root) == before)
            withExtendedLifetime(held) {}
        }
        // The lock goes with the build that held it.
        #expect(Pipeline.run(options, write: true).status == .built)
    }

    /// Folders a stopped build left beside the output go with the next build, even one that finds
    /// nothing changed (a build stopped after its site took the output's place, while it removed
    /// the last build's folder).
    @Test func whatAStoppedBuildLeftIsRemovedByTheNext() throws {
        let root = try workspace()
        func leaveFolders() throws {
            for name in ["Output.kbgen-new-999999", "Output.kbgen-old-999998"] {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(name + "/net"), withIntermediateDirectories: true)
                try Data("half".utf8).write(to: root.appendingPathComponent(name + "/net/x.html"))
            }
        }
        try leaveFolders()
        try Data("mine".utf8).write(to: root.appendingPathComponent("Output.kbgen-notes.txt"))
        #expect(Pipeline.run(BuildOptions(workingDirectory: root), write: true).status == .built)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["Content", "Output", "Output.kbgen-notes.txt", "Templates"])
        try leaveFolders()
        let again = Pipeline.run(BuildOptions(workingDirectory: root), write: true)
        #expect(again.upToDate)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["Content", "Output", "Output.kbgen-notes.txt", "Templates"])
    }

    /// Out of space: a clear error, the last site whole, nothing left behind; once space is
    /// freed the next build succeeds. Needs a small file system of its own (tmpfs, as root).
    @Test(.enabled(if: SmallDisk.available)) func aFullDiskLeavesTheLastSiteWhole() throws {
        let disk = try #require(SmallDisk(megabytes: 3))
        defer { disk.remove() }
        let root = disk.url.appendingPathComponent("kb")
        try FileManager.default.copyItem(at: Fixture.folder("valid/basic").appendingPathComponent("Content"), to: root.appendingPathComponent("Content"))
        try FileManager.default.copyItem(at: Fixture.templates, to: root.appendingPathComponent("Templates"))
        let options = BuildOptions(workingDirectory: root)
        #expect(Pipeline.run(options, write: true).status == .built)
        let output = root.appendingPathComponent("Output")
        let before = Fixture.snapshot(output)
        let filler = disk.url.appendingPathComponent("filler")
        let free = try #require(try FileManager.default.attributesOfFileSystem(forPath: disk.url.path)[.systemFreeSize] as? Int)
        try Data(count: max(0, free - 8192)).write(to: filler)
        let layout = root.appendingPathComponent("Templates/layout.mustache")
        try Data(try String(contentsOf: layout, encoding: .utf8).replacingOccurrences(of: "</body>", with: "<!-- again --></body>").utf8).write(to: layout)
        let full = Pipeline.run(options, write: true)
        #expect(full.status == .contentErrors)
        #expect(full.diagnostics.errors.first?.message.contains("No space left on device") == true, "\(full.diagnostics.all)")
        #expect(full.diagnostics.errors.first?.message.contains("the previous output is unchanged") == true)
        #expect(Fixture.snapshot(output) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["Content", "Output", "Templates"])
        try FileManager.default.removeItem(at: filler)
        #expect(Pipeline.run(options, write: true).status == .built)
        #expect(Fixture.read(output, "index.html").contains("<!-- again -->"))
    }
}

/// A tmpfs of a few megabytes, mounted for one test; only where this process may mount.
struct SmallDisk {
    let url: URL

    static let available: Bool = {
        guard getuid() == 0, let probe = SmallDisk(megabytes: 1) else { return false }
        probe.remove()
        return true
    }()

    init?(megabytes: Int) {
        url = Fixture.temporaryFolder()
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", url.path]
        mount.standardError = FileHandle.nullDevice
        guard (try? mount.run()) != nil else { return nil }
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { return nil }
    }

    func remove() {
        let umount = Process()
        umount.executableURL = URL(fileURLWithPath: "/bin/umount")
        umount.arguments = [url.path]
        try? umount.run()
        umount.waitUntilExit()
        try? FileManager.default.removeItem(at: url)
    }
}
