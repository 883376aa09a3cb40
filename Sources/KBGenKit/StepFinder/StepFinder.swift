import Foundation
import Dispatch

/// Finds steps that are written more than once, in slightly different words, and makes each
/// group one step: one wording, one id, one page. Every step is kept: a step written twice in one
/// solution is one shared step used twice.
///
/// No pair of steps is compared blindly: identical texts are folded first; then each distinct
/// text is compared only with group centres that share one of its rarest words (prefix
/// filtering for Jaccard similarity) and have the same exact tokens.
public enum StepFinder {
    /// A step of an article, by index: solution in source order, step within the solution.
    public struct Occurrence: Sendable, Hashable {
        public var article: Int
        public var solution: Int
        public var step: Int

        public init(article: Int, solution: Int, step: Int) {
            self.article = article
            self.solution = solution
            self.step = step
        }
    }

    public struct Grouping: Sendable {
        public var occurrences: [Occurrence]
        /// Group of each occurrence (parallel to `occurrences`); -1 for a step kbgen does not group.
        public var groupOf: [Int]
        /// For each group, the step file it is, if any.
        public var stepFile: [String?]
        public var groupCount: Int { stepFile.count }
        /// How many distinct step texts hold each word, and how many there are: the words' weights.
        var wordFrequency: [String: Int] = [:]
        var distinctTexts = 0
    }

    /// Groups every step of the knowledge base.
    public static func group(_ site: Site) -> Grouping {
        let texts = distinctTexts(site)
        var index = CentreIndex(threshold: site.settings.dedupeThreshold, forms: texts.forms)
        var stepFile: [String?] = []
        let fileGroup = addStepFiles(site, to: &index, groups: &stepFile)
        let declared = DeclaredSteps(site.settings)
        var groupOfForm = assign(texts, declared: declared, index: &index, groups: &stepFile)
        declared.join(&groupOfForm, forms: texts.formIndex, isFile: { stepFile[$0] != nil })

        var groupOf = texts.formOf.map { $0 >= 0 ? groupOfForm[$0] : -1 }
        for (i, id) in texts.references { groupOf[i] = fileGroup[id] ?? -1 }
        return Grouping(occurrences: texts.occurrences, groupOf: groupOf, stepFile: stepFile,
                        wordFrequency: index.frequency, distinctTexts: texts.forms.count)
    }

    /// Every step of the knowledge base, with identical texts folded into one form.
    struct DistinctTexts {
        var occurrences: [Occurrence] = []
        /// The form of each occurrence, or -1 for a step that is not grouped by text.
        var formOf: [Int] = []
        var forms: [StepText] = []
        var formIndex: [HashedStepText: Int] = [:]
        /// How many steps are written as each form.
        var formCount: [Int] = []
        /// `step:` references by occurrence.
        var references: [Int: String] = [:]
    }

    /// Normalising and folding identical texts is the costly part and independent per article:
    /// runs of articles go on all cores; only their distinct texts are merged here.
    static func distinctTexts(_ site: Site) -> DistinctTexts {
        var t = DistinctTexts()
        for chunk in chunkedSteps(site.articles, vocabulary: site.settings.stepVocabulary) {
            let global = chunk.forms.indices.map { f -> Int in
                if let g = t.formIndex[chunk.forms[f]] {
                    t.formCount[g] += chunk.counts[f]
                    t.forms[g].merge(chunk.forms[f].text)
                    return g
                }
                t.formIndex[chunk.forms[f]] = t.forms.count
                t.forms.append(chunk.forms[f].text)
                t.formCount.append(chunk.counts[f])
                return t.forms.count - 1
            }
            for (reference, id) in chunk.references { t.references[t.occurrences.count + reference] = id }
            t.occurrences.append(contentsOf: chunk.occurrences)
            t.formOf.append(contentsOf: chunk.formOf.map { $0 >= 0 ? global[$0] : -1 })
        }
        return t
    }

