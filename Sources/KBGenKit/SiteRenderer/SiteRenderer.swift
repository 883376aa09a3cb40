import Foundation

/// A file of the generated site: text kbgen rendered, or a file copied as it is.
public struct OutputFile: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case text(String)
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
/// time, made on all cores, and writes them in order.
public final class Pieces: Sendable, Equatable {
    public let count: Int
    let make: @Sendable (Int) -> String

    init(count: Int, _ make: @escaping @Sendable (Int) -> String) {
        self.count = count
        self.make = make
    }

    /// The pieces in `range`, in order.
    func produce(_ range: Range<Int>) -> [String] {
        Parallel.map(range.count, chunk: 1) { make(range.lowerBound + $0) }
    }

    /// The whole text, for tests.
    var text: String { produce(0..<count).joined() }

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

    /// The same site with every page rendered and every file made, none kept from the last build.
    func renderingEverything() -> RenderedSite {
        var site = self
        if let pages { site.pages = PageMaker(context: pages.context, pages: pages.pages, previous: nil, clock: pages.clock) }
        if let remakeKept {
            site.files.removeAll { if case .unchanged = $0.content { return true } else { return false } }
            site.files += remakeKept()
            site.remakeKept = nil
        }
        return site
    }

    /// The order the writer takes the files in, with what each costs: the costliest pages first
    /// (kb.json, then the pages that list the most articles), so that the slowest pages are made
    /// while many others are, not alone at the end. Files are the same whatever order they are
    /// written in.
    func writingOrder() -> [(index: Int, cost: Int)] {
        let cost = files.map { file -> Int in
            if let pages, case .deferred(let page) = file.content { return pages.cost(page) }
            return 1
        }
        return files.indices.sorted { cost[$0] != cost[$1] ? cost[$0] > cost[$1] : $0 < $1 }.map { ($0, cost[$0]) }
    }

    /// The files at `indexes`, each page made: rendered, or `.unchanged` when the last build
    /// wrote it from the same values and templates. Pages are made on all cores, one per task,
    /// since one page may take a thousand times as long as another.
    func produce(_ indexes: [Int]) -> [OutputFile] {
        let files = self.files
        guard let pages else { return indexes.map { files[$0] } }
        return Parallel.map(indexes.count, chunk: 1) { k in
            let file = files[indexes[k]]
            guard case .deferred(let page) = file.content else { return file }
            return pages.make(page, path: file.path)
        }
    }
}

/// Makes the pages of a site: Mustache pages and kb.json.
struct PageMaker: @unchecked Sendable {
    let context: PageContext
    let pages: [SiteRenderer.Page]
    let previous: BuildCache?
    /// Times the parts of making pages, for `--timings`.
    let clock: PartClock?

    /// Roughly how long a page takes to make and how large it is, to start the slowest first and
    /// to bound the pages in memory at once: how many entries it lists, at least one.
    func cost(_ index: Int) -> Int {
        switch pages[index] {
        case .kbJSON: return Int.max
        case .index: return max(1, context.site.articles.count)
        case .step(let id, _): return max(1, context.stepUsers[id]?.count ?? 0)
        case .term(_, _, let term): return max(1, term.articles.count)
        case .terms(_, _, let terms): return max(1, terms.count)
        case .article, .notFound, .search: return 1
        }
    }

    func make(_ index: Int, path: String) -> OutputFile {
        let site = context.site
        let page = pages[index]
        if case .kbJSON = page {
            let key = clock.measure(.fingerprints) { KBJSON.key(site: site, users: context.stepUsers, steps: context.stepKeys) }
            if previous?.files[path]?.fingerprint == key { return OutputFile(path: path, content: .unchanged, fingerprint: key) }
            let pieces = KBJSON.pieces(site: site, users: context.stepUsers)
            guard let clock else { return OutputFile(path: path, content: .pieces(pieces), fingerprint: key) }
            return OutputFile(path: path, content: .pieces(Pieces(count: pieces.count) { i in clock.measure(.kbJSON) { pieces.make(i) } }),
                              fingerprint: key)
        }
        let template = page.template ?? ""
        // Article and step pages are keyed by what they are made from, and an unchanged one is
        // kept before its values are made; the other pages are keyed by their values.
        let key = clock.measure(.fingerprints) { () -> String? in
            guard var f = context.key(page) else { return nil }
            f.add(site.theme.fingerprint)
            f.add(template)
            f.add(path)
            return f.hex
        }
        if let key, previous?.files[path]?.fingerprint == key {
            return OutputFile(path: path, content: .unchanged, fingerprint: key)
        }
        let (common, values) = clock.measure(.values) { () -> (TemplateRecord, TemplateRecord) in
            let typed = context.typedValues(page, path: path)
            return (typed.common.record, typed.page)
        }
        let fingerprint = key ?? clock.measure(.fingerprints) {
            var f = Fingerprint()
            f.add(site.theme.fingerprint)
            f.add(template)
            f.add(common)
            f.add(values)
            return f.hex
        }
        // A keyed page was compared above, before its values were made.
        if key == nil, previous?.files[path]?.fingerprint == fingerprint {
            return OutputFile(path: path, content: .unchanged, fingerprint: fingerprint)
        }
        // The renderer checked that every template it uses compiled, so rendering cannot fail here.
        let html = clock.measure(.templates) { site.theme.compiled[template]?.render(common: common, page: values) ?? "" }
        return OutputFile(path: path, content: .text(html), fingerprint: fingerprint)
    }
}

