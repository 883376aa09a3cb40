extension SiteRenderer {
    /// Every file of the site listed, each page to be made when the writer asks for it, with the
    /// search index's files and what the next build reads. Errors of any stage end the run here,
    /// before anything is written.
    static func listPages(_ run: inout PipelineRun) {
        run.stage("listing pages", 0.6)
        run.parts = run.options.timings ? PartClock() : nil
        var (rendered, problems) = render(run.site, previous: run.previous, clock: run.parts)
        if var search = run.search {
            rendered.files.append(contentsOf: search.files)
            search.files = []
            rendered.remakeKept = search.remake
            if run.write { rendered.searchCounts = search.counts }
            run.search = search
        }
        rendered.model = run.model
        run.model = nil
        if run.options.holdModel, let model = rendered.model {
            run.keptInMemory = HeldBuild(model: model, searchCounts: rendered.searchCounts)
            rendered.model = nil
            rendered.searchCounts = nil
        }
        run.rendered = rendered
        run.diagnostics.append(contentsOf: problems)
        if run.diagnostics.hasErrors { run.stop(.contentErrors) }
    }
}