    /// Step files come first, each a group: a step that matches one, by its text or its title, is
    /// that step. Returns each step file's group.
    static func addStepFiles(_ site: Site, to index: inout CentreIndex, groups stepFile: inout [String?]) -> [String: Int] {
        var fileGroup: [String: Int] = [:]
        for id in site.steps.keys.sorted() {
            let step = site.steps[id]!
            let group = stepFile.count
            stepFile.append(id)
            fileGroup[id] = group
            if let text = StepText.of(step.blocks, folder: "steps", vocabulary: site.settings.stepVocabulary) {
                index.addCentre(text, group: group, isFile: true)
            }
            // A title names the step rather than saying it: its capitals are no evidence of names.
            var title = StepText(exact: [], words: [])
            title.addWords(step.title, vocabulary: site.settings.stepVocabulary)
            if !title.words.isEmpty || !title.exact.isEmpty { index.addCentre(title, group: group, isFile: true) }
        }
        return fileGroup
    }

    /// The group of each form: the most frequent texts become centres first, so variants join the
    /// common wording; a text joins the most similar centre, or becomes one.
    static func assign(_ texts: DistinctTexts, declared: DeclaredSteps, index: inout CentreIndex, groups stepFile: inout [String?]) -> [Int] {
        let forms = texts.forms, formCount = texts.formCount
        let order = forms.indices.sorted { formCount[$0] != formCount[$1] ? formCount[$0] > formCount[$1] : $0 < $1 }
        var groupOfForm = [Int](repeating: -1, count: forms.count)
        var keptApart: [Int: [StepText]] = [:]
        for f in order {
            let group = index.bestGroup(for: forms[f]) { g in
                !(keptApart[g] ?? []).contains { declared.neverSame(forms[f], $0) }
            }
            if let g = group {
                groupOfForm[f] = g
            } else {
                let g = stepFile.count
                stepFile.append(nil)
                index.addCentre(forms[f], group: g, isFile: false)
                groupOfForm[f] = g
            }
            if declared.isKeptApart(forms[f]) { keptApart[groupOfForm[f], default: []].append(forms[f]) }
        }
        return groupOfForm
    }

    /// The steps of a run of articles, with identical texts folded.
    struct StepChunk: @unchecked Sendable {
        var occurrences: [Occurrence] = []
        /// Index into `forms`, or -1 for a step that is not grouped by text.
        var formOf: [Int] = []
        var forms: [HashedStepText] = []
        var counts: [Int] = []
        /// `step:` references by index into `occurrences`.
        var references: [(Int, String)] = []
    }

