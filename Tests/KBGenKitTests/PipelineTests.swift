import Foundation
import Testing
@testable import KBGenKit

@Suite struct PipelineTests {
    @Test func basicKnowledgeBaseBuilds() throws {
        let (result, output) = Fixture.build("valid/basic")
        #expect(result.status == .built)
        #expect(result.diagnostics.all.isEmpty, "\(result.diagnostics.all)")
        let files = Set(Fixture.snapshot(output).keys)
        #expect(files.isSuperset(of: ["index.html", "404.html", "net/dns-fails.html", "net/proxy.html", "steps/flush-dns.html",
                                      "net/img/dns.png", "assets/kbgen.css", SiteWriter.marker]))
        // Drafts and `_` files are not pages.
        #expect(!files.contains("net/draft-only.html"))
        #expect(!files.contains("_notes.html"))
        #expect(!files.contains("_notes.md"))

        let page = Fixture.read(output, "net/dns-fails.html")
        #expect(page.contains("<article class=\"kb-article\" data-id=\"net/dns-fails\">"))
        // Solutions in shown order: high (0.7) before 0.4, with rank and likelihood hooks.
        let restart = try #require(page.range(of: "<section class=\"kb-solution\" id=\"restart\" data-rank=\"1\" data-likelihood=\"0.70\">"))
        let flush = try #require(page.range(of: "<section class=\"kb-solution\" id=\"flush-the-cache\" data-rank=\"2\" data-likelihood=\"0.40\">"))
        #expect(restart.lowerBound < flush.lowerBound)
        #expect(page.contains("<li class=\"kb-step\" data-step=\"flush-dns\">Run <code>ipconfig /flushdns</code>"))
        #expect(page.contains("href=\"proxy.html#check-proxy\""))
        #expect(page.contains("src=\"img/dns.png\""))
        #expect(page.contains("href=\"#cause\""))
        #expect(page.contains("href=\"../assets/kbgen.css\""))
        // Error codes are shown exactly as written.
        #expect(page.contains("<code>0x904</code>") && page.contains("<code>0X0904</code>") && page.contains("<code>80070005</code>"))

        let step = Fixture.read(output, "steps/flush-dns.html")
        #expect(step.contains("href=\"../net/dns-fails.html#flush-the-cache\""))
        #expect(step.contains("href=\"../net/proxy.html#check-proxy\""))
        let index = Fixture.read(output, "index.html")
        #expect(index.contains("href=\"net/dns-fails.html\""))
    }

    @Test func draftsAreBuiltOnRequest() {
        let (result, output) = Fixture.build("valid/basic", drafts: true)
        #expect(result.status == .built)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("net/draft-only.html").path))
    }

    /// Every href and src of every page points at a file of the output, and every #anchor exists.
    @Test(arguments: ["valid/basic", "valid/hostile", "valid/crlf-bom", "valid/repeated-steps", "valid/feedback", "valid/expected-cost",
                      "valid/cross-links", "valid/odd-names"])
    func everyLinkResolves(fixture: String) throws {
        let (result, output) = Fixture.build(fixture)
        #expect(result.status == .built)
        let files = Fixture.snapshot(output)
        for (path, data) in files where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            for url in LinkScan.urls(in: html) {
                #expect(!url.hasPrefix("/"), "\(path): \(url) is not relative")
                if url.contains("://") || url.hasPrefix("mailto:") { continue }
                let (file, anchor) = LinkScan.resolve(url, from: path)
                let target = file.isEmpty ? path : file
                #expect(files[target] != nil, "\(path): \(url) points at a missing file")
                if let anchor, let page = files[target] {
                    #expect(String(decoding: page, as: UTF8.self).contains("id=\"\(anchor)\""), "\(path): \(url) names a missing anchor")
                }
            }
            // No inline script: a script element is the JSON-LD data block (which browsers do not
            // run) or loads one of the site's own files (checked above with every other src).
            let scripts = html.components(separatedBy: "<script").count - 1
            let dataBlocks = html.components(separatedBy: "<script type=\"application/ld+json\">").count - 1
            let external = html.components(separatedBy: "<script src=\"").count - 1
            #expect(scripts == dataBlocks + external, "\(path) has an inline script")
            // Inside real tags (text is escaped, so it cannot open one): no event handlers, no javascript: URLs.
            for tag in html.lowercased().components(separatedBy: "<").dropFirst() where tag.first?.isLetter == true {
                let inside = String(tag.prefix { $0 != ">" })
                // Attribute names only: quoted values are escaped text.
                var names = ""
                var quoted = false
                for c in inside {
                    if c == "\"" { quoted.toggle() } else if !quoted { names.append(c) }
                }
                for handler in [" onload=", " onclick=", " onerror=", " onmouseover=", " onfocus="] {
                    #expect(!names.contains(handler), "\(path): <\(inside)>")
                }
                #expect(!inside.contains("href=\"javascript:") && !inside.contains("src=\"javascript:"), "\(path): <\(inside)>")
            }
            #expect(!html.contains(" style="), "\(path) has a style attribute")
        }
    }

    @Test func hostileTextShowsAsText() throws {
        let (result, output) = Fixture.build("valid/hostile")
        #expect(result.status == .built)
        let page = Fixture.read(output, "evil.html")
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<img src=x"))
        #expect(!page.contains("<svg"))
        #expect(!page.contains("<span onclick"))
        #expect(!page.contains("<div onmouseover"))
        #expect(!page.lowercased().contains("javascript:"))
        #expect(!page.lowercased().contains("vbscript:"))
        #expect(!page.contains("data:text/html"))
        #expect(page.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(page.contains("<code>&lt;b&gt;0x1&lt;/b&gt;</code>"))
        #expect(page.contains("&quot;&gt;&lt;svg onload=alert(2)&gt;"))
        #expect(page.contains("<em>Fix</em> &amp; &quot;repair&quot;") == false)
        #expect(page.contains("&lt;em&gt;Fix&lt;/em&gt;") || page.contains("Fix &amp; &quot;repair&quot;"))
        #expect(page.contains("href=\"https://example.com/a%22b\""))
        // Five raw HTML fragments and three unsafe links are reported as warnings, not errors.
        #expect(result.diagnostics.errors.isEmpty)
        #expect(result.diagnostics.warnings.count == 8, "\(result.diagnostics.warnings)")
    }

    @Test func repeatedStepsRenderWithOneWordingAndAPage() throws {
        let (result, output) = Fixture.build("valid/repeated-steps")
        #expect(result.status == .built)
        // The third step of "offline" repeats its second (Start, with a note): both are published.
        #expect(result.diagnostics.warnings.isEmpty)
        let stop = "<li class=\"kb-step\" data-step=\"in-services-right-click-print-spooler-select-stop\">In Services, right-click <strong>Print Spooler</strong> and select <strong>Stop</strong>."
        let start = "<li class=\"kb-step\" data-step=\"in-services-right-click-print-spooler-select-start\">"
        let offline = Fixture.read(output, "printing/offline.html")
        #expect(offline.contains(stop), "\(offline)")
        #expect(offline.contains(start))
        // The note written at this place stays under the shared wording.
        #expect(offline.contains("Wait until the status shows <strong>Running</strong>."))
        #expect(offline.components(separatedBy: "class=\"kb-step\"").count == 4)
        #expect(offline.components(separatedBy: start).count == 3)
        #expect(Fixture.read(output, "printing/stuck-queue.html").contains(stop))
        #expect(Fixture.read(output, "printing/driver.html").contains(stop))
        #expect(Fixture.read(output, "printing/driver.html").contains("<li class=\"kb-step\">Remove the printer"))
        let page = Fixture.read(output, "steps/in-services-right-click-print-spooler-select-stop.html")
        for article in ["driver", "offline", "stuck-queue"] {
            #expect(page.contains("href=\"../printing/\(article).html\""))
        }
        // Groups are reported by check, not by a build, which has no one to tell.
        #expect(result.repeatedSteps.isEmpty)
        let checked = Pipeline.run(Fixture.options("valid/repeated-steps", output: Fixture.temporaryFolder()), write: false)
        #expect(checked.repeatedSteps.map(\.occurrences.count) == [3, 3])
    }

    @Test func readerOutcomesOrderThePageAndShowTheEvidence() throws {
        let (result, output) = Fixture.build("valid/feedback")
        #expect(result.status == .built)
        #expect(result.diagnostics.warnings.map { "\($0.file):\($0.line)" } == ["feedback.csv:5", "feedback.csv:6"])
        let page = Fixture.read(output, "printer.html")
        // driver: (4 + 45) / (10 + 50) = 0.8167; restart: (7 + 0) / 30 = 0.2333; cable: 0.15 as written.
        let driver = try #require(page.range(of: "<section class=\"kb-solution\" id=\"driver\" data-rank=\"1\" data-likelihood=\"0.82\">"))
        let restart = try #require(page.range(of: "<section class=\"kb-solution\" id=\"restart-the-printer\" data-rank=\"2\" data-likelihood=\"0.23\">"))
        let cable = try #require(page.range(of: "<section class=\"kb-solution\" id=\"check-the-cable\" data-rank=\"3\" data-likelihood=\"0.15\">"))
        #expect(driver.lowerBound < restart.lowerBound && restart.lowerBound < cable.lowerBound)
        #expect(page.contains("likelihood high, 81.7% (written 40%; worked for 45 of 50 readers) · about 30 minutes"))
        #expect(page.contains("<li><a href=\"#driver\">Reinstall the driver</a> <span class=\"solution-figures\">high, 81.7% · about 30 minutes · worked for 45 of 50 readers</span></li>"))
        #expect(page.contains("<strong class=\"most-likely\">Most likely fix</strong>"))
    }

    @Test func expectedCostOrder() throws {
        let (result, output) = Fixture.build("valid/expected-cost")
        #expect(result.status == .built)
        let page = Fixture.read(output, "vpn.html")
        let order = LinkScan.solutionOrder(page)
        // 0.3/5 = 0.06 and 0.06/1 = 0.06 tie (the likelier first), 0.7/60 = 0.012, no effort last.
        #expect(order == ["restart-the-vpn-service", "re-enter-the-password", "rebuild-the-vpn-profile", "ask-the-network-team"])
        #expect(page.contains("<strong class=\"most-likely\">Try this first</strong>"))
        #expect(page.contains("Solutions, quickest likely fix first"))
    }

    /// kb.json lists every article with its solutions in the order and with the figures the pages show.
    @Test(arguments: ["valid/basic", "valid/feedback", "valid/expected-cost", "valid/repeated-steps", "valid/cross-links"])
    func kbJSONMatchesThePages(fixture: String) throws {
        let (result, output) = Fixture.build(fixture)
        #expect(result.status == .built)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(Fixture.read(output, "kb.json").utf8)) as? [String: Any])
        let articles = try #require(json["articles"] as? [[String: Any]])
        #expect(articles.count == result.site?.articleCount)
        for article in articles {
            let url = try #require(article["url"] as? String)
            let page = Fixture.read(output, url)
            #expect(page.contains("data-id=\"\(article["id"] as? String ?? "")\""))
            let solutions = try #require(article["solutions"] as? [[String: Any]])
            #expect(solutions.compactMap { $0["id"] as? String } == LinkScan.solutionOrder(page))
            for s in solutions {
                let figure = String(format: "%.2f", s["likelihood"] as? Double ?? -1)
                #expect(page.contains("id=\"\(s["id"] as? String ?? "")\" data-rank=\"\(s["rank"] as? Int ?? 0)\" data-likelihood=\"\(figure)\""))
                for step in (s["steps"] as? [[String: Any]]) ?? [] {
                    if let id = step["step"] as? String { #expect(page.contains("data-step=\"\(id)\"")) }
                }
            }
        }
        // A step is used by exactly the solutions that list it.
        var listing: [String: Set<String>] = [:]
        for article in articles {
            for s in (article["solutions"] as? [[String: Any]]) ?? [] {
                for case let id as String in ((s["steps"] as? [[String: Any]]) ?? []).map({ $0["step"] as Any }) {
                    listing[id, default: []].insert("\(article["id"] as? String ?? "")#\(s["id"] as? String ?? "")")
                }
            }
        }
        for step in (json["steps"] as? [[String: Any]]) ?? [] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(step["url"] as? String ?? "-").path))
            let users = ((step["used_by"] as? [[String: Any]]) ?? []).map { "\($0["article"] as? String ?? "")#\($0["solution"] as? String ?? "")" }
            #expect(Set(users) == listing[step["id"] as? String ?? "", default: []], "\(step["id"] ?? "")")
        }
        // Written straight to text, kb.json is what the JSON writer makes of the same values:
        // keys sorted, numbers in their shortest form, texts escaped for pages.
        func value(_ any: Any) -> JSON {
            switch any {
            case let s as String: return .string(s)
            case let n as NSNumber where String(cString: n.objCType) == "c": return .bool(n.boolValue)
            case let n as NSNumber: return .number(n.doubleValue)
            case let list as [Any]: return .array(list.map(value))
            case let map as [String: Any]: return .object(map.mapValues(value))
            default: return .null
            }
        }
        #expect(value(json).text + "\n" == Fixture.read(output, "kb.json"))
    }

    @Test func anEmptyKnowledgeBaseBuilds() throws {
        let root = Fixture.temporaryFolder()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content"), withIntermediateDirectories: true)
        let output = root.appendingPathComponent("Output")
        let result = Pipeline.run(BuildOptions(workingDirectory: root, templates: Fixture.templates.path, output: output.path), write: true)
        #expect(result.status == .built)
        let json = try JSONSerialization.jsonObject(with: Data(Fixture.read(output, "kb.json").utf8)) as? [String: Any]
        #expect((json?["articles"] as? [Any])?.isEmpty == true)
        #expect((json?["steps"] as? [Any])?.isEmpty == true)
        #expect(Fixture.read(output, "index.html").contains("<html"))
    }

    @Test func crlfAndByteOrderMarkBuild() {
        let (result, output) = Fixture.build("valid/crlf-bom")
        #expect(result.status == .built)
        #expect(result.diagnostics.all.isEmpty)
        #expect(Fixture.read(output, "crlf.html").contains("<h1>Windows line ends</h1>"))
    }

    /// Parsed on all cores, a knowledge base full of GFM extensions builds to the same pages
    /// every time, each with every construct.
    @Test func extensionsSurviveParallelBuildsUnchanged() throws {
        let root = Fixture.temporaryFolder()
        for i in 0..<160 {
            let text = "---\ntitle: Article \(i)\n---\n\nThe ~~old~~ way: see www.example.com/x\(i) or https://example.org/\(i).\n\n"
                + "| a | b |\n|---|:-:|\n| ~~1~~ | www.example.net |\n\n- [x] done\n- [ ] open\n\n"
                + "## Fix {likelihood=high}\n\n1. Delete ~~the~~ cache at www.example.com/c\(i % 5).\n"
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Content/f\(i % 8)"), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: root.appendingPathComponent("Content/f\(i % 8)/a\(i).md"))
        }
        var first: [String: Data]?
        for run in 0..<4 {
            var options = BuildOptions(workingDirectory: root, templates: Fixture.templates.path, output: "Out\(run)")
            options.incremental = false
            #expect(Pipeline.run(options, write: true).status == .built)
            var pages = Fixture.snapshot(root.appendingPathComponent("Out\(run)"))
            pages[BuildCache.fileName] = nil
            for (path, data) in pages where path.hasPrefix("f") && path.contains("/") && path.hasSuffix(".html") {
                let html = String(decoding: data, as: UTF8.self)
                #expect(html.components(separatedBy: "<del>").count == 4, "\(path), build \(run + 1): strikethrough lost")
                #expect(html.components(separatedBy: "href=\"http://www.example.").count == 4, "\(path), build \(run + 1): an autolink lost")
                #expect(html.contains("<table>") && html.contains("type=\"checkbox\""), "\(path)")
            }
            if let first { #expect(pages == first, "build \(run + 1) differs from the first") } else { first = pages }
        }
    }

    /// Links made from file names lead to their files, whatever the names; written queries stay.
    @Test func oddNamesAreLinkedEncoded() throws {
        let (result, output) = Fixture.build("valid/odd-names")
        #expect(result.status == .built, "\(result.diagnostics.all)")
        let dots = Fixture.read(output, "guides/%2e%2e.html")
        #expect(dots.contains("href=\"50%25%20off%20%C3%BC.html#steps\""))
        #expect(dots.contains("href=\"manual%20v2.txt?v=2\""))
        #expect(Fixture.read(output, "index.html").contains("href=\"guides/%252e%252e.html\""))
        #expect(Fixture.read(output, "kb.json").contains("\"url\":\"guides/%252e%252e.html\""))
        #expect(Fixture.read(output, "search/d-0.js").contains("\"guides/50%25%20off%20%C3%BC.html\""))
    }

    /// Names that cannot be published everywhere are errors naming the file; two files on one
    /// page name both. The files are made here: some of these names cannot be checked out on Windows.
    @Test func unpublishableNamesAreErrorsNamingTheFile() throws {
        let root = Fixture.temporaryFolder()
        let content = root.appendingPathComponent("Content/a")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        let names = ["javascript:top.document.title='PWNED';x=window.md", "back\\slash.md", "CON.md", "nul.txt", "evil\u{202E}gpj.md",
                     String(repeating: "x", count: 252) + ".md", "#?%.md", "tab\there.md", "dot.md.", "Same.md", "same.md"]
        for name in names {
            try Data("---\ntitle: T\n---\n\nBody.\n".utf8).write(to: content.appendingPathComponent(name))
        }
        let result = Pipeline.run(BuildOptions(workingDirectory: root, templates: Fixture.templates.path), write: false)
        #expect(result.status == .contentErrors)
        let errors = result.diagnostics.errors
        #expect(errors.count == names.count - 1, "\(errors.map(\.description))")
        for name in names.dropLast(2) {
            #expect(errors.contains { $0.file == "Content/a/" + name && $0.line == 1 }, "\(name)")
        }
        // Printed, the name shows its reversing character as an escape.
        #expect(errors.first { $0.file.contains("\u{202E}") }?.description.hasPrefix("Content/a/evil\\u{202E}gpj.md:1:1: error:") == true)
        let same = try #require(errors.first { $0.message.contains("published as") })
        #expect(Set([same.file, String(same.message.split(separator: ",")[1])]).count == 2)
        #expect(same.message.contains("Content/a/Same.md") || same.file == "Content/a/Same.md")
        #expect(same.message.contains("Content/a/same.md") || same.file == "Content/a/same.md")
    }

    /// A rebuild checks the paths for collisions too, unless every one is a path the last build
    /// wrote (and checked): a file added beside another with the same name in other case is an error.
    @Test func aRebuildFindsAPathThatCollides() throws {
        let root = Fixture.temporaryFolder()
        try FileManager.default.copyItem(at: Fixture.folder("valid/basic/Content"), to: root.appendingPathComponent("Content"))
        let options = BuildOptions(workingDirectory: root, templates: Fixture.templates.path)
        #expect(Pipeline.run(options, write: true).status == .built)
        try Data(Fixture.article("Body.\n").utf8).write(to: root.appendingPathComponent("Content/net/Proxy.md"))
        let result = Pipeline.run(options, write: true)
        #expect(result.status == .contentErrors)
        #expect(result.diagnostics.errors.contains { $0.message.contains("would be published as") && $0.description.contains("roxy.md") },
                "\(result.diagnostics.all)")
    }

    /// A name whose bytes are not UTF-8 is an error naming it (its bytes shown repaired), never
    /// left out without a word; in the output folder, it makes the output not the last build's.
    @Test func aNameThatIsNotUTF8IsAnError() throws {
        let root = Fixture.temporaryFolder()
        try FileManager.default.copyItem(at: Fixture.folder("valid/basic/Content"), to: root.appendingPathComponent("Content"))
        func create(_ folder: URL) {
            let path = Array(folder.path.utf8) + Array("/b".utf8) + [0xFF] + Array(".md".utf8) + [0]
            let fd = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } }
            close(fd)
        }
        let options = BuildOptions(workingDirectory: root, templates: Fixture.templates.path)
        #expect(Pipeline.run(options, write: true).status == .built)
        #expect(Pipeline.run(options, write: true).upToDate)
        create(root.appendingPathComponent("Output"))
        #expect(!Pipeline.run(options, write: true).upToDate, "a name kbgen cannot read in the output")
        create(root.appendingPathComponent("Content/net"))
        let result = Pipeline.run(options, write: false)
        #expect(result.status == .contentErrors)
        #expect(result.diagnostics.errors.map(\.description) == [
            "Content/net/b\u{FFFD}.md:1:1: error: this name is not UTF-8 text (the bytes shown as \u{FFFD}), so it would be left out of the site; rename it"])
    }

    /// A folder or file under Content/ that kbgen may not read is an error, never left out.
    /// Run as an unprivileged user, for whom permissions hold.
    @Test(.enabled(if: getuid() == 0)) func unreadableContentIsAnError() throws {
        let root = Fixture.temporaryFolder()
        try FileManager.default.copyItem(at: Fixture.folder("valid/basic/Content"), to: root.appendingPathComponent("Content"))
        try FileManager.default.copyItem(at: Fixture.templates, to: root.appendingPathComponent("Templates"))
        chmod(root.path, 0o777)
        let hidden = root.appendingPathComponent("Content/net").path
        let run = Process()
        run.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        run.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", CommandLineTests.executable.path, "check"]
        run.currentDirectoryURL = root
        let err = Pipe()
        run.standardError = err
        chmod(hidden, 0o000)
        defer { chmod(hidden, 0o755) }
        try run.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        #expect(run.terminationStatus == 1)
        #expect(text.contains("Content/net:1:1: error: cannot read this folder (Permission denied)"), "\(text)")
    }

    static let invalidFixtures: [String] = {
        let folder = Fixture.folder("invalid")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }()

    /// Each broken knowledge base gives exactly the errors its expected.txt lists, at their
    /// file:line:column, exits 1, and leaves an existing output folder byte for byte as it was.
    @Test(arguments: invalidFixtures)
    func invalidKnowledgeBaseIsReported(name: String) throws {
        let folder = Fixture.folder("invalid/" + name)
        let expected = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let output = Fixture.temporaryFolder().appendingPathComponent("Output")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data("kbgen\n".utf8).write(to: output.appendingPathComponent(SiteWriter.marker))
        try Data("<p>old site</p>".utf8).write(to: output.appendingPathComponent("index.html"))
        let before = Fixture.snapshot(output)

        let result = Pipeline.run(Fixture.options("invalid/" + name, output: output), write: true)
        #expect(result.status == .contentErrors)
        let errors = result.diagnostics.sorted.filter { $0.severity == .error }.map(\.description)
        #expect(errors.count == expected.count, "\(errors)")
        for (line, error) in zip(expected, errors) {
            #expect(error.hasPrefix(line), "expected \(line)\ngot \(error)")
        }
        #expect(Fixture.snapshot(output) == before)
    }
}

