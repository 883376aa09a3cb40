import Foundation

/// What a run produced, for the command line to report.
public struct BuildResult: Sendable {
    public enum Status: Int32, Sendable {
        case built = 0
        case contentErrors = 1
        case usageErrors = 2
    }

    public var status: Status
    public var diagnostics: Diagnostics
    public var site: RenderedSite?
    /// Groups of repeated steps, largest first; only from `kbgen check` and `kbgen steps`
    /// (`write` false), since a build does not report them.
    public var repeatedSteps: [RepeatedStepGroup] = []
    /// Ids of the step files in Content/steps/.
    public var stepFiles: Set<String> = []
    /// True when nothing changed since the last build, which left the output as it is.
    public var upToDate = false
    /// True when the search index was made from the same documents as the last build's and kept.
    public var keptSearch = false
    /// How many changed articles went through the stages alone, the others taken from the last
    /// build; nil when every article went through every stage.
    public var replayedArticles: Int?
    /// Files written; fewer than the site has when the last build's output was brought up to date.
    public var filesWritten = 0
    /// Time and peak memory of each stage, in order, for `--timings`.
    public var timings: [StageTiming] = []
    /// What the next build of this process may take instead of reading it (`Pipeline.run(held:)`).
    public var held: HeldBuild?
}

/// What a build that wrote kept of its knowledge base for the next one, for a process that builds
/// again and again (`kbgen serve`): the model and the search index's counts as they are on disk
/// beside the output, held so that the next build does not read and decode them; with
/// `BuildOptions.holdModel`, the cache too, which is then not on disk until the process ends.
public struct HeldBuild: Sendable {
    public var model: LastBuild
    public var searchCounts: SearchCounts?
    public var cache: BuildCache?
    /// What the pages needed of each article, by article print (`PageContext.parts`).
    var pageParts: PageContext.Parts = [:]
}

/// One run of the pipeline as it goes: what the options asked for, what each stage has handed on
/// so far, and every problem found. A stage that ends the run (nothing changed, errors) sets
/// `result`, and the stages after it do not run.
struct PipelineRun {
    let options: BuildOptions
    /// False for `kbgen check` and `kbgen steps`: everything but writing.
    let write: Bool
    let held: HeldBuild?
    let progress: (String, Double) -> Void
    var clock: StageClock
    var diagnostics = Diagnostics()
    var result: BuildResult?

    /// Held until the run ends; a first build, with no output folder yet, takes it to write.
    var lock: OutputLock?
    var settings = Settings()
    /// How many of `diagnostics` are the settings' (a replay reports them again).
    var settingsProblems = 0
    /// The last build's cache, when its output is as it left it.
    var previous: BuildCache?
    /// Optional so that the texts can go as soon as they are parsed.
    var sources: ContentLoader.Sources?
    var inputs = "", otherInputs = "", rankingInputs = ""
    var pageRecords: [String: BuildCache.Page] = [:]
    /// The changed articles' stages replayed on the last build's model, when that applied.
    var replayed: ArticleReplay.Replayed?
    /// One site goes from stage to stage, so that each stage's input can go once it is done.
    var site = Site(settings: Settings(), articles: [], steps: [:], assets: [], theme: Theme(assets: []))
    var model: LastBuild?
    /// The model and counts kept in memory rather than written (`BuildOptions.holdModel`).
    var keptInMemory: HeldBuild?
    var search: SearchIndexer.Indexed?
    /// The search index still to be made, alongside the next stage.
    var indexing: (@Sendable () -> SearchIndexer.Indexed)?
    var rendered: RenderedSite?
    var parts: PartClock?
    var written = 0

    init(options: BuildOptions, write: Bool, held: HeldBuild?, progress: @escaping (String, Double) -> Void) {
        self.options = options
        self.write = write
        self.held = held
        self.progress = progress
        clock = StageClock(progress: progress)
    }

    /// Starts timing a stage, and hands back what the last one freed.
    mutating func stage(_ name: String, _ share: Double) {
        clock.start(name, share)
        FreedMemory.giveBack()
    }

    /// What this process kept of the last build, when it is the build whose cache `previous` is.
    var heldForPrevious: HeldBuild? {
        guard let previous, let held, held.model.inputs == previous.inputs else { return nil }
        return held
    }

    /// Ends the run early.
    mutating func stop(_ status: BuildResult.Status) {
        var result = BuildResult(status: status, diagnostics: diagnostics, site: nil,
                                 repeatedSteps: site.repeatedSteps, stepFiles: Set(site.steps.keys))
        result.replayedArticles = replayed?.count
        self.result = result
    }

    /// The result of a run that went through every stage.
    mutating func finish() -> BuildResult {
        if let result { return result }
        stage("done", 1.0)
        var result = BuildResult(status: .built, diagnostics: diagnostics, site: rendered,
                                 repeatedSteps: site.repeatedSteps, stepFiles: Set(site.steps.keys))
        result.keptSearch = search?.kept ?? false
        result.replayedArticles = replayed?.count
        result.timings = clock.timings
        result.filesWritten = written
        if write {
            result.held = keptInMemory ?? rendered?.model.map { HeldBuild(model: $0, searchCounts: rendered?.searchCounts) }
        }
        return result
    }

    /// The site for a stage that rewrites every article: none are left behind here, so the
    /// stage holds the only reference to them and changes them in place.
    mutating func handOver() -> Site {
        let whole = site
        site.articles = []
        return whole
    }
}
