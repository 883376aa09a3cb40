import Foundation
import Testing
@testable import KBGenKit

/// The GitHub Flavored Markdown spec that Debian's `cmark-gfm` package ships (`make test`
/// installs it), every example rendered through kbgen's path: parsed, links resolved, rendered as
/// a page renders it. Each must match the spec's HTML after normalising, but for the differences
/// kbgen makes on purpose, listed here with their reasons.
@Suite struct GFMSpecTests {
    static let specFile = "/usr/share/doc/cmark-gfm/spec.txt.gz"

    struct Example {
        var number: Int
        var section: String
        var markdown: String
        var html: String
    }

    /// The examples, numbered as the spec numbers them.
    static func examples() throws -> [Example] {
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-dc", specFile]
        let out = Pipe()
        gzip.standardOutput = out
        try gzip.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        gzip.waitUntilExit()
        let fence = String(repeating: "`", count: 32)
        var examples: [Example] = []
        var section = "", markdown: [Substring]?, html: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(fence + " example") {
                markdown = []
            } else if line == fence, let md = markdown {
                examples.append(Example(number: examples.count + 1, section: section, markdown: Self.joined(md),
                                        html: Self.joined(html ?? [])))
                markdown = nil
                html = nil
            } else if html != nil {
                html!.append(line)
            } else if markdown != nil {
                if line == "." { html = [] } else { markdown!.append(line) }
            } else if line.hasPrefix("#") {
                section = String(line.drop { $0 == "#" }.drop { $0 == " " })
            }
        }
        return examples
    }

    static func joined(_ lines: [Substring]) -> String {
        lines.map { $0 + "\n" }.joined().replacingOccurrences(of: "→", with: "\t")
    }

    /// Examples kbgen renders differently on purpose, by number, with the reason.
    static let differences: [Int: String] = {
        var list: [Int: String] = [:]
        for n in [169, 495, 496, 575] {
            list[n] = "a link with no destination is shown as its text, with a warning: it leads nowhere"
        }
        for n in [606, 607, 609] {
            list[n] = "a link with a scheme other than web, mail and the like is shown as its text, with a warning: it could run script"
        }
        for n in [610, 614, 616, 619, 620] {
            list[n] = "bare addresses (www., http://, name@host) are always links in kbgen; this example is written for CommonMark without the autolink extension"
        }
        list[508] = "a `:` in a link to a file of the site is percent-encoded, so that no path can be read as a scheme"
        return list
    }()

    /// Raw HTML is never rendered (`docs/format.md`): an example that has any is compared
    /// without it, which its expected HTML cannot be; it is left out, by construct, not by number.
    static func hasRawHTML(_ blocks: [Block]) -> Bool {
        var found = false
        for block in blocks {
            switch block {
            case .html: found = true
            case .blockQuote(let inner, _): found = found || hasRawHTML(inner)
            case .list(let list): found = found || list.items.contains { hasRawHTML($0.blocks) }
            default: break
            }
        }
        _ = blocks.rewritingInlines { inline in
            if case .html = inline { found = true }
            return inline
        }
        return found
    }

    /// kbgen's HTML for an example: every relative link and image is taken as a file of the site,
    /// since checking that it exists is tested elsewhere.
    static func render(_ markdown: String) -> (html: String, rawHTML: Bool) {
        let blocks = MarkdownParser.parse(markdown).blocks
        var files = Set<String>()
        _ = blocks.rewritingInlines { inline in
            let destination: String
            switch inline {
            case .link(let l): destination = l.destination
            case .image(let i): destination = i.source
            default: return inline
            }
            var path = destination.trimmingCharacters(in: .whitespaces)
            if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = String(path[..<cut]) }
            if let normal = Resolver.normalize(path.removingPercentEncoding ?? path, from: "") { files.insert(normal) }
            return inline
        }
        let site = Site(settings: Settings(), articles: [], steps: [:], assets: files.map { Asset(source: $0, path: $0) },
                        theme: Theme(assets: []))
        var resolver = Resolver(targets: Targets(site: site), file: "spec.md", sourceFolder: "", ownAnchors: [], ownID: nil)
        let resolved = resolver.resolve(blocks)
        return (HTMLRenderer(page: "spec.html").render(resolved), hasRawHTML(blocks))
    }

    /// What kbgen adds of its own (heading ids, table and task-list classes, lazy images) taken
    /// out, and the spellings of one thing made one: `<br />` and `<br>`, `&quot;` and `"`, the
    /// slash that starts a site path. Whitespace between tags does not count.
    static func normalised(_ html: String) -> String {
        var s = html
        let rules: [(String, String)] = [
            (#"<h([1-6]) id="[^"]*">"#, "<h$1>"),
            (#"<div class="table" tabindex="0">"#, ""), (#"<pre tabindex="0">"#, "<pre>"), (#"</table>\n?</div>"#, "</table>"),
            (#" class="align-(left|center|right)""#, #" align="$1""#),
            (#"<li class="task">"#, "<li>"),
            // Task boxes: kbgen writes `type` first, the spec `checked` and `disabled` first.
            (#"<input type="checkbox" disabled checked>"#, "[x]"), (#"<input type="checkbox" disabled>"#, "[ ]"),
            (#"<input checked="" disabled="" type="checkbox"\s*/?>"#, "[x]"), (#"<input disabled="" type="checkbox"\s*/?>"#, "[ ]"),
            (#" disabled="""#, " disabled"), (#"\s*/>"#, ">"),
            (#" loading="lazy""#, ""),
            (#"(href|src)="(\./|/)"#, #"$1=""#),
            ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"),
            (#">\s+"#, ">"), (#"\s+<"#, "<"),
        ]
        for (pattern, template) in rules {
            s = s.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theSpecIsInstalled() {
        #expect(FileManager.default.fileExists(atPath: Self.specFile), "run `make test`, which installs Debian's cmark-gfm package")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: specFile)))
    func everyExampleMatchesTheSpec() throws {
        let examples = try Self.examples()
        #expect(examples.count == 673)
        var compared = 0
        for example in examples {
            let (html, rawHTML) = Self.render(example.markdown)
            if rawHTML || Self.differences[example.number] != nil { continue }
            compared += 1
            #expect(Self.normalised(html) == Self.normalised(example.html),
                    "example \(example.number) (\(example.section)):\n\(example.markdown)\nkbgen: \(html)\nspec:  \(example.html)")
        }
        // 71 examples have raw HTML; the rest but the listed differences are compared.
        #expect(compared >= 589, "compared \(compared)")
    }
}
