import Foundation

/// A file of the generated site: text kbgen rendered, or a file copied as it is.
public struct OutputFile: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case text(String)
        /// A page as the templates wrote it, in UTF-8.
        case bytes([UInt8])
        /// A large text made and written a few pieces at a time, never whole in memory.
        case pieces(Pieces)
        case copy(source: String)
        /// A page whose inputs are those of the page the last build wrote: kept as it is.
        case unchanged
        /// A page made when the writer asks for it (`RenderedSite.produce`).
        case deferred(Int)
    }

    /// Path from the site root.
    public var path: String
    public var content: Content
    /// What the file is made from, for the next build's cache: a page's values and templates,
    /// a copied file's size and time. Empty means the hash of the text.
    public var fingerprint: String

    public init(path: String, content: Content, fingerprint: String = "") {
        self.path = path
        self.content = content
        self.fingerprint = fingerprint
    }
}

/// A large file's text as numbered pieces, each made on demand: the writer asks for a few at a
/// time, made on all cores, and writes them in order. Each piece has a key that stands for its
/// text; a piece whose key the last build's file at the same path has is copied from there.
public final class Pieces: Sendable, Equatable {
    public var count: Int { keys.count }
    /// Each piece's key, which the cache records with its length.
    let keys: [String]
    /// Where each piece is in the last build's file, when that file holds a piece with its key.
    let kept: [Range<Int>?]
    /// The size the last build's file had, which `kept` is true of.
    let keptSize: Int
    let make: @Sendable (Int) -> String

    init(keys: [String], kept: [Range<Int>?] = [], keptSize: Int = 0, _ make: @escaping @Sendable (Int) -> String) {
        self.keys = keys
        self.kept = kept.isEmpty ? Array(repeating: nil, count: keys.count) : kept
        self.keptSize = keptSize
        self.make = make
    }

    /// The same pieces, with where those of `last` (the last build's file: its pieces and size) are.
    func keeping(_ last: BuildCache.Entry?) -> Pieces {
        guard let last, !last.pieces.isEmpty else { return self }
        var places: [String: Range<Int>] = [:], offset = 0
        for piece in last.pieces {
            places[piece.key] = offset..<(offset + piece.length)
            offset += piece.length
        }
        guard offset == last.size else { return self }
        return Pieces(keys: keys, kept: keys.map { places[$0] }, keptSize: last.size, make)
    }

    /// The same pieces, each timed when made.
    func timed(_ clock: PartClock?) -> Pieces {
        guard let clock else { return self }
        let make = self.make
        return Pieces(keys: keys, kept: kept, keptSize: keptSize) { i in clock.measure(.kbJSON) { make(i) } }
    }

    /// The fingerprint of the pieces' keys: the whole text's key.
    var key: String {
        var f = Fingerprint()
        for key in keys { f.add(key) }
        return f.hex
    }

    /// The pieces numbered `indices`, in order, made on all cores.
    func produce(_ indices: [Int]) -> [String] {
        Parallel.map(indices.count, chunk: 1) { make(indices[$0]) }
    }

    /// The whole text, for tests.
    var text: String { produce(Array(0..<count)).joined() }

    public static func == (a: Pieces, b: Pieces) -> Bool { a === b }
}

/// The whole site, ready to be written. Pages are listed with their paths but made only when
/// the writer asks for them, a batch at a time, so the site is never in memory all at once.
public struct RenderedSite: Sendable {
    public var files: [OutputFile]
    public var articleCount: Int
    public var stepPageCount: Int
    var pages: PageMaker?

    public init(files: [OutputFile], articleCount: Int, stepPageCount: Int) {
        self.files = files
        self.articleCount = articleCount
        self.stepPageCount = stepPageCount
    }

