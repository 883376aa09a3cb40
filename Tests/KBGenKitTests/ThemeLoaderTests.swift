import Foundation
import Testing
@testable import KBGenKit

@Suite struct ThemeLoaderTests {
    func load(_ templates: [String: String]) -> Diagnostics {
        var d = Diagnostics()
        _ = ThemeLoader.theme(templates: templates, assets: [], folder: "Templates", diagnostics: &d)
        return d
    }

    let complete = ["article": "a", "index": "i", "step": "s", "404": "n", "term": "t", "terms": "ts", "search": "s", "feedback": "f"]

    @Test func completeThemeLoads() {
        #expect(load(complete).all.isEmpty)
    }

    @Test func missingTemplateIsAnError() {
        var t = complete
        t["step"] = nil
        #expect(load(t).errors.map(\.file) == ["Templates/step.mustache"])
    }

    /// A partial that includes itself, or two that include each other, would recurse until the
    /// stack runs out: an error at the closing tag that names the cycle.
    @Test func partialCyclesAreErrorsThatNameTheCycle() {
        var t = complete
        t["partials/self"] = "x\n {{> partials/self}}"
        t["partials/a"] = "{{> partials/b}}"
        t["partials/b"] = "{{#article}}{{> partials/a}}{{/article}}"
        t["article"] = "{{> partials/a}}{{> partials/self}}"
        let d = load(t)
        #expect(d.errors.map { "\($0.file):\($0.line):\($0.column)" } == ["Templates/partials/b.mustache:1:13", "Templates/partials/self.mustache:2:2"])
        #expect(d.errors.map(\.message).first?.contains("(partials/a → partials/b → partials/a)") == true)
        #expect(d.errors.map(\.message).last?.contains("(partials/self → partials/self)") == true)
        t["partials/b"] = "{{> partials/self2}}"
        t["partials/self"] = "x"
        t["partials/self2"] = "y"
        #expect(load(t).errors.isEmpty)
    }

    @Test func missingPartialIsAnErrorAtItsReference() {
        var t = complete
        t["article"] = "line one\n  {{> partials/nothing }}\n{{<layout}}{{/layout}}"
        let d = load(t)
        #expect(d.errors.map { "\($0.file):\($0.line):\($0.column)" } == ["Templates/article.mustache:2:3", "Templates/article.mustache:3:1"])
        #expect(d.errors.first?.message == "the partial 'partials/nothing' does not exist; add Templates/partials/nothing.mustache")
    }

    @Test func syntaxErrorHasItsLine() {
        var t = complete
        t["index"] = "ok\n{{#open}}never closed"
        #expect(load(t).errors.first?.file == "Templates/index.mustache")
    }
}

/// Broken themes under Fixtures/invalid-themes: each folder holds the templates that differ from
/// the default theme and the exact errors they must produce, in expected.txt.
@Suite struct InvalidThemeTests {
    static let themes: [String] = {
        let folder = Fixture.folder("invalid-themes")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }()

    /// The templates of a folder, by name (path without `.mustache`).
    static func templates(in folder: URL) -> [String: String] {
        var texts: [String: String] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: folder.path)! where path.hasSuffix(".mustache") {
            texts[String(path.dropLast(9))] = try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
        }
        return texts
    }

    @Test(arguments: themes)
    func brokenThemeIsReported(name: String) throws {
        let folder = Fixture.folder("invalid-themes/" + name)
        let expected = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var texts = Self.templates(in: Fixture.templates)
        texts.merge(Self.templates(in: folder)) { $1 }
        var d = Diagnostics()
        _ = ThemeLoader.theme(templates: texts, assets: [], folder: "Templates", diagnostics: &d)
        #expect(d.sorted.map(\.description) == expected)
    }

    /// The default theme has no problem, and each page kind has its compiled template.
    @Test func defaultThemeCompiles() {
        var d = Diagnostics()
        let theme = ThemeLoader.theme(templates: Self.templates(in: Fixture.templates), assets: [], folder: "Templates", diagnostics: &d)
        #expect(d.all.isEmpty)
        #expect(Set(theme.compiled.keys) == Set(PageKind.allCases.map(\.template)))
    }
}
