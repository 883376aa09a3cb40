import Foundation
import Testing
@testable import KBGenKit

/// `kbgen feedback import` and `kbgen report searches` on access logs generated here with known
/// answers: repeats from one reader, bots, failed requests, other paths, a sub-path, both formats,
/// and a gzip file.
@Suite struct ReaderEvidenceTests {
    static let solutions: [String: Set<String>] = ["net/dns-fails": ["restart", "flush-the-cache"], "net/proxy": ["check-proxy"]]

    /// One request in the combined format.
    static func combined(_ client: String, _ day: Int, _ hour: Int, _ target: String, status: Int = 200, agent: String = "Mozilla/5.0 (Windows NT 10.0)") -> String {
        "\(client) - - [\(day < 10 ? "0" : "")\(day)/Dec/2026:\(hour < 10 ? "0" : "")\(hour):15:00 +0100] \"GET \(target) HTTP/1.1\" \(status) 512 \"https://kb.example/it/\" \"\(agent)\""
    }

    /// One request in IIS's W3C format, under the fields line `iisFields`.
    static func iis(_ client: String, _ day: Int, _ path: String, _ query: String, status: Int = 200, agent: String = "Mozilla/5.0+(Windows+NT+10.0)") -> String {
        "2026-12-\(day < 10 ? "0" : "")\(day) 09:30:00 10.1.1.1 GET \(path) \(query) 443 - \(client) \(agent) - \(status) 0 0 15"
    }

    static let iisFields = "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"

    static func answer(_ article: String, _ solution: String, _ outcome: String, base: String = "/it/kb/") -> String {
        base + "feedback.html?a=" + article + "&s=" + solution + "&r=" + outcome
    }

    static var nginx: String {
        [
            combined("10.0.0.1", 3, 9, answer("net/dns-fails", "restart", "worked")),
            // The same reader again the same day: one answer, the last.
            combined("10.0.0.1", 3, 10, answer("net/dns-fails", "restart", "failed")),
            // The same reader the next day: another answer.
            combined("10.0.0.1", 4, 9, answer("net/dns-fails", "restart", "worked")),
            // Another browser at the same address is another reader.
            combined("10.0.0.1", 3, 9, answer("net/dns-fails", "restart", "worked"), agent: "Mozilla/5.0 (Macintosh)"),
            combined("10.0.0.2", 3, 11, answer("net/dns-fails", "flush-the-cache", "failed", base: "/")),
            // Not readers, or not answers.
            combined("10.0.0.3", 3, 11, answer("net/dns-fails", "restart", "worked"), agent: "Mozilla/5.0 (compatible; bingbot/2.0)"),
            combined("10.0.0.4", 3, 11, answer("net/dns-fails", "restart", "worked"), status: 404),
            combined("10.0.0.5", 3, 12, "/it/kb/net/dns-fails.html"),
            combined("10.0.0.6", 3, 12, answer("net/gone", "restart", "worked")),
            combined("10.0.0.7", 3, 12, answer("net/dns-fails", "no-such", "failed")),
            "this is not a log line",
            combined("10.0.0.8", 3, 13, "/it/kb/search/none.txt?q=scanner+jam"),
            combined("10.0.0.9", 4, 13, "/it/kb/search/none.txt?q=Scanner%20%20Jam"),
            combined("10.0.0.9", 4, 13, "/it/kb/search/none.txt?q=vpn%20error%20812"),
        ].joined(separator: "\n") + "\n"
    }

    static var w3c: String {
        [
            iisFields,
            iis("10.2.0.1", 5, "/kb/feedback.html", "a=net/proxy&s=check-proxy&r=worked"),
            iis("10.2.0.2", 5, "/kb/feedback.html", "a=net%2Fproxy&s=check-proxy&r=failed"),
            iis("10.2.0.3", 5, "/kb/feedback.html", "a=net/proxy&s=check-proxy&r=worked", status: 500),
            iis("10.2.0.4", 5, "/kb/search/none.txt", "q=scanner+jam"),
        ].joined(separator: "\r\n") + "\r\n"
    }

