import Foundation

/// The first stage and the only one that reads files: kbgen.yml, Content/ and Templates/.
/// It parses what it reads and hands the pipeline a `Site`.
public enum ContentLoader {
    /// Reads kbgen.yml; a missing file means the defaults.
    public static func settings(_ options: BuildOptions) -> (Settings, Diagnostics) {
        var diagnostics = Diagnostics()
        var settings = Settings()
        let path = options.settingsFile.path
        if FileManager.default.fileExists(atPath: path) {
            let file = options.displayPath(options.settingsFile)
            if let text = readText(options.settingsFile, file: file, diagnostics: &diagnostics) {
                settings = SettingsParser.parse(text, file: file, diagnostics: &diagnostics)
            }
        }
        if let override = options.baseURL {
            if let problem = SettingsParser.baseURLProblem(override) {
                diagnostics.append(.error("--base-url", SourcePosition(line: 1, column: 1), problem))
            } else {
                settings.baseURL = override
            }
        }
        return (settings, diagnostics)
    }

    public static func load(_ options: BuildOptions, settings: Settings) -> (Site, Diagnostics) {
        var diagnostics = Diagnostics()
        let contentDisplay = options.displayPath(options.content)
        var articles: [Article] = []
        var steps: [String: ReusableStep] = [:]
        var assets: [Asset] = []
        var drafts: Set<String> = []

        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: options.content.path, isDirectory: &isDirectory) || !isDirectory.boolValue {
            diagnostics.append(.error(contentDisplay, SourcePosition(line: 1, column: 1),
                                      "the content folder does not exist; create it and put fix articles (*.md) in it"))
        } else {
            let entries = walk(options.content, display: contentDisplay, diagnostics: &diagnostics)
            var pages: [String] = []
            for entry in entries {
                let name = (entry as NSString).lastPathComponent
                if entry.hasSuffix(".md") && !name.hasPrefix("_") {
                    pages.append(entry)
                } else if !name.hasPrefix("_") || !entry.hasSuffix(".md") {
                    assets.append(Asset(source: options.content.appendingPathComponent(entry).path, path: entry))
                }
            }
            // Reading and parsing are independent per file: all cores, results in path order.
            let parsed = Parallel.map(pages.count, chunk: 32) { i -> (Parsed, Diagnostics) in
                let entry = pages[i]
                var found = Diagnostics()
                let file = contentDisplay + "/" + entry
                let id = String(entry.dropLast(3))
                guard let text = readText(options.content.appendingPathComponent(entry), file: file, diagnostics: &found) else {
                    return (.nothing, found)
                }
                if entry.hasPrefix("steps/") {
                    let stepID = String(id.dropFirst(6))
                    let step = ArticleParser.parseStep(id: stepID, file: file, text: text, diagnostics: &found)
                    return (step.map(Parsed.step) ?? .nothing, found)
                }
                let article = ArticleParser.parse(id: id, file: file, text: text, diagnostics: &found)
                return (article.map(Parsed.article) ?? .nothing, found)
            }
            for (result, found) in parsed {
                diagnostics.append(contentsOf: found)
                switch result {
                case .step(let step):
                    steps[step.id] = step
                case .article(let article):
                    if article.meta.draft && !options.includeDrafts {
                        drafts.insert(article.id)
                    } else {
                        articles.append(article)
                    }
                case .nothing:
                    break
                }
            }
        }

