/// What each page is made from. A page's values are a function of its inputs alone (each
/// `values` below reads nothing else), and its cache key is the fingerprint of the same inputs
/// (`Fingerprint.of(encoding:)`, over every stored property): a rebuild keeps a page only when
/// everything its values could show is unchanged, and no hand-kept list can miss a part.
/// Inputs hold arrays, never dictionaries, whose order would change the key from run to run.
protocol PageInputs: Encodable {
    associatedtype Values: TemplateReadable
    /// The page's title, its description (for `<meta>`), and its own values.
    func values(page: String, site: SiteInputs) -> (title: String, description: String?, values: Values)
}

/// What every page reads of the settings.
struct SiteInputs: Encodable {
    let title: String
    let language: String
    let baseURL: String?
    let byExpectedCost: Bool
    let readerFeedback: Bool

    init(_ settings: Settings) {
        title = settings.title
        language = settings.language
        baseURL = settings.baseURL
        byExpectedCost = settings.order == .expectedCost
        readerFeedback = settings.readerFeedback
    }
}

/// A page: where it goes, the settings and its own inputs. Its fingerprint is its key.
struct PageSource<Inputs: PageInputs>: Encodable, PageMaking {
    let path: String
    let site: SiteInputs
    let inputs: Inputs

    var key: Fingerprint { Fingerprint.of(encoding: self) }

    func values() -> TemplateValues {
        let (title, description, values) = inputs.values(page: path, site: site)
        let common = CommonValues(root: String(repeating: "../", count: path.utf8.reduce(0) { $1 == 47 ? $0 + 1 : $0 }),
                                  site: SiteValues(title: site.title, language: site.language, baseURL: site.baseURL),
                                  canonical: site.baseURL.map { SiteFiles.absolute(path, base: $0) },
                                  pageTitle: title, description: description)
        return TemplateValues(common: common, page: values)
    }
}

/// Any page, for the page maker.
protocol PageMaking {
    var key: Fingerprint { get }
    func values() -> TemplateValues
}

/// An article as a listing or a link shows it.
struct ArticleListing: Encodable {
    let id: String
    let path: String
    let title: String
    let summary: String
    let updated: String?
    let folder: String

    func link(from page: String) -> ArticleLink {
        ArticleLink(url: HTML.relative(path, from: page), title: title, summary: summary.isEmpty ? nil : summary)
    }
}

/// A code, product or tag as listings show it.
struct TermSummary: Encodable {
    let display: String
    let slug: String
    let count: Int

    init(_ term: Term) {
        display = term.display
        slug = term.slug
        count = term.articles.count
    }
}

/// The steps a page's Markdown can show: every reusable step (a `step:` link shows its title),
/// and, for the steps its lists use, the shared wording and how many articles use each.
struct StepsShown: Encodable {
    let reusable: Prehashed<[String: ReusableStep]>
    let shared: [Prehashed<SharedStep>]
    let using: [StepCount]

    struct StepCount: Encodable {
        let id: String
        let articles: Int
    }

    func renderer(page: String) -> HTMLRenderer {
        var shared: [String: SharedStep] = [:], using: [String: Int] = [:]
        for s in self.shared { shared[s.value.id] = s.value }
        for c in self.using { using[c.id] = c.articles }
        return HTMLRenderer(page: page, steps: reusable.value, shared: shared, articlesUsing: using)
    }
}

// MARK: Article pages

struct ArticleInputs: PageInputs {
    let article: Prehashed<Article>
    /// Each code, product and tag's page, in the article's order (nil: no page).
    let codeSlugs: [String?]
    let productSlugs: [String?]
    let tagSlugs: [String?]
    let related: [Prehashed<ArticleListing>]
    let linkedFrom: [Prehashed<ArticleListing>]
    let steps: StepsShown

