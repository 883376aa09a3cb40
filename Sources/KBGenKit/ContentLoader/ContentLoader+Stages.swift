/// The loader's stages of the pipeline.
extension ContentLoader {
    /// kbgen.yml; its errors end the run (exit status 2).
    static func readSettings(_ run: inout PipelineRun) {
        let (settings, problems) = settings(run.options)
        run.settings = settings
        run.diagnostics.append(contentsOf: problems)
        run.settingsProblems = problems.all.count
        if problems.hasErrors { run.stop(.usageErrors) }
    }

    /// Everything a build reads, fingerprinted. When it is what the last build read, the run ends
    /// here with the output as that build left it.
    static func readSources(_ run: inout PipelineRun) {
        run.stage("reading", 0.0)
        let options = run.options
        let last = run.write ? previousBuild(options, held: run.held?.cache) : nil
        run.previous = last
        let sources = read(options, settings: run.settings, known: last?.pages ?? [:])
        (run.inputs, run.otherInputs, run.rankingInputs) = (sources.fingerprint, sources.otherInputs, sources.rankingInputs)
        run.pageRecords = run.write ? sources.pageRecords : [:]
        run.sources = sources
        guard var previous = last, previous.inputs == run.inputs else { return }
        // A build stopped while it removed the last build's folder left its site in place.
        SiteWriter.removeLeftovers(of: options.output)
        // Pages read again whose text came out the same (a byte order mark, an edit undone) are
        // recorded with their new stamps, so that the next build does not read them again: in
        // the cache this process holds, when it holds it, else in the output's.
        let holding = options.holdModel ? run.held.flatMap { $0.cache == nil ? nil : $0 } : nil
        if previous.pages != run.pageRecords {
            previous.pages = run.pageRecords
            if holding == nil { try? SiteWriter.writeCache(previous, in: options.output) }
        }
        run.stage("done", 1.0)
        var result = BuildResult(status: .built, diagnostics: Diagnostics(previous.warnings),
                                 site: RenderedSite(files: [], articleCount: previous.articleCount, stepPageCount: 0))
        result.upToDate = true
        result.held = holding.map { HeldBuild(model: $0.model, searchCounts: $0.searchCounts, cache: previous, pageParts: $0.pageParts) }
        result.timings = run.clock.timings
        run.result = result
    }

    /// Every article parsed, on all cores, unless the changed ones were replayed alone.
    static func parseAll(_ run: inout PipelineRun) {
        guard run.replayed == nil else { return }
        run.stage("parsing", 0.1)
        let (site, problems) = parse(run.sources!, options: run.options)
        run.sources = nil
        run.site = site
        run.diagnostics.append(contentsOf: problems)
        if run.write { run.site.stageKeys = ArticleReplay.keys(run.site.articles) }
    }
}
