/// A step reduced to what decides whether two steps are the same step (docs/steps.md).
///
/// - `exact`: the tokens that must match exactly, in order: code spans of several words (as
///   written), numbers and error codes, key names (`Windows+R`), paths and file names, link
///   targets, what is nested under the step, and the action words that reverse a step's meaning
///   (start / stop, on / off ...).
/// - `words`: every other word, folded, stemmed and read through the vocabulary, without
///   punctuation, Markdown markup or filler words.
/// - `names`: the words written as names (capitalised inside a sentence-case text: "the Windows
///   Update service") and as labels (`**Certificates**`, a one-word code span). Two texts may
///   differ in other words, never in a name. They are not part of a text's identity: "restart
///   the print spooler" and "Restart the Print Spooler" are one text.
public struct StepText: Sendable, Hashable {
    public var exact: [String]
    public var words: [String]
    public var names: Set<String> = []
    /// The products that every article writing this text is about (normalised words). Like
    /// `names`, not part of a text's identity.
    public var context: Set<[String]> = []
    /// The product of its article that the text names ("Try activating Microsoft 365 again"),
    /// and the text without it (one element): in an article about that product, a step that
    /// leaves it out ("Try activating again") says the same.
    public var mentioned: [String]?
    var withoutMention: [StepText] = []

    public static func == (a: StepText, b: StepText) -> Bool { a.exact == b.exact && a.words == b.words }

