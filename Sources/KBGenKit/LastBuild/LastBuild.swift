/// The last build's knowledge base as the stages left it, before rendering, kept beside the output
/// as `.kbgen-model`. A rebuild after a few articles changed starts from it: it parses only those
/// articles and replays their stages (`ArticleReplay`) instead of reading and linking every one.
///
/// It is read in two steps: the header (everything but the articles, with each article's stage
/// key) and then, only when the changed articles' keys show that the replay can apply, the
/// articles themselves. A change that reaches other articles then costs the header alone.
public struct LastBuild: Sendable {
    public static let fileName = ".kbgen-model"
    /// Changes whenever the model or the stages change what they keep, so an older model is not used.
    static let format = "kbgen-model 5\n"

    /// The fingerprint of every input of the build that wrote it; it is used only beside the
    /// cache of the same build.
    public var inputs: String
    /// The fingerprint of what the stages read besides the articles (`ContentLoader.Sources.otherInputs`:
    /// not the theme, nor the settings only pages show); each article's text has its fingerprint in
    /// the cache (`BuildCache.pages`).
    public var otherInputs: String
    /// The order setting and the reader feedback (`ContentLoader.Sources.rankingInputs`).
    public var rankingInputs: String
    /// The warnings of every stage before rendering, sorted.
    public var warnings: [Diagnostic]
    /// After cross-linking, in id order.
    public var articles: [Article]
    /// Every article's key (`ArticleReplay.key`), by id; read with the header.
    public var stageKeys: [String: String]
    /// Each article's model fingerprint (`Fingerprint.articles`), in article order.
    var articlePrints: [Fingerprint]
    public var links: [String: [String]]
    public var crossReferences: CrossReferences
    public var sharedSteps: [String: SharedStep]
    public var steps: [String: ReusableStep]
    public var omittedDrafts: Set<String>
    /// Each run of `piece` articles as the file held it, kept so that a rebuild writes again only
    /// the runs with a changed article; nil for a run to encode.
    var runs: [[UInt8]?] = []

    /// Articles per piece: pieces are encoded and decoded on all cores.
    static let piece = 64

    /// How many articles run `k` of `total` holds: every run but the last is full.
    static func runCount(_ k: Int, of total: Int) -> Int { min(piece, total - k * piece) }

    /// Marks the article at this place as changed: its run is encoded again.
    mutating func changed(_ i: Int) {
        if i / Self.piece < runs.count { runs[i / Self.piece] = nil }
    }

    /// The file's bytes, handed to `emit` a piece at a time: a header with everything but the
    /// articles, then each run of articles with its count and length. Runs are encoded a few at
    /// a time on all cores, so that the whole encoding is never in memory at once.
    /// - Parameter spillAt: how many bytes of the header gather before they are handed on.
    public func encoded(spillAt: Int = 1 << 20, _ emit: ([UInt8]) throws -> Void) throws {
        precondition(articlePrints.count == articles.count, "the model is kept with every article's fingerprint")
        try withoutActuallyEscaping(emit) { emit in try encoded(spillAt: spillAt, emitting: emit) }
    }

    private func encoded(spillAt: Int, emitting emit: @escaping ([UInt8]) throws -> Void) throws {
        var failure: Error?
        var w = ModelWriter()
        w.spillAt = spillAt
        w.sink = { bytes in
            guard failure == nil else { return }
            do { try emit(bytes) } catch { failure = error }
        }
        w.bytes.append(contentsOf: Self.format.utf8)
        w.add(inputs)
        w.add(otherInputs)
        w.add(rankingInputs)
        w.add(warnings.count)
        for d in warnings { w.add(d.file); w.add(d.line); w.add(d.column); w.add(d.message) }
        w.crossReferences(crossReferences)
        w.add(sharedSteps.count)
        for id in sharedSteps.keys.sorted() {
            let s = sharedSteps[id]!
            w.add(s.id); w.add(s.blocks); w.add(s.file); w.add(s.folder); w.add(s.position)
        }
        w.add(steps.count)
        for id in steps.keys.sorted() {
            let s = steps[id]!
            w.add(s.id); w.add(s.file); w.add(s.title); w.add(s.blocks)
        }
        w.add(omittedDrafts.sorted())
        let runs = stride(from: 0, to: articles.count, by: Self.piece).map { $0..<min(articles.count, $0 + Self.piece) }
        w.add(articles.count)
        for a in articles { w.add(a.id); w.add(stageKeys[a.id] ?? "") }
        w.add(runs.count)
        if let failure { throw failure }
        try emit(w.bytes)

        let kept = self.runs.count == runs.count ? self.runs : []
        for group in stride(from: 0, to: runs.count, by: 16) {
            let bodies = Parallel.map(min(16, runs.count - group), chunk: 1) { k -> [UInt8] in
                let r = group + k
                if !kept.isEmpty, let bytes = kept[r] { return bytes }
                var w = ModelWriter()
                for i in runs[r] {
                    let a = articles[i]
                    w.add(a)
                    for word in articlePrints[i].state { w.word(word) }
                    w.add(links[a.id] ?? [])
                }
                return w.bytes
            }
            for (k, body) in bodies.enumerated() {
                var prefix = ModelWriter()
                prefix.add(runs[group + k].count)
                prefix.add(body.count)
                try emit(prefix.bytes)
                try emit(body)
            }
        }
    }

