import Foundation

/// Where to read and write, and the switches of one run. Passed to every stage that needs it.
public struct BuildOptions: Sendable {
    public var workingDirectory: URL
    public var content: URL
    public var templates: URL
    public var output: URL
    public var settingsFile: URL
    /// Overrides `base_url` from kbgen.yml.
    public var baseURL: String?
    public var includeDrafts: Bool
    /// False for `--full`: ignore the cache of the last build and render every page.
    public var incremental = true
    /// Identifies the kbgen that builds, so that a cache written by another build of kbgen is not used.
    public var toolVersion = ""
    /// Time the parts of rendering as well as the stages (`--timings`).
    public var timings = false
    /// True when the templates folder was named (`--templates`): a missing one is then an error.
    /// The default folder may be missing, and the built-in theme is used whole.
    public var templatesNamed = false
    /// Bring the output up to date where it is (`SiteWriter.update`) rather than make it beside
    /// and exchange it: for the preview of `kbgen serve`, never for the published site.
    public var updateInPlace = false
    /// Keep the model, the search counts and the cache in memory for the next build of this
    /// process (`BuildResult.held`) instead of writing them beside the output; the process writes
    /// them when it ends (`SiteWriter.keep`). A model left older than the cache is never used,
    /// and an output without its cache is built whole.
    public var holdModel = false

    public init(workingDirectory: URL, content: String = "Content", templates: String = "Templates",
                output: String = "Output", settingsFile: String = "kbgen.yml",
                baseURL: String? = nil, includeDrafts: Bool = false) {
        let wd = workingDirectory.standardizedFileURL
        func resolve(_ path: String) -> URL {
            (path.hasPrefix("/") ? URL(fileURLWithPath: path) : wd.appendingPathComponent(path)).standardizedFileURL
        }
        self.workingDirectory = wd
        self.content = resolve(content)
        self.templates = resolve(templates)
        self.output = resolve(output)
        self.settingsFile = resolve(settingsFile)
        self.baseURL = baseURL
        self.includeDrafts = includeDrafts
    }

    /// A path as diagnostics show it: relative to the working folder when inside it.
    public func displayPath(_ url: URL) -> String {
        let base = workingDirectory.path.hasSuffix("/") ? workingDirectory.path : workingDirectory.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
