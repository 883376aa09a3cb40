import Foundation

/// The values templates see, as Swift types. Each type's `template` is the one list of the names
/// a theme can use, with their types and meanings: templates are checked against it,
/// `docs/themes.md` and `kbgen theme names` are made from it.

/// What every page has; the layout and the partials use these.
struct CommonValues: TemplateReadable {
    var root: String
    var site: SiteValues
    var canonical: String?
    var pageTitle: String
    var description: String?

    static let template = TemplateFields<Self>("Page", [
        .text("root", "the way from this page to the site root, such as `../`; write links to theme files as `{{root}}assets/kbgen.css`") { $0.root },
        .object("site", "the knowledge base") { $0.site },
        .text("canonical", "the page's full address, when kbgen.yml sets `base_url`") { $0.canonical },
        .text("page_title", "the page's title") { $0.pageTitle },
        .text("description", "the article's summary, for `<meta name=\"description\">` (article pages with a summary)") { $0.description },
    ])
}

struct SiteValues: TemplateReadable {
    var title: String
    var language: String
    var baseURL: String?

    static let template = TemplateFields<Self>("Site", [
        .text("title", "the knowledge base's title (`title` in kbgen.yml)") { $0.title },
        .text("language", "the language of its pages, for `<html lang>` (`language` in kbgen.yml)") { $0.language },
        .text("base_url", "the address the site is published at (`base_url` in kbgen.yml)") { $0.baseURL },
    ])
}

extension TemplateFields.Field {
    /// A count with its noun, `1 article` or `12 articles`, so that no page says "1 articles";
    /// the field after the number it counts.
    static func counted(_ name: String, _ one: String, _ many: String, _ read: @escaping @Sendable (Root) -> Int) -> Self {
        .text(name, "the same with its noun: `1 \(one)`, `12 \(many)`") { (root: Root) -> String in
            let n = read(root)
            return "\(n) " + (n == 1 ? one : many)
        }
    }
}

// MARK: Article pages

struct ArticlePage: TemplateReadable {
    var article: ArticleValues
    var jsonLD: HTMLText

    static let template = TemplateFields<Self>("ArticlePage", [
        .flag("is_article", "true on article pages") { _ in true },
        .object("article", "the article") { $0.article },
        .html("json_ld", "the article as schema.org JSON-LD, for `<script type=\"application/ld+json\">`") { $0.jsonLD },
    ])
}

struct ArticleValues: TemplateReadable {
    var id: String
    var title: String
    var summary: String
    var folder: String?
    var folderAnchor: String
    var errorCodes: [TermLink]
    var products: [TermLink]
    var tags: [TermLink]
    var related: [ArticleLink]
    var linkedFrom: [ArticleLink]
    var updated: String?
    var leadingHTML: HTMLText
    var trailingHTML: HTMLText
    var solutions: [SolutionValues]
    var byExpectedCost: Bool

    static let template = TemplateFields<Self>("Article", [
        .text("id", "the article's id, its path under Content/ without `.md`") { $0.id },
        .text("title", "its title") { $0.title },
        .text("summary", "its summary (empty when it has none)") { $0.summary },
        .text("summary_or_false", "its summary, when it has one") { $0.summary.isEmpty ? nil : $0.summary },
        .text("folder", "its folder under Content/, when it is in one") { $0.folder },
        .text("folder_anchor", "the id of its folder's section on the index page") { $0.folderAnchor },
        .list("error_codes", "its error codes as written, each with a link to the code's page") { $0.errorCodes },
        .list("products", "its products, each with a link to the product's page") { $0.products },
        .list("tags", "its tags, each with a link to the tag's page") { $0.tags },
        .flag("has_error_codes", "whether it lists error codes") { !$0.errorCodes.isEmpty },
        .flag("has_products", "whether it lists products") { !$0.products.isEmpty },
        .flag("has_tags", "whether it lists tags") { !$0.tags.isEmpty },
        .flag("has_meta", "whether it has codes, products, tags or a date") {
            !($0.errorCodes.isEmpty && $0.products.isEmpty && $0.tags.isEmpty) || $0.updated != nil
        },
        .text("updated", "the date it was last updated (`2024-05-01`), when it says") { $0.updated },
        .list("related", "related articles, most related first") { $0.related },
        .list("linked_from", "the articles that link to it") { $0.linkedFrom },
        .flag("has_related", "whether it has related articles") { !$0.related.isEmpty },
        .flag("has_linked_from", "whether other articles link to it") { !$0.linkedFrom.isEmpty },
        .flag("has_neighbours", "whether it has related articles or articles that link to it") { !$0.related.isEmpty || !$0.linkedFrom.isEmpty },
        .html("leading_html", "what comes before its first solution") { $0.leadingHTML },
        .html("trailing_html", "what comes after its last solution") { $0.trailingHTML },
        .list("solutions", "its solutions, in the order shown (most likely first)") { $0.solutions },
        .flag("has_solutions", "whether it has solutions") { !$0.solutions.isEmpty },
        .flag("has_several_solutions", "whether it has more than one solution") { $0.solutions.count > 1 },
        .flag("by_expected_cost", "whether solutions are ordered by expected cost (`order: expected-cost` in kbgen.yml) rather than by likelihood") { $0.byExpectedCost },
    ])
}