    /// Nil for anything but a model this version of kbgen wrote, whole.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> LastBuild? {
        guard var last = decodeHeader(bytes), last.decodeArticles() else { return nil }
        return last
    }

    /// Everything but the articles, with the articles' runs kept as bytes for `decodeArticles`.
    /// Nil for anything but a model this version of kbgen wrote, whole.
    public static func decodeHeader(_ bytes: UnsafeRawBufferPointer) -> LastBuild? {
        let format = Array(Self.format.utf8)
        guard bytes.count >= format.count, zip(bytes, format).allSatisfy({ $0 == $1 }) else { return nil }
        var r = ModelReader(bytes, at: format.count)
        let inputs = r.string(), otherInputs = r.string(), rankingInputs = r.string()
        let warnings = r.list { r -> Diagnostic in
            let file = r.string(), line = r.int(), column = r.int()
            return .warning(file, SourcePosition(line: line, column: column), r.string())
        }
        let crossReferences = r.crossReferences()
        var sharedSteps: [String: SharedStep] = [:]
        for _ in 0..<r.count() where !r.failed {
            let id = r.string(), blocks = r.blocks(), file = r.string(), folder = r.string()
            sharedSteps[id] = SharedStep(id: id, blocks: blocks, file: file, folder: folder, position: r.position())
        }
        var steps: [String: ReusableStep] = [:]
        for _ in 0..<r.count() where !r.failed {
            let id = r.string(), file = r.string(), title = r.string()
            steps[id] = ReusableStep(id: id, file: file, title: title, blocks: r.blocks())
        }
        let drafts = Set(r.strings())
        let articleCount = r.count()
        var stageKeys: [String: String] = [:]
        stageKeys.reserveCapacity(articleCount)
        for _ in 0..<articleCount where !r.failed {
            let id = r.string()
            stageKeys[id] = r.string()
        }
        var last = LastBuild(inputs: inputs, otherInputs: otherInputs, rankingInputs: rankingInputs, warnings: warnings, articles: [],
                             stageKeys: stageKeys, articlePrints: [], links: [:],
                             crossReferences: crossReferences, sharedSteps: sharedSteps, steps: steps, omittedDrafts: drafts)
        for k in 0..<r.count() where !r.failed {
            let count = r.int(), length = r.count()
            guard !r.failed, count == runCount(k, of: articleCount), length <= bytes.count - r.at else { return nil }
            last.runs.append(Array(UnsafeRawBufferPointer(rebasing: bytes[r.at..<(r.at + length)])))
            r.at += length
        }
        guard !r.failed, r.at == bytes.count, stageKeys.count == articleCount,
              last.runs.count == (articleCount + piece - 1) / piece else { return nil }
        return last
    }

    /// Decodes the articles of a model read by `decodeHeader`, on all cores. False when a run does
    /// not hold what the header says; the model is then not to be used.
    public mutating func decodeArticles() -> Bool {
        guard articles.isEmpty, !stageKeys.isEmpty else { return articles.count == stageKeys.count }
        struct Run: @unchecked Sendable {
            var articles: [Article] = []
            var prints: [Fingerprint] = []
            var links: [(String, [String])] = []
            var ok = false
        }
        let total = stageKeys.count, keys = stageKeys, runs = self.runs
        let decoded = Parallel.map(runs.count, chunk: 1) { i -> Run in
            var run = Run()
            guard let bytes = runs[i] else { return run }
            return bytes.withUnsafeBytes { bytes in
                var r = ModelReader(bytes)
                let count = Self.runCount(i, of: total)
                run.articles.reserveCapacity(count)
                for _ in 0..<count {
                    let article = r.article()
                    let print = Fingerprint(state: [r.word(), r.word(), r.word()])!
                    let links = r.strings()
                    if r.failed || keys[article.id] == nil { return run }
                    run.articles.append(article)
                    run.prints.append(print)
                    run.links.append((article.id, links))
                }
                run.ok = r.at == r.bytes.count
                return run
            }
        }
        guard decoded.allSatisfy(\.ok) else { return false }
        articles.reserveCapacity(stageKeys.count)
        links.reserveCapacity(stageKeys.count)
        for run in decoded {
            articles.append(contentsOf: run.articles)
            articlePrints.append(contentsOf: run.prints)
            for (id, links) in run.links { self.links[id] = links }
        }
        return articles.count == stageKeys.count
    }
}

