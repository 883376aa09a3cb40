import Testing
@testable import KBGenKit

/// Values of a made-up page kind, to render every construct the compiler supports.
struct TestEntry: TemplateReadable {
    var title: String
    var summary: String?

    static let template = TemplateFields<Self>("Entry", [
        .text("title", "") { $0.title },
        .text("summary", "") { $0.summary },
    ])
}

/// An entry with a list of its own, to check lists inside lists.
struct TestGroup: TemplateReadable {
    var name: String
    var entries: [TestEntry]

    static let template = TemplateFields<Self>("Group", [
        .text("name", "") { $0.name },
        .list("entries", "") { $0.entries },
    ])
}

struct TestPage: TemplateReadable {
    var title = "A & B"
    var body = HTMLText(html: "<p>Hi</p>")
    var count = 3
    var on = true
    var off = false
    var entries = [TestEntry(title: "One", summary: "First"), TestEntry(title: "<Two>", summary: nil)]
    var none: [TestEntry] = []
    var entry = TestEntry(title: "Only", summary: nil)
    var maybe: TestEntry? = nil
    var note: String? = "a 'note'"
    var missing: String? = nil
    var groups = [TestGroup(name: "g1", entries: [TestEntry(title: "a", summary: nil), TestEntry(title: "b", summary: "s")]),
                  TestGroup(name: "g2", entries: []),
                  TestGroup(name: "g3", entries: [TestEntry(title: "c", summary: nil)])]

    static let template = TemplateFields<Self>("TestPage", [
        .text("title", "") { $0.title },
        .html("body_html", "") { $0.body },
        .number("count", "") { $0.count },
        .flag("on", "") { $0.on },
        .flag("off", "") { $0.off },
        .list("entries", "") { $0.entries },
        .list("none", "") { $0.none },
        .object("entry", "") { $0.entry },
        .object("maybe", "") { $0.maybe },
        .text("note", "") { $0.note },
        .text("missing", "") { $0.missing },
        .list("groups", "") { $0.groups },
    ])
}

struct TestCommon: TemplateReadable {
    var root = "../"
    static let template = TemplateFields<Self>("Common", [.text("root", "") { $0.root }])
}

enum TemplateHarness {
    /// Compiles `page` (with the other templates as partials and parents) and renders it, or
    /// returns the problems as `file:line:column: message`.
    static func render(_ templates: [String: String], page: TestPage = TestPage()) -> String {
        var parsed: [String: [TemplateNode]] = [:]
        var problems: [String] = []
        for (name, text) in templates {
            let (nodes, found) = TemplateParser.parse(text)
            parsed[name] = nodes
            problems += found.map { "\(name):\($0.0.line):\($0.0.column): \($0.1)" }
        }
        guard problems.isEmpty else { return problems.sorted().joined(separator: "\n") }
        var compiler = TemplateCompiler(templates: parsed) { $0 }
        let compiled = compiler.compile("page", page: "test", common: TestCommon.template.schema, values: TestPage.template.schema)
        guard compiler.problems.isEmpty else {
            return compiler.problems.map { "\($0.file):\($0.line):\($0.column): \($0.message)" }.joined(separator: "\n")
        }
        return String(decoding: compiled.render(TemplateValues(common: TestCommon(), page: page)), as: UTF8.self)
    }

    static func render(_ page: String) -> String { render(["page": page]) }
}

@Suite struct TemplateCompilerTests {
    typealias T = TemplateHarness

    @Test func variablesAreEscapedAndHTMLIsNot() {
        #expect(T.render("{{title}}|{{{body_html}}}|{{& body_html}}|{{count}}|{{root}}") == "A &amp; B|<p>Hi</p>|<p>Hi</p>|3|../")
        #expect(T.render("{{ title }}{{entry.title}}{{note}}{{missing}}.") == "A &amp; BOnlya &#39;note&#39;.")
        #expect(T.render("{{maybe.title}}.") == ".", "a name inside an absent object is empty")
    }