    /// Makes again the files other than pages that were kept from the last build (the search index).
    var remakeKept: (@Sendable () -> [OutputFile])?
    /// The model for the next build, written beside the cache as `.kbgen-model`.
    public var model: LastBuild?
    /// The search index's counts for the next build, written beside the cache as `.kbgen-search`.
    public var searchCounts: SearchCounts?
    /// Files made before the writer asked for them, by index into `files`.
    var madeAhead: [Int: OutputFile] = [:]

    /// The same site with every page rendered and every file made, none kept from the last build.
    func renderingEverything() -> RenderedSite {
        var site = self
        site.madeAhead = [:]
        if let pages { site.pages = PageMaker(context: pages.context, pages: pages.pages, previous: nil, clock: pages.clock) }
        if let remakeKept {
            site.files.removeAll { if case .unchanged = $0.content { return true } else { return false } }
            site.files += remakeKept()
            site.remakeKept = nil
        }
        return site
    }

    /// The order the writer takes the files in: the costliest pages first (kb.json, then the
    /// pages that list the most articles), so that the slowest pages are made while many others
    /// are, not alone at the end. Files that cost alike take turns by folder, each folder's in the
    /// order listed: cores writing at once then mostly create files in different folders, where
    /// the kernel does not make one wait for the other's lock on the folder. Files are the same
    /// whatever order they are written in.
    func writingOrder() -> [Int] {
        let cost = files.map { file -> Int in
            if let pages, case .deferred(let page) = file.content { return pages.cost(page) }
            return 1
        }
        // A file's turn: how many files of its folder are listed before it.
        var listed: [String: Int] = [:]
        let turn = files.map { file -> Int in
            let folder = folderPart(file.path)
            defer { listed[folder, default: 0] += 1 }
            return listed[folder, default: 0]
        }
        return files.indices.sorted {
            cost[$0] != cost[$1] ? cost[$0] > cost[$1] : (turn[$0] != turn[$1] ? turn[$0] < turn[$1] : $0 < $1)
        }
    }

    /// The file at `index`, its page made: rendered, or `.unchanged` when the last build wrote it
    /// from the same values and templates.
    func make(_ index: Int) -> OutputFile {
        if let made = madeAhead[index] { return made }
        let file = files[index]
        guard let pages, case .deferred(let page) = file.content else { return file }
        return pages.make(page, path: file.path)
    }
}

/// Makes the pages of a site: Mustache pages and kb.json.
struct PageMaker: @unchecked Sendable {
    let context: PageContext
    let pages: [SiteRenderer.Page]
    let previous: BuildCache?
    /// Times the parts of making pages, for `--timings`.
    let clock: PartClock?

    /// Roughly how long a page takes to make, to start the slowest first: how many entries it
    /// lists, at least one.
    func cost(_ index: Int) -> Int {
        switch pages[index] {
        case .kbJSON: return Int.max
        case .index: return max(1, context.site.articles.count)
        case .step(let id, _): return max(1, context.stepUsers[id]?.count ?? 0)
        case .term(_, _, let term): return max(1, term.articles.count)
        case .terms(_, _, let terms): return max(1, terms.count)
        case .article, .notFound, .search, .feedback: return 1
        }
    }

    func make(_ index: Int, path: String) -> OutputFile {
        let site = context.site
        let page = pages[index]
        if case .kbJSON = page {
            let pieces = clock.measure(.fingerprints) {
                KBJSON.pieces(site: site, users: context.stepUsers, shared: context.shared, prints: context.kbJSONPrints, uses: context.useTexts)
            }
            let key = pieces.key
            if previous?.files[path]?.fingerprint == key { return OutputFile(path: path, content: .unchanged, fingerprint: key) }
            return OutputFile(path: path, content: .pieces(pieces.keeping(previous?.files[path]).timed(clock)), fingerprint: key)
        }
        let template = page.template ?? ""
        // A page is keyed by what it is made from, and an unchanged one is kept before its values are made.
        let source = context.source(page, path: path)
        let fingerprint = clock.measure(.fingerprints) { () -> String in
            var f = source.key
            f.add(site.theme.fingerprint)
            f.add(template)
            return f.hex
        }
        if previous?.files[path]?.fingerprint == fingerprint {
            return OutputFile(path: path, content: .unchanged, fingerprint: fingerprint)
        }
        let values = clock.measure(.values) { source.values() }
        // The theme loader requires every page kind's template, and a build with problems in its
        // theme stops before pages are made, so rendering cannot fail here.
        let html = clock.measure(.templates) { site.theme.compiled[template]?.render(values) ?? [] }
        return OutputFile(path: path, content: .bytes(html), fingerprint: fingerprint)
    }
}

