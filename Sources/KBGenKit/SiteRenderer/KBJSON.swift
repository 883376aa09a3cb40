/// kb.json: the whole knowledge base as one JSON document for integrations (chat bots, ticketing
/// tools, search appliances). Solutions are listed in the order the pages show them. Keys are
/// those of the documented format, written sorted; absent values are left out.
enum KBJSON {
    /// kb.json in pieces: the opening, articles 256 to a piece, the links, steps up to 256 and
    /// 20,000 uses to a piece, the end. The writer makes a few at a time on all cores and writes them
    /// in order. (With 256 steps to a piece, the piece holding the most used steps took a third of
    /// a second on one core while the other waited.)
    static func pieces(site: Site, users: [String: [StepUse]]) -> Pieces {
        let stepIDs = Set(site.steps.keys).union(site.sharedSteps.keys).sorted()
        let articleRuns = stride(from: 0, to: site.articles.count, by: 256).map { $0..<min(site.articles.count, $0 + 256) }
        let stepRuns = Parallel.runs(stepIDs.map { 1 + (users[$0]?.count ?? 0) }, size: 256, budget: 20_000)
        @Sendable func run(_ range: Range<Int>, _ item: (Int) -> JSON) -> String {
            var out = ""
            for i in range {
                if i > 0 { out += "," }
                item(i).write(to: &out)
            }
            return out
        }
        return Pieces(count: 3 + articleRuns.count + stepRuns.count) { k in
            // Compared one by one: a knowledge base with no articles or steps has no runs of them.
            if k == 0 { return "{\"articles\":[" }
            if k <= articleRuns.count { return run(articleRuns[k - 1]) { article(site.articles[$0]) } }
            if k == articleRuns.count + 1 {
                var middle = "]"
                if let baseURL = site.settings.baseURL { middle += ",\"base_url\":" + JSON.quoted(baseURL) }
                let links = site.links.keys.sorted().flatMap { from in
                    site.links[from]!.map { JSON.object(["from": .string(from), "to": .string($0)]) }
                }
                middle += ",\"links\":"
                JSON.array(links).write(to: &middle)
                return middle + ",\"steps\":["
            }
            let c = k - articleRuns.count - 2
            if c < stepRuns.count { return run(stepRuns[c]) { step(stepIDs[$0], site: site, users: users[stepIDs[$0]] ?? []) } }
            return "],\"title\":" + JSON.quoted(site.settings.title) + "}\n"
        }
    }

    /// A fingerprint of everything kb.json reads, so that an unchanged kb.json is neither made nor
    /// written: the articles without their text outside steps, the links, the steps and their uses.
    static func key(site: Site, users: [String: [StepUse]], steps: PageContext.StepKeys) -> String {
        let articles = Parallel.map(site.articles.count, chunk: 256) { i -> Fingerprint in
            var f = Fingerprint()
            let a = site.articles[i]
            f.add(a.id); f.add(a.meta.title); f.add(a.summary)
            f.add(a.meta.errorCodes); f.add(a.meta.products); f.add(a.meta.tags); f.add(optional: a.meta.updated)
            f.add(a.solutions.count)
            for s in a.solutions {
                f.add(s.anchor); f.add(s.title); f.add(s.rank); f.add(s.likelihood); f.add(s.writtenLikelihood)
                f.add(optional: s.effortText)
                if let e = s.effortMinutes { f.add(1); f.add(e) } else { f.add(0) }
                if let o = s.outcomes { f.add(1); f.add(o.worked); f.add(o.failed) } else { f.add(0) }
                for case .steps(let list) in s.content {
                    f.add(list.items.count)
                    for step in list.items {
                        if let id = step.stepID { f.add(1); f.add(id) } else { f.add(2); f.add(step.blocks) }
                    }
                }
            }
            return f
        }
        var f = Fingerprint()
        f.add("kb.json 1")
        f.add(site.settings.title)
        f.add(optional: site.settings.baseURL)
        f.add(articles.count)
        for a in articles { f.add(a) }
        for from in site.links.keys.sorted() {
            f.add(from)
            f.add(site.links[from]!)
        }
        let ids = Set(site.steps.keys).union(site.sharedSteps.keys).sorted()
        f.add(ids.count)
        for id in ids {
            f.add(id)
            f.add(optional: steps.reusable[id])
            f.add(optional: steps.shared[id])
            // Uses by article and solution index: the articles are in the key in order.
            let uses = users[id] ?? []
            f.add(uses.count)
            for use in uses { f.add(use.article); f.add(use.solution) }
        }
        return f.hex
    }

    static func article(_ a: Article) -> JSON {
        var o: [String: JSON] = ["id": .string(a.id), "url": .string(a.pagePath), "title": .string(a.meta.title),
                                 "summary": .string(a.summary), "error_codes": .array(a.meta.errorCodes.map(JSON.string)),
                                 "products": .array(a.meta.products.map(JSON.string)), "tags": .array(a.meta.tags.map(JSON.string)),
                                 "solutions": .array(a.solutions.map(solution))]
        if let updated = a.meta.updated { o["updated"] = .string(updated) }
        return .object(o)
    }

    static func solution(_ s: Solution) -> JSON {
        var o: [String: JSON] = [
            "id": .string(s.anchor), "title": .string(s.title.plainText), "rank": .int(s.rank),
            // The figure the order used, and the one written.
            "likelihood": .number((s.likelihood * 10000).rounded() / 10000), "written_likelihood": .number(s.writtenLikelihood),
            // A step file or shared step by id; any other step by its text.
            "steps": .array(s.steps.map { step in
                step.stepID.map { .object(["step": .string($0)]) } ?? .object(["text": .string(step.blocks.plainText)])
            }),
        ]
        if let effort = s.effortText { o["effort"] = .string(effort) }
        if let minutes = s.effortMinutes { o["effort_minutes"] = .number(minutes) }
        if let outcomes = s.outcomes {
            o["worked"] = .int(outcomes.worked)
            o["failed"] = .int(outcomes.failed)
        }
        return .object(o)
    }

    /// A step file (written in Content/steps/) or a step found repeated across articles.
    static func step(_ id: String, site: Site, users: [StepUse]) -> JSON {
        let file = site.steps[id]
        let blocks = file?.blocks ?? site.sharedSteps[id]!.blocks
        let uses = users.map { use in
            JSON.object(["article": .string(site.articles[use.article].id),
                         "solution": .string(site.articles[use.article].solutions[use.solution].anchor)])
        }
        return .object(["id": .string(id), "url": .string(stepPagePath(id)), "title": .string(file?.title ?? blocks.plainText),
                        "text": .string(blocks.plainText), "step_file": .bool(file != nil), "used_by": .array(uses)])
    }
}
