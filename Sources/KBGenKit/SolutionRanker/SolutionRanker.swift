/// Orders each article's solutions so that a reader tries first the one most likely to work
/// (or, with `order: expected-cost`, the one most likely to work per minute), and numbers them.
public enum SolutionRanker {
    /// How many readers the written likelihood counts for when reader outcomes update it.
    public static let priorWeight = 10.0

    public static func rank(_ site: Site) -> (Site, Diagnostics) {
        var site = site
        var diagnostics = Diagnostics()
        if let feedback = site.feedback {
            site = applyOutcomes(feedback, to: site, diagnostics: &diagnostics)
        }
        for i in site.articles.indices {
            site.articles[i].solutions = ordered(site.articles[i].solutions, by: site.settings.order)
        }
        return (site, diagnostics)
    }

    /// The mean of a Beta prior centred on the written likelihood with the weight of ten readers,
    /// after `worked` successes and `failed` failures: (10p + worked) / (10 + worked + failed).
    public static func updatedLikelihood(written p: Double, _ outcomes: Outcomes) -> Double {
        (priorWeight * p + Double(outcomes.worked)) / (priorWeight + Double(outcomes.readers))
    }

    static func applyOutcomes(_ feedback: Feedback, to site: Site, diagnostics: inout Diagnostics) -> Site {
        var site = site
        var articleIndex: [String: Int] = [:]
        for (i, a) in site.articles.enumerated() { articleIndex[a.id] = i }
        var totals: [Int: [String: Outcomes]] = [:]
        for row in feedback.rows {
            let at = SourcePosition(line: row.line, column: 1)
            guard let a = articleIndex[row.article] else {
                let hint = site.omittedDrafts.contains(row.article) ? "is a draft left out of this build" : "does not exist"
                diagnostics.append(.warning(feedback.file, at, "the article '\(row.article)' \(hint); this row is not counted"))
                continue
            }
            let solutions = site.articles[a].solutions
            guard solutions.contains(where: { $0.anchor == row.solution }) else {
                // In the order written, whatever order the solutions stand in now.
                let known = solutions.sorted { $0.sourceIndex < $1.sourceIndex }.map(\.anchor).joined(separator: ", ")
                diagnostics.append(.warning(feedback.file, at,
                    "'\(row.article)' has no solution '\(row.solution)'; its solutions are \(known.isEmpty ? "none" : known); this row is not counted"))
                continue
            }
            var current = totals[a, default: [:]][row.solution] ?? Outcomes(worked: 0, failed: 0)
            current.worked += row.worked
            current.failed += row.failed
            totals[a, default: [:]][row.solution] = current
        }
        for (a, bySolution) in totals {
            for s in site.articles[a].solutions.indices {
                guard let outcomes = bySolution[site.articles[a].solutions[s].anchor] else { continue }
                site.articles[a].solutions[s].outcomes = outcomes
                site.articles[a].solutions[s].likelihood = updatedLikelihood(written: site.articles[a].solutions[s].writtenLikelihood, outcomes)
            }
        }
        return site
    }

    /// - `likelihood`: highest first; ties by effort, least first, with no effort counting as most;
    ///   then the order written.
    /// - `expectedCost`: likelihood per minute of effort, highest first (the P-over-C rule for
    ///   independent causes); a solution without effort comes last; ties as above.
    public static func ordered(_ solutions: [Solution], by order: Settings.Order = .likelihood) -> [Solution] {
        func effort(_ s: Solution) -> Double { s.effortMinutes ?? .infinity }
        func byLikelihood(_ a: Solution, _ b: Solution) -> Bool {
            if a.likelihood != b.likelihood { return a.likelihood > b.likelihood }
            if effort(a) != effort(b) { return effort(a) < effort(b) }
            return a.sourceIndex < b.sourceIndex
        }
        var sorted: [Solution]
        switch order {
        case .likelihood:
            sorted = solutions.sorted(by: byLikelihood)
        case .expectedCost:
            sorted = solutions.sorted { a, b in
                let ra = a.likelihood / effort(a), rb = b.likelihood / effort(b)
                if ra != rb { return ra > rb }
                return byLikelihood(a, b)
            }
        }
        for i in sorted.indices { sorted[i].rank = i + 1 }
        return sorted
    }
}