/// Lists every page the templates make, with its path, and the files to copy.
public enum SiteRenderer {
    /// One page to make: its template and how to make its values, or kb.json.
    enum Page {
        case article(Int)
        case index, notFound, search, feedback
        case terms(TermKind, String, [Term])
        case term(TermKind, String, Term)
        case step(String, shared: Bool)
        case kbJSON

        /// The kind of page, whose template renders it; nil for kb.json.
        var kind: PageKind? {
            switch self {
            case .article: return .article
            case .index: return .index
            case .notFound: return .notFound
            case .search: return .search
            case .feedback: return .feedback
            case .terms: return .terms
            case .term: return .term
            case .step: return .step
            case .kbJSON: return nil
            }
        }

        var template: String? { kind?.template }
    }

    /// - Parameters:
    ///   - previous: what the last build wrote, when its output is still in place: pages whose
    ///     fingerprint it already has are not rendered again.
    ///   - clock: times the parts of making pages, for `--timings`.
    ///   - parts: what the last build of this process found of each article (`PageContext.parts`).
    static func render(_ site: Site, previous: BuildCache? = nil, clock: PartClock? = nil,
                       parts: PageContext.Parts = [:]) -> (RenderedSite, Diagnostics) {
        var diagnostics = Diagnostics()
        let context = PageContext(site: site, known: parts)

        var pages: [Page] = site.articles.indices.map(Page.article)
        pages += [.index, .notFound, .search]
        if site.settings.readerFeedback { pages.append(.feedback) }
        let refs = site.crossReferences
        for (kind, folder, terms) in [(TermKind.code, "codes", refs.codes), (.product, "products", refs.products), (.tag, "tags", refs.tags)] {
            pages.append(.terms(kind, folder, terms))
            pages += terms.map { .term(kind, folder, $0) }
        }
        pages += site.steps.keys.sorted().map { .step($0, shared: false) }
        pages += site.sharedSteps.keys.sorted().map { .step($0, shared: true) }
        pages.append(.kbJSON)

        var files: [OutputFile] = pages.enumerated().map { i, page in
            OutputFile(path: context.path(page), content: .deferred(i))
        }
        if site.settings.readerFeedback {
            // Asked for, with the query in its query string, when a search finds nothing: the
            // web server's log is the record (`kbgen report searches`).
            files.append(OutputFile(path: SearchIndexer.notFoundFile, content: .text("Searches that find nothing are counted from the web server's log.\n")))
        }
        if let base = site.settings.baseURL {
            let pages = files.filter { $0.path.hasSuffix(".html") && $0.path != "404.html" && $0.path != FeedbackLinks.page }.map(\.path)
            files.append(OutputFile(path: "sitemap.xml", content: .text(SiteFiles.sitemap(pages: pages, site: site, base: base))))
            files.append(OutputFile(path: "feed.xml", content: .text(SiteFiles.feed(site: site, base: base))))
        }
        for asset in site.theme.assets + site.assets {
            files.append(OutputFile(path: asset.path, content: asset.bytes.map { .bytes($0) } ?? .copy(source: asset.source),
                                    fingerprint: "copy " + asset.stamp))
        }
        diagnostics.append(contentsOf: collisions(files, site: site))
        var rendered = RenderedSite(files: files, articleCount: site.articles.count, stepPageCount: site.steps.count + site.sharedSteps.count)
        rendered.pages = PageMaker(context: context, pages: pages, previous: previous, clock: clock)
        return (rendered, diagnostics)
    }

