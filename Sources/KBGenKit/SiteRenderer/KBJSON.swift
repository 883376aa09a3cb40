import Foundation

/// kb.json: the whole knowledge base as one JSON document for integrations (chat bots, ticketing
/// tools, search appliances). Solutions are listed in the order the pages show them.
struct KBJSON {
    struct ArticleEntry: JSONWritable {
        var id: String
        var url: String
        var title: String
        var summary: String
        var errorCodes: [String]
        var products: [String]
        var tags: [String]
        var updated: String?
        var solutions: [SolutionEntry]
    }

    struct SolutionEntry: JSONWritable {
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
    }

    /// A step that is a step file or a shared step, by id; any other step by its text.
    struct StepEntry: JSONWritable {
        var step: String?
        var text: String?
    }

    struct SharedStepEntry: JSONWritable {
        var id: String
        var url: String
        var title: String
        var text: String
        /// Written as a file in Content/steps/, or found repeated across articles.
        var stepFile: Bool
        var usedBy: [Use]
    }

    struct Use: JSONWritable {
        var article: String
        var solution: String
    }

    struct LinkEntry: JSONWritable {
        var from: String
        var to: String
    }

    var title: String
    var baseURL: String?
    var articles: [ArticleEntry]
    var steps: [SharedStepEntry]
    var links: [LinkEntry]

    init(site: Site, users: [String: [StepUse]]) {
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
            let uses = (users[id] ?? []).map { Use(article: site.articles[$0.article].id, solution: site.articles[$0.article].solutions[$0.solution].anchor) }
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

    /// kb.json in pieces: articles and steps are written on all cores, 256 to a piece, in order;
    /// joined, the pieces are `json.text` with keys in sorted order.
    func encodedParts() -> [String] {
        func list<T: JSONWritable>(_ items: [T]) -> [String] {
            Parallel.map((items.count + 255) / 256, chunk: 1) { c -> String in
                var out = ""
                for i in (c * 256)..<min(items.count, (c + 1) * 256) {
                    if i > 0 { out += "," }
                    items[i].json.write(to: &out)
                }
                return out
            }
        }
        var parts = ["{\"articles\":["] + list(articles)
        var middle = "]"
        if let baseURL { middle += ",\"base_url\":" + JSON.quoted(baseURL) }
        middle += ",\"links\":"
        JSON.array(self.links.map(\.json)).write(to: &middle)
        parts.append(middle + ",\"steps\":[")
        parts += list(steps)
        parts.append("],\"title\":" + JSON.quoted(title) + "}\n")
        return parts
    }

    var json: JSON {
        var o: [String: JSON] = ["title": .string(title), "articles": .array(articles.map(\.json)), "steps": .array(steps.map(\.json)),
                                 "links": .array(links.map(\.json))]
        if let baseURL { o["base_url"] = .string(baseURL) }
        return .object(o)
    }
}

/// A part of kb.json. Keys are those of the documented format; absent values are left out.
protocol JSONWritable {
    var json: JSON { get }
}

extension KBJSON.ArticleEntry {
    var json: JSON {
        var o: [String: JSON] = ["id": .string(id), "url": .string(url), "title": .string(title), "summary": .string(summary),
                                 "error_codes": .array(errorCodes.map(JSON.string)), "products": .array(products.map(JSON.string)),
                                 "tags": .array(tags.map(JSON.string)), "solutions": .array(solutions.map(\.json))]
        if let updated { o["updated"] = .string(updated) }
        return .object(o)
    }
}

extension KBJSON.SolutionEntry {
    var json: JSON {
        var o: [String: JSON] = ["id": .string(id), "title": .string(title), "rank": .int(rank), "likelihood": .number(likelihood),
                                 "written_likelihood": .number(writtenLikelihood), "steps": .array(steps.map(\.json))]
        if let effort { o["effort"] = .string(effort) }
        if let effortMinutes { o["effort_minutes"] = .number(effortMinutes) }
        if let worked { o["worked"] = .int(worked) }
        if let failed { o["failed"] = .int(failed) }
        return .object(o)
    }
}

extension KBJSON.StepEntry {
    var json: JSON {
        var o: [String: JSON] = [:]
        if let step { o["step"] = .string(step) }
        if let text { o["text"] = .string(text) }
        return .object(o)
    }
}

extension KBJSON.SharedStepEntry {
    var json: JSON {
        .object(["id": .string(id), "url": .string(url), "title": .string(title), "text": .string(text), "step_file": .bool(stepFile),
                 "used_by": .array(usedBy.map(\.json))])
    }
}

extension KBJSON.Use {
    var json: JSON { .object(["article": .string(article), "solution": .string(solution)]) }
}

extension KBJSON.LinkEntry {
    var json: JSON { .object(["from": .string(from), "to": .string(to)]) }
}