    @Test func sections() {
        #expect(T.render("{{#on}}yes{{/on}}{{#off}}no{{/off}}{{^off}}not{{/off}}{{^on}}never{{/on}}") == "yesnot")
        #expect(T.render("{{#entries}}[{{title}}{{#summary}}: {{.}}{{/summary}} {{count}}]{{/entries}}") == "[One: First 3][&lt;Two&gt; 3]")
        #expect(T.render("{{#none}}x{{/none}}{{^none}}empty{{/none}}{{^entries}}x{{/entries}}") == "empty")
        #expect(T.render("{{#entry}}{{title}}/{{root}}{{/entry}}{{#maybe}}x{{/maybe}}{{^maybe}}no{{/maybe}}") == "Only/../no")
        #expect(T.render("{{#note}}<{{.}}>{{/note}}{{#missing}}x{{/missing}}{{^missing}}none{{/missing}}") == "<a &#39;note&#39;>none")
        var page = TestPage()
        page.maybe = TestEntry(title: "Here", summary: nil)
        #expect(T.render(["page": "{{#maybe}}{{title}}{{/maybe}}{{maybe.title}}"], page: page) == "HereHere")
        #expect(T.render("{{#entries}}{{#entries}}{{title}}{{/entries}};{{/entries}}") == "One&lt;Two&gt;;One&lt;Two&gt;;", "a list's names are found inside it")
        #expect(T.render("{{#groups}}{{name}}[{{#entries}}{{title}}{{#summary}}({{.}}){{/summary}}{{count}}|{{/entries}}{{^entries}}-{{/entries}}]{{/groups}}")
                == "g1[a3|b(s)3|]g2[-]g3[c3|]", "lists inside the entries of a list")
    }

    @Test func commentsAndDelimiters() {
        #expect(T.render("a{{! a comment\nover lines }}b") == "ab")
        #expect(T.render("{{=<% %>=}}<% title %>{{title}}<%={{ }}=%>{{count}}") == "A &amp; B{{title}}3")
    }

    /// The spec's standalone rule: a section, inverted section, comment, partial, parent, block or
    /// delimiter tag alone on its line takes the whole line, its newline included.
    @Test func standaloneLinesAreRemoved() {
        #expect(T.render("a\n{{#on}}\nb\n{{/on}}\nc\n") == "a\nb\nc\n")
        #expect(T.render("a\n  {{#on}}  \n  b\n  {{/on}}\nc") == "a\n  b\nc")
        #expect(T.render("a\r\n{{#on}}\r\nb\r\n{{/on}}\r\n") == "a\r\nb\r\n")
        #expect(T.render("{{! comment }}\nx\n{{^off}}\ny\n{{/off}}") == "x\ny\n")
        #expect(T.render("a {{#on}}b{{/on}} c\n") == "a b c\n", "tags inside text are not standalone")
        #expect(T.render("{{#on}}{{/on}}\nx") == "\nx", "two tags on a line are not standalone")
        #expect(T.render("a\n{{title}}\nb") == "a\nA &amp; B\nb", "variables never are")
        #expect(T.render("{{=| |=}}\n|title|") == "A &amp; B")
    }

    @Test func partialsAreIndentedWhenStandalone() {
        let partial = "<b>{{title}}</b>\n<i>{{count}}</i>\n"
        #expect(T.render(["page": "<div>\n  {{> p}}\n</div>", "p": partial]) == "<div>\n  <b>A &amp; B</b>\n  <i>3</i>\n</div>")
        #expect(T.render(["page": "x {{>p}} y", "p": "[{{count}}]"]) == "x [3] y")
        #expect(T.render(["page": "{{#entries}}{{> item}}{{/entries}}", "item": "({{title}})"]) == "(One)(&lt;Two&gt;)", "a partial sees the names where it is included")
    }

    @Test func layoutsAreExtendedWithBlocks() {
        let layout = "<title>{{$title}}Default · {{title}}{{/title}}</title>\n<main>\n{{$main}}{{/main}}\n</main>\n"
        let page = "{{<layout}}\nignored text\n{{$main}}\n<p>{{count}}</p>\n{{/main}}\n{{/layout}}\n"
        #expect(T.render(["page": page, "layout": layout]) == "<title>Default · A &amp; B</title>\n<main>\n<p>3</p>\n\n</main>\n")
        let titled = "{{<layout}}{{$title}}Mine{{/title}}{{/layout}}"
        #expect(T.render(["page": titled, "layout": layout]) == "<title>Mine</title>\n<main>\n\n</main>\n")
        // Two levels: the page's blocks win over the middle layout's.
        let middle = "{{<layout}}{{$title}}Middle{{/title}}{{$main}}[{{$inner}}in{{/inner}}]{{/main}}{{/layout}}"
        #expect(T.render(["page": "{{<middle}}{{$inner}}page{{/inner}}{{/middle}}", "middle": middle, "layout": layout])
            == "<title>Middle</title>\n<main>\n[page]\n</main>\n")
        #expect(T.render(["page": "{{<middle}}{{$title}}Top{{/title}}{{/middle}}", "middle": middle, "layout": layout])
            == "<title>Top</title>\n<main>\n[in]\n</main>\n")
        #expect(T.render("{{$block}}shown when nothing overrides it{{/block}}") == "shown when nothing overrides it")
    }

    /// Each problem at the tag it is about; the messages a theme author sees.
    @Test(arguments: [
        ("{{titel}}", "page:1:1: unknown name 'titel': the test page has no value named 'titel'; did you mean 'title'? (kbgen theme names test lists them)"),
        ("{{#entries}}\n{{summery}}{{/entries}}", "page:2:1: unknown name 'summery': the test page has no value named 'summery'; did you mean 'summary'? (kbgen theme names test lists them)"),
        ("{{entry.titel}}", "page:1:1: unknown name 'entry.titel': Entry has no 'titel'; did you mean 'title'? (kbgen theme names test lists them)"),
        ("x {{#count}}s{{/count}}", "page:1:3: 'count' is a number, and a section needs a list, a flag, an optional value or an object; to tell one from many, use the flag or the counted text kbgen gives beside it"),
        ("{{#title}}{{/title}}", "page:1:1: 'title' is a text, and a section needs a list, a flag, an optional value or an object"),
        ("{{{title}}}", "page:1:1: 'title' is text, which kbgen escapes: write {{title}}; {{{ }}} and {{& }} are for HTML values only"),
        ("{{body_html}}", "page:1:1: 'body_html' is HTML that kbgen built: write {{{body_html}}} to insert it as it is"),
        ("{{entries}}", "page:1:1: 'entries' is a list of Entry, not a value to write: open it as a section, {{#entries}}…{{/entries}}"),
        ("{{.}}", "page:1:1: '.' is the text a section opened, and this section opened none; name the value instead"),
        ("{{title.x}}", "page:1:1: 'title.x': 'title' is a text and has no names of its own"),
        ("a\n  {{#on}}\nb", "page:2:3: the section 'on' is never closed; add {{/on}}"),
        ("{{#on}}{{#off}}{{/on}}{{/off}}", "page:1:23: {{/off}} closes no section; remove it or open the section before it\npage:1:8: the section 'off' is never closed; add {{/off}}"),
        ("{{#on}}\nx\n{{/of}}", "page:1:1: the section 'on' opened here is closed by {{/of}} at 3:1; close it with {{/on}}"),
        ("<a href=\"{{root x\">\n{{title}}", "page:1:10: this tag is never closed; end it with }}"),
        ("{{/on}}", "page:1:1: {{/on}} closes no section; remove it or open the section before it"),
        ("ok {{title", "page:1:4: this tag is never closed; end it with }}"),
        ("{{a b}}", "page:1:1: 'a b' is not a name; names are letters, digits, '_', '-' and '.' between them"),
        ("{{}}", "page:1:1: this tag has no name"),
        ("{{=<%>=}}", "page:1:1: a delimiter tag names two delimiters, such as {{=<% %>=}}"),
        ("{{%PRAGMA}}", "page:1:1: pragmas ({{%…}}) are not part of kbgen's templates; remove the tag"),
    ])
    func problemsAreReportedWhereTheyAre(template: String, expected: String) {
        #expect(T.render(template) == expected)
    }

    @Test func problemsInAPartialAreReportedInThePartial() {
        #expect(T.render(["page": "x\n{{> p}}", "p": "\n  {{titel}}"])
            == "p:2:3: unknown name 'titel': the test page has no value named 'titel'; did you mean 'title'? (kbgen theme names test lists them)")
    }

    /// Mistyped names are suggested by the same rule as mistyped front matter keys.
    @Test func nearestNames() {
        #expect(FrontMatterParser.nearest("titel", in: ["title", "tile", "url"]) == "title")
        #expect(FrontMatterParser.nearest("xyz", in: ["title", "url"]) == nil)
        #expect(FrontMatterParser.nearest("urll", in: ["url"]) == "url")
        #expect(FrontMatterParser.editDistance("ab", "ba") == 1)
    }
}
