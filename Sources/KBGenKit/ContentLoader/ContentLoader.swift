import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

    /// Everything a build reads, before parsing: enough to tell whether anything changed.
    public struct Sources: Sendable {
        /// Markdown files under Content/ by path from it, with their text (nil when unreadable).
        var pages: [(entry: String, text: String?)] = []
        /// The fingerprint of each page's text, in the order of `pages`.
        var pageHashes: [String] = []
        /// Each page's size, times and file number, in the order of `pages` (`Entry.change`).
        var pageStamps: [String] = []
        /// Pages not read because their size, times and file number are the ones the last build
        /// recorded with their fingerprint: `parse` reads them should it need their text.
        var unread = Set<Int>()
        var contentRoot = ""
        var assets: [Asset] = []
        var templates: [String: String] = [:]
        /// The templates taken from the built-in theme, which no file of the templates folder replaced.
        var builtInTemplates = Set<String>()
        var themeAssets: [Asset] = []
        var feedback: (file: String, text: String?)?
        var settings: Settings
        var diagnostics = Diagnostics()
        var contentMissing = false
        var templatesMissing = false
        /// Fingerprint of all of the above and of the options that change the output.
        public var fingerprint = ""
        /// The same but for what only pages are made from: the texts of articles (pages outside
        /// Content/steps/), the theme, and the site's title, language and address; and but for
        /// `rankingInputs`. When only those changed, a rebuild may replay the stages of just the
        /// changed articles, or of none.
        public var otherInputs = ""
        /// What orders solutions across the knowledge base: the order setting and the text of the
        /// reader feedback file. When it changed, a replay orders every article's solutions again.
        public var rankingInputs = ""

        /// Each readable page's stamp and fingerprint by path under Content/, for the next build.
        public var pageRecords: [String: BuildCache.Page] {
            var out: [String: BuildCache.Page] = [:]
            for (i, page) in pages.enumerated() where page.text != nil || unread.contains(i) {
                out[page.entry] = BuildCache.Page(stamp: pageStamps[i], fingerprint: pageHashes[i])
            }
            return out
        }
    }

    public static func load(_ options: BuildOptions, settings: Settings) -> (Site, Diagnostics) {
        parse(read(options, settings: settings), options: options)
    }

    /// Reads Content/, Templates/ and the feedback file, without parsing them.
    /// - Parameter known: the pages the last build read, when its output is intact: a page with
    ///   the same stamp is not read, and its fingerprint is the one recorded.
    public static func read(_ options: BuildOptions, settings: Settings, known: [String: BuildCache.Page] = [:]) -> Sources {
        var sources = Sources(settings: settings)
        let contentDisplay = options.displayPath(options.content)
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: options.content.path, isDirectory: &isDirectory) || !isDirectory.boolValue {
            sources.contentMissing = true
        } else {
            var pages: [String] = []
            let root = options.content.path
            sources.contentRoot = root
            for entry in walk(options.content, display: contentDisplay, diagnostics: &sources.diagnostics) {
                let name = entry.path.lastIndex(of: "/").map { entry.path[entry.path.index(after: $0)...] } ?? Substring(entry.path)
                if entry.path.hasSuffix(".md") && !name.hasPrefix("_") {
                    pages.append(entry.path)
                    sources.pageStamps.append(entry.change)
                } else if !name.hasPrefix("_") || !entry.path.hasSuffix(".md") {
                    sources.assets.append(Asset(source: root + "/" + entry.path, path: entry.path, stamp: entry.stamp,
                                               file: contentDisplay + "/" + entry.path))
                }
            }
            // Reading is independent per file: all cores, results in path order.
            let stamps = sources.pageStamps
            let texts = Parallel.map(pages.count, chunk: 64) { i -> (String?, String, Diagnostics) in
                var found = Diagnostics()
                if let page = known[pages[i]], page.stamp == stamps[i] { return (nil, page.fingerprint, found) }
                // Paths are joined as text: a URL per file cost more than reading it.
                let text = readText(path: root + "/" + pages[i], file: contentDisplay + "/" + pages[i], diagnostics: &found)
                return (text, Fingerprint.of(text ?? "\u{0}unreadable"), found)
            }
            for (i, (text, hash, found)) in texts.enumerated() {
                if text == nil && found.all.isEmpty { sources.unread.insert(i) }
                sources.pages.append((pages[i], text))
                sources.pageHashes.append(hash)
                sources.diagnostics.append(contentsOf: found)
            }
        }

        readTheme(options, into: &sources)
        if let named = settings.feedback {
            let url = feedbackFile(named.value, options: options)
            let file = options.displayPath(url)
            if FileManager.default.fileExists(atPath: url.path) {
                sources.feedback = (file, readText(url, file: file, diagnostics: &sources.diagnostics))
            } else {
                sources.feedback = (file, nil)
            }
        }
        sources.fingerprint = fingerprint(sources, options: options, stagesOnly: false)
        sources.otherInputs = fingerprint(sources, options: options, stagesOnly: true)
        var ranking = Fingerprint()
        ranking.add(sources.settings.order.rawValue)
        ranking.add(sources.feedback?.text ?? "\u{0}none")
        sources.rankingInputs = ranking.hex
        return sources
    }

    /// The feedback file `kbgen.yml` names (`feedback:`), where the build, the preview's watcher and
    /// `kbgen feedback import` all look for it: from the working folder, unless written absolute.
    public static func feedbackFile(_ name: String, options: BuildOptions) -> URL {
        name.hasPrefix("/") ? URL(fileURLWithPath: name) : options.workingDirectory.appendingPathComponent(name)
    }

    /// The built-in theme, with each file of the templates folder in place of the built-in file of
    /// the same path: a theme author keeps only the files they changed.
    static func readTheme(_ options: BuildOptions, into sources: inout Sources) {
        let templatesDisplay = options.displayPath(options.templates)
        var isDirectory: ObjCBool = false
        var own = Set<String>()
        if FileManager.default.fileExists(atPath: options.templates.path, isDirectory: &isDirectory) && isDirectory.boolValue {
            for entry in walk(options.templates, display: templatesDisplay, diagnostics: &sources.diagnostics) {
                own.insert(entry.path)
                let url = options.templates.appendingPathComponent(entry.path)
                if entry.path.hasSuffix(".mustache") {
                    if let text = readText(url, file: templatesDisplay + "/" + entry.path, diagnostics: &sources.diagnostics) {
                        sources.templates[String(entry.path.dropLast(9))] = SourceText.normalize(text)
                    }
                } else {
                    sources.themeAssets.append(Asset(source: url.path, path: entry.path, stamp: entry.stamp,
                                                    file: templatesDisplay + "/" + entry.path))
                }
            }
        } else if options.templatesNamed {
            sources.templatesMissing = true
            return
        }
        for (path, bytes) in BuiltInTheme.files.sorted(by: { $0.key < $1.key }) where !own.contains(path) {
            if path.hasSuffix(".mustache") {
                let name = String(path.dropLast(9))
                sources.templates[name] = SourceText.normalize(String(decoding: bytes, as: UTF8.self))
                sources.builtInTemplates.insert(name)
            } else {
                sources.themeAssets.append(Asset(builtIn: path, bytes: bytes))
            }
        }
        sources.themeAssets.sort { $0.path < $1.path }
    }

    /// - Parameter stagesOnly: leave out what only pages are made from: the articles' texts (the
    ///   cache keeps each one's fingerprint), the theme, and the site's title, language and address.
    ///   What is left is what the stages read besides the articles.
    static func fingerprint(_ sources: Sources, options: BuildOptions, stagesOnly: Bool) -> String {
        var f = Fingerprint()
        f.add(stagesOnly ? 0 : 1)
        f.add(BuildCache.format)
        f.add(options.toolVersion)
        f.add(options.includeDrafts ? 1 : 0)
        f.add(options.displayPath(options.content))
        if stagesOnly {
            // The order and the feedback file's text are `rankingInputs`.
            f.add(String(describing: sources.settings.dedupeThreshold))
            f.add(String(describing: sources.settings.stepVocabulary.entries))
            f.add(String(describing: sources.settings.sameSteps.map { $0.map(\.value) }))
            f.add(String(describing: sources.settings.neverSameSteps.map { $0.map(\.value) }))
            f.add(String(describing: sources.settings.feedback))
        } else {
            f.add(options.displayPath(options.templates))
            f.add(String(describing: sources.settings))
        }
        // What was found while reading (a skipped link, an unreadable file), not only how much:
        // a renamed link that is skipped must be reported by its new name.
        f.add(sources.diagnostics.all.count)
        for d in sources.diagnostics.all { f.add(d.file); f.add(d.line); f.add(d.column); f.add(d.message) }
        for (i, page) in sources.pages.enumerated() {
            f.add(page.entry)
            if !stagesOnly || page.entry.hasPrefix("steps/") { f.add(sources.pageHashes[i]) }
        }
        if !stagesOnly {
            for name in sources.templates.keys.sorted() {
                f.add(name)
                f.add(sources.templates[name]!)
            }
        }
        for asset in sources.assets + (stagesOnly ? [] : sources.themeAssets) {
            f.add(asset.path)
            f.add(asset.stamp)
        }
        if let feedback = sources.feedback {
            f.add(feedback.file)
            if !stagesOnly || feedback.text == nil { f.add(feedback.text ?? "\u{0}missing") }
        }
        return f.hex
    }

    /// Parses what `read` found into the site the other stages work on.
    public static func parse(_ sources: Sources, options: BuildOptions) -> (Site, Diagnostics) {
        var diagnostics = sources.diagnostics
        let settings = sources.settings
        let contentDisplay = options.displayPath(options.content)
        var articles: [Article] = []
        var steps: [String: ReusableStep] = [:]
        var drafts: Set<String> = []

        if sources.contentMissing {
            diagnostics.append(.error(contentDisplay, .whole,
                                      "there is no content folder here; run kbgen init to start a knowledge base, or name your folder of articles with --content"))
        } else {
            let pages = sources.pages, unread = sources.unread, root = sources.contentRoot
            // Parsing is independent per file: all cores, results in path order.
            let parsed = Parallel.map(pages.count, chunk: 32) { i in
                guard unread.contains(i) else { return parse(page: pages[i].entry, text: pages[i].text, folder: contentDisplay) }
                var found = Diagnostics()
                let text = readText(path: root + "/" + pages[i].entry, file: contentDisplay + "/" + pages[i].entry, diagnostics: &found)
                let (result, more) = parse(page: pages[i].entry, text: text, folder: contentDisplay)
                found.append(contentsOf: more)
                return (result, found)
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

        let theme = theme(sources, options: options, diagnostics: &diagnostics)
        articles.sort { $0.id < $1.id }
        var site = Site(settings: settings, articles: articles, steps: steps, assets: sources.assets, theme: theme, omittedDrafts: drafts)
        if let (file, text) = sources.feedback {
            if let text {
                site.feedback = FeedbackParser.parse(text, file: file, diagnostics: &diagnostics)
            } else if let named = settings.feedback, !sources.diagnostics.all.contains(where: { $0.file == file }) {
                diagnostics.append(.error(options.displayPath(options.settingsFile), named.position,
                                          "the feedback file \(file) does not exist; create it (article,solution,worked,failed) or remove the feedback setting"))
            }
        }
        return (site, diagnostics)
    }

    /// The theme compiled; one error, at the folder, when the templates folder named does not exist.
    static func theme(_ sources: Sources, options: BuildOptions, diagnostics: inout Diagnostics) -> Theme {
        let templatesDisplay = options.displayPath(options.templates)
        guard !sources.templatesMissing else {
            diagnostics.append(.error(templatesDisplay, .whole,
                                      "the templates folder does not exist; name a folder that does, or leave out --templates to build with the built-in theme"))
            return Theme(assets: [])
        }
        return ThemeLoader.theme(templates: sources.templates, builtIn: sources.builtInTemplates, assets: sources.themeAssets,
                                 folder: templatesDisplay, diagnostics: &diagnostics)
    }

    static func parse(page entry: String, text: String?, folder contentDisplay: String) -> (Parsed, Diagnostics) {
        var found = Diagnostics()
        guard let text else { return (.nothing, found) }
        let file = contentDisplay + "/" + entry
        let id = String(entry.dropLast(3))
        if entry.hasPrefix("steps/") {
            let stepID = String(id.dropFirst(6))
            let step = ArticleParser.parseStep(id: stepID, file: file, text: text, diagnostics: &found)
            return (step.map(Parsed.step) ?? .nothing, found)
        }
        let article = ArticleParser.parse(id: id, file: file, text: text, diagnostics: &found)
        return (article.map(Parsed.article) ?? .nothing, found)
    }

    /// The articles that changed since the last build, parsed, and this build's settings, assets
    /// and theme: all a rebuild that replays their stages needs besides the last build's model.
    public struct Changed: Sendable {
        public var articles: [Article]
        /// The changed articles' own problems: those of everything else are the last build's.
        public var diagnostics: Diagnostics
        public var site: Site
        /// True when the order setting or the reader feedback changed: `site.feedback` is then
        /// read again, its problems are in `diagnostics`, and every article's solutions are to be
        /// ordered again.
        public var rerank = false
    }

    /// Parses only the articles whose text changed since the last build, by the fingerprints its
    /// cache recorded. Nil when anything else changed, or a changed article has errors or is or was
    /// a draft: then every article is parsed. (`otherInputs` holds every page's path and every step
    /// file's text, so no page was added, removed or renamed, and no step file changed.)
    public static func parse(_ sources: Sources, changedSince last: LastBuild, recorded: [String: BuildCache.Page],
                             options: BuildOptions) -> Changed? {
        guard sources.otherInputs == last.otherInputs, !sources.contentMissing, !sources.templatesMissing else { return nil }
        var themeProblems = Diagnostics()
        let theme = theme(sources, options: options, diagnostics: &themeProblems)
        guard !themeProblems.hasErrors else { return nil }
        let contentDisplay = options.displayPath(options.content)
        var result = Changed(articles: [], diagnostics: Diagnostics(),
                             site: Site(settings: sources.settings, articles: [], steps: [:], assets: sources.assets, theme: theme))
        if sources.rankingInputs != last.rankingInputs {
            result.rerank = true
            if let (file, text) = sources.feedback, let text {
                result.site.feedback = FeedbackParser.parse(text, file: file, diagnostics: &result.diagnostics)
                guard !result.diagnostics.hasErrors else { return nil }
            }
        }
        for (i, page) in sources.pages.enumerated() where recorded[page.entry]?.fingerprint != sources.pageHashes[i] {
            let (parsed, found) = parse(page: page.entry, text: page.text, folder: contentDisplay)
            guard case .article(let article) = parsed, !found.hasErrors, !article.meta.draft || options.includeDrafts,
                  !last.omittedDrafts.contains(article.id) else { return nil }
            result.articles.append(article)
            result.diagnostics.append(contentsOf: found)
        }
        return result
    }


    /// The cache the last build left in the output folder, or that this process holds of it
    /// (`held`), when this build may use it: written by this kbgen, and the output still exactly
    /// as that build left it.
    public static func previousBuild(_ options: BuildOptions, held: BuildCache? = nil) -> BuildCache? {
        let url = options.output.appendingPathComponent(BuildCache.fileName)
        guard options.incremental,
              let cache = held ?? FileManager.default.contents(atPath: url.path).flatMap({ data in
                  data.withUnsafeBytes { BuildCache.decode(bytes: $0.bindMemory(to: UInt8.self)) }
              }),
              cache.tool == options.toolVersion, isIntact(options.output, cache: cache) else { return nil }
        return cache
    }

    /// The model the last build kept beside its output, when it belongs to that build's cache: its
    /// header decoded, its articles left as bytes until the replay is known to apply.
    public static func lastBuild(_ options: BuildOptions, previous: BuildCache) -> LastBuild? {
        let path = options.output.appendingPathComponent(LastBuild.fileName).path
        guard let data = FileManager.default.contents(atPath: path),
              let last = data.withUnsafeBytes({ LastBuild.decodeHeader($0) }), last.inputs == previous.inputs else { return nil }
        return last
    }

    /// The search index's counts the last build kept beside its output, when they are there whole.
    public static func searchCounts(_ options: BuildOptions, previous: BuildCache) -> SearchCounts? {
        let path = options.output.appendingPathComponent(SearchCounts.fileName).path
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return data.withUnsafeBytes { SearchCounts.decode($0) }
    }

    /// True when the output folder holds exactly the files the cache lists, each with the size and
    /// time it had when written: nobody changed, added or removed a file since, so it can be kept.
    /// Folders are listed on one core, then every file is looked at on all cores.
    static func isIntact(_ output: URL, cache: BuildCache) -> Bool {
        guard FileManager.default.fileExists(atPath: output.appendingPathComponent(SiteWriter.marker).path),
              let tree = FolderListing.tree(output.path) else { return false }
        let root = output.path + "/"
        // What the build keeps beside its site, not files of it.
        let kept = Set([SiteWriter.marker, BuildCache.fileName, LastBuild.fileName, SearchCounts.fileName].map { root + $0 })
        let files = tree.files.filter { !kept.contains($0) }
        guard files.count == cache.files.count else { return false }
        return !Parallel.map(files.count, chunk: 512) { i -> Bool in
            var info = stat()
            guard let entry = cache.files[String(files[i].dropFirst(root.count))], lstat(files[i], &info) == 0,
                  info.st_mode & S_IFMT == S_IFREG else { return false }
            let stamp = BuildCache.stamp(info)
            return stamp.size == entry.size && stamp.modified == entry.modified
        }.contains(false)
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
        readText(path: url.path, file: file, diagnostics: &diagnostics)
    }

    static func readText(path: String, file: String, diagnostics: inout Diagnostics) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.append(.error(file, SourcePosition(line: 1, column: 1), "cannot read this file"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(.error(file, SourcePosition(line: 1, column: 1), "this file is not UTF-8 text; save it as UTF-8"))
            return nil
        }
        // NUL is valid UTF-8 but never in text: half the bytes of UTF-16 without a byte order mark
        // are NUL, and a stray one would end a C string in the Markdown parser.
        let nul = data.withUnsafeBytes { b -> Int? in
            guard let base = b.baseAddress, let hit = memchr(base, 0, b.count) else { return nil }
            return UnsafeRawPointer(hit) - base
        }
        if let at = nul {
            let bytes = [UInt8](data)
            let utf16 = bytes.count > 1 && (bytes[0] == 0 || bytes[1] == 0)
            let before = bytes[..<at]
            let line = before.filter { $0 == 10 }.count + 1
            let column = at - (before.lastIndex(of: 10).map { $0 + 1 } ?? 0) + 1
            diagnostics.append(.error(file, utf16 ? SourcePosition(line: 1, column: 1) : SourcePosition(line: line, column: column), utf16
                ? "this file is not UTF-8 text (it looks like UTF-16); save it as UTF-8"
                : "this file holds a NUL byte, which text never does; remove it"))
            return nil
        }
        return text
    }

    /// A file found under a folder: its path from the folder and its size and modification time,
    /// which stand for an asset's content in the build's fingerprint.
    struct Entry {
        var path: String
        var stamp: String
        /// Size, modification and change times and file number: a page whose text was written,
        /// replaced or made unreadable since has another.
        var change: String
    }

    static func stamp(_ info: stat) -> String {
        let stamp = BuildCache.stamp(info)
        return "\(stamp.size)-\(stamp.modified)"
    }

    static func change(_ info: stat) -> String {
        stamp(info) + "-\(Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec))-\(info.st_ino)-\(info.st_mode)"
    }

    /// Relative paths of the regular files under `root`, sorted, hidden files left out.
    /// A symbolic link is followed only to a file inside `root`, never out of it. A folder that
    /// cannot be read, or a name that cannot be published everywhere, is an error naming it:
    /// nothing under `root` is left out of the site without a word. Folders are listed on one
    /// core, then every other name is looked at on all cores.
    static func walk(_ root: URL, display: String, diagnostics: inout Diagnostics) -> [Entry] {
        let fm = FileManager.default
        let rootPath = root.path
        var names: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let dir = relative.isEmpty ? rootPath : rootPath + "/" + relative
            guard let listed = FolderListing.entries(dir) else {
                // A missing content folder is reported where the settings are read.
                if !relative.isEmpty || fm.fileExists(atPath: rootPath) {
                    let reason = access(dir, R_OK | X_OK) == 0 ? "" : " (\(String(cString: strerror(errno))))"
                    diagnostics.append(.error(relative.isEmpty ? display : display + "/" + relative, SourcePosition(line: 1, column: 1),
                                              "cannot read this folder\(reason); its files would be left out of the site; make it readable"))
                }
                continue
            }
            for (name, type, utf8) in listed where !name.hasPrefix(".") {
                let rel = relative.isEmpty ? name : relative + "/" + name
                guard utf8 else {
                    diagnostics.append(.error(display + "/" + rel, SourcePosition(line: 1, column: 1),
                                              "this name is not UTF-8 text (the bytes shown as \u{FFFD}), so it would be left out of the site; rename it"))
                    continue
                }
                switch FolderListing.isFolder(type, at: rootPath + "/" + rel) {
                case true?:
                    if let problem = PublishableName.problem(name: name, path: rel) {
                        diagnostics.append(.error(display + "/" + rel, SourcePosition(line: 1, column: 1), problem))
                    } else {
                        pending.append(rel)
                    }
                case false?: names.append(rel)
                case nil: continue
                }
            }
        }
        let rootReal = root.resolvingSymlinksInPath().path
        let looked = Parallel.map(names.count, chunk: 128) { lookAt(names[$0], root: rootPath, rootReal: rootReal, display: display) }
        var result: [Entry] = []
        result.reserveCapacity(looked.count)
        for (entry, problem) in looked {
            if let entry { result.append(entry) }
            if let problem { diagnostics.append(problem) }
        }
        return result.sorted { $0.path < $1.path }
    }

    /// A name under the content folder that is not a folder: its entry, or why it is left out.
    static func lookAt(_ rel: String, root: String, rootReal: String, display: String) -> (Entry?, Diagnostic?) {
        let name = rel.lastIndex(of: "/").map { String(rel[rel.index(after: $0)...]) } ?? rel
        if let problem = PublishableName.problem(name: name, path: rel) {
            return (nil, .error(display + "/" + rel, SourcePosition(line: 1, column: 1), problem))
        }
        let path = root + "/" + rel
        var info = stat()
        guard lstat(path, &info) == 0 else { return (nil, nil) }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            if access(path, R_OK) != 0 {
                return (nil, .error(display + "/" + rel, SourcePosition(line: 1, column: 1),
                                    "cannot read this file (\(String(cString: strerror(errno)))); it would be left out of the site; make it readable"))
            }
            return (Entry(path: rel, stamp: stamp(info), change: change(info)), nil)
        case S_IFLNK:
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            var isDir: ObjCBool = false
            guard target.hasPrefix(rootReal + "/"), FileManager.default.fileExists(atPath: target, isDirectory: &isDir) else {
                return (nil, .warning(display + "/" + rel, SourcePosition(line: 1, column: 1),
                                      "skipped: this symbolic link points outside \(display)/ or nowhere"))
            }
            if isDir.boolValue {
                return (nil, .warning(display + "/" + rel, SourcePosition(line: 1, column: 1),
                                      "skipped: a symbolic link to a folder; the folder it points at is built already"))
            }
            // The target has every link resolved, so lstat describes the file itself.
            var targetInfo = stat()
            guard lstat(target, &targetInfo) == 0 else { return (nil, nil) }
            return (Entry(path: rel, stamp: stamp(targetInfo), change: change(targetInfo) + "-" + change(info)), nil)
        default:
            return (nil, nil)
        }
    }
}
