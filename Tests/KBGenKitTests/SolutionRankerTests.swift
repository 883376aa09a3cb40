import Testing
@testable import KBGenKit

@Suite struct SolutionRankerTests {
    func solution(_ index: Int, _ likelihood: Double, _ effort: Double?, anchor: String? = nil) -> Solution {
        Solution(title: [.text("S\(index)")], anchor: anchor ?? "s\(index)", likelihood: likelihood, writtenLikelihood: likelihood,
                 likelihoodText: "\(likelihood)", outcomes: nil, effortMinutes: effort, effortText: nil,
                 position: SourcePosition(line: index, column: 1), sourceIndex: index, rank: index + 1, content: [])
    }

    @Test func likelihoodThenEffortThenSourceOrder() {
        let ordered = SolutionRanker.ordered([
            solution(0, 0.4, 10), solution(1, 0.7, 30), solution(2, 0.4, nil), solution(3, 0.4, 5), solution(4, 0.4, 5),
        ])
        #expect(ordered.map(\.sourceIndex) == [1, 3, 4, 0, 2])
        #expect(ordered.map(\.rank) == [1, 2, 3, 4, 5])
    }

    @Test func expectedCostIsLikelihoodPerMinute() {
        // 0.7/60 = 0.0117, 0.3/5 = 0.06, 0.9/none = 0, 0.06/1 = 0.06, 0.12/2 = 0.06
        let ordered = SolutionRanker.ordered([
            solution(0, 0.7, 60), solution(1, 0.3, 5), solution(2, 0.9, nil), solution(3, 0.06, 1), solution(4, 0.12, 2),
        ], by: .expectedCost)
        // Ties of 0.06 per minute go to the more likely, then the quicker.
        #expect(ordered.map(\.sourceIndex) == [1, 4, 3, 0, 2])
    }

    @Test func betaUpdateByHand() {
        // Prior mean 0.7 with the weight of 10 readers is Beta(7, 3).
        #expect(abs(SolutionRanker.updatedLikelihood(written: 0.7, Outcomes(worked: 45, failed: 5)) - 52.0 / 60) < 1e-12)
        #expect(abs(SolutionRanker.updatedLikelihood(written: 0.4, Outcomes(worked: 0, failed: 10)) - 0.2) < 1e-12)
        #expect(SolutionRanker.updatedLikelihood(written: 0.25, Outcomes(worked: 0, failed: 0)) == 0.25)
        #expect(abs(SolutionRanker.updatedLikelihood(written: 0.15, Outcomes(worked: 1, failed: 0)) - 2.5 / 11) < 1e-12)
    }

    @Test func outcomesReorderAndUnknownRowsWarn() throws {
        var d = Diagnostics()
        let article = try #require(ArticleParser.parse(id: "a", file: "Content/a.md", text: Fixture.article("""
        ## First {likelihood=high effort=10m}

        1. x

        ## Second {likelihood=0.4 effort=30m #second}

        1. y
        """), diagnostics: &d))
        var site = Site(settings: Settings(), articles: [article], steps: [:], assets: [], theme: Theme(assets: []))
        site.feedback = Feedback(file: "feedback.csv", rows: [
            FeedbackRow(article: "a", solution: "first", worked: 0, failed: 20, line: 2),
            FeedbackRow(article: "a", solution: "second", worked: 45, failed: 5, line: 3),
            FeedbackRow(article: "a", solution: "third", worked: 1, failed: 0, line: 4),
            FeedbackRow(article: "b", solution: "first", worked: 1, failed: 0, line: 5),
        ])
        let (ranked, problems) = SolutionRanker.rank(site)
        let solutions = ranked.articles[0].solutions
        #expect(solutions.map(\.anchor) == ["second", "first"])
        #expect(abs(solutions[0].likelihood - 49.0 / 60) < 1e-12)
        #expect(abs(solutions[1].likelihood - 7.0 / 30) < 1e-12)
        #expect(solutions[0].writtenLikelihood == 0.4)
        #expect(solutions[0].outcomes == Outcomes(worked: 45, failed: 5))
        #expect(problems.warnings.map { "\($0.file):\($0.line)" } == ["feedback.csv:4", "feedback.csv:5"])
        #expect(problems.warnings[0].message == "'a' has no solution 'third'; its solutions are first, second; this row is not counted")
        #expect(problems.warnings[1].message == "the article 'b' does not exist; this row is not counted")
    }

    /// Ranking again a site already ranked (a rebuild after new feedback) names the solutions in
    /// the order written, as the first ranking does.
    @Test func unknownSolutionsAreNamedInTheOrderWritten() throws {
        var d = Diagnostics()
        let article = try #require(ArticleParser.parse(id: "a", file: "Content/a.md", text: Fixture.article(
            "## First {likelihood=low}\n\n1. x\n\n## Second {likelihood=high}\n\n1. y\n"), diagnostics: &d))
        var site = Site(settings: Settings(), articles: [article], steps: [:], assets: [], theme: Theme(assets: []))
        site.feedback = Feedback(file: "feedback.csv", rows: [FeedbackRow(article: "a", solution: "third", worked: 1, failed: 0, line: 2)])
        let (once, first) = SolutionRanker.rank(site)
        #expect(once.articles[0].solutions.map(\.anchor) == ["second", "first"])
        let (_, again) = SolutionRanker.rank(once)
        #expect(first.warnings.map(\.message) == ["'a' has no solution 'third'; its solutions are first, second; this row is not counted"])
        #expect(again.warnings.map(\.message) == first.warnings.map(\.message))
    }
}
