import Foundation
import Synchronization

extension SiteRenderer {
    /// Every file of the site listed, each page to be made when the writer asks for it, with the
    /// search index's files and what the next build reads. Errors of any stage end the run here,
    /// before anything is written.
    static func listPages(_ run: inout PipelineRun) {
        run.stage(run.indexing == nil ? "listing pages" : "listing pages, and indexing for search", 0.6)
        run.parts = run.options.timings ? PartClock() : nil
        var (rendered, problems) = listed(&run)
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
            run.keptInMemory = HeldBuild(model: model, searchCounts: rendered.searchCounts, pageParts: rendered.pages?.context.parts ?? [:])
            rendered.model = nil
            rendered.searchCounts = nil
        }
        run.rendered = rendered
        run.diagnostics.append(contentsOf: problems)
        if run.diagnostics.hasErrors { run.stop(.contentErrors) }
    }

    /// The pages listed, with the search index made at the same time when it is still to be made.
    /// Indexing merges on one core for much of its time: until it is done, the other core, once
    /// the pages are listed, makes pages ahead for the writer, the costliest first.
    private static func listed(_ run: inout PipelineRun) -> (RenderedSite, Diagnostics) {
        let (site, previous, clock) = (run.site, run.previous, run.parts)
        let known = run.options.holdModel ? run.held?.pageParts ?? [:] : [:]
        guard let indexing = run.indexing else { return render(site, previous: previous, clock: clock, parts: known) }
        run.indexing = nil
        // With one core the two would take turns, and pages made ahead would only wait in memory.
        let mayWrite = run.write && !run.diagnostics.hasErrors && ProcessInfo.processInfo.activeProcessorCount > 1
        let indexed = Mutex(false)
        enum Made { case search(SearchIndexer.Indexed), pages(RenderedSite, Diagnostics) }
        let made = Parallel.map(2, chunk: 1) { i -> Made in
            if i == 0 {
                defer { indexed.withLock { $0 = true } }
                return .search(indexing())
            }
            var (rendered, problems) = render(site, previous: previous, clock: clock, parts: known)
            guard mayWrite, !problems.hasErrors else { return .pages(rendered, problems) }
            for page in rendered.writingOrder() where !indexed.withLock({ $0 }) {
                rendered.madeAhead[page] = rendered.make(page)
            }
            return .pages(rendered, problems)
        }
        guard case .search(let search) = made[0], case .pages(let rendered, let problems) = made[1] else { preconditionFailure() }
        run.search = search
        return (rendered, problems)
    }
}