struct SolutionValues: TemplateReadable {
    var anchor: String
    var rank: Int
    var likelihood: Double
    var writtenLikelihood: Double
    var worked: Int?
    var readers: Int
    var effort: String?
    var title: String
    var titleHTML: HTMLText
    var bodyHTML: HTMLText
    var feedback: FeedbackLinks?

    static let template = TemplateFields<Self>("Solution", [
        .text("anchor", "its id on the page, for `#anchor` links") { $0.anchor },
        .number("rank", "its place in the order shown, from 1") { $0.rank },
        .flag("first", "whether it is shown first") { $0.rank == 1 },
        .text("likelihood", "the likelihood the order used, as a decimal number (`0.70`)") { PageContext.decimal($0.likelihood) },
        .text("likelihood_percent", "the same as a percentage (`70%`)") { PageContext.percent($0.likelihood) },
        .text("likelihood_word", "the same in a word: high, medium or low") { PageContext.word($0.likelihood) },
        .text("written_percent", "the likelihood the writer gave, as a percentage") { PageContext.percent($0.writtenLikelihood) },
        .flag("has_outcomes", "whether readers reported outcomes for it") { $0.worked != nil },
        .number("worked", "how many readers it worked for") { $0.worked ?? 0 },
        .number("readers", "how many readers reported an outcome") { $0.readers },
        .counted("readers_text", "reader", "readers") { $0.readers },
        .text("effort", "how long it takes (`about 10 minutes`), when the writer said") { $0.effort },
        .text("title", "its title as text") { $0.title },
        .html("title_html", "its title as HTML (code spans, emphasis)") { $0.titleHTML },
        .html("body_html", "its steps and text") { $0.bodyHTML },
        .flag("has_feedback", "whether readers are asked if it fixed their problem (`reader_feedback`)") { $0.feedback != nil },
        .text("feedback_worked", "the link a reader follows to say it fixed the problem") { $0.feedback?.worked },
        .text("feedback_failed", "the link a reader follows to say it did not") { $0.feedback?.failed },
    ])
}

/// "Did this fix it?" links: to the site's thank-you page, with the article, the solution and the
/// answer in the query string, which the web server's log records (`kbgen feedback import`).
struct FeedbackLinks {
    let worked: String
    let failed: String

    /// - Parameter next: the solution shown after this one, which the page offers after a No.
    init(page: String, article: String, solution: String, next: String?) {
        let base = HTML.relative(FeedbackLinks.page, from: page) + "?a=" + Self.encoded(article) + "&s=" + Self.encoded(solution)
        worked = base + "&r=worked"
        failed = base + "&r=failed" + (next.map { "&n=" + Self.encoded($0) } ?? "")
    }

    static let page = "feedback.html"

