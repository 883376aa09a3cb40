import Foundation

/// Error-code, product and tag pages, related articles and back-links: everything that lets a
/// reader move from one article to its neighbours. Also turns mentions of known error codes in
/// article text into links to their pages.
public enum CrossLinker {
    /// Related articles after the declared ones, at most.
    public static let relatedCount = 5
    /// What one shared code, link, step, tag or product adds to the related-articles score, at
    /// most: a feature counts less the more articles carry it.
    public static let codeWeight = 3.0, linkWeight = 3.0, stepWeight = 2.0, tagWeight = 1.0, productWeight = 1.0
    /// The least score that relates two articles: one step only they share, or a code, or a link.
    public static let relatedScoreFloor = 2.0
    /// A code, step, tag or product carried by more articles than this says nothing about
    /// relatedness: the square root of the number of articles, at least 3 and at most 100.
    public static func commonFeatureLimit(articles: Int) -> Int { min(100, max(3, Int(Double(articles).squareRoot()))) }

    /// Takes the site, so that its articles are changed in place rather than copied.
    public static func link(_ site: consuming Site) -> Site {
        var site = consume site
        var refs = terms(site.articles)
        for (from, targets) in site.links {
            for to in targets { refs.linkedFrom[to, default: []].append(from) }
        }
        for key in refs.linkedFrom.keys { refs.linkedFrom[key]!.sort() }
        refs.related = related(site.articles, links: site.links)
        site.crossReferences = refs
        let codesWithoutDigits = refs.codeSlug.keys.contains { !$0.contains(where: \.isNumber) }
        Parallel.update(&site.articles) { _, article in
            linkCodeMentions(&article, codes: refs.codeSlug, codesWithoutDigits: codesWithoutDigits)
        }
        return site
    }