    /// Two sources for one output path (in any case: Windows and macOS do not tell `A.html`
    /// from `a.html`) would lose one of them silently; the error names both source files.
    static func collisions(_ files: [OutputFile], site: Site) -> [Diagnostic] {
        var seen: [String: Int] = [:]
        var pairs: [(file: Int, earlier: Int)] = []
        for (i, file) in files.enumerated() {
            let key = file.path.lowercased()
            if let earlier = seen[key] { pairs.append((i, earlier)) } else { seen[key] = i }
        }
        guard !pairs.isEmpty else { return [] }
        // Which source files they come from, looked up only when two collide.
        var page: [String: String] = [:], copied: [String: String] = [:], builtIn: [String: String] = [:]
        for a in site.articles { page[a.pagePath] = a.file }
        for (id, step) in site.steps { page[stepPagePath(id)] = step.file }
        for asset in site.theme.assets + site.assets { copied[asset.source] = asset.file }
        for asset in site.theme.assets where asset.bytes != nil { builtIn[asset.path] = asset.file }
        func describe(_ file: OutputFile) -> String {
            if case .copy(let source) = file.content { return copied[source] ?? source }
            if case .bytes = file.content, let name = builtIn[file.path] { return name }
            return page[file.path] ?? "the page " + file.path
        }
        return pairs.map { i, earlier in
            .error(describe(files[i]), SourcePosition(line: 1, column: 1),
                   "this file would be published as \(files[i].path), and so would \(describe(files[earlier])); rename one of them")
        }
    }
}

/// A solution that uses a step, by index into the site's articles and the article's solutions.
struct StepUse {
    let article: Int
    let solution: Int
}

enum TermKind: String, Encodable {
    case code, product, tag

    var singular: String { self == .code ? "Error code" : (self == .product ? "Product" : "Tag") }
    var plural: String { self == .code ? "Error codes" : (self == .product ? "Products" : "Tags") }
}

/// What pages are made from, found once for the whole site; each page's inputs
/// (`PageInputs`) are taken from the site and these.
struct PageContext {
    let site: Site
    let settings: SiteInputs
    /// Reusable step id to the places that use it, in article order.
    let stepUsers: [String: [StepUse]]
    /// Article id to its index in `site.articles`.
    let articleByID: [String: Int]
    /// By article: what listings and links show of it, fingerprinted once.
    let listings: [Prehashed<ArticleListing>]
    /// By article and solution: what a step page shows of it, fingerprinted once (step pages
    /// list them by the thousand).
    let uses: [[Prehashed<StepInputs.Use>]]
    /// By article: the steps its solutions use, each once, by id.
    let stepsUsed: [[String]]
    /// By step id: how many articles use it, which its links say.
    let articlesUsing: [String: Int]
    /// Every reusable step, fingerprinted once: every page's Markdown may link to one.
    let reusable: Prehashed<[String: ReusableStep]>
    /// Each shared step with its fingerprint, by id.
    let shared: [String: Prehashed<SharedStep>]

    /// By article: what kb.json reads of it (`KBJSON.articlePrint`), and its solutions' entries
    /// in steps' `used_by` (`KBJSON.useTexts`).
    let kbJSONPrints: [Fingerprint]
    let useTexts: [[String]]
    /// By article print (`Site.articlePrints`): what listing and step pages need of the article.
    let parts: Parts
    typealias Parts = [Fingerprint: ArticleParts]

