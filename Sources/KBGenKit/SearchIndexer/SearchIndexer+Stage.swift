extension SearchIndexer {
    /// The search index, counting again only the blocks of articles the last build's counts (held
    /// by this process, or read from the output folder) do not hold.
    /// A rebuild's index is made while the pages are listed (`SiteRenderer.listPages`): it
    /// counts little and merges much, on one core, which listing leaves idle.
    static func indexAll(_ run: inout PipelineRun) {
        let (site, previous, tool) = (run.site, run.previous, run.options.toolVersion)
        // Read here, by the loader, not inside the index made beside the page listing.
        let counted = previous.flatMap { run.heldForPrevious?.searchCounts ?? ContentLoader.searchCounts(run.options, previous: $0) }
        let indexing: @Sendable () -> Indexed = { index(site, previous: previous, counted: counted, tool: tool) }
        guard previous == nil else { return run.indexing = indexing }
        run.stage("indexing for search", 0.58)
        run.search = indexing()
    }
}