    @Test func answersAreCountedOncePerReaderSolutionAndDay() {
        let votes = ReaderEvidence.votes([.init(file: "access.log", text: Self.nginx), .init(file: "u_ex261205.log", text: Self.w3c)],
                                         solutions: Self.solutions)
        #expect(votes.counts == [
            .init(article: "net/dns-fails", solution: "flush-the-cache", worked: 0, failed: 1),
            .init(article: "net/dns-fails", solution: "restart", worked: 2, failed: 1),
            .init(article: "net/proxy", solution: "check-proxy", worked: 1, failed: 1),
        ])
        #expect(votes.bots == 1)
        #expect(votes.unsuccessful == 2)
        #expect(votes.repeats == 1)
        #expect(votes.skipped.map(\.description) == [
            "access.log:11:1: warning: skipped: not a line of the combined log format",
            "access.log:9:1: warning: skipped: no article 'net/gone' in the knowledge base",
            "access.log:10:1: warning: skipped: article 'net/dns-fails' has no solution '#no-such'",
        ])
        // Times are UTC: 09:15 at +0100 is 08:15.
        #expect(votes.latest["access.log"] == AccessLog.days(2026, 12, 4) * 86400 + 8 * 3600 + 15 * 60)
    }

    @Test func answersBeforeADayOrImportedBeforeAreLeftOut() {
        let log = ReaderEvidence.Log(file: "access.log", text: Self.nginx)
        let since = ReaderEvidence.votes([log], solutions: Self.solutions, since: "2026-12-04")
        #expect(since.counts == [.init(article: "net/dns-fails", solution: "restart", worked: 1, failed: 0)])
        let first = ReaderEvidence.votes([log], solutions: Self.solutions)
        let again = ReaderEvidence.votes([log], solutions: Self.solutions, imported: first.latest)
        #expect(again.counts.isEmpty)
        // The five answers, and the two that named no article or solution.
        #expect(again.old == 7)
        #expect(FeedbackFile.imported(FeedbackFile.importedText(first.latest)) == first.latest)
    }

    @Test func gzipLogsReadAsTheirText() throws {
        let root = Fixture.temporaryFolder()
        let bytes = Array(Self.nginx.utf8)
        try Data(Gzip.compress(bytes)).write(to: root.appendingPathComponent("access.log.1.gz"))
        // Two members, as `cat a.gz b.gz` makes.
        try Data(Gzip.compress(Array(bytes[..<100])) + Gzip.compress(Array(bytes[100...]))).write(to: root.appendingPathComponent("joined.gz"))
        try Data([0x1F, 0x8B, 8, 0, 0, 0]).write(to: root.appendingPathComponent("cut.gz"))
        let (logs, problems) = ContentLoader.readLogs(["access.log.1.gz", "joined.gz", "cut.gz", "missing.log"], workingDirectory: root)
        #expect(logs.map(\.bytes) == [Array(Self.nginx.utf8), Array(Self.nginx.utf8)])
        let plain = ReaderEvidence.votes([.init(file: "access.log", text: Self.nginx)], solutions: Self.solutions)
        #expect(ReaderEvidence.votes([logs[0]], solutions: Self.solutions).counts == plain.counts)
        #expect(problems.all.map(\.description) == [
            "cut.gz: error: this gzip file is damaged or cut short; nothing of it was read",
            "missing.log: error: cannot read this log; name a readable access log",
        ])
    }

    @Test func searchesThatFoundNothingMostFrequentFirst() {
        let (searches, skipped) = ReaderEvidence.searchesNotFound([.init(file: "a", text: Self.nginx), .init(file: "b", text: Self.w3c)])
        #expect(searches == [
            .init(query: "scanner jam", count: 3, first: "2026-12-03", last: "2026-12-05"),
            .init(query: "vpn error 812", count: 1, first: "2026-12-04", last: "2026-12-04"),
        ])
        #expect(skipped.count == 1)
    }

    @Test func theFeedbackFileGetsTheCountsAdded() {
        let before = "article,solution,worked,failed\nnet/proxy,#check-proxy,10,2\n\"net/odd, name\",x,1,1\n"
        let (after, problems) = FeedbackFile.merged(before, file: "feedback.csv", counts: [
            .init(article: "net/proxy", solution: "check-proxy", worked: 1, failed: 1),
            .init(article: "net/dns-fails", solution: "restart", worked: 2, failed: 0),
        ])
        #expect(problems.all.isEmpty)
        #expect(after == "article,solution,worked,failed\nnet/proxy,check-proxy,11,3\n\"net/odd, name\",x,1,1\nnet/dns-fails,restart,2,0\n")
        var read = Diagnostics()
        #expect(FeedbackParser.parse(after!, file: "f", diagnostics: &read).rows.map(\.article) == ["net/proxy", "net/odd, name", "net/dns-fails"])
        let (broken, errors) = FeedbackFile.merged("a,b\n", file: "feedback.csv", counts: [])
        #expect(broken == nil && errors.hasErrors)
    }

    /// `kbgen feedback import` as a writer runs it: the plan, then --write into a new feedback file
    /// named in kbgen.yml, never counting a line twice, and the next build orders by the answers.
    @Test func theCommandAddsAnswersOnceAndTheBuildUsesThem() throws {
        let cli = CommandLineTests()
        let root = Fixture.temporaryFolder()
        try FileManager.default.copyItem(at: Fixture.folder("valid/basic/Content"), to: root.appendingPathComponent("Content"))
        try Data(Self.nginx.utf8).write(to: root.appendingPathComponent("access.log"))
        let plan = try cli.kbgen(["feedback", "import", "access.log"], in: root)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("net/dns-fails #restart: +2 worked, +1 failed"))
        #expect(plan.stderr.contains("kbgen: would add 2 worked and 2 failed to feedback.csv"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("feedback.csv").path))

        let written = try cli.kbgen(["feedback", "import", "access.log", "--write"], in: root)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try String(contentsOf: root.appendingPathComponent("feedback.csv"), encoding: .utf8)
                == "article,solution,worked,failed\nnet/dns-fails,flush-the-cache,0,1\nnet/dns-fails,restart,2,1\n")
        #expect(try String(contentsOf: root.appendingPathComponent("kbgen.yml"), encoding: .utf8).contains("\nfeedback: feedback.csv\n"))
        let again = try cli.kbgen(["feedback", "import", "access.log", "--write"], in: root)
        #expect(again.stderr.contains("kbgen: added 0 worked and 0 failed to feedback.csv"), "\(again.stderr)")
        let build = try cli.kbgen(["build", "--templates", Fixture.templates.path], in: root)
        #expect(build.status == 0, "\(build.stderr)")
        let page = try String(contentsOf: root.appendingPathComponent("Output/net/dns-fails.html"), encoding: .utf8)
        #expect(page.contains("worked for 2 of 3 readers"))

        let report = try cli.kbgen(["report", "searches", "access.log", "--format", "json"], in: root)
        #expect(report.status == 0)
        #expect(report.stdout.contains("\"query\" : \"scanner jam\""))
    }
}
