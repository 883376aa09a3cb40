extension SearchIndexer {
    /// The search index, counting again only the blocks of articles the last build's counts (held
    /// by this process, or read from the output folder) do not hold.
    static func indexAll(_ run: inout PipelineRun) {
        run.stage("indexing for search", 0.58)
        let held = run.heldForPrevious
        let counted = run.previous.flatMap { previous in
            held?.searchCounts ?? ContentLoader.searchCounts(run.options, previous: previous)
        }
        run.search = index(run.site, previous: run.previous, counted: counted, tool: run.options.toolVersion)
    }
}
