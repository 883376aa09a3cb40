/// The stages after parsing, for a rebuild after a few articles changed: instead of finding
/// repeated steps, ordering, linking and cross-linking the whole knowledge base again, each changed
/// article goes through what those stages do to one article, with the rest of the knowledge base
/// as the last build left it.
///
/// That gives a full build's result only when what the step finder reads across articles is
/// unchanged: a fingerprint of each article's steps (`key`), kept in the model's header, without
/// source positions. What the other stages read across articles (anchors, links, codes, tags,
/// related articles, dates, reader feedback) is checked or made again here; when that cannot be
/// done, the replay gives up and the build runs every stage.
public enum ArticleReplay {
    /// Fingerprints of what the stages read of each article, made on all cores.
    public static func keys(_ articles: [Article]) -> [String: String] {
        let keys = Parallel.map(articles.count, chunk: 64) { key(articles[$0]) }
        var out: [String: String] = [:]
        out.reserveCapacity(articles.count)
        for (i, a) in articles.enumerated() { out[a.id] = keys[i] }
        return out
    }

    /// What the stages after parsing read of an article across articles, as parsed.
    static func key(_ article: Article) -> String {
        var f = Fingerprint()
        f.add(article.id)
        // Of the front matter, whether it is a draft, and the products, which the step finder
        // reads (a step may leave out the product its articles are about): the title and summary
        // are read by no stage, and the codes, tags, related articles and date only by the
        // cross-linker's lists and scores, which the replay makes again when they change.
        f.add(article.meta.draft)
        f.add(article.meta.products.count)
        for p in article.meta.products { f.add(p) }
        f.add(article.solutions.count)
        for s in article.solutions {
            // Solution text outside the steps is left out: it is linked where it stands. So are
            // the title, the anchors (`replay` checks the links to them), the likelihood and the
            // effort: the ranker orders one article's solutions, which the replay does again.
            f.add(s.sourceIndex)
            for case .steps(let list) in s.content {
                f.add(list.items.count)
                for step in list.items { f.add(step) }
            }
        }
        return f.hex
    }

    /// True when every changed article was in the last build and its key is the one it had there:
    /// the first condition of a replay, checked before the last build's articles are decoded.
    public static func keysMatch(_ changed: [Article], _ last: LastBuild) -> Bool {
        changed.allSatisfy { new in last.stageKeys[new.id].map { $0 == key(new) } ?? false }
    }