    static func chunkedSteps(_ articles: [Article], vocabulary: StepVocabulary) -> [StepChunk] {
        // Large runs, a few per core: copies of a step are read once per run.
        let size = max(256, articles.count / max(1, ProcessInfo.processInfo.activeProcessorCount * 4))
        let chunks = (articles.count + size - 1) / size
        let results = ResultSlots<StepChunk>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var chunk = StepChunk()
            var local: [HashedStepText: Int] = [:]
            // Steps by their Markdown as written: copies are normalised once.
            var written: [String: (reading: StepText.Reading?, form: Int?)] = [:]
            var productWords: [String: [String]] = [:]
            var productLists: [[String]: Int] = [:]
            var listProducts: [[[String]]] = []
            var contextLists: [Int: Set<Int>] = [:]
            for a in (c * size)..<min(articles.count, (c + 1) * size) {
                let article = articles[a]
                let folder = article.folder
                // The article's products, which a step may name or leave out, worked out once per
                // list in a run of articles: texts note the lists they are written under.
                let productList = productLists[article.meta.products] ?? {
                    productLists[article.meta.products] = listProducts.count
                    listProducts.append(article.meta.products.map { name in
                        productWords[name] ?? { let w = StepText.productWords(name, vocabulary: vocabulary); productWords[name] = w; return w }()
                    }.sorted { $0.count > $1.count })
                    return listProducts.count - 1
                }()
                let products = listProducts[productList]
                for (s, solution) in article.solutions.enumerated() {
                    var n = 0
                    for part in solution.content {
                        guard case .steps(let list) = part else { continue }
                        for step in list.items {
                            chunk.occurrences.append(Occurrence(article: a, solution: s, step: n))
                            n += 1
                            if let ref = step.reference {
                                chunk.references.append((chunk.occurrences.count - 1, ref.value))
                                chunk.formOf.append(-1)
                            } else {
                                // Copies of a step in this run of articles are read once; what
                                // differs between them is which products their articles are about.
                                let key = StepText.rawKey(step.blocks, folder: folder)
                                var known = key.flatMap { written[$0] }
                                if known == nil {
                                    let reading = StepText.read(step.blocks, folder: folder, vocabulary: vocabulary)
                                    known = (reading, -1)
                                    if let key { written[key] = known }
                                }
                                guard let reading = known!.reading else {
                                    chunk.formOf.append(-1)
                                    continue
                                }
                                if let f = known!.form, f >= 0, products.isEmpty || StepTokens.mention(of: products, in: reading.tokens) == nil {
                                    chunk.counts[f] += 1
                                    chunk.formOf.append(f)
                                    contextLists[f, default: []].insert(productList)
                                    continue
                                }
                                let text = HashedStepText(StepText.make(reading, products: products))
                                if let f = local[text] {
                                    chunk.counts[f] += 1
                                    chunk.formOf.append(f)
                                    chunk.forms[f].text.merge(text.text)
                                } else {
                                    local[text] = chunk.forms.count
                                    chunk.formOf.append(chunk.forms.count)
                                    chunk.forms.append(text)
                                    chunk.counts.append(1)
                                }
                                if let key { written[key]!.form = local[text] }
                            }
                        }
                    }
                }
            }
            // A text's products are those every article that writes it is about.
            for (f, lists) in contextLists {
                for l in lists { chunk.forms[f].text.context.formIntersection(listProducts[l]) }
            }
            results.set(c, chunk)
        }
        return results.values.map { $0! }
    }

    /// Applies a grouping: gives every use of a step file or of a step written in two places or
    /// more its id, and lists the groups.
    /// Takes the site, so that its articles are changed in place rather than copied.
    /// - Parameter report: false when no one reads the groups (a build only writes the site):
    ///   they list every place of every repeated step, tens of megabytes for a large knowledge base.
    public static func apply(_ grouping: Grouping, to site: consuming Site, report: Bool = true) -> (Site, [RepeatedStepGroup]) {
        var site = consume site
        var uses = [Int](repeating: 0, count: grouping.groupCount)
        var articles = site.articles

        // Where each article's steps start among the occurrences, which come article by article;
        // every step by occurrence; the Markdown of each grouped step's first block, made once on all cores.
        var start = [Int](repeating: 0, count: articles.count + 1)
        for o in grouping.occurrences { start[o.article + 1] += 1 }
        for a in articles.indices { start[a + 1] += start[a] }
        let stepAt: [Step] = Parallel.map(articles.count, chunk: 64) { a in
            articles[a].solutions.flatMap(\.steps)
        }.flatMap { $0 }
        let firstBlock: [String] = Parallel.map(stepAt.count, chunk: 512) { j in
            grouping.groupOf[j] >= 0 ? MarkdownText.of(Array(stepAt[j].blocks.prefix(1))) : ""
        }

        // Every step a writer wrote is kept; a step written twice in one solution (a procedure on
        // the server, then the same on the client) counts as twice, as in two articles.
        for g in grouping.groupOf where g >= 0 { uses[g] += 1 }

        // Ids: step files keep theirs; automatic groups used twice or more get a slug, from their
        // wording: the most common variant, ties going to the first in article id and position
        // order. Variants are counted group by group on all cores (a text hashed per step).
        var members = [[Int]](repeating: [], count: grouping.groupCount)
        for (j, g) in grouping.groupOf.enumerated() where g >= 0 && grouping.stepFile[g] == nil && uses[g] >= 2 {
            members[g].append(j)
        }
        let canonicalOf: [Int?] = Parallel.map(grouping.groupCount, chunk: 16) { g in
            var variants: [String: (count: Int, first: Int)] = [:]
            for j in members[g] { variants[firstBlock[j], default: (count: 0, first: j)].count += 1 }
            return variants.values.min { $0.count != $1.count ? $0.count > $1.count : $0.first < $1.first }?.first
        }
        members = []
        let canonical = canonicalOf.indices.compactMap { g in canonicalOf[g].map { (g: g, j: $0) } }
        var ids = [String?](repeating: nil, count: grouping.groupCount)
        for g in 0..<grouping.groupCount { ids[g] = grouping.stepFile[g] }
        var bySlug: [String: [Int]] = [:]
        for (g, j) in canonical {
            bySlug[stepSlug(Array(stepAt[j].blocks.prefix(1)).plainText), default: []].append(g)
        }
        for (base, groups) in bySlug {
            let clash = groups.count > 1 || site.steps[base] != nil
            for g in groups {
                ids[g] = clash ? base + "-" + stableHash(firstBlock[canonicalOf[g]!]) : base
            }
        }

        // Shared steps and the report.
        var reports: [Int: RepeatedStepGroup] = [:]
        for (g, j) in canonical {
            let o = grouping.occurrences[j], step = stepAt[j]
            site.sharedSteps[ids[g]!] = SharedStep(id: ids[g]!, blocks: Array(step.blocks.prefix(1)), file: articles[o.article].file,
                                                   folder: articles[o.article].folder, position: step.position)
        }
        for (j, g) in grouping.groupOf.enumerated() where report && g >= 0 {
            guard let id = ids[g], grouping.stepFile[g] != nil || uses[g] >= 2 else { continue }
            let o = grouping.occurrences[j], step = stepAt[j]
            if reports[g] == nil {
                let isFile = grouping.stepFile[g] != nil
                let blocks = isFile ? site.steps[id]!.blocks : site.sharedSteps[id]!.blocks
                reports[g] = RepeatedStepGroup(id: id, wording: blocks.plainText, markdown: MarkdownText.of(blocks),
                                               isStepFile: isFile, occurrences: [])
            }
            // Fields are read in place: copying an `Article` retains every part of it.
            reports[g]!.occurrences.append(.init(articleID: articles[o.article].id, file: articles[o.article].file,
                                                 position: step.position, endLine: step.endLine,
                                                 text: firstBlock[j], isReference: step.reference != nil,
                                                 hasNotes: step.blocks.count > 1))
        }

        // Rewrite the articles in place, on all cores: ids on steps.
        articles = []
        Parallel.update(&site.articles) { a, article in
            var j = start[a]
            for s in article.solutions.indices {
                article.solutions[s].content = article.solutions[s].content.map { part in
                    guard case .steps(var list) = part else { return part }
                    for k in list.items.indices {
                        defer { j += 1 }
                        let g = grouping.groupOf[j]
                        if g >= 0, let id = ids[g], grouping.stepFile[g] != nil || uses[g] >= 2 { list.items[k].stepID = id }
                    }
                    return .steps(list)
                }
            }
        }
        let list = reports.values.filter { group in
            // A step file used only through `step:` links needs nothing from the writer.
            !(group.isStepFile && group.occurrences.allSatisfy(\.isReference))
        }.sorted { $0.occurrences.count != $1.occurrences.count ? $0.occurrences.count > $1.occurrences.count : $0.id < $1.id }
        return (site, list)
    }

    /// The stage: group, then apply.
    public static func find(_ site: consuming Site, report: Bool = true) -> (Site, [RepeatedStepGroup]) {
        let grouping = group(site)
        return apply(grouping, to: consume site, report: report)
    }

    /// A short, readable id from the wording: its words without filler, as a slug.
    static func stepSlug(_ text: String) -> String {
        var out = ""
        for piece in slug(text).split(separator: "-") where !StepText.fillerWords.contains(String(piece)) {
            if out.count + piece.count + 1 > 64 && !out.isEmpty { break }
            out += (out.isEmpty ? "" : "-") + piece
        }
        return out.isEmpty ? "step" : out
    }

    /// FNV-1a, so that an id is the same in every run (Swift's own hashing is seeded per process).
    static func stableHash(_ text: String) -> String {
        String(String(FNV1a.of(text), radix: 16).leftPadded(16).prefix(6))
    }
}