/// Lists every page the templates make, with its path, and the files to copy.
public enum SiteRenderer {
    /// One page to make: its template and how to make its values, or kb.json.
    enum Page {
        case article(Int)
        case index, notFound, search
        case terms(TermKind, String, [Term])
        case term(TermKind, String, Term)
        case step(String, shared: Bool)
        case kbJSON

        var template: String? {
            switch self {
            case .article: return "article"
            case .index: return "index"
            case .notFound: return "404"
            case .search: return "search"
            case .terms: return "terms"
            case .term: return "term"
            case .step: return "step"
            case .kbJSON: return nil
            }
        }
    }

    /// - Parameters:
    ///   - previous: what the last build wrote, when its output is still in place: pages whose
    ///     fingerprint it already has are not rendered again.
    ///   - clock: times the parts of making pages, for `--timings`.
    static func render(_ site: Site, previous: BuildCache? = nil, clock: PartClock? = nil) -> (RenderedSite, Diagnostics) {
        var diagnostics = Diagnostics()
        let context = PageContext(site: site)

        var pages: [Page] = site.articles.indices.map(Page.article)
        pages += [.index, .notFound, .search]
        let refs = site.crossReferences
        for (kind, folder, terms) in [(TermKind.code, "codes", refs.codes), (.product, "products", refs.products), (.tag, "tags", refs.tags)] {
            pages.append(.terms(kind, folder, terms))
            pages += terms.map { .term(kind, folder, $0) }
        }
        pages += site.steps.keys.sorted().map { .step($0, shared: false) }
        pages += site.sharedSteps.keys.sorted().map { .step($0, shared: true) }
        pages.append(.kbJSON)

        for template in Set(pages.compactMap(\.template)).sorted() where !site.theme.names.contains(template) {
            diagnostics.append(.error("Templates/\(template).mustache", SourcePosition(line: 1, column: 1),
                                      "the template '\(template)' is missing"))
        }
        var files: [OutputFile] = pages.enumerated().map { i, page in
            OutputFile(path: context.path(page), content: .deferred(i))
        }
        if let base = site.settings.baseURL {
            let pages = files.filter { $0.path.hasSuffix(".html") && $0.path != "404.html" }.map(\.path)
            files.append(OutputFile(path: "sitemap.xml", content: .text(SiteFiles.sitemap(pages: pages, site: site, base: base))))
            files.append(OutputFile(path: "feed.xml", content: .text(SiteFiles.feed(site: site, base: base))))
        }
        for asset in site.theme.assets + site.assets {
            files.append(OutputFile(path: asset.path, content: .copy(source: asset.source), fingerprint: "copy " + asset.stamp))
        }
        diagnostics.append(contentsOf: collisions(files, site: site))
        var rendered = RenderedSite(files: files, articleCount: site.articles.count, stepPageCount: site.steps.count + site.sharedSteps.count)
        rendered.pages = PageMaker(context: context, pages: pages, previous: previous, clock: clock)
        return (rendered, diagnostics)
    }

