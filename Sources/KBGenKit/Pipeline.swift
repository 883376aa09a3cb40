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
    /// Groups of repeated steps, largest first.
    public var repeatedSteps: [RepeatedStepGroup] = []
    /// Ids of the step files in Content/steps/.
    public var stepFiles: Set<String> = []
}

/// The stages of a build, in order. Each hands the next a value; only the first reads files
/// and only the last writes them.
public enum Pipeline {
    /// - Parameters:
    ///   - write: false for `kbgen check`: everything but writing.
    ///   - progress: called with a stage name and the share of the build done.
    public static func run(_ options: BuildOptions, write: Bool,
                           progress: (String, Double) -> Void = { _, _ in }) -> BuildResult {
        var diagnostics = Diagnostics()
        if write {
            let unsafe = SiteWriter.checkOutputFolder(options)
            if !unsafe.isEmpty { return BuildResult(status: .usageErrors, diagnostics: Diagnostics(unsafe)) }
        }
        let (settings, settingsProblems) = ContentLoader.settings(options)
        diagnostics.append(contentsOf: settingsProblems)
        if settingsProblems.hasErrors { return BuildResult(status: .usageErrors, diagnostics: diagnostics) }

        progress("loading", 0.0)
        var (site, loadProblems) = ContentLoader.load(options, settings: settings)
        diagnostics.append(contentsOf: loadProblems)

        progress("finding repeated steps", 0.3)
        let (grouped, repeats, stepProblems) = StepFinder.find(site)
        site = grouped
        site.repeatedSteps = repeats
        diagnostics.append(contentsOf: stepProblems)

        progress("ordering solutions", 0.4)
        let (ranked, rankProblems) = SolutionRanker.rank(site)
        site = ranked
        diagnostics.append(contentsOf: rankProblems)

        progress("linking", 0.5)
        let (linked, linkProblems) = Linker.link(site)
        diagnostics.append(contentsOf: linkProblems)

        progress("cross-linking", 0.55)
        let crossLinked = CrossLinker.link(linked)

        progress("indexing for search", 0.58)
        let searchFiles = SearchIndexer.index(crossLinked)

        progress("rendering", 0.6)
        var (rendered, renderProblems) = SiteRenderer.render(crossLinked)
        rendered.files.append(contentsOf: searchFiles)
        diagnostics.append(contentsOf: renderProblems)

        if diagnostics.hasErrors {
            return BuildResult(status: .contentErrors, diagnostics: diagnostics, site: nil, repeatedSteps: linked.repeatedSteps,
                               stepFiles: Set(linked.steps.keys))
        }
        if write {
            progress("writing", 0.8)
            do {
                try SiteWriter.write(rendered, to: options.output, displayPath: options.displayPath(options.output))
            } catch let problem as Diagnostic {
                diagnostics.append(problem)
                return BuildResult(status: .contentErrors, diagnostics: diagnostics, site: nil)
            } catch {
                diagnostics.append(.error(options.displayPath(options.output), SourcePosition(line: 1, column: 1), "\(error)"))
                return BuildResult(status: .contentErrors, diagnostics: diagnostics, site: nil)
            }
        }
        progress("done", 1.0)
        return BuildResult(status: .built, diagnostics: diagnostics, site: rendered, repeatedSteps: linked.repeatedSteps,
                           stepFiles: Set(linked.steps.keys))
    }
}