    /// What listing and step pages and kb.json need of one article, found from it alone: its
    /// listing, its solutions as step pages show them, the steps they use, by solution, and what
    /// kb.json reads of it.
    struct ArticleParts: Sendable {
        let listing: Prehashed<ArticleListing>
        let solutions: [Prehashed<StepInputs.Use>]
        let uses: [(id: String, solution: Int)]
        let stepsUsed: [String]
        let kbJSONPrint: Fingerprint
        let useTexts: [String]

        init(_ article: Article) {
            let path = article.pagePath, title = article.meta.title
            listing = Prehashed(encoding: ArticleListing(id: article.id, path: path, title: title, summary: article.summary,
                                                         updated: article.meta.updated, folder: article.folder))
            solutions = article.solutions.map {
                Prehashed(encoding: StepInputs.Use(articlePath: path, articleTitle: title, target: path + "#" + $0.anchor, title: $0.title.plainText))
            }
            uses = PageContext.stepUses(article, index: 0).map { ($0.id, $0.use.solution) }
            stepsUsed = Set(uses.map(\.id)).sorted()
            kbJSONPrint = KBJSON.articlePrint(article)
            useTexts = KBJSON.useTexts(article)
        }
    }

    /// - Parameter known: the parts the last build of this process found, by article print: an
    ///   article whose print is there is not looked at again.
    init(site: Site, known: Parts = [:]) {
        self.site = site
        settings = SiteInputs(site.settings)
        var byID: [String: Int] = [:]
        for i in site.articles.indices { byID[site.articles[i].id] = i }
        articleByID = byID
        // What step and listing pages need of each article is found on all cores, reading articles
        // in place (or taken from `known`), then the uses gathered in article order, by step
        // number: hashing each use's id on one core was most of listing the pages. An id no step
        // has (a broken link, reported elsewhere) is gathered by its text.
        var number: [String: Int] = [:]
        for id in site.steps.keys where number[id] == nil { number[id] = number.count }
        for id in site.sharedSteps.keys where number[id] == nil { number[id] = number.count }
        let prints = site.articlePrints.count == site.articles.count ? site.articlePrints : nil
        let perArticle = Parallel.map(site.articles.count, chunk: 256) { a -> (parts: ArticleParts, numbers: [Int]) in
            let parts = prints.flatMap { known[$0[a]] } ?? ArticleParts(site.articles[a])
            return (parts, parts.uses.map { number[$0.id] ?? -1 })
        }
        listings = perArticle.map(\.parts.listing)
        uses = perArticle.map(\.parts.solutions)
        stepsUsed = perArticle.map(\.parts.stepsUsed)
        kbJSONPrints = perArticle.map(\.parts.kbJSONPrint)
        useTexts = perArticle.map(\.parts.useTexts)
        var kept: Parts = [:]
        if let prints {
            kept.reserveCapacity(prints.count)
            for (a, article) in perArticle.enumerated() { kept[prints[a]] = article.parts }
        }
        parts = kept
        var byNumber = [[StepUse]](repeating: [], count: number.count)
        var users: [String: [StepUse]] = [:]
        for (a, article) in perArticle.enumerated() {
            for (k, n) in article.numbers.enumerated() {
                let use = StepUse(article: a, solution: article.parts.uses[k].solution)
                if n >= 0 { byNumber[n].append(use) } else { users[article.parts.uses[k].id, default: []].append(use) }
            }
        }
        for (id, n) in number where !byNumber[n].isEmpty { users[id] = byNumber[n] }
        stepUsers = users
        // Uses come article by article, in order: an article's uses are next to each other.
        articlesUsing = users.mapValues { uses in
            var count = 0, last = -1
            for use in uses where use.article != last {
                count += 1
                last = use.article
            }
            return count
        }
        (reusable, shared) = Self.stepPrints(site)
    }