/// Group centres indexed by exact tokens and words, for finding candidates without comparing all pairs.
struct CentreIndex {
    struct Centre {
        var text: StepText
        var words: Set<String>
        var weight: Double
        var group: Int
        var isFile: Bool
    }

    let threshold: Double
    /// How many distinct texts hold each word: rare words make the shortest candidate lists.
    let frequency: [String: Int]
    let formCount: Double
    /// Each word's weight, from its frequency, worked out once.
    let weights: [String: Double]
    var centres: [Centre] = []
    /// exact tokens → word → centres holding it.
    var byWord: [[String]: [String: [Int]]] = [:]
    /// exact tokens → centres with no words at all.
    var wordless: [[String]: [Int]] = [:]

    init(threshold: Double, forms: [StepText]) {
        self.threshold = threshold
        var frequency: [String: Int] = [:]
        for form in forms {
            for w in Set(form.words) { frequency[w, default: 0] += 1 }
        }
        self.frequency = frequency
        let texts = Double(max(forms.count, 1))
        self.formCount = texts
        self.weights = frequency.mapValues { Self.weight($0, texts: texts) }
    }

    /// A word's weight in the similarity: rare words weigh more than common ones (the inverse
    /// document frequency over distinct step texts), so that two texts that share only their
    /// common words are not one step.
    func weight(_ word: String) -> Double { weights[word] ?? Self.weight(nil, texts: formCount) }

