/// The theme: its templates, compiled for the page kinds they render, and its files.
public struct Theme: Sendable {
    /// Each page kind's template, checked and compiled, by template name.
    public var compiled: [String: CompiledTemplate]
    public var assets: [Asset]
    /// Of every template's text: part of each page's fingerprint.
    public var fingerprint: String

    public init(compiled: [String: CompiledTemplate] = [:], assets: [Asset], fingerprint: String = "") {
        self.compiled = compiled
        self.assets = assets
        self.fingerprint = fingerprint
    }
}

/// What every stage hands the next: the knowledge base as loaded and, stage by stage, checked,
/// ordered and linked.
public struct Site: Sendable {
    public var settings: Settings
    public var articles: [Article]
    public var steps: [String: ReusableStep]
    public var assets: [Asset]
    public var theme: Theme
    /// Ids of drafts left out of this build, so links to them get a clear message.
    public var omittedDrafts: Set<String>
    /// For each article id, the ids of the articles its text links to (filled in by the linker).
    public var links: [String: [String]] = [:]
    /// Code, product and tag pages, related articles and back-links (filled in by the cross-linker).
    public var crossReferences = CrossReferences()
    /// Reader outcomes, when kbgen.yml names a feedback file.
    public var feedback: Feedback?
    /// Steps written in several places, found by the step finder, by id.
    public var sharedSteps: [String: SharedStep] = [:]
    /// The groups of repeated steps, largest first, for `kbgen check`.
    public var repeatedSteps: [RepeatedStepGroup] = []
    /// Steps the step finder left out because they repeat an earlier step of their solution, by
    /// article id: a rebuild that replays one article's stages drops the same ones.
    /// By article id, a fingerprint of what the stages after parsing read of the article as parsed
    /// (`ArticleReplay.key`); made only for builds that keep their model for the next one.
    public var stageKeys: [String: String] = [:]
    /// Each article's model fingerprint, in article order (`Fingerprint.articles`), when made before
    /// rendering: a rebuild takes the unchanged articles' from the last build.
    var articlePrints: [Fingerprint] = []

    public init(settings: Settings, articles: [Article], steps: [String: ReusableStep], assets: [Asset],
                theme: Theme, omittedDrafts: Set<String> = []) {
        self.settings = settings
        self.articles = articles
        self.steps = steps
        self.assets = assets
        self.theme = theme
        self.omittedDrafts = omittedDrafts
    }
}