extension LastBuild {
    /// What a build after the stages keeps of `site` for the next one.
    public init(site: Site, inputs: String, otherInputs: String, rankingInputs: String, warnings: [Diagnostic]) {
        self.inputs = inputs
        self.otherInputs = otherInputs
        self.rankingInputs = rankingInputs
        self.warnings = Diagnostics(warnings).sorted
        articles = site.articles
        articlePrints = site.articlePrints
        stageKeys = site.stageKeys
        links = site.links
        crossReferences = site.crossReferences
        sharedSteps = site.sharedSteps
        steps = site.steps
        omittedDrafts = site.omittedDrafts
    }
}

// MARK: Articles and what links them

extension ModelWriter {
    mutating func crossReferences(_ refs: CrossReferences) {
        for terms in [refs.codes, refs.products, refs.tags] {
            add(terms.count)
            for t in terms { add(t.display); add(t.slug); add(t.articles) }
        }
        for map in [refs.codeSlug, refs.productSlug, refs.tagSlug] {
            add(map.count)
            for key in map.keys.sorted() { add(key); add(map[key]!) }
        }
        for map in [refs.related, refs.linkedFrom] {
            add(map.count)
            for key in map.keys.sorted() { add(key); add(map[key]!) }
        }
    }
}

extension ModelReader {
    mutating func article() -> Article {
        let id = string(), file = string(), meta = meta(), summary = string(), leading = blocks()
        let solutions = list { $0.solution() }
        let trailing = blocks()
        return Article(id: id, file: file, meta: meta, summary: summary, leading: leading, solutions: solutions,
                       trailing: trailing, anchors: Set(strings()))
    }

    mutating func meta() -> FrontMatter {
        var m = FrontMatter()
        m.title = string()
        m.summary = optional()
        m.errorCodes = strings()
        m.products = strings()
        m.tags = strings()
        m.updated = optional()
        m.related = list { r in
            let value = r.string()
            return Located(value, at: r.position())
        }
        m.draft = bool()
        return m
    }

    mutating func solution() -> Solution {
        let title = inlines(), anchor = string(), likelihood = double(), written = double(), text = string()
        let outcomes: Outcomes? = bool() ? { let worked = int(); return Outcomes(worked: worked, failed: int()) }() : nil
        let effort: Double? = bool() ? double() : nil
        let effortText = optional(), position = position(), sourceIndex = int(), rank = int()
        let content = list { r -> SolutionPart in
            guard r.int() == 1 else { return .block(r.block()) }
            let start = r.int()
            let items = r.list { r -> Step in
                let blocks = r.blocks(), position = r.position(), endLine = r.int()
                let reference: Located<String>? = r.bool() ? { let v = r.string(); return Located(v, at: r.position()) }() : nil
                return Step(blocks: blocks, position: position, endLine: endLine, reference: reference, stepID: r.optional())
            }
            return .steps(StepList(start: start, items: items))
        }
        return Solution(title: title, anchor: anchor, likelihood: likelihood, writtenLikelihood: written, likelihoodText: text,
                        outcomes: outcomes, effortMinutes: effort, effortText: effortText, position: position,
                        sourceIndex: sourceIndex, rank: rank, content: content)
    }

    mutating func crossReferences() -> CrossReferences {
        var refs = CrossReferences()
        func terms(_ r: inout ModelReader) -> [Term] {
            r.list { r in
                let display = r.string(), slug = r.string()
                return Term(display: display, slug: slug, articles: r.strings())
            }
        }
        func map(_ r: inout ModelReader) -> [String: String] {
            var out: [String: String] = [:]
            for _ in 0..<r.count() where !r.failed {
                let key = r.string()
                out[key] = r.string()
            }
            return out
        }
        func lists(_ r: inout ModelReader) -> [String: [String]] {
            var out: [String: [String]] = [:]
            for _ in 0..<r.count() where !r.failed {
                let key = r.string()
                out[key] = r.strings()
            }
            return out
        }
        refs.codes = terms(&self)
        refs.products = terms(&self)
        refs.tags = terms(&self)
        refs.codeSlug = map(&self)
        refs.productSlug = map(&self)
        refs.tagSlug = map(&self)
        refs.related = lists(&self)
        refs.linkedFrom = lists(&self)
        return refs
    }
}