    /// Between 1 (a word in every text) and 1.5 (a word in one): damped, because in a small
    /// knowledge base every word is rare and a full inverse frequency would let one extra word
    /// ("now") outweigh all the shared ones.
    static func weight(_ frequency: Int?, texts: Double) -> Double {
        1 + 0.5 * log(1 + texts / Double(max(frequency ?? 1, 1))) / log(1 + texts)
    }

    mutating func addCentre(_ text: StepText, group: Int, isFile: Bool) {
        let words = Set(text.words)
        let c = centres.count
        centres.append(Centre(text: text, words: words, weight: words.reduce(0) { $0 + weight($1) }, group: group, isFile: isFile))
        register(c, exact: text.exact, words: words)
        // A text that names its article's product is found by texts that leave it out, too.
        if let rest = text.withoutMention.first { register(c, exact: rest.exact, words: Set(rest.words)) }
    }

    private mutating func register(_ c: Int, exact: [String], words: Set<String>) {
        if words.isEmpty {
            wordless[exact, default: []].append(c)
        } else {
            for w in words { byWord[exact, default: [:]][w, default: []].append(c) }
        }
    }

    /// Centres that may reach the threshold with a text of these exact tokens and words: any
    /// centre at or above it shares one of the rarest words whose weight adds up to more than
    /// (1 - threshold) of the text's (prefix filtering).
    func candidates(exact: [String], words: Set<String>, total: Double, into found: inout [Int], seen: inout Set<Int>) {
        if words.isEmpty {
            for c in wordless[exact] ?? [] where seen.insert(c).inserted { found.append(c) }
            return
        }
        guard let table = byWord[exact] else { return }
        let prefix = words.sorted { (frequency[$0] ?? 0, $0) < (frequency[$1] ?? 0, $1) }
        let needed = (1 - threshold) * total + 1e-9
        var sum = 0.0
        for w in prefix {
            for c in table[w] ?? [] where seen.insert(c).inserted { found.append(c) }
            sum += weight(w)
            if sum > needed { break }
        }
    }