    /// The site a full build would make, from the last build's and the changed articles; nil when
    /// a change reaches beyond what the replay can make again. The changed articles' keys are the
    /// last build's (`keysMatch`).
    /// - Parameters:
    ///   - site: settings, assets, theme and reader feedback of this build, from the loader.
    ///   - rerank: the order setting or the reader feedback changed: every article's solutions
    ///     are ordered again.
    public static func replay(_ changed: [Article], into last: consuming LastBuild, site: Site, rerank: Bool = false) -> Replayed? {
        var last = consume last
        var site = site
        var diagnostics = Diagnostics()
        var index: [String: Int] = [:]
        for (i, a) in last.articles.enumerated() { index[a.id] = i }
        site.steps = last.steps
        site.omittedDrafts = last.omittedDrafts
        site.articles = last.articles
        last.articles = []
        var targets = Targets(site: site)
        // New anchors: the changed articles link with them, and no other page may link to one
        // that went. Reader outcomes name solutions by anchor, so with feedback every stage runs.
        let changedIDs = Set(changed.map(\.id))
        for new in changed {
            guard let i = index[new.id] else { return nil }
            let gone = site.articles[i].anchors.subtracting(new.anchors)
            if new.anchors != site.articles[i].anchors {
                guard site.settings.feedback == nil else { return nil }
                targets.articleAnchors[new.id] = new.anchors
            }
            if !gone.isEmpty {
                // The changed articles are linked again below, with the new anchors.
                let linking = (last.crossReferences.linkedFrom[new.id] ?? []).filter { !changedIDs.contains($0) }
                    .compactMap { index[$0] }.map { site.articles[$0] }
                guard !linksInto(new.id, anchors: gone, articles: linking, steps: Array(site.steps.values)) else { return nil }
            }
        }
        let codes = last.crossReferences.codeSlug
        let codesWithoutDigits = codes.keys.contains { !$0.contains(where: \.isNumber) }
        var replaced = Set<String>()
        // Whether a changed article's codes or tags changed (the code, product and tag
        // pages list it), and whether what related articles are scored by changed.
        var relisted = false, rescored = false
        // Shared steps by the file their wording was written in, found once for all changed articles.
        var sharedByFile: [String: [String]] = [:]
        for (id, shared) in last.sharedSteps { sharedByFile[shared.file, default: []].append(id) }

        for new in changed {
            guard let i = index[new.id] else { return nil }
            let old = site.articles[i]
            let (was, now) = (old.meta, new.meta)
            // The products are part of the key: a replayed article has the ones it had.
            if now.errorCodes != was.errorCodes || now.tags != was.tags { relisted = true }
            if now.errorCodes != was.errorCodes || now.tags != was.tags
                || now.updated != was.updated || now.related.map(\.value) != was.related.map(\.value) { rescored = true }
            guard var article = findSteps(new, as: old) else { return nil }
            if let ids = sharedByFile[new.file] {
                guard let moved = move(ids.map { last.sharedSteps[$0]! }, from: old, to: article, targets: targets) else { return nil }
                for step in moved { last.sharedSteps[step.id] = step }
            }
            article.solutions = rank(article.solutions, as: old.solutions, order: site.settings.order)
            let (links, problems) = Linker.link(&article, targets: targets, steps: site.steps, drafts: site.omittedDrafts)
            // Links between articles count towards related articles.
            if Set(links) != Set(last.links[new.id] ?? []) { rescored = true }
            relink(new.id, from: last.links[new.id] ?? [], to: links, in: &last.crossReferences.linkedFrom)
            last.links[new.id] = links
            diagnostics.append(contentsOf: problems)
            CrossLinker.linkCodeMentions(&article, codes: codes, codesWithoutDigits: codesWithoutDigits)
            site.articles[i] = article
            last.articlePrints[i] = Fingerprint.of(article)
            replaced.insert(new.file)
            last.changed(i)
        }

        // The cross-linker's lists and scores, made again as it makes them, for every article.
        if relisted {
            let listed = CrossLinker.terms(site.articles)
            // A code new to the knowledge base, or gone from it, links or unlinks its mentions in
            // other articles, which were linked as the last build left them.
            guard listed.codeSlug == codes else { return nil }
            last.crossReferences.codes = listed.codes
            (last.crossReferences.products, last.crossReferences.productSlug) = (listed.products, listed.productSlug)
            (last.crossReferences.tags, last.crossReferences.tagSlug) = (listed.tags, listed.tagSlug)
        }
        // Scoring related articles again takes about 0.15 s at 10,000 articles.
        if rescored {
            last.crossReferences.related = CrossLinker.related(site.articles, links: last.links)
        }
        // Every article's solutions ordered as the ranker orders them after parsing: from the
        // written likelihoods, with the outcomes the feedback now gives. Its messages replace
        // the last build's about the feedback file.
        var feedbackFile: String?
        if rerank {
            Parallel.update(&site.articles) { _, article in
                for s in article.solutions.indices {
                    article.solutions[s].outcomes = nil
                    article.solutions[s].likelihood = article.solutions[s].writtenLikelihood
                }
            }
            let problems: Diagnostics
            (site, problems) = SolutionRanker.rank(site)
            diagnostics.append(contentsOf: problems)
            feedbackFile = site.feedback?.file
            let prints = Fingerprint.articles(site.articles)
            for i in prints.indices where prints[i].hex != last.articlePrints[i].hex {
                last.articlePrints[i] = prints[i]
                last.changed(i)
            }
        }
        diagnostics.append(contentsOf: last.warnings.filter { !replaced.contains($0.file) && $0.file != feedbackFile })
        site.links = last.links
        site.crossReferences = last.crossReferences
        site.sharedSteps = last.sharedSteps
        site.stageKeys = last.stageKeys
        site.articlePrints = last.articlePrints
        return Replayed(site: site, diagnostics: diagnostics, count: changed.count, runs: last.runs)
    }

    public struct Replayed: Sendable {
        public var site: Site
        /// The changed articles' stage messages and everything else's from the last build.
        public var diagnostics: Diagnostics
        public var count: Int
        /// The last build's model as it was written, but for the runs of changed articles.
        var runs: [[UInt8]?]
    }

