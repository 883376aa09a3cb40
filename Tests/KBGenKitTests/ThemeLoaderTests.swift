import Testing
@testable import KBGenKit

@Suite struct ThemeLoaderTests {
    func load(_ templates: [String: String]) -> Diagnostics {
        var d = Diagnostics()
        _ = ThemeLoader.theme(templates: templates, assets: [], folder: "Templates", diagnostics: &d)
        return d
    }

    let complete = ["article": "a", "index": "i", "step": "s", "404": "n", "term": "t", "terms": "ts", "search": "s"]

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