    func values(page: String, site: SiteInputs) -> (title: String, description: String?, values: ArticlePage) {
        let article = self.article.value
        let html = steps.renderer(page: page)
        // Solutions are shown by rank: after a No, the thank-you page offers the next one shown.
        let shown = article.solutions.sorted { $0.rank < $1.rank }
        let solutions = article.solutions.map { s in
            let next = shown.first { $0.rank == s.rank + 1 }?.anchor
            let feedback = site.readerFeedback ? FeedbackLinks(page: page, article: article.id, solution: s.anchor, next: next) : nil
            return SolutionValues(anchor: s.anchor, rank: s.rank, likelihood: s.likelihood, writtenLikelihood: s.writtenLikelihood,
                                  worked: s.outcomes?.worked, readers: s.outcomes?.readers ?? 0, effort: s.effortMinutes.map(PageContext.effort),
                                  title: s.title.plainText, titleHTML: HTMLText(html: html.render(s.title)), bodyHTML: HTMLText(html: html.render(s.content)),
                                  feedback: feedback)
        }
        func links(_ texts: [String], _ slugs: [String?], folder: String) -> [TermLink] {
            zip(texts, slugs).compactMap { text, slug in
                slug.map { TermLink(text: text, url: HTML.relative(folder + "/" + $0 + ".html", from: page)) }
            }
        }
        let folderSlug = slug(article.folder)
        let values = ArticleValues(
            id: article.id, title: article.meta.title, summary: article.summary,
            folder: article.folder.isEmpty ? nil : article.folder,
            folderAnchor: "folder-" + (folderSlug.isEmpty ? "top" : folderSlug),
            errorCodes: links(article.meta.errorCodes, codeSlugs, folder: "codes"),
            products: links(article.meta.products, productSlugs, folder: "products"),
            tags: links(article.meta.tags, tagSlugs, folder: "tags"),
            related: related.map { $0.value.link(from: page) }, linkedFrom: linkedFrom.map { $0.value.link(from: page) },
            updated: article.meta.updated,
            leadingHTML: HTMLText(html: html.render(article.leading)), trailingHTML: HTMLText(html: html.render(article.trailing)),
            solutions: solutions, byExpectedCost: site.byExpectedCost)
        let jsonLD = HTMLText(html: SiteFiles.techArticle(article, base: site.baseURL))
        return (article.meta.title, article.summary.isEmpty ? nil : article.summary, ArticlePage(article: values, jsonLD: jsonLD))
    }
}

// MARK: The index page

struct IndexInputs: PageInputs {
    let listings: [Prehashed<ArticleListing>]
    let codes: [TermSummary]
    let products: [TermSummary]

    func values(page: String, site: SiteInputs) -> (title: String, description: String?, values: IndexPage) {
        let articles = listings.map(\.value)
        var byFolder: [String: [(key: String, index: Int)]] = [:]
        for (i, a) in articles.enumerated() { byFolder[a.folder, default: []].append((a.title.lowercased(), i)) }
        let folders = byFolder.keys.sorted().map { folder in
            FolderValues(name: folder.isEmpty ? "General" : folder, anchor: "folder-" + (slug(folder).isEmpty ? "top" : slug(folder)),
                         articles: byFolder[folder]!.sorted { $0.key < $1.key }.map { entry(articles[$0.index]) })
        }
        let topCodes = codes.sorted { $0.count != $1.count ? $0.count > $1.count : $0.slug < $1.slug }
            .prefix(12).map { TermEntry(text: $0.display, url: "codes/" + $0.slug + ".html", count: $0.count) }
        let products = self.products.map { TermEntry(text: $0.display, url: "products/" + $0.slug + ".html", count: $0.count) }
        let recent = articles.filter { $0.updated != nil }
            .sorted { $0.updated! != $1.updated! ? $0.updated! > $1.updated! : $0.id < $1.id }
            .prefix(10).map(entry)
        return (site.title, nil, IndexPage(folders: folders, articleCount: articles.count, topCodes: Array(topCodes), products: products, recent: Array(recent)))
    }

