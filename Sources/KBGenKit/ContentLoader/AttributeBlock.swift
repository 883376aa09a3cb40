/// The `{likelihood=high effort=10m #id}` block at the end of a heading.
public struct AttributeBlock: Sendable, Equatable {
    public var values: [String: String] = [:]
    /// Keys in the order written, to report unknown ones in order.
    public var keys: [String] = []
    public var id: String?
    public var classes: [String] = []

    public static let knownKeys = ["likelihood", "effort"]
    public static let likelihoodWords: [String: Double] = ["high": 0.7, "medium": 0.4, "low": 0.15]
    public static let likelihoodForms = "a number from 0 to 1 (0.35), a percentage (35%), or high (0.7), medium (0.4) or low (0.15)"
    public static let effortForms = "a time above zero and at most a week (168h) in minutes, seconds or hours, such as 5m, 90s, 1h or 1h30m"

    /// Splits a heading's text into the title and its trailing attribute block, if any.
    public static func split(_ text: String) -> (title: String, block: String)? {
        var copy = text
        // Headings are nearly always ASCII: their bytes are their characters, and reading them so
        // is several times quicker. Other text takes the way by characters below.
        switch copy.withUTF8({ bytes in bytes.allSatisfy { $0 < 0x80 } ? splitASCII(bytes) : .notASCII }) {
        case .found(let title, let block): return (title, block)
        case .none: return nil
        case .notASCII: return splitByCharacters(text)
        }
    }

    static func splitByCharacters(_ text: String) -> (title: String, block: String)? {
        var trimmed = Substring(text)
        while trimmed.last == " " || trimmed.last == "\t" { trimmed.removeLast() }
        guard trimmed.hasSuffix("}"), let open = trimmed.lastIndex(of: "{") else { return nil }
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        // `{` inside a title such as "Set {GUID}" is text unless the block looks like attributes.
        guard looksLikeAttributes(String(inner)) else { return nil }
        // Only the end is trimmed: "Run " before a code span keeps its space.
        var title = String(trimmed[..<open])
        while title.last == " " || title.last == "\t" { title.removeLast() }
        return (title, String(inner))
    }

    enum ASCIISplit {
        case found(String, String)
        case none
        case notASCII
    }

    /// `split` on the bytes of an ASCII text.
    static func splitASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> ASCIISplit {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard end > 0, bytes[end - 1] == 0x7D, let open = bytes[..<(end - 1)].lastIndex(of: 0x7B) else { return .none }
        let inner = open + 1..<end - 1
        let firstOther = bytes[inner].firstIndex { $0 != 0x20 }
        guard bytes[inner].contains(0x3D) || (firstOther.map { bytes[$0] == 0x23 } ?? false)
              || (bytes[inner].contains(0x3A) && looksLikeAttributes(String(decoding: UnsafeBufferPointer(rebasing: bytes[inner]), as: UTF8.self)))
        else { return .none }
        var titleEnd = open
        while titleEnd > 0, bytes[titleEnd - 1] == 0x20 || bytes[titleEnd - 1] == 0x09 { titleEnd -= 1 }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        return .found(text(0..<titleEnd), text(inner))
    }

    /// Whether the inside of a heading's trailing braces is meant as attributes: it has `key=value`
    /// or `#id`, or a word such as `likelihood:` or `efort:` (a known key, or one letter or two from
    /// one) written YAML-style. "Set {GUID}" or "{HKEY_LOCAL_MACHINE}" stay part of the title.
    static func looksLikeAttributes(_ inner: String) -> Bool {
        if inner.utf8.contains(UInt8(ascii: "=")) || inner.trimmingCharacters(in: " ").hasPrefix("#") { return true }
        return yamlStyleKeys(inner).contains { key in
            knownKeys.contains(key) || FrontMatterParser.nearest(key, in: knownKeys) != nil
        }
    }

