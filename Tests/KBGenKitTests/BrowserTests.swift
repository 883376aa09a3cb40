import Foundation
import Testing
@testable import KBGenKit

/// The search page in a real browser: headless Chromium runs the page's scripts and prints the
/// resulting DOM, from file:// and from a web server on 127.0.0.1 that serves the site under a sub-path.
@Suite(.serialized) struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

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
        Case(query: "0x904 zebra", first: nil),
        Case(query: "<svg onload=alert(1)>", first: nil),
        Case(query: "(a+)+$", first: nil),
        Case(query: "\"><img src=x onerror=alert(3)>", first: nil),
    ]

    static func site() throws -> URL {
        let root = Fixture.temporaryFolder()
        let output = root.appendingPathComponent("kb/docs")
        let result = Pipeline.run(Fixture.options("valid/search", output: output), write: true)
        #expect(result.status == .built)
        return output
    }

    func dumpDOM(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium, "chromium is not installed (make test installs it)"))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--virtual-time-budget=8000", "--dump-dom", url]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A browser that hangs must not hang the test run.
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 40, execute: watchdog)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return String(decoding: data, as: UTF8.self)
    }

    /// The results element and the hrefs of its results, in order.
    func results(_ dom: String) -> (state: String, hrefs: [String], html: String) {
        guard let start = dom.range(of: "<div id=\"kb-results\"") else { return ("missing", [], "") }
        let rest = dom[start.lowerBound...]
        let html = String(rest[..<(rest.range(of: "</main>")?.lowerBound ?? rest.endIndex)])
        let state = html.components(separatedBy: "data-state=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) } ?? ""
        let hrefs = html.components(separatedBy: "class=\"kb-result\" href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        return (state, hrefs, html)
    }

    func check(_ c: Case, dom: String, prefix: String) {
        let r = results(dom)
        if let first = c.first {
            #expect(r.state == "results", "\(c.query): \(r.state)")
            #expect(r.hrefs.first == prefix + first, "\(c.query): \(r.hrefs)")
        } else {
            #expect(r.state == "none", "\(c.query): \(r.state) \(r.hrefs)")
            #expect(r.html.contains("class=\"kb-no-results\""))
        }
        // Nothing from an article or a query becomes markup.
        #expect(!r.html.contains("<img"), "\(c.query)")
        #expect(!r.html.contains("<svg"), "\(c.query)")
        #expect(!r.html.contains("<script"), "\(c.query)")
        #expect(r.html.contains("data-ms=\""))
    }

    static func encode(_ q: String) -> String {
        q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
    }

    @Test func searchFromFile() throws {
        let site = try Self.site()
        for c in Self.cases {
            let dom = try dumpDOM(site.appendingPathComponent("search.html").absoluteString + "?q=" + Self.encode(c.query))
            check(c, dom: dom, prefix: "")
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
        for c in Self.cases {
            let dom = try dumpDOM(base + "search.html?q=" + Self.encode(c.query))
            check(c, dom: dom, prefix: "")
        }
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
}