    func entry(_ a: ArticleListing) -> ArticleEntry {
        ArticleEntry(url: HTML.encodePath(a.path), title: a.title, summary: a.summary.isEmpty ? nil : a.summary, id: a.id, updated: a.updated)
    }
}

// MARK: Code, product and tag pages

struct TermsInputs: PageInputs {
    let kind: TermKind
    let terms: [TermSummary]

    init(_ kind: TermKind, _ terms: [Term]) {
        self.kind = kind
        self.terms = terms.map(TermSummary.init)
    }

    func values(page: String, site: SiteInputs) -> (title: String, description: String?, values: TermsPage) {
        let list = terms.sorted { $0.display.lowercased() < $1.display.lowercased() }
            .map { TermEntry(text: $0.display, url: $0.slug + ".html", count: $0.count) }
        return (kind.plural, nil, TermsPage(kind: kind.plural, isCodes: kind == .code, terms: list))
    }
}

struct TermInputs: PageInputs {
    let kind: TermKind
    let term: TermSummary
    /// The articles that list it, as far as they exist.
    let articles: [Prehashed<ArticleListing>]

    func values(page: String, site: SiteInputs) -> (title: String, description: String?, values: TermPage) {
        // Titles lowercased once, not at every comparison.
        let keyed: [(key: String, listing: ArticleListing)] = articles.map { ($0.value.title.lowercased(), $0.value) }
        let sorted = keyed.sorted { (a: (key: String, listing: ArticleListing), b: (key: String, listing: ArticleListing)) -> Bool in
            a.key != b.key ? a.key < b.key : a.listing.id < b.listing.id
        }
        let links = sorted.map { $0.listing.link(from: page) }
        return (kind.singular + " " + term.display, nil,
                TermPage(kind: kind.singular, kinds: kind.plural, isCode: kind == .code, term: term.display, articles: links))
    }
}

// MARK: Step pages

struct StepInputs: PageInputs {
    let id: String
    let title: String
    let blocks: Prehashed<[Block]>
    /// The solutions that use the step, article by article.
    let uses: [Prehashed<Use>]
    let steps: StepsShown

    /// A solution that uses the step, with its article.
    struct Use: Encodable {
        let articlePath: String
        let articleTitle: String
        /// Its place on the site: `rdp/error-0x904.html#check-the-port`.
        let target: String
        let title: String
    }

    func values(page: String, site: SiteInputs) -> (title: String, description: String?, values: StepPage) {
        let html = steps.renderer(page: page)
        // One entry per article, with the solutions that use the step: uses come article by article.
        var users: [StepUser] = []
        for use in uses.map(\.value) {
            let link = SolutionLink(url: HTML.relative(use.target, from: page), title: use.title)
            if let last = users.last, last.path == use.articlePath {
                users[users.count - 1].solutions.append(link)
            } else {
                users.append(StepUser(path: use.articlePath, url: HTML.relative(use.articlePath, from: page), title: use.articleTitle, solutions: [link]))
            }
        }
        return (title, nil, StepPage(step: StepValues(id: id, title: title, bodyHTML: HTMLText(html: html.render(blocks.value))), users: users, useCount: uses.count))
    }
}

// MARK: Pages with only the common values

struct SearchInputs: PageInputs {
    func values(page: String, site: SiteInputs) -> (title: String, description: String?, values: SearchPage) {
        ("Search", nil, SearchPage(reportsNone: site.readerFeedback))
    }
}

struct FeedbackInputs: PageInputs {
    func values(page: String, site: SiteInputs) -> (title: String, description: String?, values: FeedbackPage) { ("Thank you", nil, FeedbackPage()) }
}

struct NotFoundInputs: PageInputs {
    func values(page: String, site: SiteInputs) -> (title: String, description: String?, values: NotFoundPage) { ("Page not found", nil, NotFoundPage()) }
}
