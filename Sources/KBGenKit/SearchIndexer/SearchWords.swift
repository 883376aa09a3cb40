import Foundation

/// How text becomes search terms. `assets/search.js` does each step the same way in the browser
/// (`BrowserTests` runs both on the same words), and reads the stop words and synonyms from
/// `search/words.js`, which this type writes, so the two can never disagree on those.
///
/// 1. `tokens`: lowercase runs of letters and digits; apostrophes are dropped (`can't` is `cant`);
///    a hexadecimal code loses its leading zeros (`0x0904` is `0x904`).
/// 2. `stem`: a light English stemmer (`asks`, `asking`, `asked` are `ask`).
/// 3. Synonyms: a run of stems that a synonym group lists becomes the group's term (`log on` and
///    `sign in` are `signin`). The index keeps the words as well, so a prefix still finds them.
/// 4. Stop words (`the`, `to` ...) are dropped, unless they are part of a synonym.
public struct SearchWords: Sendable, Equatable {
    public static let stopWords = ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "is",
                                   "it", "of", "on", "or", "that", "the", "then", "this", "to", "with", "you", "your"]

    /// Words readers and writers use for the same thing; the first names the group. A writer adds
    /// groups with `search.synonyms` in kbgen.yml.
    public static let standardSynonyms: [[String]] = [
        ["sign in", "signin", "sign on", "log in", "login", "log on", "logon"],
        ["sign out", "signout", "log out", "logout", "log off", "logoff"],
        ["password", "passwords", "credentials", "credential", "passcode"],
        ["computer", "PC", "machine"],
        ["cannot", "can't", "can not", "unable to", "not able to"],
        ["doesn't", "does not"], ["won't", "will not"], ["isn't", "is not"], ["don't", "do not"],
        ["prompt", "ask", "pop up"],
        ["keep", "continually", "repeatedly", "constantly", "again and again"],
        ["fail", "failure", "unsuccessful"],
        ["freeze", "hang", "not responding", "stops responding", "unresponsive"],
        ["crash", "closes unexpectedly", "stops working"],
        ["restart", "reboot"],
        ["remove", "delete"],
        ["disable", "turn off", "switch off"],
        ["enable", "turn on", "switch on"],
        ["email", "e-mail"],
        ["wifi", "wi-fi", "wireless"],
        ["app", "application", "program"],
        ["disconnect", "drop", "lose connection", "loses connection", "lost connection"],
        // Names and their abbreviations.
        ["remote desktop", "RDP", "mstsc"],
        ["Microsoft 365", "Office 365", "M365", "O365"],
        ["virtual machine", "VM"],
        ["group policy", "GPO"],
        ["active directory", "AD"],
        ["antivirus", "anti-virus", "AV"],
        ["multi-factor authentication", "MFA", "two-factor authentication", "2FA"],
        ["blue screen", "BSOD"],
        ["operating system", "OS"],
        ["network adapter", "NIC"],
    ]

    /// A run of stems, joined by spaces, and the term of its group.
    public private(set) var phrases: [String: String] = [:]
    /// The most stems in one phrase.
    public private(set) var longest = 1
    let stop: Set<String>

    public init(synonyms extra: [[String]] = []) {
        stop = Set(Self.stopWords)
        // A group that shares a wording with an earlier one joins it, so a writer's group can
        // extend a standard one.
        var groups: [[[String]]] = []
        for group in Self.standardSynonyms + extra {
            let phrases = group.map { Self.tokens($0).map(Self.stem) }.filter { !$0.isEmpty }
            let keys = Set(phrases.map { $0.joined(separator: " ") })
            if let i = groups.firstIndex(where: { g in g.contains { keys.contains($0.joined(separator: " ")) } }) {
                groups[i] += phrases
            } else if !phrases.isEmpty {
                groups.append(phrases)
            }
        }
        for group in groups {
            let term = group[0].joined()
            for phrase in group {
                let key = phrase.joined(separator: " ")
                if phrases[key] == nil { phrases[key] = term }
                longest = max(longest, phrase.count)
            }
        }
    }

    /// The terms of a text, for the index: each word's stem, and a synonym group's term where
    /// its words are (both, so that prefixes find the words).
    public func indexTerms(_ text: String) -> [String] {
        terms(Self.tokens(text), keepWords: true)
    }

    /// The terms of a query: a synonym's words are replaced by their group's term.
    public func queryTerms(_ text: String) -> [String] {
        terms(Self.tokens(text), keepWords: false)
    }

    func terms(_ tokens: [String], keepWords: Bool) -> [String] {
        let stems = tokens.map(Self.stem)
        var out: [String] = []
        out.reserveCapacity(stems.count)
        var i = 0
        while i < stems.count {
            if let (term, length) = synonym(stems, at: i) {
                out.append(term)
                if keepWords {
                    for k in i..<(i + length) where !stop.contains(tokens[k]) && stems[k] != term { out.append(stems[k]) }
                }
                i += length
                continue
            }
            if !stop.contains(tokens[i]) { out.append(stems[i]) }
            i += 1
        }
        return out
    }

    /// The longest phrase starting at `i`, with its group's term.
    func synonym(_ stems: [String], at i: Int) -> (String, Int)? {
        guard !phrases.isEmpty else { return nil }
        var length = min(longest, stems.count - i)
        while length > 0 {
            let key = length == 1 ? stems[i] : stems[i..<(i + length)].joined(separator: " ")
            if let term = phrases[key] { return (term, length) }
            length -= 1
        }
        return nil
    }

    /// Lowercase runs of letters and digits (Unicode letters and numbers, as JavaScript's
    /// `\p{L}` and `\p{N}`); apostrophes are dropped without ending a word.
    public static func tokens(_ text: String) -> [String] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiTokens(text) }
        var out: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty {
                out.append(canonicalCode(String(current)))
                current = String.UnicodeScalarView()
            }
        }
        for scalar in text.lowercased().unicodeScalars {
            if isWordScalar(scalar) {
                // A final sigma is a sigma: JavaScript lowercases a word-final Σ to ς, Swift does not.
                current.append(scalar == "\u{3C2}" ? "\u{3C3}" : scalar)
            } else if scalar != "'" && scalar != "\u{2019}" {
                flush()
            }
        }
        flush()
        return out
    }

    /// The same for text that is all ASCII, most of it, on its bytes: several times faster.
    static func asciiTokens(_ text: String) -> [String] {
        var out: [String] = []
        var current: [UInt8] = []
        func flush() {
            if !current.isEmpty {
                out.append(canonicalCode(String(decoding: current, as: UTF8.self)))
                current.removeAll(keepingCapacity: true)
            }
        }
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x61...0x7A: current.append(byte)
            case 0x41...0x5A: current.append(byte + 32)
            case 0x27: break
            default: flush()
            }
        }
        flush()
        return out
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return (s >= "a" && s <= "z") || (s >= "0" && s <= "9") || (s >= "A" && s <= "Z") }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// `0x0904` and `0x904` are one code.
    public static func canonicalCode(_ token: String) -> String {
        let bytes = Array(token.utf8)
        guard bytes.count > 2, bytes[0] == 0x30, bytes[1] == 0x78,
              bytes.dropFirst(2).allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return token }
        var i = 2
        while i < bytes.count - 1 && bytes[i] == 0x30 { i += 1 }
        return "0x" + String(decoding: bytes[i...], as: UTF8.self)
    }

    /// A light English stemmer for words of a-z: plural and verb endings, then a final e.
    /// `policies` and `applied` are `policy` and `apply`; `running` is `run`; `updates`,
    /// `updating` and `update` are `updat`. Other words (codes, numbers, other scripts) are kept.
    public static func stem(_ word: String) -> String {
        var s = Array(word.utf8)
        guard s.count >= 3, s.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        func ends(_ suffix: String) -> Bool {
            let u = Array(suffix.utf8)
            return s.count >= u.count && Array(s[(s.count - u.count)...]) == u
        }
        func hasVowel(_ part: ArraySlice<UInt8>) -> Bool { part.contains { "aeiouy".utf8.contains($0) } }
        func undouble() {
            let n = s.count
            if n >= 2, s[n - 1] == s[n - 2], !"aeiouylsz".utf8.contains(s[n - 1]) { s.removeLast() }
        }
        // Plurals and third persons.
        if s.count > 4 && ends("ies") {
            s.removeLast(3); s.append(0x79)
        } else if ends("sses") || (s.count > 4 && (ends("xes") || ends("ches") || ends("shes") || ends("zes"))) {
            s.removeLast(2)
        } else if s.count >= 4 && ends("s") && !ends("ss") && !ends("us") && !ends("is") {
            s.removeLast()
        }
        // Verb endings.
        if s.count > 4 && ends("ied") {
            s.removeLast(3); s.append(0x79)
        } else if ends("ing") && s.count >= 5 && hasVowel(s[..<(s.count - 3)]) {
            s.removeLast(3); undouble()
        } else if ends("ed") && !ends("eed") && s.count >= 4 && hasVowel(s[..<(s.count - 2)]) {
            s.removeLast(2); undouble()
        }
        if s.count > 2 && s.last == 0x65 { s.removeLast() }
        return String(decoding: s, as: UTF8.self)
    }

    /// What the page's script reads: the stop words, the synonym phrases, and how many articles
    /// the index holds (for weighing a query's words by how rare they are).
    public func script(articles: Int) -> String {
        let stops = Self.stopWords.map(JSON.quoted).joined(separator: ",")
        let list = phrases.keys.sorted().map { "[" + JSON.quoted($0) + "," + JSON.quoted(phrases[$0]!) + "]" }.joined(separator: ",")
        return "kbSearch.words({\"articles\":\(articles),\"stop\":[\(stops)],\"longest\":\(longest),\"phrases\":[\(list)]});\n"
    }
}
