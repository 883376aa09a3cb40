/// The stages of a build, in order. Each takes the run so far and hands the next what it made;
/// only the first ones read files and only the last writes them. `kbgen build`, `kbgen check`
/// (`write` false) and `kbgen serve` (again and again, with `held`) run this one list.
public enum Pipeline {
    static var stages: [(inout PipelineRun) -> Void] {
        [
            SiteWriter.lockOutput,          // a build that writes takes the output folder's lock
            ContentLoader.readSettings,     // kbgen.yml; its errors end the run
            ContentLoader.readSources,      // every input, fingerprinted; nothing changed ends the run
            ArticleReplay.replayChanged,    // only some articles changed: their stages alone
            ContentLoader.parseAll,         // otherwise every article, then every stage
            StepFinder.findAll,
            SolutionRanker.rankAll,
            Linker.linkAll,
            CrossLinker.linkAll,
            LastBuild.keep,                 // the model the next build starts from
            SearchIndexer.indexAll,
            SiteRenderer.listPages,         // errors found up to here end the run
            SiteWriter.writeSite,
        ]
    }

    /// - Parameters:
    ///   - write: false for `kbgen check`: everything but writing.
    ///   - held: what the last build of this process kept (`BuildResult.held`); used only with the
    ///     cache it belongs to, and read from the output folder otherwise.
    ///   - progress: called with a stage name and the share of the build done.
    public static func run(_ options: BuildOptions, write: Bool, held: HeldBuild? = nil,
                           progress: @escaping (String, Double) -> Void = { _, _ in }) -> BuildResult {
        var run = PipelineRun(options: options, write: write, held: held, progress: progress)
        for stage in stages where run.result == nil { stage(&run) }
        return run.finish()
    }
}