    /// Two sources for one output path (in any case: Windows and macOS do not tell `A.html`
    /// from `a.html`) would lose one of them silently; the error names both source files.
    static func collisions(_ files: [OutputFile], site: Site) -> [Diagnostic] {
        var page: [String: String] = [:], copied: [String: String] = [:]
        for a in site.articles { page[a.pagePath] = a.file }
        for (id, step) in site.steps { page[stepPagePath(id)] = step.file }
        for asset in site.theme.assets + site.assets { copied[asset.source] = asset.file }
        func describe(_ file: OutputFile) -> String {
            if case .copy(let source) = file.content { return copied[source] ?? source }
            return page[file.path] ?? "the page " + file.path
        }
        var seen: [String: OutputFile] = [:]
        var found: [Diagnostic] = []
        for file in files {
            let key = file.path.lowercased()
            if let earlier = seen[key] {
                found.append(.error(describe(file), SourcePosition(line: 1, column: 1),
                                    "this file would be published as \(file.path), and so would \(describe(earlier)); rename one of them"))
            } else {
                seen[key] = file
            }
        }
        return found
    }
}

/// A solution that uses a step, by index into the site's articles and the article's solutions.
struct StepUse {
    let article: Int
    let solution: Int
}

enum TermKind {
    case code, product, tag

    var singular: String { self == .code ? "Error code" : (self == .product ? "Product" : "Tag") }
    var plural: String { self == .code ? "Error codes" : (self == .product ? "Products" : "Tags") }
}

/// What pages are made from, found once for the whole site: the typed values of each page
/// (`PageValues`) are made from the site and these.
struct PageContext {
    let site: Site
    /// Reusable step id to the places that use it, in article order.
    let stepUsers: [String: [StepUse]]
    /// Article id to its index in `site.articles`.
    let articleByID: [String: Int]
    /// Each solution's title as text, by article and solution: step pages list them by the thousand.
    let solutionTitles: [[String]]
    /// For the cache keys of article and step pages.
    let stepKeys: StepKeys
    /// By article and solution: what a step page shows of a use (`PageKeys`).
    let useKeys: [[Fingerprint]]
    /// Each article's page, made once: listings and step pages name them by the thousand.
    let pagePaths: [String]
    /// By article and solution: the solution's place on the site (`rdp/error-0x904.html#check-the-port`).
    let solutionTargets: [[String]]
    /// By article: what listings show of it (`PageKeys`).
    let listingKeys: [Fingerprint]
    /// By step id: how many articles use it, which its links say.
    let articlesUsing: [String: Int]

    init(site: Site) {
        self.site = site
        var byID: [String: Int] = [:]
        for i in site.articles.indices { byID[site.articles[i].id] = i }
        articleByID = byID
        // What step and listing pages need of each article (its page path, its solutions' titles and
        // places, their use keys, the steps they use) is found on all cores, reading articles in
        // place, then the uses gathered in article order.
        let perArticle = Parallel.map(site.articles.count, chunk: 256) { a -> (titles: [String], uses: [(id: String, use: StepUse)], keys: [Fingerprint], path: String, targets: [String], listing: Fingerprint) in
            var found: [(id: String, use: StepUse)] = []
            for s in site.articles[a].solutions.indices {
                // A solution has a handful of steps: a scan of its uses so far costs less than a set.
                let first = found.count
                for case .steps(let list) in site.articles[a].solutions[s].content {
                    for step in list.items {
                        guard let id = step.stepID, !found[first...].contains(where: { $0.id == id }) else { continue }
                        found.append((id, StepUse(article: a, solution: s)))
                    }
                }
            }
            let path = site.articles[a].pagePath
            let titles = site.articles[a].solutions.map(\.title.plainText)
            // What a step page shows of each use, fingerprinted once for every step that solution uses.
            let keys = site.articles[a].solutions.indices.map { s -> Fingerprint in
                var f = Fingerprint()
                f.add(path)
                f.add(site.articles[a].meta.title)
                f.add(site.articles[a].solutions[s].anchor)
                f.add(titles[s])
                return f
            }
            return (titles, found, keys, path, site.articles[a].solutions.map { path + "#" + $0.anchor },
                    Self.listingKey(site.articles[a], path: path))
        }
        pagePaths = perArticle.map(\.path)
        solutionTitles = perArticle.map(\.titles)
        useKeys = perArticle.map(\.keys)
        solutionTargets = perArticle.map(\.targets)
        listingKeys = perArticle.map(\.listing)
        var users: [String: [StepUse]] = [:]
        for article in perArticle {
            for (id, use) in article.uses { users[id, default: []].append(use) }
        }
        stepUsers = users
        articlesUsing = users.mapValues { uses in Set(uses.map(\.article)).count }
        stepKeys = StepKeys(site: site)
    }

