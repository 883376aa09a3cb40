extension Linker {
    /// Every link resolved; a replay resolved the changed articles'.
    static func linkAll(_ run: inout PipelineRun) {
        guard run.replayed == nil else { return }
        run.stage("linking", 0.5)
        let (site, problems) = link(run.handOver())
        run.site = site
        run.diagnostics.append(contentsOf: problems)
    }
}

extension CrossLinker {
    /// Code, product and tag pages, code mentions, related articles and back-links; a replay
    /// brought the changed articles' up to date.
    static func linkAll(_ run: inout PipelineRun) {
        guard run.replayed == nil else { return }
        run.stage("cross-linking", 0.55)
        run.site = link(run.handOver())
    }
}
