import Foundation
import Testing
@testable import KBGenKit

/// "Did this fix it?" under each solution, the thank-you page, and the search page's report of a
/// search that found nothing; `reader_feedback: false` turns all of it off.
@Suite struct ReaderFeedbackTests {
    @Test func everySolutionAsksWhetherItFixedTheProblem() throws {
        let (result, output) = Fixture.build("valid/basic")
        #expect(result.status == .built)
        let page = Fixture.read(output, "net/dns-fails.html")
        // Solutions are shown by likelihood: "Restart the client" (high) first, then "Flush the cache".
        let restart = try #require(section(page, "restart"))
        #expect(restart.contains("<a class=\"kb-feedback\" data-outcome=\"worked\" href=\"../feedback.html?a=net/dns-fails&amp;s=restart&amp;r=worked\" rel=\"nofollow\">Yes</a>"))
        #expect(restart.contains("<a class=\"kb-feedback\" data-outcome=\"failed\" href=\"../feedback.html?a=net/dns-fails&amp;s=restart&amp;r=failed&amp;n=flush-the-cache\" rel=\"nofollow\">No</a>"))
        let flush = try #require(section(page, "flush-the-cache"))
        #expect(flush.contains("href=\"../feedback.html?a=net/dns-fails&amp;s=flush-the-cache&amp;r=failed\""), "the last solution offers no next one")
        #expect(page.components(separatedBy: "class=\"kb-feedback\"").count - 1 == 4)
        // The thank-you page, a script file and no inline script; the search page's report.
        let thanks = Fixture.read(output, "feedback.html")
        #expect(thanks.contains("<script src=\"assets/feedback.js\" defer></script>"))
        #expect(thanks.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(!Fixture.read(output, "assets/feedback.js").isEmpty)
        #expect(Fixture.read(output, "search.html").contains("data-report-none=\"search/none.txt\""))
        #expect(!Fixture.read(output, SearchIndexer.notFoundFile).isEmpty)
    }

    @Test func aSettingTurnsItOff() throws {
        let (result, output) = Fixture.build("valid/no-reader-feedback")
        #expect(result.status == .built, "\(result.diagnostics.all)")
        #expect(result.diagnostics.all.isEmpty)
        #expect(!Fixture.read(output, "proxy.html").contains("kb-feedback"))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("feedback.html").path))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent(SearchIndexer.notFoundFile).path))
        #expect(!Fixture.read(output, "search.html").contains("data-report-none"))
    }

    @Test func queryValuesAreEncoded() {
        #expect(FeedbackLinks.encoded("net/50% off ü&x=1#a") == "net/50%25%20off%20%C3%BC%26x%3D1%23a")
        let links = FeedbackLinks(page: "a/b/c.html", article: "a/b/c", solution: "s", next: nil)
        #expect(links.worked == "../../feedback.html?a=a/b/c&s=s&r=worked")
    }

    /// The section of a solution, by its anchor.
    func section(_ page: String, _ anchor: String) -> String? {
        guard let start = page.range(of: "<section class=\"kb-solution\" id=\"\(anchor)\""),
              let end = page.range(of: "</section>", range: start.upperBound..<page.endIndex) else { return nil }
        return String(page[start.lowerBound..<end.upperBound])
    }
}
