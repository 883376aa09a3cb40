extension SearchIndexer {
    /// The search index, counting again only the blocks of articles the last build's counts (held
    /// by this process, or read from the output folder) do not hold.
    /// A rebuild's index is made while the pages are listed (`SiteRenderer.listPages`): it
    /// counts little and merges much, on one core, which listing leaves idle.
    static func indexAll(_ run: inout PipelineRun) {
        let (options, site, previous, held) = (run.options, run.site, run.previous, run.heldForPrevious)
        let indexing: @Sendable () -> Indexed = {
            let counted = previous.flatMap { held?.searchCounts ?? ContentLoader.searchCounts(options, previous: $0) }
            return index(site, previous: previous, counted: counted, tool: options.toolVersion)
        }
        guard previous == nil else { return run.indexing = indexing }
        run.stage("indexing for search", 0.58)
        run.search = indexing()
    }
}
