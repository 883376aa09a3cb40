/// What readers told the site's web server, read from its access logs: "Did this fix it?" answers
/// (`feedback.html?a=ARTICLE&s=ANCHOR&r=worked|failed`) and searches that found nothing
/// (`search/none.txt?q=QUERY`), under any base path.
public enum ReaderEvidence {
    /// A log's bytes (read as they are: a log is not checked as UTF-8 text), with the name
    /// messages give it.
    public struct Log: Sendable {
        public var file: String
        public var bytes: [UInt8]

        public init(file: String, bytes: [UInt8]) {
            self.file = file
            self.bytes = bytes
        }

        public init(file: String, text: String) {
            self.init(file: file, bytes: Array(text.utf8))
        }
    }

    /// Readers' answers counted per article and solution.
    public struct Votes: Sendable {
        public struct Count: Sendable, Equatable {
            public var article: String
            public var solution: String
            public var worked: Int
            public var failed: Int
        }

        /// By article, then solution.
        public var counts: [Count] = []
        /// Unknown articles and anchors, and lines that are not log lines: `LOG:LINE: ...`.
        public var skipped: [Diagnostic] = []
        public var bots = 0
        public var unsuccessful = 0
        /// Answers beyond a reader's one per solution per day.
        public var repeats = 0
        /// Answers before `--since`, or imported before (by the last time imported from each log).
        public var old = 0
        /// The latest time of an answer read from each log, to skip next time.
        public var latest: [String: Int] = [:]
    }

    /// User agents that say they are programs, not readers.
    static let botWords = ["bot", "crawl", "spider", "slurp", "preview", "monitor", "headless", "python-requests", "curl/", "wget/"].map { Array($0.utf8) }

    /// Searched on bytes: `String.contains` goes through NSString, most of an import's time.
    static func isBot(_ agent: String) -> Bool {
        let lower = agent.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        return botWords.contains { word in
            guard lower.count >= word.count else { return false }
            return (0...(lower.count - word.count)).contains { i in lower[i] == word[0] && lower[i..<(i + word.count)].elementsEqual(word) }
        }
    }


    /// - Parameters:
    ///   - solutions: each article's solution anchors, by article id.
    ///   - since: answers before this day (`YYYY-MM-DD`) are left out.
    ///   - imported: the last time already imported from each log, by its `file`.
    public static func votes(_ logs: [Log], solutions: [String: Set<String>], since: String? = nil,
                             imported: [String: Int] = [:]) -> Votes {
        var votes = Votes()
        // One answer per reader, solution and day, the last one given; a reader is their address
        // and browser, hashed here and never kept.
        var answers: [Int: (article: String, solution: String, worked: Bool)] = [:]
        for log in logs {
            let parsed = AccessLog(log.bytes, keeping: [FeedbackLinks.page])
            for bad in parsed.malformed {
                votes.skipped.append(.warning(log.file, SourcePosition(line: bad.line, column: 1), "skipped: \(bad.reason)"))
            }
            for request in parsed.requests {
                let query = AccessLog.queryValues(request.query)
                guard let article = query["a"], let solution = query["s"], let outcome = query["r"],
                      outcome == "worked" || outcome == "failed" else {
                    votes.skipped.append(.warning(log.file, SourcePosition(line: request.line, column: 1), "skipped: a feedback request without an article, a solution and worked or failed"))
                    continue
                }
                if request.status < 200 || request.status >= 400 { votes.unsuccessful += 1; continue }
                if isBot(request.agent) { votes.bots += 1; continue }
                if let since, request.day < since { votes.old += 1; continue }
                if let last = imported[log.file], request.time <= last { votes.old += 1; continue }
                guard let anchors = solutions[article] else {
                    votes.skipped.append(.warning(log.file, SourcePosition(line: request.line, column: 1), "skipped: no article '\(article)' in the knowledge base"))
                    continue
                }
                guard anchors.contains(solution) else {
                    votes.skipped.append(.warning(log.file, SourcePosition(line: request.line, column: 1), "skipped: article '\(article)' has no solution '#\(solution)'"))
                    continue
                }
                votes.latest[log.file] = max(votes.latest[log.file] ?? 0, request.time)
                var reader = Hasher()
                reader.combine(request.client)
                reader.combine(request.agent)
                reader.combine(article)
                reader.combine(solution)
                reader.combine(request.day)
                let key = reader.finalize()
                if answers[key] != nil { votes.repeats += 1 }
                answers[key] = (article, solution, outcome == "worked")
            }
        }
        var counts: [String: [String: (worked: Int, failed: Int)]] = [:]
        for answer in answers.values {
            var count = counts[answer.article, default: [:]][answer.solution, default: (0, 0)]
            if answer.worked { count.worked += 1 } else { count.failed += 1 }
            counts[answer.article, default: [:]][answer.solution] = count
        }
        for article in counts.keys.sorted() {
            for solution in counts[article]!.keys.sorted() {
                let c = counts[article]![solution]!
                votes.counts.append(Votes.Count(article: article, solution: solution, worked: c.worked, failed: c.failed))
            }
        }
        return votes
    }

    /// A query that found nothing: how often, and the first and last day it was asked.
    public struct Search: Sendable, Equatable {
        public var query: String
        public var count: Int
        public var first: String
        public var last: String
    }

    /// Searches that found nothing, most frequent first (then by query); queries that differ only
    /// in case and spaces are one, shown as first asked. Bots and failed requests are left out.
    public static func searchesNotFound(_ logs: [Log]) -> (searches: [Search], skipped: [Diagnostic]) {
        var found: [String: Search] = [:], skipped: [Diagnostic] = []
        for log in logs {
            let parsed = AccessLog(log.bytes, keeping: [SearchIndexer.notFoundFile])
            for bad in parsed.malformed {
                skipped.append(.warning(log.file, SourcePosition(line: bad.line, column: 1), "skipped: \(bad.reason)"))
            }
            for request in parsed.requests where request.status >= 200 && request.status < 400 && !isBot(request.agent) {
                let query = (AccessLog.queryValues(request.query)["q"] ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                guard !query.isEmpty else { continue }
                let key = query.lowercased()
                var entry = found[key] ?? Search(query: query, count: 0, first: request.day, last: request.day)
                entry.count += 1
                entry.first = min(entry.first, request.day)
                entry.last = max(entry.last, request.day)
                found[key] = entry
            }
        }
        let searches = found.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0.query.lowercased() < $1.query.lowercased() }
        return (searches, skipped)
    }
}