    /// The steps an article's solutions use, each once per solution, in order.
    static func stepUses(_ article: Article, index a: Int) -> [(id: String, use: StepUse)] {
        var found: [(id: String, use: StepUse)] = []
        for s in article.solutions.indices {
            // A solution has a handful of steps: a scan of its uses so far costs less than a set.
            let first = found.count
            for case .steps(let list) in article.solutions[s].content {
                for step in list.items {
                    guard let id = step.stepID, !found[first...].contains(where: { $0.id == id }) else { continue }
                    found.append((id, StepUse(article: a, solution: s)))
                }
            }
        }
        return found
    }

    /// Reusable and shared steps with their fingerprints, made once per build.
    static func stepPrints(_ site: Site) -> (Prehashed<[String: ReusableStep]>, [String: Prehashed<SharedStep>]) {
        var all = Fingerprint()
        for id in site.steps.keys.sorted() {
            let s = site.steps[id]!
            all.add(s.id); all.add(s.title); all.add(s.blocks)
        }
        let ids = site.sharedSteps.keys.sorted()
        let prints = Parallel.map(ids.count, chunk: 64) { i -> Fingerprint in
            let s = site.sharedSteps[ids[i]]!
            var f = Fingerprint()
            f.add(s.id); f.add(s.blocks)
            return f
        }
        var shared: [String: Prehashed<SharedStep>] = [:]
        for (id, print) in zip(ids, prints) { shared[id] = Prehashed(value: site.sharedSteps[id]!, print: print) }
        return (Prehashed(value: site.steps, print: all), shared)
    }

    /// What a page is made from, with where it goes.
    func source(_ page: SiteRenderer.Page, path: String) -> any PageMaking {
        switch page {
        case .article(let i): return PageSource(path: path, site: settings, inputs: articleInputs(i))
        case .index:
            let refs = site.crossReferences
            return PageSource(path: path, site: settings, inputs: IndexInputs(listings: listings, codes: refs.codes.map(TermSummary.init),
                                                                              products: refs.products.map(TermSummary.init)))
        case .notFound: return PageSource(path: path, site: settings, inputs: NotFoundInputs())
        case .kbJSON: preconditionFailure("kb.json is made by KBJSON, not from a template")
        case .search: return PageSource(path: path, site: settings, inputs: SearchInputs())
        case .feedback: return PageSource(path: path, site: settings, inputs: FeedbackInputs())
        case .terms(let kind, _, let list): return PageSource(path: path, site: settings, inputs: TermsInputs(kind, list))
        case .term(let kind, _, let t):
            let inputs = TermInputs(kind: kind, term: TermSummary(t), articles: t.articles.compactMap(listing))
            return PageSource(path: path, site: settings, inputs: inputs)
        case .step(let id, let isShared): return PageSource(path: path, site: settings, inputs: stepInputs(id, shared: isShared))
        }
    }

    func articleInputs(_ i: Int) -> ArticleInputs {
        let article = site.articles[i]
        let refs = site.crossReferences
        let print = site.articlePrints.count == site.articles.count ? site.articlePrints[i] : Fingerprint.of(article)
        let used = stepsUsed[i]
        return ArticleInputs(
            article: Prehashed(value: article, print: print),
            codeSlugs: article.meta.errorCodes.map { refs.codeSlug[CrossLinker.canonicalCode($0)] },
            productSlugs: article.meta.products.map { refs.productSlug[CrossLinker.termKey($0)] },
            tagSlugs: article.meta.tags.map { refs.tagSlug[CrossLinker.termKey($0)] },
            related: (refs.related[article.id] ?? []).compactMap(listing),
            linkedFrom: (refs.linkedFrom[article.id] ?? []).compactMap(listing),
            steps: StepsShown(reusable: reusable, shared: used.compactMap { shared[$0] },
                              using: used.map { StepsShown.StepCount(id: $0, articles: articlesUsing[$0] ?? 0) }))
    }

    /// An article's listing by its id, when it is in the site.
    func listing(_ id: String) -> Prehashed<ArticleListing>? {
        articleByID[id].map { listings[$0] }
    }

