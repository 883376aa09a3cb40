import Foundation
import Testing
@testable import KBGenKit

/// The preview server answers a path with a file of its folder, and never with one outside it.
@Suite struct PreviewFilesTests {
    /// A preview folder with a page, a folder with an index, and links in and out of it.
    static func site() throws -> String {
        let top = Fixture.temporaryFolder()
        let root = top.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("guides"), withIntermediateDirectories: true)
        try Data("home".utf8).write(to: root.appendingPathComponent("index.html"))
        try Data("guide".utf8).write(to: root.appendingPathComponent("guides/index.html"))
        try Data("a b".utf8).write(to: root.appendingPathComponent("a b.html"))
        try Data("secret".utf8).write(to: top.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("out.txt").path, withDestinationPath: "../secret.txt")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("in.html").path, withDestinationPath: "index.html")
        return root.resolvingSymlinksInPath().path
    }

    @Test func pagesFoldersAndMissingPaths() throws {
        let root = try Self.site()
        #expect(PreviewFiles.answer("/", root: root) == .file(root + "/index.html"))
        #expect(PreviewFiles.answer("/guides/", root: root) == .file(root + "/guides/index.html"))
        #expect(PreviewFiles.answer("/guides", root: root) == .redirect("/guides/"))
        #expect(PreviewFiles.answer("/a%20b.html", root: root) == .file(root + "/a b.html"))
        #expect(PreviewFiles.answer("/in.html", root: root) == .file(root + "/in.html"))
        #expect(PreviewFiles.answer("/missing.html", root: root) == .notFound)
    }

    @Test func pathsThatLeaveTheSiteAreRefused() throws {
        let root = try Self.site()
        for path in ["/../secret.txt", "/guides/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
                     "/guides%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/index.html%00", "/%zz", "/%c3", "guides/", "/out.txt"] {
            #expect(PreviewFiles.answer(path, root: root) == .forbidden, "\(path)")
        }
    }

    @Test func contentTypesFollowTheExtension() {
        #expect(PreviewFiles.contentType("a/b.html") == "text/html; charset=utf-8")
        #expect(PreviewFiles.contentType("assets/kbgen.css") == "text/css; charset=utf-8")
        #expect(PreviewFiles.contentType("search/d-1.js") == "text/javascript; charset=utf-8")
        #expect(PreviewFiles.contentType("kb.json") == "application/json")
        #expect(PreviewFiles.contentType("img/A.PNG") == "image/png")
        #expect(PreviewFiles.contentType("v1.2/file") == "application/octet-stream")
    }
}