    /// The words written `word:` in a block, lowercased.
    static func yamlStyleKeys(_ inner: String) -> [String] {
        var keys: [String] = []
        var word = ""
        for c in inner {
            if c.isLetter || c == "_" || c == "-" {
                word.append(c)
            } else {
                if c == ":" && !word.isEmpty { keys.append(word.lowercased()) }
                if c != " " || word.isEmpty { word = "" }
            }
        }
        return keys
    }

    /// The block as it should be written, from one written `key: value, key: value`.
    static func rewrittenYAMLStyle(_ inner: String) -> String {
        var out = ""
        var pendingSpace = false
        for c in inner {
            if c == "," { pendingSpace = true; continue }
            if c == ":" {
                while out.last == " " { out.removeLast() }
                out.append("=")
                pendingSpace = false
                continue
            }
            if c == " " {
                if out.last != "=" { pendingSpace = !out.isEmpty }
                continue
            }
            if pendingSpace && out.last != "=" { out.append(" ") }
            pendingSpace = false
            out.append(c)
        }
        return "{" + out + "}"
    }

    /// Parses the inside of the braces; nil with a message when it cannot be read.
    public struct ParseError: Error, Equatable {
        public var message: String
    }

    public static func parse(_ inner: String) -> Result<AttributeBlock, ParseError> {
        if !inner.utf8.contains(UInt8(ascii: "=")), !yamlStyleKeys(inner).isEmpty {
            return .failure(ParseError(message: "attributes are written key=value, not key: value; write \(rewrittenYAMLStyle(inner))"))
        }
        var block = AttributeBlock()
        var tokens: [String] = []
        var current = ""
        var quote: Character?
        for c in inner {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == " " || c == "\t" {
                if !current.isEmpty { tokens.append(current); current = "" }
            } else {
                current.append(c)
            }
        }
        if quote != nil { return .failure(ParseError(message: "the attribute block has an unclosed quote")) }
        if !current.isEmpty { tokens.append(current) }
        for token in tokens {
            if token.hasPrefix("#") {
                let id = String(token.dropFirst())
                guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else {
                    return .failure(ParseError(message: "'\(token)' is not a usable anchor; use letters, digits and - or _"))
                }
                block.id = id
            } else if token.hasPrefix(".") {
                block.classes.append(String(token.dropFirst()))
            } else if let eq = token.firstIndex(of: "=") {
                let key = String(token[..<eq]).lowercased()
                block.values[key] = String(token[token.index(after: eq)...])
                block.keys.append(key)
            } else {
                return .failure(ParseError(message: "'\(token)' is not an attribute; write key=value or #id"))
            }
        }
        return .success(block)
    }

    /// 0...1 from a number, a percentage or a word.
    public static func likelihood(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: " ").lowercased()
        if let word = likelihoodWords[t] { return word }
        if t.hasSuffix("%") {
            let digits = t.dropLast()
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let p = Double(digits), (0...100).contains(p) else { return nil }
            return p / 100
        }
        // Digits and one point only: Swift's Double would also read "0x1", "1e0" or "inf".
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let v = Double(t), (0...1).contains(v) else { return nil }
        return v
    }

    /// The longest effort a solution may declare: a week. Longer is a typo, and a number that
    /// large would not fit the whole minutes pages show.
    public static let longestEffortMinutes = 7.0 * 24 * 60

    /// Minutes from `5m`, `90s`, `1h`, `1h30m`.
    public static func effortMinutes(_ text: String) -> Double? {
        var total = 0.0
        var number = ""
        var sawUnit = false
        var lastUnitRank = 0
        for c in text.lowercased() {
            if (c.isASCII && c.isNumber) || c == "." {
                number.append(c)
                continue
            }
            let rank: Int
            let factor: Double
            switch c {
            case "h": rank = 1; factor = 60
            case "m": rank = 2; factor = 1
            case "s": rank = 3; factor = 1.0 / 60
            default: return nil
            }
            guard rank > lastUnitRank, let n = Double(number), n.isFinite else { return nil }
            total += n * factor
            number = ""
            sawUnit = true
            lastUnitRank = rank
        }
        guard sawUnit, number.isEmpty else { return nil }
        return total
    }
}