    func stepInputs(_ id: String, shared isShared: Bool) -> StepInputs {
        let list = (stepUsers[id] ?? []).map { uses[$0.article][$0.solution] }
        let steps = StepsShown(reusable: reusable, shared: [], using: [])
        if isShared, let s = shared[id] {
            return StepInputs(id: id, title: s.value.title, blocks: Prehashed(value: s.value.blocks, print: s.print), uses: list, steps: steps)
        }
        let s = site.steps[id]!
        var f = Fingerprint()
        f.add(s.blocks)
        return StepInputs(id: id, title: s.title, blocks: Prehashed(value: s.blocks, print: f), uses: list, steps: steps)
    }

    /// Where a page goes, from the site root.
    func path(_ page: SiteRenderer.Page) -> String {
        switch page {
        case .article(let i): return site.articles[i].pagePath
        case .index: return "index.html"
        case .notFound: return "404.html"
        case .search: return "search.html"
        case .feedback: return FeedbackLinks.page
        case .terms(_, let folder, _): return folder + "/index.html"
        case .term(_, let folder, let t): return folder + "/" + t.slug + ".html"
        case .step(let id, _): return stepPagePath(id)
        case .kbJSON: return "kb.json"
        }
    }

    /// `v` with two decimals, as `%.2f` writes it. Foundation's formatting took a twentieth of
    /// making the pages' values, so hundredths are counted here; only a value within a hair of half
    /// a hundredth, where the product's own rounding could decide, goes to `String(format:)`.
    static func decimal(_ v: Double) -> String {
        let scaled = v * 100
        guard v.isFinite, v >= 0, scaled < 1e15, abs(scaled - scaled.rounded(.down) - 0.5) > 1e-6 else {
            return String(format: "%.2f", v)
        }
        let hundredths = Int(scaled.rounded())
        let cents = hundredths % 100
        return "\(hundredths / 100)." + (cents < 10 ? "0" : "") + String(cents)
    }

    /// The word for a likelihood: the nearest of high (0.7), medium (0.4) and low (0.15).
    static func word(_ v: Double) -> String {
        v >= 0.55 ? "high" : (v >= 0.275 ? "medium" : "low")
    }

    static func percent(_ v: Double) -> String {
        let p = (v * 1000).rounded() / 10
        return p == p.rounded() ? "\(Int(p))%" : String(format: "%.1f%%", p)
    }

    /// "about 10 minutes", "about 1 hour 30 minutes".
    static func effort(_ minutes: Double) -> String {
        if minutes < 1 { return "under a minute" }
        let total = Int(minutes.rounded())
        let h = total / 60, m = total % 60
        var parts: [String] = []
        if h > 0 { parts.append(h == 1 ? "1 hour" : "\(h) hours") }
        if m > 0 { parts.append(m == 1 ? "1 minute" : "\(m) minutes") }
        return "about " + parts.joined(separator: " ")
    }
}

extension RenderedSite {
    /// The templates' time alone, for `kbgen-bench templates`: every page's values are made first,
    /// then every page is rendered on one thread, `runs` times; the least time of a run, with the
    /// pages and bytes one run writes. A build's `--timings` measure the same part amid the rest
    /// of the build, which on a busy machine varies by half.
    public func timeTemplates(runs: Int) -> (seconds: Double, pages: Int, bytes: Int) {
        guard let maker = pages else { return (0, 0, 0) }
        var made: [(template: CompiledTemplate, values: TemplateValues)] = []
        for page in maker.pages {
            guard let name = page.template, let template = maker.context.site.theme.compiled[name] else { continue }
            made.append((template, maker.context.source(page, path: maker.context.path(page)).values()))
        }
        var best = Double.infinity, bytes = 0
        for _ in 0..<max(1, runs) {
            bytes = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for page in made { bytes += page.template.render(page.values).count }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return (best, made.count, bytes)
    }
}