    /// Takes in what another writing of the same text adds: names, the product it names; and
    /// keeps the products both are about.
    mutating func merge(_ other: StepText) {
        if !other.names.isSubset(of: names) { names.formUnion(other.names) }
        if !context.isSubset(of: other.context) { context.formIntersection(other.context) }
        if mentioned == nil, other.mentioned != nil {
            mentioned = other.mentioned
            withoutMention = other.withoutMention
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(exact)
        hasher.combine(words)
    }

    /// Words that carry no meaning in a step ("Click on the Certificates folder").
    public static var fillerWords: Set<String> { StepWords.fillerWords }

    /// Words whose change turns a step into another step; they must match exactly.
    public static let actionWords: Set<String> = Set([
        "start", "stop", "restart", "pause", "resume", "enable", "disable", "enabled", "disabled",
        "allow", "deny", "block", "unblock", "add", "remove", "delete", "install", "uninstall", "reinstall",
        "show", "hide", "select", "clear", "check", "uncheck", "increase", "decrease", "raise", "lower",
        "connect", "disconnect", "mount", "unmount", "lock", "unlock", "open", "close", "import", "export",
        "upload", "download", "encrypt", "decrypt", "expand", "collapse", "off", "out", "up", "down",
        "before", "after", "yes", "no", "not", "never", "always", "don't", "do", "doesn't", "without",
        "true", "false", "all", "none", "first", "last", "minimum", "maximum", "re-enable",
    ].map(StepWords.stem))

    public init(exact: [String], words: [String]) {
        self.exact = exact
        self.words = words
    }

    /// The text of a step: its first paragraph, the instruction, with what is nested under it
    /// (lists, code blocks), which is part of the step. Notes (paragraphs, quotes) stay with each
    /// place that writes them. Links count by where they point, relative to Content/.
    /// nil for a step that does not start with a paragraph.
    public static func of(_ blocks: [Block], folder: String, vocabulary: StepVocabulary = .standard,
                          products: [[String]] = []) -> StepText? {
        read(blocks, folder: folder, vocabulary: vocabulary).map { make($0, products: products.sorted { $0.count > $1.count }) }
    }

    /// A step read and rewritten, before its article's products are looked for in it: what
    /// copies of a step in articles about other products share.
    struct Reading {
        var tokens: [StepTokens.Token]
        var nested: [String]
        var sentenceCase: Bool
        /// What is nested under a step that opens a program says how to open it: not part of it.
        var keepNested: Bool
        /// A wording declared never the same as another that reads the same (`StepVocabulary.marks`).
        var mark: String?
    }

    static func read(_ blocks: [Block], folder: String, vocabulary: StepVocabulary) -> Reading? {
        guard let first = blocks.first, case .paragraph(let inlines, _) = first else { return nil }
        var reader = StepTokens(folder: folder)
        reader.read(inlines, label: false)
        var step = reader.tokens
        var nested: [String] = []
        for block in blocks.dropFirst() {
            switch block {
            case .paragraph, .blockQuote, .thematicBreak, .heading: continue
            case .codeBlock(_, let code, _):
                nested.append(contentsOf: code.split(whereSeparator: \.isNewline).map { "code:" + StepTokens.normaliseCode(String($0)) }
                    .filter { $0 != "code:" })
            case .list(let list):
                nested.append(contentsOf: list.items.map { item in
                    "item:" + (StepText.of(item.blocks, folder: folder, vocabulary: vocabulary).map { ($0.exact + $0.words).joined(separator: " ") } ?? "")
                })
            case .table(let table):
                nested.append("table:" + table.rows.map { $0.map { $0.plainText }.joined(separator: "|") }.joined(separator: "\n"))
            case .html(let html, _):
                nested.append("html:" + html)
            }
        }
        let launch = StepTokens.normalise(&step, vocabulary: vocabulary)
        let mark = vocabulary.marks.isEmpty ? nil : vocabulary.marks[StepVocabulary.plain(Array(blocks.prefix(1)).plainText)]
        return Reading(tokens: step, nested: nested, sentenceCase: reader.isSentenceCase,
                       keepNested: !launch || nested.contains(where: { $0.hasPrefix("code:") }), mark: mark)
    }

    /// The text of a reading in an article about `products`, longest name first.
    static func make(_ reading: Reading, products: [[String]]) -> StepText {
        func text(_ tokens: [StepTokens.Token]) -> StepText {
            var text = StepText(exact: [], words: [])
            text.add(tokens, sentenceCase: reading.sentenceCase)
            if reading.keepNested { text.exact.append(contentsOf: reading.nested) }
            if let mark = reading.mark { text.exact.append(mark) }
            return text
        }
        var result = text(reading.tokens)
        result.context = Set(products)
        if let (range, product) = StepTokens.mention(of: products, in: reading.tokens) {
            var rest = reading.tokens
            rest.removeSubrange(range)
            result.mentioned = product
            result.withoutMention = [text(rest)]
        }
        return result
    }

    /// A product's name as steps are compared: the words of its name, through the vocabulary.
    public static func productWords(_ product: String, vocabulary: StepVocabulary) -> [String] {
        StepTokens.rewrite(StepWords.normalise(product).map { StepTokens.Token(text: $0, kind: .word) }, vocabulary: vocabulary).map(\.text)
    }

    /// What decides a step's text, as written: the first paragraph's Markdown and what is nested
    /// under the step (notes left out), with the folder when a link or image is resolved from it.
    /// Two steps with one key have one text. nil for what it does not cover (tables, HTML).
    static func rawKey(_ blocks: [Block], folder: String) -> String? {
        guard let first = blocks.first, case .paragraph(let inlines, _) = first else { return nil }
        var key = ""
        var resolves = false
        func add(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case .text(let t): key += t
                case .code(let c): key += "\u{1}`"; key += c; key += "`\u{1}"
                case .emphasis(let c): key += "\u{1}*"; add(c); key += "*\u{1}"
                case .strong(let c): key += "\u{1}**"; add(c); key += "**\u{1}"
                case .strikethrough(let c): key += "\u{1}~"; add(c); key += "~\u{1}"
                case .link(let l): key += "\u{1}["; add(l.content); key += "]("; key += l.destination; key += ")\u{1}"; resolves = true
                case .image(let i): key += "\u{1}!("; key += i.source; key += ")\u{1}"; resolves = true
                case .html(let h, _): key += "\u{1}<"; key += h
                case .softBreak, .lineBreak: key += " "
                }
            }
        }
        func addNested(_ blocks: [Block]) -> Bool {
            for block in blocks {
                switch block {
                case .paragraph, .blockQuote, .thematicBreak, .heading: continue
                case .codeBlock(_, let code, _): key += "\u{2}code\u{2}"; key += code
                case .list(let list):
                    key += "\u{2}list\u{2}"
                    for item in list.items {
                        guard let firstBlock = item.blocks.first, case .paragraph(let c, _) = firstBlock else { return false }
                        key += "\u{3}"
                        add(c)
                        guard addNested(Array(item.blocks.dropFirst())) else { return false }
                    }
                case .table, .html: return false
                }
            }
            return true
        }
        add(inlines)
        guard addNested(Array(blocks.dropFirst())) else { return nil }
        if resolves { key += "\u{4}"; key += folder }
        return key
    }

    /// Sorts normalised tokens into exact tokens, words and names.
    mutating func add(_ tokens: [StepTokens.Token], sentenceCase: Bool) {
        var casing = Casing()
        if sentenceCase { casing.lowercaseWords = 1 }
        for token in tokens {
            switch token.kind {
            case .exact:
                exact.append(token.text)
                casing.sentenceStart = false
            case .sentenceEnd:
                casing.sentenceStart = true
            case .word:
                if StepWords.fillerWords.contains(token.text) { casing.sentenceStart = false; continue }
                if Self.isExactLooking(token.text) {
                    exact.append(token.text)
                    casing.sentenceStart = false
                    continue
                }
                if Self.actionWords.contains(token.text) {
                    // "Select the File menu, and then select ..." does one kind of thing twice.
                    if exact.last != token.text { exact.append(token.text) }
                    casing.sentenceStart = false
                    continue
                }
                words.append(token.text)
                // Labels and one-word code spans name a control or a command: it must stand on both sides.
                if token.label { names.insert(token.text) }
                casing.see(token.text, capital: token.capital)
            }
        }
        names.formUnion(casing.names)
    }

    /// Digits, key names, paths, variables, file names and prices are exact.
    static func isExactLooking(_ word: String) -> Bool {
        word.utf8.contains { ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 92 || $0 == 47 || $0 == 37 || $0 == 46 || $0 == 36 }
    }

    /// Tells names from other words by how the text is capitalised.
    struct Casing {
        var capitalised: [String] = []
        var lowercaseWords = 0
        var sentenceStart = true

        mutating func see(_ word: String, capital: Bool) {
            defer { sentenceStart = false }
            guard !sentenceStart else { return }
            if capital { capitalised.append(word) } else { lowercaseWords += 1 }
        }

        /// In an all-lowercase or Title Case text no word stands out as a name.
        var names: Set<String> { lowercaseWords > 0 && !capitalised.isEmpty ? Set(capitalised) : [] }
    }

    static func target(_ destination: String, folder: String) -> String {
        if destination.utf8.contains(UInt8(ascii: ":")) || destination.hasPrefix("#") { return destination }
        return Resolver.normalize(destination, from: destination.hasPrefix("/") ? "" : folder) ?? destination
    }

    /// The words of a plain text (a step file's title): no markup, no names.
    mutating func addWords(_ text: String, vocabulary: StepVocabulary = .standard) {
        var reader = StepTokens(folder: "")
        reader.readText(text, label: false)
        var tokens = reader.tokens
        StepTokens.normalise(&tokens, vocabulary: vocabulary)
        for token in tokens where token.kind != .sentenceEnd {
            guard !StepWords.fillerWords.contains(token.text) else { continue }
            if token.kind == .exact || Self.isExactLooking(token.text) || Self.actionWords.contains(token.text) {
                exact.append(token.text)
            } else {
                words.append(token.text)
            }
        }
    }

    /// One string per distinct step text, for finding exact repeats.
    public var key: String { exact.joined(separator: "\u{1}") + "\u{2}" + words.joined(separator: " ") }

    /// 0 for steps whose exact tokens differ or where one names something the other does not;
    /// otherwise the similarity of the two word sets, every word weighing `weight`.
    public static func similarity(_ a: StepText, _ b: StepText, weight: (String) -> Double = { _ in 1 }) -> Double {
        compare(a, b, weight: weight).score
    }

    /// Whether two texts can be one step, and why not. A text that names the product of its
    /// article is also compared without it, with a text that names no product in an article
    /// about that product.
    /// - Parameter sets: the two texts' word sets, when the caller has them already.
    public static func compare(_ a: StepText, _ b: StepText, weight: (String) -> Double,
                               sets: (Set<String>, Set<String>)? = nil) -> StepComparison {
        let (wa, wb) = sets ?? (Set(a.words), Set(b.words))
        var best = compareWritten(a, b, wa, wb, weight: weight)
        if let product = a.mentioned, b.mentioned == nil, b.context.contains(product), let rest = a.withoutMention.first {
            let c = compareWritten(rest, b, Set(rest.words), wb, weight: weight)
            if c.veto == nil && (best.veto != nil || c.score > best.score) { best = c }
        }
        if let product = b.mentioned, a.mentioned == nil, a.context.contains(product), let rest = b.withoutMention.first {
            let c = compareWritten(a, rest, wa, Set(rest.words), weight: weight)
            if c.veto == nil && (best.veto != nil || c.score > best.score) { best = c }
        }
        return best
    }

    static func compareWritten(_ a: StepText, _ b: StepText, _ wa: Set<String>, _ wb: Set<String>,
                               weight: (String) -> Double) -> StepComparison {
        guard a.exact == b.exact else {
            return StepComparison(score: 0, veto: .exact(first: a.exact.filter { !b.exact.contains($0) },
                                                         second: b.exact.filter { !a.exact.contains($0) }))
        }
        if !a.names.isSubset(of: wb) { return StepComparison(score: 0, veto: .name(a.names.subtracting(wb).sorted()[0], onlyIn: 0)) }
        if !b.names.isSubset(of: wa) { return StepComparison(score: 0, veto: .name(b.names.subtracting(wa).sorted()[0], onlyIn: 1)) }
        return StepComparison(score: weightedJaccard(wa, wb, weight: weight), veto: nil)
    }

    /// Shared weight over the weight of all words; 1 for two empty sets.
    static func weightedJaccard(_ a: Set<String>, _ b: Set<String>, weight: (String) -> Double) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        var shared = 0.0, all = 0.0
        for w in a {
            let x = weight(w)
            all += x
            if b.contains(w) { shared += x }
        }
        for w in b where !a.contains(w) { all += weight(w) }
        return all == 0 ? 1 : shared / all
    }
}

/// The outcome of comparing two step texts: a similarity, or the reason they cannot be one step.
public struct StepComparison: Sendable, Equatable {
    public enum Veto: Sendable, Equatable {
        /// Exact tokens (code, numbers, paths, links, action words) differ: those only in each.
        case exact(first: [String], second: [String])
        /// A name written in one text (0 or 1) that the other does not mention.
        case name(String, onlyIn: Int)
    }

    public var score: Double
    public var veto: Veto?
}
