extension ArticleReplay {
    /// After a few articles changed, only they go through the stages, with the rest as the last
    /// build left it: its model is read from the output folder, or taken from this process when it
    /// made the last build. When a change reaches other articles, this does nothing and every
    /// article goes through every stage.
    static func replayChanged(_ run: inout PipelineRun) {
        guard let previous = run.previous else { return }
        run.stage("reading the last build", 0.05)
        guard var last = run.heldForPrevious?.model ?? ContentLoader.lastBuild(run.options, previous: previous) else { return }
        run.stage("parsing changed articles", 0.1)
        guard let changed = ContentLoader.parse(run.sources!, changedSince: last, recorded: previous.pages, options: run.options),
              keysMatch(changed.articles, last) else { return }
        run.stage("decoding the last build's articles", 0.15)
        guard last.decodeArticles() else { return }
        run.stage("replaying changed articles", 0.2)
        guard var replayed = replay(changed.articles, into: last, site: changed.site, rerank: changed.rerank) else { return }
        replayed.diagnostics.append(contentsOf: changed.diagnostics)
        run.sources = nil
        run.site = replayed.site
        run.diagnostics.append(contentsOf: replayed.diagnostics)
        run.replayed = replayed
    }
}
