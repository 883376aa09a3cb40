/// A step reduced to what decides whether two steps are the same step.
///
/// - `exact`: the tokens that must match exactly, in order: code spans (as written), bold and
///   italic labels, numbers and error codes, key names (`Windows+R`), paths and file names, link
///   targets, and the action words that reverse a step's meaning (start / stop, on / off ...).
/// - `words`: every other word, case folded, without punctuation, Markdown markup or filler words.
/// - `names`: the words written as names (capitalised inside a sentence-case text: "the Windows
///   Update service"). Two texts may differ in other words, never in a name. They are not part of
///   a text's identity: "restart the print spooler" and "Restart the Print Spooler" are one text.
public struct StepText: Sendable, Hashable {
    public var exact: [String]
    public var words: [String]
    public var names: Set<String> = []

    public static func == (a: StepText, b: StepText) -> Bool { a.exact == b.exact && a.words == b.words }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(exact)
        hasher.combine(words)
    }

    /// Words that carry no meaning in a step ("Click on the Certificates folder").
    public static let fillerWords: Set<String> = ["a", "an", "the", "on", "folder", "then", "and", "please", "just", "your"]

    /// Words whose change turns a step into another step; they must match exactly.
    public static let actionWords: Set<String> = [
        "start", "stop", "restart", "pause", "resume", "enable", "disable", "enabled", "disabled",
        "allow", "deny", "block", "unblock", "add", "remove", "delete", "install", "uninstall", "reinstall",
        "show", "hide", "select", "clear", "check", "uncheck", "increase", "decrease", "raise", "lower",
        "connect", "disconnect", "mount", "unmount", "lock", "unlock", "open", "close", "import", "export",
        "upload", "download", "encrypt", "decrypt", "expand", "collapse", "off", "out", "up", "down",
        "before", "after", "yes", "no", "not", "never", "always", "don't", "do", "doesn't", "without",
        "true", "false", "all", "none", "first", "last", "minimum", "maximum",
    ]

    public init(exact: [String], words: [String]) {
        self.exact = exact
        self.words = words
    }

    /// The text of a step: its first paragraph, the instruction. Notes below it (paragraphs,
    /// quotes) stay with each place that writes them. Links count by where they point, relative
    /// to Content/. nil for a step whose detail is code or a list, and for one that ends in a
    /// colon: what follows is the step, and it differs from place to place.
    public static func of(_ blocks: [Block], folder: String) -> StepText? {
        guard let first = blocks.first, case .paragraph(let inlines, _) = first else { return nil }
        for block in blocks.dropFirst() {
            switch block {
            case .paragraph, .blockQuote: continue
            default: return nil
            }
        }
        if case .text(let last)? = inlines.last, last.trimmingCharacters(in: " ").hasSuffix(":") { return nil }
        var text = StepText(exact: [], words: [])
        var casing = Casing()
        text.add(inlines, folder: folder, casing: &casing)
        text.names = casing.names
        return text
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

    mutating func add(_ inlines: [Inline], folder: String, casing: inout Casing) {
        for inline in inlines {
            switch inline {
            case .text(let t): addWords(t, casing: &casing)
            case .code(let c):
                exact.append("`" + c + "`")
                casing.sentenceStart = false
            case .emphasis(let c), .strong(let c), .strikethrough(let c):
                // A label in bold or italics names a control: it must match exactly.
                var label = StepText(exact: [], words: [])
                var ignored = Casing()
                label.add(c, folder: folder, casing: &ignored)
                exact.append("*" + (label.exact + label.words).joined(separator: " ") + "*")
                casing.sentenceStart = false
            case .link(let l):
                add(l.content, folder: folder, casing: &casing)
                exact.append("link:" + Self.target(l.destination, folder: folder))
            case .image(let i):
                exact.append("image:" + Self.target(i.source, folder: folder))
            case .html, .softBreak, .lineBreak:
                continue
            }
        }
    }

    static func target(_ destination: String, folder: String) -> String {
        if destination.contains(":") || destination.hasPrefix("#") { return destination }
        return Resolver.normalize(destination, from: destination.hasPrefix("/") ? "" : folder) ?? destination
    }

    /// Splits at white space, trims punctuation at both ends of each word, folds case, and sorts
    /// each word into `exact` or `words`. Works on UTF-8 bytes: it runs for every step of the
    /// knowledge base.
    mutating func addWords(_ text: String) {
        var casing = Casing()
        addWords(text, casing: &casing)
    }

    mutating func addWords(_ text: String, casing: inout Casing) {
        var text = text
        text.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            while i < n {
                while i < n, Self.isSpace(bytes[i]) { i += 1 }
                var start = i
                while i < n, !Self.isSpace(bytes[i]) { i += 1 }
                var end = i
                let endsSentence = end > start && (bytes[end - 1] == 46 || bytes[end - 1] == 33 || bytes[end - 1] == 63)
                while start < end, let width = Self.edgePunctuationWidth(bytes, start, end, atStart: true) { start += width }
                while start < end, let width = Self.edgePunctuationWidth(bytes, start, end, atStart: false) { end -= width }
                guard start < end else { continue }
                addToken(UnsafeBufferPointer(rebasing: bytes[start..<end]), casing: &casing)
                if endsSentence { casing.sentenceStart = true }
            }
        }
    }

    mutating func addToken(_ token: UnsafeBufferPointer<UInt8>, casing: inout Casing) {
        let capital = token[0] >= 65 && token[0] <= 90
        var ascii = true
        var isExact = false
        for b in token {
            if b >= 0x80 { ascii = false }
            // Digits, key names, paths, variables, file names and prices are exact.
            if (b >= 48 && b <= 57) || b == 43 || b == 92 || b == 47 || b == 37 || b == 46 || b == 36 { isExact = true }
        }
        guard ascii else {
            let folded = String(decoding: token, as: UTF8.self).lowercased()
            if isExact || Self.actionWords.contains(folded) {
                exact.append(folded)
            } else if !Self.fillerWords.contains(folded) {
                words.append(folded)
                casing.see(folded, capital: String(decoding: token, as: UTF8.self).first?.isUppercase == true)
            }
            return
        }
        // ASCII: fold into a small buffer and look the word up in the short lists without hashing.
        var kind = WordKind.word
        if !isExact && token.count < WordKind.table.count {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: token.count) { folded in
                for (k, b) in token.enumerated() { folded[k] = (b >= 65 && b <= 90) ? b + 32 : b }
                for candidate in WordKind.table[token.count] where candidate.bytes.elementsEqual(folded) {
                    kind = candidate.kind
                    break
                }
            }
        }
        if kind == .filler {
            casing.sentenceStart = false
            return
        }
        let folded = String(unsafeUninitializedCapacity: token.count) { buffer in
            for (k, b) in token.enumerated() { buffer[k] = (b >= 65 && b <= 90) ? b + 32 : b }
            return token.count
        }
        if isExact || kind == .action {
            exact.append(folded)
            casing.sentenceStart = false
        } else {
            words.append(folded)
            casing.see(folded, capital: capital)
        }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }

    /// The byte width of a punctuation mark at the start (or end) of `bytes[start..<end]`, if any:
    /// ASCII marks, curly quotes, dashes and the ellipsis.
    static func edgePunctuationWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, atStart: Bool) -> Int? {
        let b = atStart ? bytes[start] : bytes[end - 1]
        switch b {
        case 46, 44, 59, 58, 33, 63, 40, 41, 34, 39, 91, 93, 123, 125, 42, 95, 62, 60, 124, 38, 45:
            return 1
        default:
            break
        }
        // U+2013, U+2014, U+2018, U+2019, U+201C, U+201D, U+2026: E2 80 xx
        guard end - start >= 3 else { return nil }
        let k = atStart ? start : end - 3
        guard bytes[k] == 0xE2, bytes[k + 1] == 0x80 else { return nil }
        switch bytes[k + 2] {
        case 0x93, 0x94, 0x98, 0x99, 0x9C, 0x9D, 0xA6: return 3
        default: return nil
        }
    }

    /// One string per distinct step text, for finding exact repeats.
    public var key: String { exact.joined(separator: "\u{1}") + "\u{2}" + words.joined(separator: " ") }

    /// 0 for steps whose exact tokens differ or where one names something the other does not;
    /// otherwise the Jaccard similarity of the two word sets.
    public static func similarity(_ a: StepText, _ b: StepText) -> Double {
        guard a.exact == b.exact else { return 0 }
        let wa = Set(a.words), wb = Set(b.words)
        guard a.names.isSubset(of: wb), b.names.isSubset(of: wa) else { return 0 }
        return jaccard(wa, wb)
    }

    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        let shared = a.intersection(b).count
        return Double(shared) / Double(a.count + b.count - shared)
    }
}

/// The filler and action words by length, as bytes, for lookups without hashing.
enum WordKind: Equatable {
    case word, filler, action

    static let table: [[(bytes: [UInt8], kind: WordKind)]] = {
        let longest = (StepText.fillerWords.union(StepText.actionWords)).map(\.utf8.count).max() ?? 0
        var table = [[(bytes: [UInt8], kind: WordKind)]](repeating: [], count: longest + 1)
        for w in StepText.fillerWords.sorted() { table[w.utf8.count].append((Array(w.utf8), .filler)) }
        for w in StepText.actionWords.sorted() { table[w.utf8.count].append((Array(w.utf8), .action)) }
        return table
    }()
}
