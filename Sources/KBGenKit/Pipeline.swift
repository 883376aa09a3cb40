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
/// beside the output, held so that the next build does not read and decode them.
public struct HeldBuild: Sendable {
    public var model: LastBuild
    public var searchCounts: SearchCounts?
}

/// The stages of a build, in order. Each hands the next a value; only the first reads files
/// and only the last writes them.
public enum Pipeline {
    /// - Parameters:
    ///   - write: false for `kbgen check`: everything but writing.
    ///   - progress: called with a stage name and the share of the build done.
    ///   - held: what the last build of this process kept (`BuildResult.held`); used only with the
    ///     cache it belongs to, and read from the output folder otherwise.
    public static func run(_ options: BuildOptions, write: Bool, held: HeldBuild? = nil,
                           progress: @escaping (String, Double) -> Void = { _, _ in }) -> BuildResult {
        var diagnostics = Diagnostics()
        var clock = StageClock(progress: progress)
        func stage(_ name: String, _ share: Double) {
            clock.start(name, share)
            FreedMemory.giveBack()
        }
        // Held until the build returns; a first build, with no output folder yet, takes it to write.
        var lock: OutputLock?
        defer { withExtendedLifetime(lock) {} }
        if write {
            let unsafe = SiteWriter.checkOutputFolder(options)
            if !unsafe.isEmpty { return BuildResult(status: .usageErrors, diagnostics: Diagnostics(unsafe)) }
            do { lock = try OutputLock.take(options, create: false) } catch {
                return BuildResult(status: .usageErrors, diagnostics: Diagnostics([error]))
            }
        }
        let (settings, settingsProblems) = ContentLoader.settings(options)
        diagnostics.append(contentsOf: settingsProblems)
        if settingsProblems.hasErrors { return BuildResult(status: .usageErrors, diagnostics: diagnostics) }

        stage("reading", 0.0)
        let previous = write ? ContentLoader.previousBuild(options) : nil
        // Optional so that the texts can go as soon as they are parsed.
        var sources: ContentLoader.Sources? = ContentLoader.read(options, settings: settings, known: previous?.pages ?? [:])
        let inputs = sources!.fingerprint, otherInputs = sources!.otherInputs, rankingInputs = sources!.rankingInputs
        let pageRecords = write ? sources!.pageRecords : [:]
        if var previous, previous.inputs == inputs {
            // A build stopped while it removed the last build's folder left its site in place.
            SiteWriter.removeLeftovers(of: options.output)
            // Pages read again whose text came out the same (a byte order mark, an edit undone)
            // are recorded with their new stamps, so that the next build does not read them again.
            if previous.pages != pageRecords {
                previous.pages = pageRecords
                try? SiteWriter.writeCache(previous, in: options.output)
            }
            stage("done", 1.0)
            var result = BuildResult(status: .built, diagnostics: Diagnostics(previous.warnings),
                                     site: RenderedSite(files: [], articleCount: previous.articleCount, stepPageCount: 0))
            result.upToDate = true
            result.timings = clock.timings
            return result
        }

        // After a few articles changed, only they go through the stages, with the rest as the
        // last build left it; when a change reaches other articles, every article does.
        var replayed: ArticleReplay.Replayed?
        if let previous {
            stage("reading the last build", 0.05)
            let kept = held.flatMap { $0.model.inputs == previous.inputs ? $0.model : nil }
            if var last = kept ?? ContentLoader.lastBuild(options, previous: previous) {
                stage("parsing changed articles", 0.1)
                if let changed = ContentLoader.parse(sources!, changedSince: last, recorded: previous.pages, options: options),
                   ArticleReplay.keysMatch(changed.articles, last) {
                    stage("decoding the last build's articles", 0.15)
                    if last.decodeArticles() {
                        stage("replaying changed articles", 0.2)
                        replayed = ArticleReplay.replay(changed.articles, into: last, site: changed.site, rerank: changed.rerank)
                        replayed?.diagnostics.append(contentsOf: changed.diagnostics)
                    }
                }
            }
        }

        var site: Site
        if let replayed {
            sources = nil
            site = replayed.site
            diagnostics.append(contentsOf: replayed.diagnostics)
        } else {
            // One `site` goes from stage to stage, so that each stage's input can go once it is done.
            stage("parsing", 0.1)
            let loaded = ContentLoader.parse(sources!, options: options)
            sources = nil
            site = loaded.0
            diagnostics.append(contentsOf: loaded.1)
            if write { site.stageKeys = ArticleReplay.keys(site.articles) }

            stage("finding repeated steps", 0.3)
            (site, site.repeatedSteps) = StepFinder.find(handOver(&site), report: !write)

            stage("ordering solutions", 0.4)
            let rankProblems: Diagnostics
            (site, rankProblems) = SolutionRanker.rank(site)
            diagnostics.append(contentsOf: rankProblems)

            stage("linking", 0.5)
            let linkProblems: Diagnostics
            (site, linkProblems) = Linker.link(handOver(&site))
            diagnostics.append(contentsOf: linkProblems)

            stage("cross-linking", 0.55)
            site = CrossLinker.link(handOver(&site))
        }
        var model: LastBuild?
        if write && !diagnostics.hasErrors {
            stage("keeping the model", 0.57)
            if replayed == nil { site.articlePrints = Fingerprint.articles(site.articles) }
            // The stages' warnings, not the settings' (the first ones): a replay reads the settings
            // again and reports theirs.
            let stageWarnings = diagnostics.all.dropFirst(settingsProblems.all.count).filter { $0.severity == .warning }
            model = LastBuild(site: site, inputs: inputs, otherInputs: otherInputs, rankingInputs: rankingInputs, warnings: stageWarnings)
            model!.runs = replayed?.runs ?? []
            replayed?.runs = []
        }

        stage("indexing for search", 0.58)
        let counted = previous.flatMap { previous in
            held.flatMap { $0.model.inputs == previous.inputs ? $0.searchCounts : nil } ?? ContentLoader.searchCounts(options, previous: previous)
        }
        var search = SearchIndexer.index(site, previous: previous, counted: counted, tool: options.toolVersion)

        stage("listing pages", 0.6)
        let parts = options.timings ? PartClock() : nil
        var (rendered, renderProblems) = SiteRenderer.render(site, previous: previous, clock: parts)
        rendered.files.append(contentsOf: search.files)
        search.files = []
        rendered.remakeKept = search.remake
        if write { rendered.searchCounts = search.counts }
        rendered.model = model
        model = nil
        diagnostics.append(contentsOf: renderProblems)
        let repeatedSteps = site.repeatedSteps, stepFiles = Set(site.steps.keys)

        if diagnostics.hasErrors {
            var result = BuildResult(status: .contentErrors, diagnostics: diagnostics, site: nil, repeatedSteps: repeatedSteps, stepFiles: stepFiles)
            result.replayedArticles = replayed?.count
            return result
        }
        var written = 0
        if write {
            stage("rendering and writing", 0.65)
            var cache = BuildCache(inputs: inputs, articleCount: rendered.articleCount, warnings: Diagnostics(diagnostics.warnings).sorted, files: [:])
            cache.tool = options.toolVersion
            cache.search = search.fingerprint
            cache.pages = pageRecords
            do {
                if lock == nil { lock = try OutputLock.take(options, create: true) }
                if options.updateInPlace, let previous {
                    written = try SiteWriter.update(rendered, in: options.output, cache: cache, previous: previous)
                } else {
                    written = try SiteWriter.write(rendered, to: options.output, displayPath: options.displayPath(options.output),
                                                   cache: cache, previous: previous) { progress("rendering and writing", 0.65 + 0.35 * $0) }
                }
            } catch {
                lock?.removeFolderItMade()
                diagnostics.append(error as? Diagnostic ?? .error(options.displayPath(options.output), SourcePosition(line: 1, column: 1), "\(error)"))
                return BuildResult(status: .contentErrors, diagnostics: diagnostics, site: nil)
            }
            if let parts { clock.split(parts.parts, rest: "writing files, and the rest") }
        }
        stage("done", 1.0)
        var result = BuildResult(status: .built, diagnostics: diagnostics, site: rendered, repeatedSteps: repeatedSteps, stepFiles: stepFiles)
        result.keptSearch = search.kept
        result.replayedArticles = replayed?.count
        result.timings = clock.timings
        result.filesWritten = written
        if write, let model = rendered.model {
            result.held = HeldBuild(model: model, searchCounts: rendered.searchCounts)
        }
        return result
    }

    /// The site for a stage that rewrites every article: none are left behind here, so the
    /// stage holds the only reference to them and changes them in place.
    static func handOver(_ site: inout Site) -> Site {
        let whole = site
        site.articles = []
        return whole
    }
}
