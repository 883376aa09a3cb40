/// kb.json: the whole knowledge base as one JSON document for integrations (chat bots, ticketing
/// tools, search appliances). Solutions are listed in the order the pages show them. Keys are
/// those of the documented format, written sorted; absent values are left out.
enum KBJSON {
    /// kb.json in pieces: the opening, articles 256 to a piece, the links, steps up to 256 and
    /// 20,000 uses to a piece, the end. The writer makes a few at a time on all cores and writes them
    /// in order. (With 256 steps to a piece, the piece holding the most used steps took a third of
    /// a second on one core while the other waited.) Each piece has a key, the fingerprint of
    /// everything it reads: a rebuild copies a piece whose key the last build's kb.json has from
    /// that file instead of making it, and kb.json's own key is the fingerprint of the pieces' keys.
    /// - Parameters:
    ///   - prints: by article, `articlePrint` of it.
    ///   - uses: by article, `useTexts` of it.
    static func pieces(site: Site, users: [String: [StepUse]], shared: [String: Prehashed<SharedStep>],
                       prints: [Fingerprint], uses: [[String]]) -> Pieces {
        let stepIDs = stepIDs(site)
        let articleRuns = stride(from: 0, to: site.articles.count, by: 256).map { $0..<min(site.articles.count, $0 + 256) }
        let stepRuns = Parallel.runs(stepIDs.map { 1 + (users[$0]?.count ?? 0) }, size: 256, budget: 20_000)
        let keys = pieceKeys(site: site, articles: prints, users: users, uses: uses, shared: shared, stepIDs: stepIDs,
                             articleRuns: articleRuns, stepRuns: stepRuns)
        @Sendable func run(_ range: Range<Int>, _ item: (Int, inout String) -> Void) -> String {
            var out = ""
            for i in range {
                if i > 0 { out += "," }
                item(i, &out)
            }
            return out
        }
        return Pieces(keys: keys) { k in
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

    /// Each piece's key, in the order of `pieces`: a fingerprint of everything the piece reads,
    /// its place among the pieces included (the first item of the list has no comma before it).
    static func pieceKeys(site: Site, articles: [Fingerprint], users: [String: [StepUse]], uses: [[String]], shared: [String: Prehashed<SharedStep>],
                          stepIDs: [String], articleRuns: [Range<Int>], stepRuns: [Range<Int>]) -> [String] {
        func start(_ part: String, _ index: Int) -> Fingerprint {
            var f = Fingerprint()
            f.add("kb.json 2 " + part)
            f.add(index)
            return f
        }
        var keys = [start("opening", 0).hex]
        keys += articleRuns.map { range in
            var f = start("articles", range.lowerBound)
            f.add(range.count)
            for a in articles[range] { f.add(a) }
            return f.hex
        }
        var middle = start("links", 0)
        middle.add(optional: site.settings.baseURL)
        for from in site.links.keys.sorted() {
            middle.add(from)
            middle.add(site.links[from]!)
        }
        keys.append(middle.hex)
        keys += Parallel.map(stepRuns.count, chunk: 1) { c -> String in
            var f = start("steps", stepRuns[c].lowerBound)
            f.add(stepRuns[c].count)
            for id in stepIDs[stepRuns[c]] {
                f.add(id)
                if let s = site.steps[id] {
                    f.add(1); f.add(s.title); f.add(s.blocks)
                } else {
                    f.add(2); f.add(shared[id]?.print ?? Fingerprint())
                }
                // Keyed by the very text each use is written as: its article's id and its solution's anchor.
                let list = users[id] ?? []
                f.add(list.count)
                for use in list { f.add(uses[use.article][use.solution]) }
            }
            return f.hex
        }
        var end = start("end", 0)
        end.add(site.settings.title)
        keys.append(end.hex)
        return keys
    }

    /// A fingerprint of everything kb.json reads of an article.
    static func articlePrint(_ a: Article) -> Fingerprint {
        var f = Fingerprint()
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

    /// Each solution's entry in a step's `used_by`, for one article: written once here, as steps
    /// list their uses by the hundred thousand.
    static func useTexts(_ article: Article) -> [String] {
        var prefix = "{\"article\":"
        JSON.writeString(article.id, to: &prefix)
        prefix += ",\"solution\":"
        return article.solutions.map { solution in
            var text = prefix
            JSON.writeString(solution.anchor, to: &text)
            return text + "}"
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
