import Foundation
import Testing
@testable import KBGenKit

/// The search page in a real browser: headless Chromium runs the page's scripts and prints the
/// resulting DOM, from file:// and from a web server on 127.0.0.1 that serves the site under a
/// sub-path. Many queries run in one page load through `Browser/search-harness.html`, which calls
/// the same search the page uses; a few whole pages are loaded for what a reader sees.
@Suite(.serialized) struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let harness = Fixture.testsFolder.appendingPathComponent("Browser")

    struct Case {
        var query: String
        /// The article the first result must be, or nil when there must be no result.
        var first: String?
    }

    static let cases: [Case] = [
        Case(query: "0x80070005", first: "update/access-denied.html"),
        Case(query: "0X80070005", first: "update/access-denied.html"),
        Case(query: "80070005", first: "update/access-denied.html"),
        Case(query: "2147942405", first: "update/access-denied.html"),
        Case(query: "-2147024891", first: "update/access-denied.html"),
        Case(query: "0x904", first: "rdp/session.html"),
        Case(query: "0x0904", first: "rdp/session.html"),
        Case(query: "0X904", first: "rdp/session.html"),
        Case(query: "certif", first: "rdp/session.html"),          // prefix while typing
        Case(query: "certifcate", first: "rdp/session.html"),      // one typo
        Case(query: "sertificate", first: "rdp/session.html"),     // a typo in the first letter
        Case(query: "printer queue", first: "printing/queue.html"),
        Case(query: "spooler stuck", first: "printing/queue.html"),
        Case(query: "driver crash", first: "printing/hostile.html"),
        // Words that name what every JavaScript object has are words like any other.
        Case(query: "constructor", first: "printing/hostile.html"),
        Case(query: "valueof", first: "printing/hostile.html"),
        Case(query: "__proto__", first: nil),
        // A word no article has narrows nothing.
        Case(query: "0x904 zebra", first: "rdp/session.html"),
        // Symptoms and cause are searched; stems and synonyms match other forms of a word.
        Case(query: "blinking amber light", first: "teams/signed-out.html"),
        Case(query: "flashes amber", first: "teams/signed-out.html"),            // kbgen.yml's synonym
        Case(query: "stale token", first: "teams/signed-out.html"),
        // "out" is a whole word there, and only the start of "Outlook" and "outstanding" elsewhere.
        Case(query: "signs out", first: "teams/signed-out.html"),
        Case(query: "outlook asking for credentials", first: "outlook/outstanding.html"),
        Case(query: "outl", first: "outlook/outstanding.html"),
        Case(query: "ou", first: nil),                                          // prefixes count from three letters
        // Markup in a query is words like any other: these are the hostile title's words.
        Case(query: "<svg onload=alert(1)>", first: "printing/hostile.html"),
        Case(query: "\"><img src=x onerror=alert(3)>", first: "printing/hostile.html"),
        Case(query: "<svg onload=zebra>", first: nil),
        Case(query: "(a+)+$", first: nil),
    ]

    static func site(_ fixture: String = "valid/search") throws -> URL {
        let root = Fixture.temporaryFolder()
        let output = root.appendingPathComponent("kb/docs")
        let result = Pipeline.run(Fixture.options(fixture, output: output), write: true)
        #expect(result.status == .built)
        return output
    }

    /// The default knowledge base, built from Content/.
    static func defaultSite() -> URL {
        let output = Fixture.temporaryFolder().appendingPathComponent("Output")
        let result = Pipeline.run(BuildOptions(workingDirectory: Fixture.repository, templates: Fixture.templates.path,
                                               output: output.path), write: true)
        #expect(result.status == .built)
        return output
    }

    func dumpDOM(_ url: String, budget: Int = 8000, flags: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium, "chromium is not installed (make test installs it)"))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--virtual-time-budget=\(budget)"] + flags + ["--dump-dom", url]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A browser that hangs must not hang the test run.
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: The harness

    struct HarnessOutput: Decodable {
        struct Query: Decodable { var query: String; var count: Int; var hits: [String] }
        struct Text: Decodable { var text: String; var tokens: [String]; var stems: [String]; var index: [String]; var query: [String] }
        var queries: [Query]
        var texts: [Text]
        var error: String?
    }

    /// Runs the site's search on every query and analyses every text, in one page load.
    func harness(_ site: URL, queries: [String] = [], texts: [String] = [], base: String? = nil) throws -> HarnessOutput {
        for name in ["search-harness.html", "search-harness.js"] {
            let target = site.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: Self.harness.appendingPathComponent(name), to: target)
        }
        let input = try JSONSerialization.data(withJSONObject: ["queries": queries, "texts": texts])
        try ("window.HARNESS = " + String(decoding: input, as: UTF8.self) + ";\n")
            .write(to: site.appendingPathComponent("harness-input.js"), atomically: true, encoding: .utf8)
        let dom = try dumpDOM((base.map { $0 + "search-harness.html" } ?? site.appendingPathComponent("search-harness.html").absoluteString),
                              budget: 60000)
        let start = try #require(dom.range(of: "<pre id=\"out\" data-done=\"1\">"), "the harness did not finish")
        let end = try #require(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
        let json = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        let output = try JSONDecoder().decode(HarnessOutput.self, from: Data(json.utf8))
        #expect(output.error == nil, "\(output.error ?? "")")
        return output
    }

    func check(_ output: HarnessOutput) {
        #expect(output.queries.count == Self.cases.count)
        for (c, r) in zip(Self.cases, output.queries) {
            if let first = c.first {
                #expect(r.hits.first == first, "\(c.query): \(r.hits)")
            } else {
                #expect(r.count == 0, "\(c.query): \(r.hits)")
            }
        }
    }

    /// The results element, the status line and the hrefs of the results, in order.
    func results(_ dom: String) -> (state: String, status: String, hrefs: [String], html: String) {
        let status = dom.components(separatedBy: "role=\"status\">").dropFirst().first.map { String($0.prefix { $0 != "<" }) } ?? ""
        guard let start = dom.range(of: "<div id=\"kb-results\"") else { return ("missing", status, [], "") }
        let rest = dom[start.lowerBound...]
        let html = String(rest[..<(rest.range(of: "</main>")?.lowerBound ?? rest.endIndex)])
        let state = html.components(separatedBy: "data-state=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) } ?? ""
        let hrefs = html.components(separatedBy: "class=\"kb-result\" href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        return (state, status, hrefs, html)
    }

    static func encode(_ q: String) -> String {
        q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
    }

    // MARK: Tests

    /// The thank-you page of "Did this fix it?" offers the next solution after a No, and the way
    /// back after a Yes, from the query string the article's link carried; opened from disk.
    @Test func feedbackPageSaysWhatToDoNext() throws {
        let site = try Self.site("valid/basic")
        let page = site.appendingPathComponent("feedback.html").absoluteString
        let failed = try dumpDOM(page + "?a=net/dns-fails&s=restart&r=failed&n=flush-the-cache")
        #expect(failed.contains("<a href=\"net/dns-fails.html#flush-the-cache\" id=\"kb-feedback-next\">Try the next solution</a>"), "\(failed)")
        let worked = try dumpDOM(page + "?a=net/dns-fails&s=restart&r=worked")
        #expect(worked.contains("Glad it worked."))
        #expect(worked.contains("<a href=\"net/dns-fails.html#restart\" id=\"kb-feedback-back\">Back to the article</a>"))
        let last = try dumpDOM(page + "?a=net/dns-fails&s=flush-the-cache&r=failed")
        #expect(last.contains("That was the last solution of the article"))
        // A query that names no article leaves the page as it was written.
        for odd in ["..%2Fsecret", "%2F%2Fevil.example%2Fx", "%5C%5Cevil.example", "javascript:alert(1)"] {
            let dom = try dumpDOM(page + "?a=" + odd + "&r=worked")
            #expect(dom.contains("Your answer helps order the fixes"), "\(odd)")
            #expect(!dom.contains("evil.example"), "\(odd)")
        }
    }

    /// A reader clicks Yes under one solution and No under another on a site served by nginx
    /// under a sub-path; the answers are in nginx's access log, and kbgen counts them from it.
    @Test func answersReachTheWebServersLog() throws {
        let nginx = try #require(["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                 "nginx is not installed (make test installs it)")
        let site = try Self.site("valid/basic")
        let root = site.deletingLastPathComponent().deletingLastPathComponent()
        for name in ["feedback-harness.html", "feedback-harness.js"] {
            try FileManager.default.copyItem(at: Self.harness.appendingPathComponent(name), to: site.appendingPathComponent(name))
        }
        let work = Fixture.temporaryFolder()
        let port = 20000 + Int(getpid() % 20000)
        let config = """
            daemon off; master_process off; worker_processes 1;
            pid \(work.path)/nginx.pid; error_log \(work.path)/error.log;
            events { worker_connections 64; }
            http {
              types { text/html html; application/javascript js; text/css css; text/plain txt; image/svg+xml svg; }
              access_log \(work.path)/access.log combined;
              client_body_temp_path \(work.path)/body; proxy_temp_path \(work.path)/proxy; fastcgi_temp_path \(work.path)/fastcgi;
              uwsgi_temp_path \(work.path)/uwsgi; scgi_temp_path \(work.path)/scgi;
              server { listen 127.0.0.1:\(port); root \(root.path); }
            }
            """
        try config.write(to: work.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: nginx)
        server.arguments = ["-p", work.path, "-c", work.appendingPathComponent("nginx.conf").path]
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        usleep(300_000)

        let base = "http://127.0.0.1:\(port)/kb/docs/"
        // As a reader's browser: a headless one says so, and kbgen leaves such answers out.
        let dom = try dumpDOM(base + "feedback-harness.html?article=net/dns-fails.html", budget: 20000,
                              flags: ["--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"])
        #expect(dom.contains("/kb/docs/feedback.html?a=net/dns-fails&amp;s=restart&amp;r=worked"), "\(dom)")
        #expect(dom.contains("Glad it worked."))
        #expect(dom.contains("/kb/docs/feedback.html?a=net/dns-fails&amp;s=flush-the-cache&amp;r=failed"))
        #expect(dom.contains("That was the last solution of the article"))

        // A search that finds nothing is asked of the server once the reader stops typing.
        let none = try dumpDOM(base + "search.html?q=" + Self.encode("qqqq zzzz"), budget: 10000,
                               flags: ["--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"])
        #expect(none.contains("data-state=\"none\""))

        let log = try String(contentsOf: work.appendingPathComponent("access.log"), encoding: .utf8)
        #expect(ReaderEvidence.searchesNotFound([.init(file: "access.log", text: log)]).searches.map(\.query) == ["qqqq zzzz"], "\(log)")
        let votes = ReaderEvidence.votes([.init(file: "access.log", text: log)],
                                         solutions: ["net/dns-fails": ["restart", "flush-the-cache"]])
        #expect(votes.counts == [.init(article: "net/dns-fails", solution: "flush-the-cache", worked: 0, failed: 1),
                                 .init(article: "net/dns-fails", solution: "restart", worked: 1, failed: 0)], "\(log)")
    }

    @Test func searchFromFile() throws {
        let site = try Self.site()
        check(try harness(site, queries: Self.cases.map(\.query)))
        // Hostile queries on the page itself: shown as text, with results or a clear "no results" state.
        for query in ["<svg onload=alert(1)>", "\"><img src=x onerror=alert(3)>", "<svg onload=zebra>"] {
            let r = results(try dumpDOM(site.appendingPathComponent("search.html").absoluteString + "?q=" + Self.encode(query)))
            if query.contains("zebra") {
                #expect(r.state == "none", "\(query)")
                #expect(r.html.contains("class=\"kb-no-results\""))
                #expect(r.status.hasPrefix("No article matches “&lt;svg onload=zebra&gt;”"), "\(r.status)")
            } else {
                #expect(r.hrefs == ["printing/hostile.html"], "\(query)")
            }
            for markup in ["<img", "<svg", "<script"] { #expect(!r.html.contains(markup), "\(query)") }
        }
    }

    @Test func searchOverHTTPUnderASubPath() throws {
        let site = try Self.site()
        let root = site.deletingLastPathComponent().deletingLastPathComponent()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", root.path]
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        // SIGKILL: the child may inherit a signal mask in which SIGTERM is blocked.
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        // "Serving HTTP on 127.0.0.1 port 43123 (http://127.0.0.1:43123/) ..."
        // A plain read: FileHandle.availableData can wait for more than is there.
        var banner = ""
        var buffer = [UInt8](repeating: 0, count: 512)
        let fd = out.fileHandleForReading.fileDescriptor
        while !banner.contains("\n") {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            banner += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        let port = try #require(banner.components(separatedBy: " port ").dropFirst().first?.prefix { $0.isNumber })
        let base = "http://127.0.0.1:\(port)/kb/docs/"
        check(try harness(site, queries: Self.cases.map(\.query), base: base))

        // A result shows title, summary, a snippet with the matched words marked and the most likely fix.
        let dom = try dumpDOM(base + "search.html?q=" + Self.encode("certificate key"))
        let first = results(dom).html
        #expect(first.contains("<span class=\"kb-result-title\">Remote Desktop session is never created</span>"))
        #expect(first.contains("<mark>certificate</mark>"))
        #expect(first.contains("<mark>key</mark>"))
        #expect(first.contains("<span class=\"kb-result-fix\">Most likely fix: Give NETWORK SERVICE access to the certificate key</span>"))
        // A hostile title is shown as text.
        let hostile = results(try dumpDOM(base + "search.html?q=crash")).html
        #expect(hostile.contains("&lt;img src=x onerror=alert(1)&gt; printer driver <mark>crash</mark>"))
    }

    /// What a reader sees of a result: the count, the query in the header box, a snippet from the
    /// passage that matches (the symptoms here), cut at words, with other forms of a word marked.
    @Test func resultsAReaderCanJudge() throws {
        let site = try Self.site()
        let dom = try dumpDOM(site.appendingPathComponent("search.html").absoluteString + "?q=" + Self.encode("blinking amber"))
        let r = results(dom)
        #expect(r.status == "1 article matches “blinking amber”.", "\(r.status)")
        #expect(r.html.contains("data-count=\"1\""))
        #expect(dom.contains("id=\"kb-header-search\" type=\"search\" name=\"q\" placeholder=\"Search: error code, symptom, step  ( / )\" autocomplete=\"off\" value=\"blinking amber\""),
                "the header box shows the query")
        let snippet = try #require(r.html.components(separatedBy: "<span class=\"kb-result-snippet\">").dropFirst().first)
        #expect(snippet.contains("status light <mark>blinks</mark> <mark>amber</mark>"), "\(snippet.prefix(300))")
        // Cut around that passage, at whole words, not from the start of the text.
        #expect(snippet.hasPrefix("… The app signs you out"), "\(snippet.prefix(300))")
        #expect(snippet.hasPrefix("… ") && snippet.components(separatedBy: "</span>")[0].hasSuffix(" …"))
        // Several results: the count of all of them.
        let many = results(try dumpDOM(site.appendingPathComponent("search.html").absoluteString + "?q=driver%20printer"))
        #expect(many.status.hasPrefix("2 articles match"), "\(many.status)")
        // No result for a code: the reader is asked to check it.
        let none = results(try dumpDOM(site.appendingPathComponent("search.html").absoluteString + "?q=0x80071234"))
        #expect(none.state == "none")
        #expect(none.html.contains("Check the error code as it appears on screen"))
        #expect(none.html.contains("Try removing a word"))
    }

    /// Each search form has a name; only the status line is announced; on the search page the skip
    /// link is the first Tab stop and leads to the search box, which takes no focus by itself.
    @Test func searchIsAccessible() throws {
        let site = try Self.site()
        let dom = try dumpDOM(site.appendingPathComponent("search.html").absoluteString + "?q=printer")
        let forms = dom.components(separatedBy: "<form").dropFirst().map { String($0.prefix { $0 != ">" }) }
        #expect(forms.count == 2)
        for form in forms { #expect(form.contains("role=\"search\"") && form.contains("aria-label=\""), "\(form)") }
        #expect(Set(forms.map { $0.components(separatedBy: "aria-label=\"")[1].prefix { $0 != "\"" } }).count == 2, "names differ")
        #expect(!dom.contains("aria-live"), "results are not read out whole")
        #expect(dom.contains("<p id=\"kb-search-status\" class=\"kb-search-status\" role=\"status\">2 articles match"))
        #expect(!dom.contains("autofocus"))
        let body = try #require(dom.components(separatedBy: "<body>").dropFirst().first)
        let firstFocusable = body.components(separatedBy: "<a ").dropFirst().first.map { String($0.prefix { $0 != ">" }) }
        #expect(body.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("<a class=\"skip-link\" href=\"#kb-search-input\">Skip to search</a>"),
                "\(firstFocusable ?? "")")
        // Other pages skip to their content.
        #expect(Fixture.read(site, "index.html").contains("<a class=\"skip-link\" href=\"#main\">Skip to content</a>"))
    }

    /// The default knowledge base's labelled queries: codes, symptoms in other words than the
    /// articles', typos, prefixes and several words, with the floor the search must keep.
    @Test func defaultKnowledgeBaseQueries() throws {
        struct Labelled: Decodable { var `class`: String; var query: String; var expect: [String] }
        let labelled = try JSONDecoder().decode([Labelled].self, from: Data(contentsOf: Self.harness.appendingPathComponent("default-kb-queries.json")))
        #expect(labelled.count >= 40)
        let output = try harness(Self.defaultSite(), queries: labelled.map(\.query))
        var ranks: [String: [Int?]] = [:]
        for (item, r) in zip(labelled, output.queries) {
            let rank = r.hits.firstIndex { hit in item.expect.contains { hit == $0 + ".html" } }.map { $0 + 1 }
            for key in [item.class, "all"] { ranks[key, default: []].append(rank) }
            if rank != 1 { print("search: \(item.query) → rank \(rank.map(String.init) ?? "none"): \(r.hits.prefix(3))") }
        }
        func success(_ key: String, within k: Int) -> Double {
            let list = ranks[key] ?? []
            return Double(list.filter { ($0 ?? .max) <= k }.count) / Double(max(list.count, 1))
        }
        for key in ranks.keys.sorted() {
            print("search \(key): success@1 \(success(key, within: 1)), success@3 \(success(key, within: 3)) of \(ranks[key]!.count)")
        }
        #expect(success("all", within: 3) >= 0.95)
        #expect(success("all", within: 1) >= 0.9)
        #expect(success("symptom", within: 3) >= 0.9)
        for key in ["code", "typo", "prefix"] { #expect(success(key, within: 1) == 1, "\(key)") }
    }

    /// Every example query the site shows (the search box's placeholder, the help line) finds an article.
    @Test func everyExampleQueryFindsSomething() throws {
        let site = Self.defaultSite()
        var examples: [String] = []
        for page in ["index.html", "search.html"] {
            let html = Fixture.read(site, page)
            for placeholder in html.components(separatedBy: "placeholder=\"").dropFirst().map({ String($0.prefix { $0 != "\"" }) })
            where !placeholder.hasPrefix("Search:") {
                examples += placeholder.components(separatedBy: ", ")
            }
            if let help = html.components(separatedBy: "written: ").dropFirst().first?.prefix(while: { $0 != "." }) {
                examples += help.components(separatedBy: ", ")
            }
        }
        #expect(examples.count >= 6, "\(examples)")
        let output = try harness(site, queries: examples)
        for r in output.queries { #expect(r.count > 0, "\(r.query)") }
    }

    /// The page makes the same terms of a text as the indexer: tokens, stems, synonyms and stop
    /// words, on every sentence of the default knowledge base and on seeded random words.
    @Test func browserAndIndexerReadTextAlike() throws {
        let site = Self.defaultSite()
        var texts: [String] = []
        let content = Fixture.repository.appendingPathComponent("Content")
        for case let path as String in FileManager.default.enumerator(atPath: content.path)! where path.hasSuffix(".md") {
            let text = try String(contentsOf: content.appendingPathComponent(path), encoding: .utf8)
            texts += text.split(whereSeparator: { $0 == "\n" || $0 == "." }).map(String.init)
        }
        var random = RebuildFuzzTests.Random(state: 20261202)
        let pieces = ["ing", "ed", "es", "ies", "s", "ss", "e", "ied", "eed", "sses", "ches", "'", "’", "0x00", "ü", "ß", "İ",
                      "log on", "sign in", "can't", "a", "the", "run", "stop", "ty", "x", "9", "-", " ", "ä", "日本", "Σ"]
        for _ in 0..<400 {
            texts.append((0..<random.below(8) + 1).map { _ in random.pick(pieces) }.joined())
        }
        let words = SearchWords(synonyms: [])
        let output = try harness(site, texts: texts)
        #expect(output.texts.count == texts.count)
        for t in output.texts {
            let tokens = SearchWords.tokens(t.text)
            #expect(t.tokens == tokens, "tokens of \(t.text)")
            #expect(t.stems == tokens.map(SearchWords.stem), "stems of \(t.text)")
            #expect(t.index == words.indexTerms(t.text), "index terms of \(t.text)")
            #expect(t.query == words.queryTerms(t.text), "query terms of \(t.text)")
        }
    }
}