    /// One form per code: `0X0904`, `0x0904` and `0x904` are one code. Hexadecimal codes lose
    /// their leading zeros; every code is case-folded.
    public static func canonicalCode(_ code: String) -> String {
        let lower = termKey(code)
        let bytes = lower.utf8
        guard bytes.count > 2, bytes.starts(with: "0x".utf8) else { return lower }
        // ASCII on bytes: every word of every article with a digit in it comes through here.
        if bytes.allSatisfy({ $0 < 0x80 }) {
            let hex = bytes.dropFirst(2)
            guard hex.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return lower }
            let digits = hex.drop { $0 == 0x30 }
            return digits.isEmpty ? "0x0" : "0x" + String(decoding: digits, as: UTF8.self)
        }
        // Other scripts' hexadecimal digits (fullwidth forms) count too.
        guard lower.dropFirst(2).allSatisfy(\.isHexDigit) else { return lower }
        let digits = lower.dropFirst(2).drop { $0 == "0" }
        return "0x" + (digits.isEmpty ? "0" : digits)
    }

    /// `canonicalCode` of a word of ASCII letters, digits, `_` and `.`, on its bytes, which it
    /// lowercases in place: every word with a digit in every article comes through here.
    static func canonicalCode(asciiWord word: inout [UInt8]) -> String {
        for k in word.indices where word[k] >= 0x41 && word[k] <= 0x5A { word[k] += 32 }
        let isHex = { (b: UInt8) in (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) }
        guard word.count > 2, word[0] == 0x30, word[1] == 0x78, word[2...].allSatisfy(isHex) else {
            return String(decoding: word, as: UTF8.self)
        }
        guard let first = word[2...].firstIndex(where: { $0 != 0x30 }) else { return "0x0" }
        return "0x" + String(decoding: word[first...], as: UTF8.self)
    }

    /// Lowercased, without the spaces and tabs around it.
    static func termKey(_ text: String) -> String {
        let bytes = text.utf8
        // By characters outside ASCII: a space followed by a combining accent is one character.
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return text.trimmingCharacters(in: " \t").lowercased() }
        let isBlank = { (b: UInt8) in b == 0x20 || b == 0x09 }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = bytes.lastIndex(where: { !isBlank($0) })!
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return text.lowercased() }
        return text[first...last].lowercased()
    }

    /// The code, product and tag pages and their slugs, the other cross-references empty.
    static func terms(_ articles: [Article]) -> CrossReferences {
        var refs = CrossReferences()
        (refs.codes, refs.codeSlug) = terms(articles, key: canonicalCode) { $0.meta.errorCodes }
        (refs.products, refs.productSlug) = terms(articles, key: termKey) { $0.meta.products }
        (refs.tags, refs.tagSlug) = terms(articles, key: termKey) { $0.meta.tags }
        return refs
    }

    /// Terms sorted by key, each with a unique slug; a text with no letters or digits gets one from its hash.
    static func terms(_ articles: [Article], key: (String) -> String, values: (Article) -> [String]) -> ([Term], [String: String]) {
        var byKey: [String: Term] = [:]
        for article in articles {
            var seen = Set<String>()
            for value in values(article) {
                let k = key(value)
                guard !k.isEmpty, seen.insert(k).inserted else { continue }
                if byKey[k] == nil { byKey[k] = Term(display: value, slug: "", articles: []) }
                byKey[k]!.articles.append(article.id)
            }
        }
        var slugs: [String: String] = [:]
        var bySlug: [String: [String]] = [:]
        for k in byKey.keys {
            let base = slug(k)
            bySlug[base.isEmpty ? "t-" + StepFinder.stableHash(k) : base, default: []].append(k)
        }
        for (base, keys) in bySlug {
            for k in keys { slugs[k] = keys.count > 1 ? base + "-" + StepFinder.stableHash(k) : base }
        }
        var list: [Term] = []
        for k in byKey.keys.sorted() {
            var term = byKey[k]!
            term.slug = slugs[k]!
            list.append(term)
        }
        return (list, slugs)
    }

    /// Declared related articles first, then the best scored. Each shared feature adds its
    /// weight times how rare it is, ln(N/h) / ln(N/2) for a feature that h of the N articles carry:
    /// the whole weight for a feature two articles share, less for one more carry, nothing for one
    /// carried by more than `commonFeatureLimit` (a step such as "Restart the computer", a product
    /// such as Windows 11). A link from one article to the other counts `linkWeight`. Articles
    /// scoring less than `relatedScoreFloor` are not related.
    /// Ties by most recent update, then id.
    static func related(_ articles: [Article], links: [String: [String]]) -> [String: [String]] {
        let features: [[String]] = Parallel.map(articles.count, chunk: 64) { i in
            var f = Set<String>()
            for c in articles[i].meta.errorCodes { f.insert("c:" + canonicalCode(c)) }
            for t in articles[i].meta.tags { f.insert("t:" + termKey(t)) }
            for p in articles[i].meta.products { f.insert("p:" + termKey(p)) }
            // Steps read in place: `Solution.steps` would copy every one.
            for s in articles[i].solutions.indices {
                for case .steps(let list) in articles[i].solutions[s].content {
                    for step in list.items { if let id = step.stepID { f.insert("s:" + id) } }
                }
            }
            // In one order every run: scores are sums of floating-point weights, and two articles
            // that tie must tie in every build, or the related lists change from build to build.
            return f.sorted()
        }
        var holders: [String: [Int]] = [:]
        for (i, f) in features.enumerated() {
            for x in f { holders[x, default: []].append(i) }
        }
        let limit = commonFeatureLimit(articles: articles.count)
        let n = Double(articles.count)
        // Each article's features as the holder lists and weights they stand for, looked up once,
        // so that scoring reads numbers only. Features too common to say anything are left out.
        let scoring: [[(holders: [Int], weight: Double)]] = features.map { f in
            f.compactMap { x in
                guard let list = holders[x], list.count >= 2, list.count <= limit else { return nil }
                let base = x.hasPrefix("c:") ? codeWeight : x.hasPrefix("s:") ? stepWeight : x.hasPrefix("t:") ? tagWeight : productWeight
                let rarity = n > 2 ? log(n / Double(list.count)) / log(n / 2) : 1
                return (list, base * rarity)
            }
        }
        var index: [String: Int] = [:]
        for (i, a) in articles.enumerated() { index[a.id] = i }
        // Links count both ways: a link from either article to the other.
        var linked = [[Int]](repeating: [], count: articles.count)
        for from in links.keys.sorted() {
            guard let i = index[from] else { continue }
            for to in Set(links[from]!).sorted() {
                guard let j = index[to], j != i else { continue }
                linked[i].append(j)
                linked[j].append(i)
            }
        }
        let ids = Set(articles.map(\.id))
        // Ties go to the most recent update, then to the id: each article's place in that order,
        // found once, so that ranking compares numbers.
        var tieOrder = [Int](repeating: 0, count: articles.count)
        let byRecency = articles.indices.sorted { a, b in
            let ua = articles[a].meta.updated ?? "", ub = articles[b].meta.updated ?? ""
            return ua != ub ? ua > ub : articles[a].id < articles[b].id
        }
        for (place, i) in byRecency.enumerated() { tieOrder[i] = place }
        // Scores are added up in one array per run of articles, indexed by article, and only the
        // articles touched are read back and cleared: a dictionary per article cost most of this.
        let runs = stride(from: 0, to: articles.count, by: 64).map { $0..<min(articles.count, $0 + 64) }
        let chosenLists = Parallel.map(runs.count, chunk: 1) { r -> [[String]] in
            var scores = [Double](repeating: 0, count: articles.count)
            var touched: [Int] = []
            return runs[r].map { i -> [String] in
                func add(_ list: [Int], _ weight: Double) {
                    for j in list where j != i {
                        if scores[j] == 0 { touched.append(j) }
                        scores[j] += weight
                    }
                }
                for (list, weight) in scoring[i] where weight > 0 { add(list, weight) }
                add(linked[i], linkWeight)
                let own = articles[i].id
                var chosen = articles[i].meta.related.map(\.value).filter { ids.contains($0) && $0 != own }
                let ranked = touched.map { (index: $0, score: scores[$0]) }.filter { $0.score >= relatedScoreFloor - 1e-9 }.sorted { a, b in
                    a.score != b.score ? a.score > b.score : tieOrder[a.index] < tieOrder[b.index]
                }
                for j in touched { scores[j] = 0 }
                touched.removeAll(keepingCapacity: true)
                var added = 0
                for entry in ranked where added < relatedCount && !chosen.contains(articles[entry.index].id) {
                    chosen.append(articles[entry.index].id)
                    added += 1
                }
                return chosen
            }
        }.flatMap { $0 }
        var result: [String: [String]] = [:]
        for (i, article) in articles.enumerated() { result[article.id] = chosenLists[i] }
        return result
    }

    /// Mentions of a known code in article text link to its page; code spans, existing links and
    /// headings are left alone, and so are codes of one or two digits, which would match any number.
    /// - Parameter codesWithoutDigits: whether some code has no digit, found once for all articles.
    static func linkCodeMentions(_ article: inout Article, codes: [String: String], codesWithoutDigits: Bool) {
        guard !codes.isEmpty else { return }
        // A list with no mention is handed back as it is, sharing its storage, so that most of the
        // tree is neither copied nor freed.
        func mentionsIn(_ list: [Inline]) -> Bool {
            list.contains { inline in
                switch inline {
                case .text(let t): return mayMention(t, codes: codes, codesWithoutDigits: codesWithoutDigits)
                case .emphasis(let c), .strong(let c), .strikethrough(let c): return mentionsIn(c)
                default: return false
                }
            }
        }
        func inlines(_ list: [Inline]) -> [Inline] {
            guard mentionsIn(list) else { return list }
            return list.flatMap { inline -> [Inline] in
                switch inline {
                case .text(let t): return mentions(in: t, codes: codes, codesWithoutDigits: codesWithoutDigits)
                case .emphasis(let c): return [.emphasis(inlines(c))]
                case .strong(let c): return [.strong(inlines(c))]
                case .strikethrough(let c): return [.strikethrough(inlines(c))]
                default: return [inline]
                }
            }
        }
        func rewrite(_ blocks: [Block]) -> [Block] { blocks.map { $0.mappingInlineLists(inlines) } }
        article.leading = rewrite(article.leading)
        article.trailing = rewrite(article.trailing)
        for s in article.solutions.indices {
            article.solutions[s].content = article.solutions[s].content.map { part in
                switch part {
                case .block(let b): return .block(rewrite([b])[0])
                case .steps(var list):
                    list.items = list.items.map { step in
                        var step = step
                        if step.reference == nil { step.blocks = rewrite(step.blocks) }
                        return step
                    }
                    return .steps(list)
                }
            }
        }
    }

    /// False when an ASCII text has no word that is a known code: the common case, decided on
    /// bytes. Anything else goes through the full split. A word is copied out only when it may
    /// be a code: almost every code has a digit, so a word without one is looked up only when
    /// some code has none.
    static func mayMention(_ text: String, codes: [String: String], codesWithoutDigits: Bool) -> Bool {
        var text = text
        return text.withUTF8 { b in
            var i = 0
            while i < b.count {
                if b[i] >= 0x80 { return true }
                guard isWordByte(b[i]) else { i += 1; continue }
                let start = i
                var digit = false
                while i < b.count, isWordByte(b[i]) || b[i] == 0x2E {
                    if b[i] >= 0x30 && b[i] <= 0x39 { digit = true }
                    i += 1
                }
                // A sentence's final period is not part of the code.
                var end = i
                while b[end - 1] == 0x2E { end -= 1 }
                if digit || codesWithoutDigits {
                    var word = Array(b[start..<end])
                    if codes[canonicalCode(asciiWord: &word)] != nil { return true }
                }
            }
            return false
        }
    }

    /// ASCII letters, digits and `_`: what a code's word is made of, with `.` inside it.
    static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    /// Splits a text at each known code it mentions.
    static func mentions(in text: String, codes: [String: String], codesWithoutDigits: Bool = true) -> [Inline] {
        if !mayMention(text, codes: codes, codesWithoutDigits: codesWithoutDigits) { return [.text(text)] }
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiMentions(in: text, codes: codes) }
        var result: [Inline] = []
        var pending = ""
        var word = ""
        func flushWord() {
            // A sentence's final period is not part of the code.
            var trailing = ""
            while word.hasSuffix(".") { word.removeLast(); trailing += "." }
            defer { pending += trailing }
            guard !word.isEmpty else { return }
            let key = canonicalCode(word)
            let tooShort = word.count < 3 && word.allSatisfy(\.isNumber)
            if !tooShort, let slug = codes[key] {
                if !pending.isEmpty { result.append(.text(pending)); pending = "" }
                result.append(.link(Link(destination: "codes/" + slug + ".html", title: "", content: [.text(word)],
                                         position: SourcePosition(line: 0, column: 0), resolved: .site("codes/" + slug + ".html"))))
            } else {
                pending += word
            }
            word = ""
        }
        for c in text {
            if c.isLetter || c.isNumber || c == "_" || (c == "." && !word.isEmpty) {
                word.append(c)
            } else {
                flushWord()
                pending.append(c)
            }
        }
        flushWord()
        if !pending.isEmpty { result.append(.text(pending)) }
        return result.isEmpty ? [.text(text)] : result
    }

    /// `mentions(in:codes:)` for ASCII text, on its bytes rather than its characters.
    static func asciiMentions(in text: String, codes: [String: String]) -> [Inline] {
        var result: [Inline] = []
        var pending: [UInt8] = []
        var word: [UInt8] = []
        var key: [UInt8] = []
        func flushWord() {
            // A sentence's final period is not part of the code.
            var periods = 0
            while word.last == 0x2E { word.removeLast(); periods += 1 }
            defer { pending.append(contentsOf: repeatElement(0x2E, count: periods)) }
            guard !word.isEmpty else { return }
            key = word
            let tooShort = word.count < 3 && word.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            if !tooShort, let slug = codes[canonicalCode(asciiWord: &key)] {
                if !pending.isEmpty { result.append(.text(String(decoding: pending, as: UTF8.self))); pending.removeAll() }
                result.append(.link(Link(destination: "codes/" + slug + ".html", title: "", content: [.text(String(decoding: word, as: UTF8.self))],
                                         position: SourcePosition(line: 0, column: 0), resolved: .site("codes/" + slug + ".html"))))
            } else {
                pending.append(contentsOf: word)
            }
            word.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if isWordByte(byte) || (byte == 0x2E && !word.isEmpty) {
                word.append(byte)
            } else {
                flushWord()
                pending.append(byte)
            }
        }
        flushWord()
        if !pending.isEmpty { result.append(.text(String(decoding: pending, as: UTF8.self))) }
        return result.isEmpty ? [.text(text)] : result
    }
}
