/// Orders each article's solutions, most likely first, and numbers them as shown.
public enum SolutionRanker {
    /// Likelihood, highest first; ties by effort, least first, with no effort counting as most;
    /// then the order written.
    public static func rank(_ site: Site) -> Site {
        var site = site
        for i in site.articles.indices {
            site.articles[i].solutions = ordered(site.articles[i].solutions)
        }
        return site
    }

    public static func ordered(_ solutions: [Solution]) -> [Solution] {
        var sorted = solutions.sorted { a, b in
            if a.likelihood != b.likelihood { return a.likelihood > b.likelihood }
            let ea = a.effortMinutes ?? .infinity, eb = b.effortMinutes ?? .infinity
            if ea != eb { return ea < eb }
            return a.sourceIndex < b.sourceIndex
        }
        for i in sorted.indices { sorted[i].rank = i + 1 }
        return sorted
    }
}