    /// Where a page goes, from the site root.
    func path(_ page: SiteRenderer.Page) -> String {
        switch page {
        case .article(let i): return site.articles[i].pagePath
        case .index: return "index.html"
        case .notFound: return "404.html"
        case .search: return "search.html"
        case .terms(_, let folder, _): return folder + "/index.html"
        case .term(_, let folder, let t): return folder + "/" + t.slug + ".html"
        case .step(let id, _): return stepPagePath(id)
        case .kbJSON: return "kb.json"
        }
    }

    static func decimal(_ v: Double) -> String { String(format: "%.2f", v) }

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

/// Each page's typed values.
extension PageContext {
    /// The values a page's template sees: those every page has, and its kind's own.
    func typedValues(_ page: SiteRenderer.Page, path: String) -> (common: CommonValues, page: TemplateRecord) {
        var common = CommonValues(root: String(repeating: "../", count: path.utf8.reduce(0) { $1 == 47 ? $0 + 1 : $0 }),
                                  site: SiteValues(title: site.settings.title, language: site.settings.language, baseURL: site.settings.baseURL),
                                  canonical: site.settings.baseURL.map { SiteFiles.absolute(path, base: $0) },
                                  pageTitle: "", description: nil)
        let record: TemplateRecord
        switch page {
        case .article(let i):
            let article = site.articles[i]
            common.pageTitle = article.meta.title
            common.description = article.summary.isEmpty ? nil : article.summary
            record = articlePage(article).record
        case .index:
            common.pageTitle = site.settings.title
            record = indexPage().record
        case .notFound:
            common.pageTitle = "Page not found"
            record = NotFoundPage().record
        case .search:
            common.pageTitle = "Search"
            record = SearchPage().record
        case .terms(let kind, _, let list):
            common.pageTitle = kind.plural
            record = termsPage(kind, list).record
        case .term(let kind, let folder, let t):
            common.pageTitle = kind.singular + " " + t.display
            record = termPage(kind, t, folder: folder).record
        case .step(let id, let shared):
            let (title, blocks) = shared && site.sharedSteps[id] != nil
                ? (site.sharedSteps[id]!.title, site.sharedSteps[id]!.blocks) : (site.steps[id]!.title, site.steps[id]!.blocks)
            common.pageTitle = title
            record = stepPage(id: id, title: title, blocks: blocks, users: stepUsers[id] ?? []).record
        case .kbJSON:
            record = NotFoundPage().record
        }
        return (common, record)
    }

    func articlePage(_ article: Article) -> ArticlePage {
        let html = HTMLRenderer(page: article.pagePath, steps: site.steps, shared: site.sharedSteps, articlesUsing: articlesUsing)
        let solutions = article.solutions.map { s in
            SolutionValues(anchor: s.anchor, rank: s.rank, likelihood: s.likelihood, writtenLikelihood: s.writtenLikelihood,
                           worked: s.outcomes?.worked, readers: s.outcomes?.readers ?? 0, effort: s.effortMinutes.map(Self.effort),
                           title: s.title.plainText, titleHTML: HTMLText(html: html.render(s.title)), bodyHTML: HTMLText(html: html.render(s.content)))
        }
        let refs = site.crossReferences
        let page = article.pagePath
        let values = ArticleValues(
            id: article.id, title: article.meta.title, summary: article.summary,
            folder: article.folder.isEmpty ? nil : article.folder,
            folderAnchor: "folder-" + (slug(article.folder).isEmpty ? "top" : slug(article.folder)),
            errorCodes: termLinks(article.meta.errorCodes, folder: "codes", slugs: refs.codeSlug, key: CrossLinker.canonicalCode, from: page),
            products: termLinks(article.meta.products, folder: "products", slugs: refs.productSlug, key: CrossLinker.termKey, from: page),
            tags: termLinks(article.meta.tags, folder: "tags", slugs: refs.tagSlug, key: CrossLinker.termKey, from: page),
            related: (refs.related[article.id] ?? []).compactMap { articleByID[$0].map { link($0, from: page) } },
            linkedFrom: (refs.linkedFrom[article.id] ?? []).compactMap { articleByID[$0].map { link($0, from: page) } },
            updated: article.meta.updated,
            leadingHTML: HTMLText(html: html.render(article.leading)), trailingHTML: HTMLText(html: html.render(article.trailing)),
            solutions: solutions, byExpectedCost: site.settings.order == .expectedCost)
        return ArticlePage(article: values, jsonLD: HTMLText(html: SiteFiles.techArticle(article, base: site.settings.baseURL)))
    }