        var templates: [String: String] = [:]
        var themeAssets: [Asset] = []
        let templatesDisplay = options.displayPath(options.templates)
        if !FileManager.default.fileExists(atPath: options.templates.path, isDirectory: &isDirectory) || !isDirectory.boolValue {
            diagnostics.append(.error(templatesDisplay, SourcePosition(line: 1, column: 1),
                                      "the templates folder does not exist; kbgen needs a theme (copy Templates/ from kbgen)"))
        } else {
            for entry in walk(options.templates, display: templatesDisplay, diagnostics: &diagnostics) {
                let url = options.templates.appendingPathComponent(entry)
                if entry.hasSuffix(".mustache") {
                    if let text = readText(url, file: templatesDisplay + "/" + entry, diagnostics: &diagnostics) {
                        templates[String(entry.dropLast(9))] = SourceText.normalize(text)
                    }
                } else {
                    themeAssets.append(Asset(source: url.path, path: entry))
                }
            }
        }
        let theme = ThemeLoader.theme(templates: templates, assets: themeAssets, folder: templatesDisplay, diagnostics: &diagnostics)
        articles.sort { $0.id < $1.id }
        var site = Site(settings: settings, articles: articles, steps: steps, assets: assets, theme: theme, omittedDrafts: drafts)
        if let named = settings.feedback {
            let url = named.value.hasPrefix("/") ? URL(fileURLWithPath: named.value) : options.workingDirectory.appendingPathComponent(named.value)
            let file = options.displayPath(url)
            if FileManager.default.fileExists(atPath: url.path) {
                if let text = readText(url, file: file, diagnostics: &diagnostics) {
                    site.feedback = FeedbackParser.parse(text, file: file, diagnostics: &diagnostics)
                }
            } else {
                diagnostics.append(.error(options.displayPath(options.settingsFile), named.position,
                                          "the feedback file \(file) does not exist; create it (article,solution,worked,failed) or remove the feedback setting"))
            }
        }
        return (site, diagnostics)
    }

    enum Parsed {
        case article(Article)
        case step(ReusableStep)
        case nothing
    }

    /// The current text of source files, by the paths diagnostics show, for tools that rewrite them.
    public static func sources(_ paths: [String], options: BuildOptions) -> ([String: String], Diagnostics) {
        var diagnostics = Diagnostics()
        var texts: [String: String] = [:]
        for path in Set(paths) {
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : options.workingDirectory.appendingPathComponent(path)
            if let text = readText(url, file: path, diagnostics: &diagnostics) { texts[path] = text }
        }
        return (texts, diagnostics)
    }

    static func readText(_ url: URL, file: String, diagnostics: inout Diagnostics) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            diagnostics.append(.error(file, SourcePosition(line: 1, column: 1), "cannot read this file"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(.error(file, SourcePosition(line: 1, column: 1), "this file is not UTF-8 text; save it as UTF-8"))
            return nil
        }
        return text
    }

    /// Relative paths of the regular files under `root`, sorted, hidden files left out.
    /// A symbolic link is followed only to a file inside `root`, never out of it.
    static func walk(_ root: URL, display: String, diagnostics: inout Diagnostics) -> [String] {
        let fm = FileManager.default
        let rootReal = root.resolvingSymlinksInPath().path
        var result: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let dir = relative.isEmpty ? root : root.appendingPathComponent(relative)
            guard let names = try? fm.contentsOfDirectory(atPath: dir.path) else { continue }
            for name in names where !name.hasPrefix(".") {
                let rel = relative.isEmpty ? name : relative + "/" + name
                let url = root.appendingPathComponent(rel)
                guard let attributes = try? fm.attributesOfItem(atPath: url.path),
                      let type = attributes[.type] as? FileAttributeType else { continue }
                switch type {
                case .typeDirectory:
                    pending.append(rel)
                case .typeRegular:
                    result.append(rel)
                case .typeSymbolicLink:
                    let target = url.resolvingSymlinksInPath().path
                    var isDir: ObjCBool = false
                    guard target.hasPrefix(rootReal + "/"), fm.fileExists(atPath: target, isDirectory: &isDir) else {
                        diagnostics.append(.warning(display + "/" + rel, SourcePosition(line: 1, column: 1),
                                                    "skipped: this symbolic link points outside \(display)/ or nowhere"))
                        continue
                    }
                    if isDir.boolValue {
                        diagnostics.append(.warning(display + "/" + rel, SourcePosition(line: 1, column: 1),
                                                    "skipped: a symbolic link to a folder; the folder it points at is built already"))
                    } else {
                        result.append(rel)
                    }
                default:
                    continue
                }
            }
        }
        return result.sorted()
    }
}