    /// The step finder's work on one article: the ids it gave the steps given again. Nil when the
    /// steps do not line up with the last build's.
    static func findSteps(_ new: Article, as old: Article) -> Article? {
        var article = new
        var oldSolutions: [Int: Solution] = [:]
        for s in old.solutions { oldSolutions[s.sourceIndex] = s }
        for s in article.solutions.indices {
            guard let oldSteps = oldSolutions[article.solutions[s].sourceIndex]?.steps else { return nil }
            var kept = 0
            var lined = true
            article.solutions[s].content = article.solutions[s].content.map { part in
                guard case .steps(var list) = part else { return part }
                list.items = list.items.map { step in
                    guard kept < oldSteps.count else {
                        lined = false
                        return step
                    }
                    var step = step
                    step.stepID = oldSteps[kept].stepID
                    kept += 1
                    return step
                }
                return .steps(list)
            }
            guard lined, kept == oldSteps.count else { return nil }
        }
        return article
    }

    /// The ranker's work on one article. Reader outcomes are counted by solution anchor; with
    /// feedback, the anchors are the last build's (`replay` checks), and a new feedback file
    /// orders every article again after this. So each solution gets the outcomes its anchor had,
    /// its likelihood is updated from what is written now, and the solutions are ordered, as
    /// `SolutionRanker.rank` does.
    static func rank(_ solutions: [Solution], as old: [Solution], order: Settings.Order) -> [Solution] {
        var outcomes: [String: Outcomes] = [:]
        for o in old { if let x = o.outcomes { outcomes[o.anchor] = x } }
        var solutions = solutions
        for s in solutions.indices {
            guard let x = outcomes[solutions[s].anchor] else { continue }
            solutions[s].outcomes = x
            solutions[s].likelihood = SolutionRanker.updatedLikelihood(written: solutions[s].writtenLikelihood, x)
        }
        return SolutionRanker.ordered(solutions, by: order)
    }

    /// True when one of these articles or step files links to one of these anchors of the article.
    static func linksInto(_ id: String, anchors: Set<String>, articles: [Article], steps: [ReusableStep]) -> Bool {
        let targets = Set(anchors.map { id + ".html#" + $0 })
        var found = false
        func look(_ inline: Inline) -> Inline {
            if case .link(let link) = inline, case .site(let path)? = link.resolved, targets.contains(path) { found = true }
            return inline
        }
        for a in articles {
            _ = a.leading.rewritingInlines(look)
            _ = a.trailing.rewritingInlines(look)
            for s in a.solutions {
                _ = s.title.rewritten(look)
                for part in s.content {
                    switch part {
                    case .block(let b): _ = b.rewritingInlines(look)
                    case .steps(let list): for step in list.items { _ = step.blocks.rewritingInlines(look) }
                    }
                }
            }
        }
        for step in steps { _ = step.blocks.rewritingInlines(look) }
        return found
    }

    /// Back-links after an article's links changed, as the cross-linker makes them: each linked
    /// article lists the articles linking to it, sorted, and only a linked article has a list.
    static func relink(_ id: String, from old: [String], to new: [String], in linkedFrom: inout [String: [String]]) {
        guard old != new else { return }
        for to in old {
            linkedFrom[to]?.removeAll { $0 == id }
            if linkedFrom[to]?.isEmpty == true { linkedFrom[to] = nil }
        }
        for to in new {
            linkedFrom[to, default: []].append(id)
            linkedFrom[to]!.sort()
        }
    }

    /// Shared steps whose wording was written in this article: the same steps, now where they
    /// stand, their wording resolved as the linker resolves it. Nil when one is not found.
    static func move(_ shared: [SharedStep], from old: Article, to article: Article, targets: Targets) -> [SharedStep]? {
        let written = writtenSteps(article), oldWritten = writtenSteps(old)
        var moved: [SharedStep] = []
        for var step in shared {
            guard let k = oldWritten.firstIndex(where: { $0.position == step.position }), k < written.count else { return nil }
            step.blocks = Array(written[k].blocks.prefix(1))
            step.position = written[k].position
            moved.append(Linker.resolve(step, targets: targets))
        }
        return moved
    }

    /// The steps the step finder kept, solutions as written, steps in order.
    static func writtenSteps(_ article: Article) -> [Step] {
        article.solutions.sorted { $0.sourceIndex < $1.sourceIndex }.flatMap(\.steps)
    }
}
