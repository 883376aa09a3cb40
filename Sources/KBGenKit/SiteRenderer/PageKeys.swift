/// Cache keys of the pages there are thousands of, articles and steps, taken from what each page
/// is made from instead of from its values. When a key is the one the last build recorded for
/// the page, the page is kept without making its values, which is most of what an unchanged page
/// cost. Each key reads everything its values function reads, and nothing is read only for the
/// key: a read missing here would leave a page stale, so the two functions stand side by side in
/// what they read, and the incremental build tests compare the output with a full build's.
extension PageContext {
    /// Fingerprints of the steps pages show by id. Reusable steps are few and rarely change: every
    /// article and step page reads all of them (a `step:` link shows the step's title).
    struct StepKeys {
        var reusable: [String: String] = [:]
        var shared: [String: String] = [:]
        var allReusable = ""

        init(site: Site) {
            var all = Fingerprint()
            for id in site.steps.keys.sorted() {
                let s = site.steps[id]!
                var f = Fingerprint()
                f.add(s.id); f.add(s.title); f.add(s.blocks)
                reusable[id] = f.hex
                all.add(id); all.add(f.hex)
            }
            allReusable = all.hex
            let ids = site.sharedSteps.keys.sorted()
            let keys = Parallel.map(ids.count, chunk: 64) { i -> String in
                let s = site.sharedSteps[ids[i]]!
                var f = Fingerprint()
                f.add(s.id); f.add(s.blocks)
                return f.hex
            }
            for (id, key) in zip(ids, keys) { shared[id] = key }
        }
    }

    /// The key of an article, step or listing page, from what it is made of; nil for the other
    /// pages, which are few and small and keyed by their values. The caller adds the theme,
    /// template and path.
    func key(_ page: SiteRenderer.Page) -> Fingerprint? {
        var f = Fingerprint()
        f.add("page key 1")
        siteKey(&f)
        f.add(stepKeys.allReusable)
        switch page {
        case .article(let i):
            articleKey(i, into: &f)
        case .step(let id, let shared):
            f.add(id)
            if shared, let key = stepKeys.shared[id] {
                f.add(1); f.add(key)
            } else {
                f.add(2); f.add(stepKeys.reusable[id] ?? "")
            }
            // As `step(id:title:blocks:users:)` lists them.
            let users = stepUsers[id] ?? []
            f.add(users.count)
            // A use's key holds its article's page path, which tells which uses the page lists together.
            for use in users { f.add(useKeys[use.article][use.solution]) }
        case .index:
            // As `index()` lists them.
            f.add(3)
            f.add(listingKeys.count)
            for key in listingKeys { f.add(key) }
            termsKey(site.crossReferences.codes, into: &f)
            termsKey(site.crossReferences.products, into: &f)
        case .terms(let kind, let folder, let list):
            f.add(4); f.add(kind.plural); f.add(folder)
            termsKey(list, into: &f)
        case .term(let kind, let folder, let term):
            // As `term(_:_:folder:)` lists them.
            f.add(5); f.add(kind.singular); f.add(kind.plural); f.add(folder)
            f.add(term.display); f.add(term.slug); f.add(term.articles.count)
            for id in term.articles {
                if let i = articleByID[id] { f.add(1); f.add(listingKeys[i]) } else { f.add(0) }
            }
        default:
            return nil
        }
        return f
    }

    /// What a listing shows of an article, and sorts it by: `articleLink`, `summary`, `index()`.
    static func listingKey(_ article: Article, path: String) -> Fingerprint {
        var f = Fingerprint()
        f.add(article.id)
        f.add(path)
        f.add(article.meta.title)
        f.add(article.summary)
        f.add(optional: article.meta.updated)
        return f
    }

    /// What a list of codes, products or tags shows of each.
    func termsKey(_ terms: [Term], into f: inout Fingerprint) {
        f.add(terms.count)
        for t in terms { f.add(t.display); f.add(t.slug); f.add(t.articles.count) }
    }

    /// What every page reads of the settings: `siteValues`, the base URL, the order.
    func siteKey(_ f: inout Fingerprint) {
        f.add(site.settings.title)
        f.add(site.settings.language)
        f.add(optional: site.settings.baseURL)
        f.add(site.settings.order.rawValue)
    }

    /// Everything `article(_:)` reads: the article, the pages it links to by code, product and tag,
    /// its related articles and back-links, and the shared steps its solutions show.
    func articleKey(_ i: Int, into f: inout Fingerprint) {
        f.add(site.articlePrints.count == site.articles.count ? site.articlePrints[i] : Fingerprint.of(site.articles[i]))
        // Everything is read in place, not copied: a copy of the article or of the cross-references
        // retains every part of it, which cost more than the rest of the key.
        let id = site.articles[i].id
        f.add(site.articles[i].meta.errorCodes.count)
        for text in site.articles[i].meta.errorCodes { f.add(optional: site.crossReferences.codeSlug[CrossLinker.canonicalCode(text)]) }
        f.add(site.articles[i].meta.products.count)
        for text in site.articles[i].meta.products { f.add(optional: site.crossReferences.productSlug[CrossLinker.termKey(text)]) }
        f.add(site.articles[i].meta.tags.count)
        for text in site.articles[i].meta.tags { f.add(optional: site.crossReferences.tagSlug[CrossLinker.termKey(text)]) }
        for ids in [site.crossReferences.related[id] ?? [], site.crossReferences.linkedFrom[id] ?? []] {
            f.add(ids.count)
            for id in ids {
                guard let j = articleByID[id] else { f.add(0); continue }
                // Its path, title and summary, with its id and date (`listingKey`).
                f.add(1)
                f.add(listingKeys[j])
            }
        }
        for s in site.articles[i].solutions.indices {
            for case .steps(let list) in site.articles[i].solutions[s].content {
                for step in list.items {
                    guard let id = step.stepID else { continue }
                    f.add(optional: stepKeys.shared[id])
                    // A link to a step file's page, as the page shows it (it says how many articles use it).
                    f.add(optional: site.steps[id].flatMap { HTMLRenderer.linkText($0, articles: articlesUsing[id] ?? 0) })
                }
            }
        }
    }
}
