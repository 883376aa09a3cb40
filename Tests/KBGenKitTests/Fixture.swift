import Foundation
@testable import KBGenKit

/// Test fixtures are small knowledge bases under Fixtures/valid and Fixtures/invalid,
/// built with the project's own Templates/ into a fresh temporary folder.
enum Fixture {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repository = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let templates = repository.appendingPathComponent("Templates")

    static func folder(_ name: String) -> URL {
        testsFolder.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    /// One folder per test process holds every test's temporary folders, and is removed when
    /// the process exits, so test runs leave nothing behind in the system's temporary folder.
    static let runFolder: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kbgen-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Fixture.runFolder) }
        return url
    }()

    /// A new empty folder for one test.
    static func temporaryFolder() -> URL {
        let url = runFolder.appendingPathComponent(UUID().uuidString)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func options(_ name: String, output: URL, drafts: Bool = false) -> BuildOptions {
        BuildOptions(workingDirectory: folder(name), templates: templates.path, output: output.path, includeDrafts: drafts)
    }

    /// Builds a fixture into a new temporary folder; returns the result and the output folder.
    static func build(_ name: String, drafts: Bool = false) -> (BuildResult, URL) {
        let output = temporaryFolder().appendingPathComponent("Output")
        return (Pipeline.run(options(name, output: output, drafts: drafts), write: true), output)
    }

    static func read(_ output: URL, _ path: String) -> String {
        (try? String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    /// Every file under a folder with its bytes, to compare folders exactly.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: folder.path) else { return result }
        for case let path as String in e {
            var isDir: ObjCBool = false
            let full = folder.appendingPathComponent(path).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                result[path] = FileManager.default.contents(atPath: full)
            }
        }
        return result
    }

    /// A small article text for tests that parse without a disk.
    static func article(_ body: String, frontMatter: String = "title: T") -> String {
        "---\n\(frontMatter)\n---\n\n\(body)"
    }
}
