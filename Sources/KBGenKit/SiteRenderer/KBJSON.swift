import Foundation

/// kb.json: the whole knowledge base as one JSON document for integrations (chat bots, ticketing
/// tools, search appliances). Solutions are listed in the order the pages show them.
struct KBJSON: Encodable {
    struct ArticleEntry: Encodable {
        var id: String
        var url: String
        var title: String
        var summary: String
        var errorCodes: [String]
        var products: [String]
        var tags: [String]
        var updated: String?
        var solutions: [SolutionEntry]

        enum CodingKeys: String, CodingKey {
            case id, url, title, summary, errorCodes = "error_codes", products, tags, updated, solutions
        }
    }

    struct SolutionEntry: Encodable {
        var id: String
        var title: String
        var rank: Int
        /// The figure the order used.
        var likelihood: Double
        var writtenLikelihood: Double
        var effort: String?
        var effortMinutes: Double?
        var worked: Int?
        var failed: Int?
        var steps: [StepEntry]

        enum CodingKeys: String, CodingKey {
            case id, title, rank, likelihood, writtenLikelihood = "written_likelihood", effort,
                 effortMinutes = "effort_minutes", worked, failed, steps
        }
    }

    /// A step that is a step file or a shared step, by id; any other step by its text.
    struct StepEntry: Encodable {
        var step: String?
        var text: String?
    }

    struct SharedStepEntry: Encodable {
        var id: String
        var url: String
        var title: String
        var text: String
        /// Written as a file in Content/steps/, or found repeated across articles.
        var stepFile: Bool
        var usedBy: [Use]

        enum CodingKeys: String, CodingKey { case id, url, title, text, stepFile = "step_file", usedBy = "used_by" }
    }

    struct Use: Encodable {
        var article: String
        var solution: String
    }

    struct LinkEntry: Encodable {
        var from: String
        var to: String
    }

    var title: String
    var baseURL: String?
    var articles: [ArticleEntry]
    var steps: [SharedStepEntry]
    var links: [LinkEntry]

    enum CodingKeys: String, CodingKey { case title, baseURL = "base_url", articles, steps, links }

    init(site: Site, users: [String: [(article: Article, solution: Solution)]]) {
        title = site.settings.title
        baseURL = site.settings.baseURL
        articles = site.articles.map { a in
            ArticleEntry(id: a.id, url: a.pagePath, title: a.meta.title, summary: a.summary, errorCodes: a.meta.errorCodes,
                         products: a.meta.products, tags: a.meta.tags, updated: a.meta.updated,
                         solutions: a.solutions.map { s in
                             SolutionEntry(id: s.anchor, title: s.title.plainText, rank: s.rank,
                                           likelihood: (s.likelihood * 10000).rounded() / 10000, writtenLikelihood: s.writtenLikelihood,
                                           effort: s.effortText, effortMinutes: s.effortMinutes,
                                           worked: s.outcomes?.worked, failed: s.outcomes?.failed,
                                           steps: s.steps.map { step in
                                               step.stepID.map { StepEntry(step: $0, text: nil) } ?? StepEntry(step: nil, text: step.blocks.plainText)
                                           })
                         })
        }
        var entries: [SharedStepEntry] = []
        for id in Set(site.steps.keys).union(site.sharedSteps.keys).sorted() {
            let uses = (users[id] ?? []).map { Use(article: $0.article.id, solution: $0.solution.anchor) }
            if let step = site.steps[id] {
                entries.append(SharedStepEntry(id: id, url: step.pagePath, title: step.title, text: step.blocks.plainText,
                                               stepFile: true, usedBy: uses))
            } else if let step = site.sharedSteps[id] {
                entries.append(SharedStepEntry(id: id, url: step.pagePath, title: step.title, text: step.blocks.plainText,
                                               stepFile: false, usedBy: uses))
            }
        }
        steps = entries
        links = site.links.keys.sorted().flatMap { from in site.links[from]!.map { LinkEntry(from: from, to: $0) } }
    }

    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
