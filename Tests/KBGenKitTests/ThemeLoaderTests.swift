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

@Suite struct HTMLEscaperTests {
    @Test func escapesTheFiveCharactersLikeMustache() {
        let escaper = HTMLEscaper()
        #expect(escaper.escapeText("a < b > c & \"d\" 'e'") == "a &lt; b &gt; c &amp; &quot;d&quot; &#39;e&#39;")
        #expect(escaper.escapeText("plain text, é 漢字") == "plain text, é 漢字")
        #expect(escaper.escapeText("<é>") == "&lt;é&gt;")
        #expect(escaper.escapeText("") == "")
    }
}

@Suite struct TemplateValueTests {
    func render(_ template: String, _ values: Any) -> String {
        var d = Diagnostics()
        var templates = ["article": "a", "index": "i", "step": "s", "404": "n", "term": "t", "terms": "ts", "search": "s"]
        templates["page"] = template
        let theme = ThemeLoader.theme(templates: templates, assets: [], folder: "Templates", diagnostics: &d)
        return theme.library.render(values, withTemplate: "page") ?? "missing"
    }

    @Test func textAndNumbersRenderAsWrittenAndEscaped() {
        #expect(render("{{t}}|{{{t}}}|{{n}}|{{m}}", ["t": "a < b", "n": 42, "m": -7]) == "a &lt; b|a < b|42|-7")
    }

    @Test func namesInsideATextSectionAreFoundOutsideIt() {
        let values: [String: Any] = ["summary": "Short & sweet", "root": "../", "empty": ""]
        #expect(render("{{#summary}}<p>{{.}}</p><a href=\"{{root}}\">{{summary}}</a>{{/summary}}", values)
            == "<p>Short &amp; sweet</p><a href=\"../\">Short &amp; sweet</a>")
        // An empty text opens the section too, as before: only false, nil and empty lists close it.
        #expect(render("{{#empty}}[{{root}}]{{/empty}}{{^empty}}none{{/empty}}", values) == "[../]")
    }

    @Test func pageValuesRenderAsTheDictionaryWithTheSameNames() {
        let entry: TemplateValues = ["url": "a.html", "title": "A & B", "summary": false]
        var page: TemplateValues = ["list": [entry, ["url": "b.html", "title": "B", "summary": "Sum"] as TemplateValues], "n": 2]
        page["root"] = "../"
        let template = "{{n}}:{{#list}}<a href=\"{{root}}{{url}}\">{{title}}</a>{{#summary}}<p>{{.}}</p>{{/summary}};{{/list}}{{^none}}-{{/none}}"
        let dictionary: [String: Any] = ["list": [["url": "a.html", "title": "A & B", "summary": false],
                                                  ["url": "b.html", "title": "B", "summary": "Sum"]] as [[String: Any]],
                                         "n": 2, "root": "../"]
        #expect(render(template, page) == "2:<a href=\"../a.html\">A &amp; B</a>;<a href=\"../b.html\">B</a><p>Sum</p>;-")
        #expect(render(template, page) == render(template, dictionary))
    }

    @Test func pageValuesAreSetReplacedAndRemovedByName() {
        var values: TemplateValues = ["a": 1, "b": "x"]
        values["c"] = true
        values["a"] = 2
        values["b"] = nil
        values["missing"] = nil
        #expect(values.count == 2)
        #expect(values["a"] as? Int == 2 && values["c"] as? Bool == true && values["b"] == nil)
        #expect(values.child(named: "a") as? Int == 2)
        #expect(values.sorted.map(\.name) == ["a", "c"])
    }
}