    /// The group whose centre is most similar, at or above the threshold; a step file wins over
    /// an automatic group whenever it qualifies.
    func bestGroup(for text: StepText, allowed: (Int) -> Bool = { _ in true }) -> Int? {
        let words = Set(text.words)
        let total = words.reduce(0) { $0 + weight($1) }
        var found: [Int] = []
        var seen = Set<Int>()
        candidates(exact: text.exact, words: words, total: total, into: &found, seen: &seen)
        if let rest = text.withoutMention.first {
            let restWords = Set(rest.words)
            candidates(exact: rest.exact, words: restWords, total: restWords.reduce(0) { $0 + weight($1) }, into: &found, seen: &seen)
        }
        var best: (group: Int, score: Double, isFile: Bool, centre: Int)?
        for c in found {
            let centre = centres[c]
            // Two texts whose word weights differ too much cannot reach the threshold as written;
            // with a product left out, they are compared anyway.
            if text.withoutMention.isEmpty, centre.text.withoutMention.isEmpty,
               centre.weight < threshold * total - 1e-9 || total < threshold * centre.weight - 1e-9 { continue }
            let comparison = StepText.compare(text, centre.text, weight: weight, sets: (words, centre.words))
            guard comparison.veto == nil, comparison.score >= threshold - 1e-12, allowed(centre.group) else { continue }
            let score = comparison.score
            if let b = best {
                let better = (centre.isFile && !b.isFile) || (centre.isFile == b.isFile && (score > b.score || (score == b.score && c < b.centre)))
                if !better { continue }
            }
            best = (centre.group, score, centre.isFile, c)
        }
        return best?.group
    }
}

/// Wordings that kbgen.yml declares one step (`dedupe.same`) or never one step (`dedupe.never_same`),
/// normalised as steps are, so that a declaration matches every spelling of its wordings.
struct DeclaredSteps {
    var same: [[StepText]] = []
    var apart: [(StepText, StepText)] = []
    var apartTexts: Set<StepText> = []

    init(_ settings: Settings) {
        func text(_ wording: Located<String>) -> StepText? {
            StepText.of(MarkdownParser.parse(wording.value).blocks, folder: "", vocabulary: settings.stepVocabulary)
        }
        same = settings.sameSteps.map { $0.compactMap(text) }
        for list in settings.neverSameSteps {
            let texts = list.compactMap(text)
            for i in texts.indices { for j in texts.indices where j > i { apart.append((texts[i], texts[j])) } }
            apartTexts.formUnion(texts)
        }
    }

    func isKeptApart(_ text: StepText) -> Bool { apartTexts.contains(text) }

    func neverSame(_ a: StepText, _ b: StepText) -> Bool {
        apart.contains { ($0.0 == a && $0.1 == b) || ($0.0 == b && $0.1 == a) }
    }

    /// Puts the groups of wordings declared the same into one: a step file's group if one is a
    /// step file, else the first.
    func join(_ groupOfForm: inout [Int], forms: [HashedStepText: Int], isFile: (Int) -> Bool) {
        for list in same {
            let groups = Set(list.compactMap { forms[HashedStepText($0)].map { groupOfForm[$0] } }).sorted()
            guard groups.count > 1 else { continue }
            let target = groups.first(where: isFile) ?? groups[0]
            for f in groupOfForm.indices where groups.contains(groupOfForm[f]) { groupOfForm[f] = target }
        }
    }
}

/// A step text with its hash computed once, on the thread that normalised it.
struct HashedStepText: Hashable, @unchecked Sendable {
    var text: StepText
    let hash: Int

    init(_ text: StepText) {
        self.text = text
        self.hash = text.hashValue
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    static func == (a: HashedStepText, b: HashedStepText) -> Bool { a.hash == b.hash && a.text == b.text }
}
