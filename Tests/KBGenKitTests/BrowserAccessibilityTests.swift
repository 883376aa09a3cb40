import Foundation
import Testing
@testable import KBGenKit

/// axe-core (the accessibility engine of browsers' audit tools) over every page kind of the default
/// knowledge base in headless Chromium: WCAG 2.1 A and AA and axe's best practices, light and dark,
/// at a desktop's width and a phone's, failing on any violation. `make test` downloads axe-core.
@Suite(.serialized) struct BrowserAccessibilityTests {
    static let axe = Fixture.repository.appendingPathComponent(".build/axe/axe.min.js")

    /// One page of each kind, the search page with results, and an article with code blocks.
    static let pages = ["index.html", "windows-update/error-0x80070005.html", "steps/run-dism-restorehealth.html",
                        "codes/index.html", "codes/0x204.html", "search.html", "search.html?q=0x80070005", "404.html"]

    struct Report: Decodable {
        struct Violation: Decodable { var id: String; var help: String; var nodes: [String] }
        var dark: Bool?
        var width: Int?
        var violations: [Violation]?
        var error: String?
    }

    /// A copy of the page beside it, with axe-core and the script that runs it before `</body>`.
    static func withAxe(_ site: URL, _ page: String) throws -> URL {
        let (path, query) = page.firstIndex(of: "?").map { (String(page[..<$0]), String(page[$0...])) } ?? (page, "")
        let original = site.appendingPathComponent(path)
        let copy = original.deletingPathExtension().appendingPathExtension("axe.html")
        let scripts = "<script src=\"\(axe.absoluteString)\"></script>\n<script src=\"\(BrowserTests.harness.appendingPathComponent("axe-run.js").absoluteString)\"></script>\n"
        let html = try String(contentsOf: original, encoding: .utf8).replacingOccurrences(of: "</body>", with: scripts + "</body>")
        try html.write(to: copy, atomically: true, encoding: .utf8)
        return URL(string: copy.absoluteString + query)!
    }

    func audit(_ url: URL, phone: Bool, dark: Bool) throws -> Report {
        let target = phone ? BrowserTests.harness.appendingPathComponent("axe-frame.html").absoluteString
            + "?page=" + url.absoluteString.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! : url.absoluteString
        var flags = ["--window-size=1280,900"]
        if dark { flags.append("--force-dark-mode") }
        let dom = try BrowserTests().dumpDOM(target, budget: 20000, flags: flags)
        guard let start = dom.range(of: "data-axe=\""), let end = dom[start.upperBound...].firstIndex(of: "\"") else {
            return Report(error: "axe reported nothing")
        }
        let json = String(dom[start.upperBound..<end]).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(Report.self, from: Data(json.utf8))
    }

    @Test func axeCoreIsInstalled() {
        #expect(FileManager.default.fileExists(atPath: Self.axe.path), "run `make test`, which downloads axe-core into .build/axe/")
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func everyPageKindPassesAxe(phone: Bool, dark: Bool) throws {
        try #require(FileManager.default.fileExists(atPath: Self.axe.path), "run `make test`, which downloads axe-core")
        let site = BrowserTests.defaultSite()
        for page in Self.pages {
            let report = try audit(try Self.withAxe(site, page), phone: phone, dark: dark)
            #expect(report.error == nil, "\(page): \(report.error ?? "")")
            // The run was the one asked for: a phone's width, and the dark colours when asked.
            #expect(report.dark == dark, "\(page)")
            #expect(phone ? report.width == 375 : (report.width ?? 0) >= 1000, "\(page): width \(report.width ?? 0)")
            for v in report.violations ?? [] {
                Issue.record("\(page) (\(phone ? "phone" : "desktop"), \(dark ? "dark" : "light")): \(v.id): \(v.help): \(v.nodes.joined(separator: ", "))")
            }
        }
    }
}