/// Finds href and src values in generated HTML and resolves them like a browser would.
enum LinkScan {
    /// The ids of the solution sections, in page order.
    static func solutionOrder(_ html: String) -> [String] {
        html.components(separatedBy: "<section class=\"kb-solution\" id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    static func urls(in html: String) -> [String] {
        var found: [String] = []
        for attribute in ["href=\"", "src=\""] {
            var rest = html[...]
            while let r = rest.range(of: attribute) {
                let after = rest[r.upperBound...]
                guard let end = after.firstIndex(of: "\"") else { break }
                found.append(String(after[..<end]).replacingOccurrences(of: "&amp;", with: "&"))
                rest = after[end...]
            }
        }
        return found
    }

    static func resolve(_ url: String, from page: String) -> (file: String, anchor: String?) {
        var path = url
        var anchor: String?
        if let hash = path.firstIndex(of: "#") {
            anchor = String(path[path.index(after: hash)...])
            path = String(path[..<hash])
        }
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        if path.isEmpty { return ("", anchor) }
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for piece in path.split(separator: "/") {
            if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(String(piece)) }
        }
        return (parts.joined(separator: "/").removingPercentEncoding ?? "", anchor)
    }
}

@Suite struct PipelineTimingsTests {
    @Test func everyStageIsTimedInOrder() {
        let (result, _) = Fixture.build("valid/basic")
        #expect(result.status == .built)
        #expect(result.timings.map(\.stage) == ["reading settings", "reading", "parsing", "finding repeated steps", "ordering solutions",
                                               "linking", "cross-linking", "keeping the model", "indexing for search", "listing pages", "rendering and writing"])
        #expect(result.timings.allSatisfy { $0.seconds >= 0 })
        #expect(result.timings.allSatisfy { $0.parts.isEmpty }, "parts are timed only when asked for")
    }

    @Test func renderingSaysWhereItsTimeWent() throws {
        let output = Fixture.temporaryFolder().appendingPathComponent("Output")
        var options = Fixture.options("valid/basic", output: output)
        options.timings = true
        let result = Pipeline.run(options, write: true)
        #expect(result.status == .built)
        let rendering = try #require(result.timings.last)
        #expect(rendering.stage == "rendering and writing")
        #expect(rendering.parts.map(\.name) == ["page values", "page fingerprints", "templates", "kb.json",
                                                "writing files, and the rest"])
        #expect(rendering.parts.allSatisfy { $0.cpuSeconds >= 0 })
        #expect(rendering.parts[2].cpuSeconds > 0, "pages were rendered, so the templates took some time")
        // The parts are measured on each thread, the stage on the whole process: they cannot add up to more.
        #expect(rendering.parts.reduce(0) { $0 + $1.cpuSeconds } <= rendering.cpuSeconds + 0.01)
        #expect(result.timings.dropLast().allSatisfy { $0.parts.isEmpty })
    }

    @Test func progressOnlyMovesForward() {
        let seen = Seen()
        let output = Fixture.temporaryFolder().appendingPathComponent("Output")
        let result = Pipeline.run(Fixture.options("valid/basic", output: output), write: true) { seen.add($0, $1) }
        #expect(result.status == .built)
        let shares = seen.all.map(\.1)
        #expect(shares == shares.sorted(), "\(seen.all)")
        #expect(seen.all.contains { $0.0 == "rendering and writing" })
        #expect(seen.all.last?.0 == "done" && shares.last == 1.0)
    }

    final class Seen: @unchecked Sendable {
        private(set) var all: [(String, Double)] = []
        func add(_ stage: String, _ share: Double) { all.append((stage, share)) }
    }

    @Test func checkStopsBeforeRenderingAndWritesNothing() {
        let output = Fixture.temporaryFolder().appendingPathComponent("Output")
        let result = Pipeline.run(Fixture.options("valid/basic", output: output), write: false)
        #expect(result.status == .built)
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(result.timings.last?.stage == "listing pages")
    }
}