    /// A query value: everything but letters, digits and `-._~/` percent-encoded.
    static func encoded(_ value: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

/// A link to a code, product or tag page from an article.
struct TermLink: TemplateReadable {
    var text: String
    var url: String

    static let template = TemplateFields<Self>("Link", [
        .text("text", "the code, product or tag as the article writes it") { $0.text },
        .text("url", "its page") { $0.url },
    ])
}

/// A code, product or tag in a listing, with the number of its articles.
struct TermEntry: TemplateReadable {
    var text: String
    var url: String
    var count: Int

    static let template = TemplateFields<Self>("Term", [
        .text("text", "the code, product or tag") { $0.text },
        .text("url", "its page") { $0.url },
        .number("count", "how many articles list it") { $0.count },
        .counted("count_text", "article", "articles") { $0.count },
    ])
}

/// A link to an article from another page.
struct ArticleLink: TemplateReadable {
    var url: String
    var title: String
    var summary: String?

    static let template = TemplateFields<Self>("ArticleLink", [
        .text("url", "the article's page") { $0.url },
        .text("title", "its title") { $0.title },
        .text("summary", "its summary, when it has one") { $0.summary },
    ])
}

// MARK: The index page

struct IndexPage: TemplateReadable {
    var folders: [FolderValues]
    var articleCount: Int
    var topCodes: [TermEntry]
    var products: [TermEntry]
    var recent: [ArticleEntry]

    static let template = TemplateFields<Self>("IndexPage", [
        .list("folders", "every folder of Content/, by name, with its articles") { $0.folders },
        .number("article_count", "how many articles the knowledge base has") { $0.articleCount },
        .counted("article_count_text", "fix guide", "fix guides") { $0.articleCount },
        .flag("is_empty", "whether there are no articles") { $0.articleCount == 0 },
        .list("top_codes", "the twelve error codes most articles list, most first") { $0.topCodes },
        .flag("has_codes", "whether any article lists an error code") { !$0.topCodes.isEmpty },
        .list("products", "every product, by name") { $0.products },
        .flag("has_products", "whether any article lists a product") { !$0.products.isEmpty },
        .list("recent", "the ten articles updated last, newest first") { $0.recent },
        .flag("has_recent", "whether any article has a date") { !$0.recent.isEmpty },
    ])
}

struct FolderValues: TemplateReadable {
    var name: String
    var anchor: String
    var articles: [ArticleEntry]

    static let template = TemplateFields<Self>("Folder", [
        .text("name", "the folder's name (`General` for articles at the top of Content/)") { $0.name },
        .text("anchor", "the id of its section") { $0.anchor },
        .number("count", "how many articles it holds") { $0.articles.count },
        .counted("count_text", "article", "articles") { $0.articles.count },
        .list("articles", "its articles, by title") { $0.articles },
    ])
}

/// An article in a listing of the index page.
struct ArticleEntry: TemplateReadable {
    var url: String
    var title: String
    var summary: String?
    var id: String
    var updated: String?

    static let template = TemplateFields<Self>("ArticleEntry", [
        .text("url", "the article's page") { $0.url },
        .text("title", "its title") { $0.title },
        .text("summary", "its summary, when it has one") { $0.summary },
        .text("id", "its id") { $0.id },
        .text("updated", "the date it was last updated, when it says") { $0.updated },
    ])
}

// MARK: Code, product and tag pages

struct TermsPage: TemplateReadable {
    var kind: String
    var isCodes: Bool
    var terms: [TermEntry]

    static let template = TemplateFields<Self>("TermsPage", [
        .text("kind", "what the page lists: `Error codes`, `Products` or `Tags`") { $0.kind },
        .flag("is_codes", "whether it lists error codes") { $0.isCodes },
        .list("terms", "every one, by name") { $0.terms },
        .flag("is_empty", "whether there are none") { $0.terms.isEmpty },
    ])
}

struct TermPage: TemplateReadable {
    var kind: String
    var kinds: String
    var isCode: Bool
    var term: String
    var articles: [ArticleLink]

    static let template = TemplateFields<Self>("TermPage", [
        .text("kind", "what the page is about: `Error code`, `Product` or `Tag`") { $0.kind },
        .text("kinds", "the same in the plural, the name of the page that lists them all") { $0.kinds },
        .flag("is_code", "whether it is an error code") { $0.isCode },
        .text("term", "the code, product or tag") { $0.term },
        .list("articles", "the articles that list it, by title") { $0.articles },
        .number("count", "how many they are") { $0.articles.count },
        .counted("count_text", "article", "articles") { $0.articles.count },
    ])
}

// MARK: Step pages

struct StepPage: TemplateReadable {
    var step: StepValues
    var users: [StepUser]
    var useCount: Int

    static let template = TemplateFields<Self>("StepPage", [
        .object("step", "the step") { $0.step },
        .list("users", "the articles that use it, in article order, each with the solutions that do") { $0.users },
        .number("use_count", "how many solutions use it") { $0.useCount },
    ])
}

struct StepValues: TemplateReadable {
    var id: String
    var title: String
    var bodyHTML: HTMLText

    static let template = TemplateFields<Self>("Step", [
        .text("id", "the step's id: its file under Content/steps/, or the id kbgen gave a repeated step") { $0.id },
        .text("title", "its title") { $0.title },
        .html("body_html", "its text") { $0.bodyHTML },
    ])
}

struct StepUser: TemplateReadable {
    /// The article's page from the site root, which tells its uses apart from the next article's.
    var path: String
    var url: String
    var title: String
    var solutions: [SolutionLink]

    static let template = TemplateFields<Self>("StepUser", [
        .text("url", "the article's page") { $0.url },
        .text("title", "its title") { $0.title },
        .list("solutions", "its solutions that use the step") { $0.solutions },
    ])
}

struct SolutionLink: TemplateReadable {
    var url: String
    var title: String

    static let template = TemplateFields<Self>("SolutionLink", [
        .text("url", "the solution's place on its article's page") { $0.url },
        .text("title", "its title") { $0.title },
    ])
}

// MARK: Pages with only the common values

struct SearchPage: TemplateReadable {
    var reportsNone: Bool

    static let template = TemplateFields<Self>("SearchPage", [
        .flag("reports_none", "whether a search that finds nothing is sent to the site's own server, for its log (`reader_feedback`)") { $0.reportsNone },
    ])
}

struct FeedbackPage: TemplateReadable {
    static let template = TemplateFields<Self>("FeedbackPage", [])
}

struct NotFoundPage: TemplateReadable {
    static let template = TemplateFields<Self>("NotFoundPage", [])
}

/// Each page kind: its template and the schema of its values, in the order docs list them.
enum PageKind: String, CaseIterable, Sendable {
    case article, index, step, term, terms, search, feedback, notFound = "404"

    /// Its template's name, which is also how messages and docs name the page kind.
    var template: String { rawValue }

    var schema: TemplateSchema {
        switch self {
        case .article: return ArticlePage.template.schema
        case .index: return IndexPage.template.schema
        case .step: return StepPage.template.schema
        case .term: return TermPage.template.schema
        case .terms: return TermsPage.template.schema
        case .search: return SearchPage.template.schema
        case .feedback: return FeedbackPage.template.schema
        case .notFound: return NotFoundPage.template.schema
        }
    }
}
