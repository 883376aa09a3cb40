extension SearchIndexer {
    /// The search index, counting again only the blocks of articles the last build's counts (held
    /// by this process, or read from the output folder) do not hold.
    static func indexAll(_ run: inout PipelineRun) {
        run.stage("indexing for search", 0.58)
        let counted = run.previous.flatMap { previous in
            run.held.flatMap { $0.model.inputs == previous.inputs ? $0.searchCounts : nil }
                ?? ContentLoader.searchCounts(run.options, previous: previous)
        }
        run.search = index(run.site, previous: run.previous, counted: counted, tool: run.options.toolVersion)
    }
}
