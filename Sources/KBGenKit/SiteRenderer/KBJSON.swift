/// kb.json: the whole knowledge base as one JSON document for integrations (chat bots, ticketing
/// tools, search appliances). Solutions are listed in the order the pages show them. Keys are
/// those of the documented format, written sorted; absent values are left out.
enum KBJSON {
    /// kb.json in pieces: the opening, articles 256 to a piece, the links, steps up to 256 and
    /// 20,000 uses to a piece, the end. The writer makes a few at a time on all cores and writes them
    /// in order. (With 256 steps to a piece, the piece holding the most used steps took a third of
    /// a second on one core while the other waited.)
    static func pieces(site: Site, users: [String: [StepUse]]) -> Pieces {
        let stepIDs = stepIDs(site)
        let articleRuns = stride(from: 0, to: site.articles.count, by: 256).map { $0..<min(site.articles.count, $0 + 256) }
        let stepRuns = Parallel.runs(stepIDs.map { 1 + (users[$0]?.count ?? 0) }, size: 256, budget: 20_000)
        let uses = useTexts(site)
        @Sendable func run(_ range: Range<Int>, _ item: (Int, inout String) -> Void) -> String {
            var out = ""
            for i in range {
                if i > 0 { out += "," }
                item(i, &out)
            }
            return out
        }
        return Pieces(count: 3 + articleRuns.count + stepRuns.count) { k in
            // Compared one by one: a knowledge base with no articles or steps has no runs of them.
            if k == 0 { return "{\"articles\":[" }
            if k <= articleRuns.count { return run(articleRuns[k - 1]) { writeArticle(site.articles[$0], to: &$1) } }
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
            if c < stepRuns.count { return run(stepRuns[c]) { writeStep(stepIDs[$0], site: site, users: users[stepIDs[$0]] ?? [], uses: uses, to: &$1) } }
            return "],\"title\":" + JSON.quoted(site.settings.title) + "}\n"
        }
    }

    /// The steps kb.json lists, step files and shared steps alike, by id.
    static func stepIDs(_ site: Site) -> [String] {
        Set(site.steps.keys).union(site.sharedSteps.keys).sorted()
    }

    /// A fingerprint of everything kb.json reads, so that an unchanged kb.json is neither made nor
    /// written: the articles without their text outside steps, the links, the steps and their uses.
    static func key(site: Site, users: [String: [StepUse]], reusable: Fingerprint, shared: [String: Prehashed<SharedStep>]) -> String {
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
        f.add(reusable)
        let ids = stepIDs(site)
        f.add(ids.count)
        for id in ids {
            f.add(id)
            if let print = shared[id]?.print { f.add(1); f.add(print) } else { f.add(0) }
            // Uses by article and solution index: the articles are in the key in order.
            let uses = users[id] ?? []
            f.add(uses.count)
            for use in uses { f.add(use.article); f.add(use.solution) }
        }
        return f.hex
    }

    // Articles, solutions and steps are written straight to text, keys in sorted order, rather
    // than built as `JSON` values first: building them was most of kb.json's time.

    static func writeArticle(_ a: Article, to out: inout String) {
        out += "{"
        JSON.writeKey("error_codes", first: true, to: &out); JSON.writeStrings(a.meta.errorCodes, to: &out)
        JSON.writeKey("id", to: &out); JSON.writeString(a.id, to: &out)
        JSON.writeKey("products", to: &out); JSON.writeStrings(a.meta.products, to: &out)
        JSON.writeKey("solutions", to: &out)
        out += "["
        for s in a.solutions.indices {
            if s > 0 { out += "," }
            writeSolution(a.solutions[s], to: &out)
        }
        out += "]"
        JSON.writeKey("summary", to: &out); JSON.writeString(a.summary, to: &out)
        JSON.writeKey("tags", to: &out); JSON.writeStrings(a.meta.tags, to: &out)
        JSON.writeKey("title", to: &out); JSON.writeString(a.meta.title, to: &out)
        if let updated = a.meta.updated { JSON.writeKey("updated", to: &out); JSON.writeString(updated, to: &out) }
        JSON.writeKey("url", to: &out); JSON.writeString(HTML.encodePath(a.pagePath), to: &out)
        out += "}"
    }

    static func writeSolution(_ s: Solution, to out: inout String) {
        out += "{"
        var first = true
        if let effort = s.effortText { JSON.writeKey("effort", first: first, to: &out); JSON.writeString(effort, to: &out); first = false }
        if let minutes = s.effortMinutes { JSON.writeKey("effort_minutes", first: first, to: &out); JSON.writeNumber(minutes, to: &out); first = false }
        if let outcomes = s.outcomes { JSON.writeKey("failed", first: first, to: &out); out += String(outcomes.failed); first = false }
        JSON.writeKey("id", first: first, to: &out); JSON.writeString(s.anchor, to: &out)
        // The figure the order used, and the one written.
        JSON.writeKey("likelihood", to: &out); JSON.writeNumber((s.likelihood * 10000).rounded() / 10000, to: &out)
        JSON.writeKey("rank", to: &out); out += String(s.rank)
        // A step file or shared step by id; any other step by its text.
        JSON.writeKey("steps", to: &out)
        out += "["
        var firstStep = true
        for case .steps(let list) in s.content {
            for step in list.items {
                if !firstStep { out += "," }
                firstStep = false
                if let id = step.stepID {
                    out += "{\"step\":"
                    JSON.writeString(id, to: &out)
                } else {
                    out += "{\"text\":"
                    JSON.writeString(step.blocks.plainText, to: &out)
                }
                out += "}"
            }
        }
        out += "]"
        JSON.writeKey("title", to: &out); JSON.writeString(s.title.plainText, to: &out)
        if let outcomes = s.outcomes { JSON.writeKey("worked", to: &out); out += String(outcomes.worked) }
        JSON.writeKey("written_likelihood", to: &out); JSON.writeNumber(s.writtenLikelihood, to: &out)
        out += "}"
    }

    /// Each solution's entry in a step's `used_by`, by article and solution: written once here, as
    /// steps list their uses by the hundred thousand.
    static func useTexts(_ site: Site) -> [[String]] {
        Parallel.map(site.articles.count, chunk: 256) { a -> [String] in
            // Fields read in place: copying an `Article` retains every part of it.
            var prefix = "{\"article\":"
            JSON.writeString(site.articles[a].id, to: &prefix)
            prefix += ",\"solution\":"
            return site.articles[a].solutions.map { solution in
                var text = prefix
                JSON.writeString(solution.anchor, to: &text)
                return text + "}"
            }
        }
    }

    /// A step file (written in Content/steps/) or a step found repeated across articles.
    static func writeStep(_ id: String, site: Site, users: [StepUse], uses: [[String]], to out: inout String) {
        let file = site.steps[id]
        let blocks = file?.blocks ?? site.sharedSteps[id]!.blocks
        let text = blocks.plainText
        out += "{"
        JSON.writeKey("id", first: true, to: &out); JSON.writeString(id, to: &out)
        JSON.writeKey("step_file", to: &out); out += file != nil ? "true" : "false"
        JSON.writeKey("text", to: &out); JSON.writeString(text, to: &out)
        JSON.writeKey("title", to: &out); JSON.writeString(file?.title ?? text, to: &out)
        JSON.writeKey("url", to: &out); JSON.writeString(HTML.encodePath(stepPagePath(id)), to: &out)
        JSON.writeKey("used_by", to: &out)
        out += "["
        for (i, use) in users.enumerated() {
            if i > 0 { out += "," }
            out += uses[use.article][use.solution]
        }
        out += "]}"
    }
}
