extension SolutionRanker {
    /// Every article's solutions in order; a replay ordered the changed articles'.
    static func rankAll(_ run: inout PipelineRun) {
        guard run.replayed == nil else { return }
        run.stage("ordering solutions", 0.4)
        let (site, problems) = rank(run.site)
        run.site = site
        run.diagnostics.append(contentsOf: problems)
    }
}