    /// Links from a page to the pages of the codes, products or tags it lists, as written.
    func termLinks(_ texts: [String], folder: String, slugs: [String: String], key: (String) -> String, from page: String) -> [TermLink] {
        texts.compactMap { text in
            slugs[key(text)].map { TermLink(text: text, url: HTML.relative(folder + "/" + $0 + ".html", from: page)) }
        }
    }

    /// Fields are read in place: copying an `Article` retains every part of it.
    func link(_ i: Int, from page: String) -> ArticleLink {
        let summary = site.articles[i].summary
        return ArticleLink(url: HTML.relative(pagePaths[i], from: page), title: site.articles[i].meta.title, summary: summary.isEmpty ? nil : summary)
    }

    func entry(_ a: Article) -> ArticleEntry {
        ArticleEntry(url: HTML.encodePath(a.pagePath), title: a.meta.title, summary: a.summary.isEmpty ? nil : a.summary,
                     id: a.id, updated: a.meta.updated)
    }

    func indexPage() -> IndexPage {
        var byFolder: [String: [(key: String, index: Int)]] = [:]
        for (i, a) in site.articles.enumerated() { byFolder[a.folder, default: []].append((a.meta.title.lowercased(), i)) }
        let folders = byFolder.keys.sorted().map { folder in
            FolderValues(name: folder.isEmpty ? "General" : folder, anchor: "folder-" + (slug(folder).isEmpty ? "top" : slug(folder)),
                         articles: byFolder[folder]!.sorted { $0.key < $1.key }.map { entry(site.articles[$0.index]) })
        }
        let refs = site.crossReferences
        let topCodes = refs.codes.sorted { $0.articles.count != $1.articles.count ? $0.articles.count > $1.articles.count : $0.slug < $1.slug }
            .prefix(12).map { TermEntry(text: $0.display, url: "codes/" + $0.slug + ".html", count: $0.articles.count) }
        let products = refs.products.map { TermEntry(text: $0.display, url: "products/" + $0.slug + ".html", count: $0.articles.count) }
        let recent = site.articles.filter { $0.meta.updated != nil }
            .sorted { $0.meta.updated! != $1.meta.updated! ? $0.meta.updated! > $1.meta.updated! : $0.id < $1.id }
            .prefix(10).map(entry)
        return IndexPage(folders: folders, articleCount: site.articles.count, topCodes: Array(topCodes), products: products, recent: Array(recent))
    }

    func termsPage(_ kind: TermKind, _ terms: [Term]) -> TermsPage {
        let list = terms.sorted { $0.display.lowercased() < $1.display.lowercased() }
            .map { TermEntry(text: $0.display, url: $0.slug + ".html", count: $0.articles.count) }
        return TermsPage(kind: kind.plural, isCodes: kind == .code, terms: list)
    }

    func termPage(_ kind: TermKind, _ term: Term, folder: String) -> TermPage {
        let page = folder + "/" + term.slug + ".html"
        let articles = term.articles.compactMap { articleByID[$0] }
            .map { (key: site.articles[$0].meta.title.lowercased(), index: $0) }
            .sorted { $0.key != $1.key ? $0.key < $1.key : site.articles[$0.index].id < site.articles[$1.index].id }
            .map { link($0.index, from: page) }
        return TermPage(kind: kind.singular, kinds: kind.plural, isCode: kind == .code, term: term.display, articles: articles)
    }

    func stepPage(id: String, title: String, blocks: [Block], users: [StepUse]) -> StepPage {
        let pagePath = stepPagePath(id)
        let html = HTMLRenderer(page: pagePath, steps: site.steps, shared: site.sharedSteps, articlesUsing: articlesUsing)
        // Uses come article by article; one entry per article, with the solutions that use the step.
        var grouped: [(article: Int, solutions: [Int])] = []
        for use in users {
            if let last = grouped.last, last.article == use.article {
                grouped[grouped.count - 1].solutions.append(use.solution)
            } else {
                grouped.append((use.article, [use.solution]))
            }
        }
        // Solutions are read in place, and each one's title as text is made once per build.
        let list = grouped.map { a, solutions in
            StepUser(url: HTML.relative(pagePaths[a], from: pagePath), title: site.articles[a].meta.title,
                     solutions: solutions.map { SolutionLink(url: HTML.relative(solutionTargets[a][$0], from: pagePath), title: solutionTitles[a][$0]) })
        }
        return StepPage(step: StepValues(id: id, title: title, bodyHTML: HTMLText(html: html.render(blocks))), users: list, useCount: users.count)
    }
}
