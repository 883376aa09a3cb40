import Foundation

/// How text becomes search terms. `assets/search.js` does each step the same way in the browser
/// (`BrowserTests` runs both on the same words), and reads the stop words and synonyms from
/// `search/words.js`, which this type writes, so the two can never disagree on those.
///
/// 1. `tokens`: lowercase runs of letters and digits; apostrophes are dropped (`can't` is `cant`);
///    a hexadecimal code loses its leading zeros (`0x0904` is `0x904`).
/// 2. `stem`: Porter's English stemmer (`asks`, `asking`, `asked` are `ask`).
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
        // Not "keeps": a reader types it of anything ("keeps failing"), and as a synonym of
        // "continually" it put an article titled so before those about the failure itself.
        ["continually", "repeatedly", "constantly", "again and again"],
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
    /// The first stem of every phrase: most words start none, and are passed over at once.
    var starts: Set<String> = []
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
                starts.insert(phrase[0])
            }
        }
    }

    /// The terms of a text, for the index: each word's stem, and a synonym group's term where
    /// its words are (both, so that prefixes find the words).
    public func indexTerms(_ text: String) -> [String] {
        var memo = Memo()
        return indexTerms(text, memo: &memo)
    }

    /// The same, reading each word once per `memo` (an article uses the same words again and
    /// again), which also collects the words as written that a typo may be forgiven in.
    public func indexTerms(_ text: String, memo: inout Memo) -> [String] {
        terms(Self.tokens(text), keepWords: true, memo: &memo)
    }

    /// Words of five letters a-z or more; a code one digit off is another code.
    public static func forgivesTypos(_ word: String) -> Bool {
        word.utf8.count >= 5 && word.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    }

    /// The terms of a query: a synonym's words are replaced by their group's term.
    public func queryTerms(_ text: String) -> [String] {
        var memo = Memo()
        return terms(Self.tokens(text), keepWords: false, memo: &memo)
    }

    /// What is known of each word once it has been read.
    public struct Memo {
        struct Word {
            var stem: String
            var stop: Bool
            /// Whether a synonym phrase starts with its stem.
            var starts: Bool
            /// Its stem's number in `terms`.
            var term: Int32
        }
        var known: [String: Word] = [:]
        /// The same, by the bytes of a word of ASCII text as read (lowercased, apostrophes left
        /// out, before `canonicalCode`): most words are found without making a String of them.
        var read = ReadWords()
        /// The words a typo may be forgiven in (five letters a-z or more) as written, with their
        /// stems: a misspelt word is close to the word as written, not always to its stem.
        public var written: [String: String] = [:]
        /// Every term met, numbered: an article's terms are counted by number, not by text.
        var terms = TermTable()
        /// The terms of each step text met: a knowledge base repeats its steps, and a text is read
        /// once per block of articles rather than at every use.
        var stepTerms: [String: [Int32]] = [:]

        public init() {}
    }

    /// Words by their bytes as read, in an open-addressing table: one hash of the bytes (`FNV1a`,
    /// taken as the word is read), and one comparison of them for a word met before.
    struct ReadWords {
        /// Each slot holds an entry's number plus one; 0 is empty. A power of two long, at most half full.
        private var slots = [Int32](repeating: 0, count: 256)
        private var hashes: [UInt64] = []
        /// Entry `i`'s bytes are `bytes[ends[i - 1]..<ends[i]]`.
        private var ends: [Int] = []
        private var bytes: [UInt8] = []
        private var words: [Memo.Word] = []

        func find(_ key: [UInt8], hash: UInt64) -> Memo.Word? {
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[i] != 0 {
                let e = Int(slots[i]) - 1
                if hashes[e] == hash && bytes[(e == 0 ? 0 : ends[e - 1])..<ends[e]].elementsEqual(key) { return words[e] }
                i = (i + 1) & mask
            }
            return nil
        }

        /// Adds a word `find` did not find.
        mutating func insert(_ key: [UInt8], hash: UInt64, _ word: Memo.Word) {
            if 2 * (words.count + 1) > slots.count { grow() }
            hashes.append(hash)
            bytes += key
            ends.append(bytes.count)
            words.append(word)
            place(words.count - 1)
        }

        private mutating func place(_ e: Int) {
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: hashes[e] ^ (hashes[e] >> 29)) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(e + 1)
        }

        private mutating func grow() {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            for e in words.indices { place(e) }
        }
    }

    /// Terms numbered in the order first met, each text hashed once.
    struct TermTable {
        private(set) var texts: [String] = []
        /// For a hexadecimal code (`0x80070005`), the numbers of the other forms a reader may type
        /// of it: without 0x, and as decimal numbers (`SearchIndexer.decimalForms`); empty for any
        /// other term.
        private(set) var codeForms: [[Int32]] = []
        private var numbers: [String: Int32] = [:]

        mutating func number(_ term: String) -> Int32 {
            if let known = numbers[term] { return known }
            let n = Int32(texts.count)
            numbers[term] = n
            texts.append(term)
            codeForms.append([])
            if let digits = SearchWords.hexDigits(term) {
                var forms: [Int32] = []
                // Digits and decimal numbers are no codes themselves, so this goes one level deep.
                for form in [String(digits)] + SearchIndexer.decimalForms(String(digits)) { forms.append(number(form)) }
                codeForms[Int(n)] = forms
            }
            return n
        }
    }

    func word(_ token: String, _ memo: inout Memo) -> Memo.Word {
        if let known = memo.known[token] { return known }
        let stem = Self.stem(token)
        let word = Memo.Word(stem: stem, stop: stop.contains(token), starts: starts.contains(stem), term: memo.terms.number(stem))
        memo.known[token] = word
        if Self.forgivesTypos(token) { memo.written[token] = stem }
        return word
    }

    func terms(_ tokens: [String], keepWords: Bool, memo: inout Memo) -> [String] {
        let numbers = termNumbers(tokens, keepWords: keepWords, memo: &memo)
        return numbers.map { memo.terms.texts[Int($0)] }
    }

    /// The terms of an article's text by their numbers in `memo.terms` (`indexTerms` as numbers).
    func indexTermNumbers(_ text: String, memo: inout Memo) -> [Int32] {
        var text = text
        if let words = text.withUTF8({ asciiWords($0, memo: &memo) }) { return termNumbers(words, keepWords: true, memo: &memo) }
        return termNumbers(Self.tokens(text), keepWords: true, memo: &memo)
    }

    /// The words of an ASCII text as `tokens` reads them, each found by its bytes in `memo.read`
    /// and read as a String only the first time; nil for text that is not all ASCII.
    func asciiWords(_ text: UnsafeBufferPointer<UInt8>, memo: inout Memo) -> [Memo.Word]? {
        guard text.allSatisfy({ $0 < 0x80 }) else { return nil }
        var out: [Memo.Word] = []
        var current: [UInt8] = []
        current.reserveCapacity(32)
        var hash = FNV1a.seed
        func flush() {
            guard !current.isEmpty else { return }
            if let found = memo.read.find(current, hash: hash) {
                out.append(found)
            } else {
                let found = word(Self.canonicalCode(String(decoding: current, as: UTF8.self)), &memo)
                memo.read.insert(current, hash: hash, found)
                out.append(found)
            }
            current.removeAll(keepingCapacity: true)
            hash = FNV1a.seed
        }
        for var byte in text {
            switch byte {
            case 0x41...0x5A: byte += 32
            case 0x30...0x39, 0x61...0x7A: break
            case 0x27: continue
            default: flush(); continue
            }
            current.append(byte)
            hash = FNV1a.mix(hash, byte)
        }
        flush()
        return out
    }

    /// Each word's stem, and a synonym group's term where its words are (with the words as well
    /// when `keepWords`), by their numbers in `memo.terms`; stop words are left out.
    func termNumbers(_ tokens: [String], keepWords: Bool, memo: inout Memo) -> [Int32] {
        termNumbers(tokens.map { word($0, &memo) }, keepWords: keepWords, memo: &memo)
    }

    func termNumbers(_ words: [Memo.Word], keepWords: Bool, memo: inout Memo) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(words.count)
        var i = 0
        while i < words.count {
            if words[i].starts, let (term, length) = synonym(words, at: i) {
                out.append(memo.terms.number(term))
                if keepWords {
                    for k in i..<(i + length) where !words[k].stop && words[k].stem != term { out.append(words[k].term) }
                }
                i += length
                continue
            }
            if !words[i].stop { out.append(words[i].term) }
            i += 1
        }
        return out
    }

    /// The longest phrase starting at `i`, with its group's term.
    func synonym(_ words: [Memo.Word], at i: Int) -> (String, Int)? {
        var length = min(longest, words.count - i)
        while length > 0 {
            let key = length == 1 ? words[i].stem : words[i..<(i + length)].map(\.stem).joined(separator: " ")
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
        guard let digits = hexDigits(token) else { return token }
        let kept = digits.drop { $0 == "0" }
        return kept.isEmpty ? "0x0" : "0x" + kept
    }

    /// The digits of a lowercase hexadecimal code (`0x80070005`), or nil for any other token.
    static func hexDigits(_ token: String) -> Substring? {
        // Most tokens are words: the first two bytes settle it.
        var start = token.utf8.makeIterator()
        guard start.next() == 0x30, start.next() == 0x78, token.utf8.count > 2,
              token.utf8.dropFirst(2).allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        return token.dropFirst(2)
    }

    /// Porter's English stemmer (1980), as his reference implementation has it, for words of a-z:
    /// `asks`, `asking` and `asked` are `ask`; `installation` and `install` are `instal`. Other
    /// words (codes, numbers, other scripts) are kept as they are.
    public static func stem(_ word: String) -> String {
        guard word.utf8.count > 2, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        var p = PorterStemmer(Array(word.utf8))
        p.run()
        return p.b[0...p.k].elementsEqual(word.utf8) ? word : String(decoding: p.b[0...p.k], as: UTF8.self)
    }

    /// What the page's script reads: the stop words, the synonym phrases, how many articles the
    /// index holds (for weighing a query's words by how rare they are), how many articles each
    /// `d-N.js` holds, and the shards of terms that are split by their third letter.
    public func script(articles: Int, chunk: Int = SearchIndexer.chunkSize, split: [String] = []) -> String {
        let stops = Self.stopWords.map(JSON.quoted).joined(separator: ",")
        let splits = split.map(JSON.quoted).joined(separator: ",")
        let list = phrases.keys.sorted().map { "[" + JSON.quoted($0) + "," + JSON.quoted(phrases[$0]!) + "]" }.joined(separator: ",")
        return "kbSearch.words({\"articles\":\(articles),\"chunk\":\(chunk),\"split\":[\(splits)],\"stop\":[\(stops)],\"longest\":\(longest),\"phrases\":[\(list)]});\n"
    }
}

/// The steps of Porter's algorithm on a word's letters `b[0...k]`; `j` is where the stem ends
/// once a suffix has matched. `assets/search.js` has the same steps, line for line.
struct PorterStemmer {
    var b: [UInt8]
    var k: Int
    var j = 0

    init(_ word: [UInt8]) {
        // Room for the letter step 1b may add, so that every change is made in place.
        b = word + [0, 0]
        k = word.count - 1
    }

    static let vowels = Set("aeiou".utf8)

    /// A consonant: not a vowel, and not a y after a consonant.
    func consonant(_ i: Int) -> Bool {
        if Self.vowels.contains(b[i]) { return false }
        if b[i] == UInt8(ascii: "y") { return i == 0 || !consonant(i - 1) }
        return true
    }

    /// How many vowel-consonant sequences `b[0...j]` has.
    func measure() -> Int {
        var n = 0, i = 0
        while i <= j && consonant(i) { i += 1 }
        while i <= j {
            while i <= j && !consonant(i) { i += 1 }
            if i > j { break }
            n += 1
            while i <= j && consonant(i) { i += 1 }
        }
        return n
    }

    func vowelInStem() -> Bool { j >= 0 && (0...j).contains { !consonant($0) } }

    func doubleConsonant(_ i: Int) -> Bool { i >= 1 && b[i] == b[i - 1] && consonant(i) }

    /// Consonant, vowel, consonant at `i`, the last not w, x or y: `hop`, not `snow`.
    func cvc(_ i: Int) -> Bool {
        guard i >= 2, consonant(i), !consonant(i - 1), consonant(i - 2) else { return false }
        return !"wxy".utf8.contains(b[i])
    }

    mutating func ends(_ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard n <= k + 1 else { return false }
        let s = suffix.utf8Start
        for i in 0..<n where b[k - n + 1 + i] != s[i] { return false }
        j = k - n
        return true
    }

    mutating func setTo(_ text: StaticString) {
        let s = text.utf8Start
        for i in 0..<text.utf8CodeUnitCount { b[j + 1 + i] = s[i] }
        k = j + text.utf8CodeUnitCount
    }

    /// The first suffix of the list the word ends with is replaced when `condition` holds.
    mutating func replace(_ rules: [(StaticString, StaticString)], when condition: (PorterStemmer) -> Bool) {
        for (suffix, replacement) in rules where ends(suffix) {
            if condition(self) { setTo(replacement) }
            return
        }
    }

    static let step2: [(StaticString, StaticString)] = [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("bli", "ble"),
        ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"),
        ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"),
        ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"),
    ]
    static let step3: [(StaticString, StaticString)] = [
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ]
    static let step4: [StaticString] = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
                        "ism", "ate", "iti", "ous", "ive", "ize"]

    mutating func run() {
        // Step 1a: plurals.
        if b[k] == UInt8(ascii: "s") {
            if ends("sses") { k -= 2 } else if ends("ies") { setTo("i") } else if b[k - 1] != UInt8(ascii: "s") { k -= 1 }
        }
        // Step 1b: -eed, -ed, -ing.
        if ends("eed") {
            if measure() > 0 { k -= 1 }
        } else if (ends("ed") || ends("ing")) && vowelInStem() {
            k = j
            if ends("at") { setTo("ate") } else if ends("bl") { setTo("ble") } else if ends("iz") { setTo("ize") }
            else if doubleConsonant(k) {
                if !"lsz".utf8.contains(b[k]) { k -= 1 }
            } else if measure() == 1 && cvc(k) { setTo("e") }
        }
        guard k > 0 else { return }
        // Step 1c: y to i.
        if ends("y") && vowelInStem() { b[k] = UInt8(ascii: "i") }
        replace(Self.step2) { $0.measure() > 0 }
        replace(Self.step3) { $0.measure() > 0 }
        // Step 4: -ion only after s or t.
        for suffix in Self.step4 where ends(suffix) {
            if suffix.description == "ion" && !(j >= 0 && (b[j] == UInt8(ascii: "s") || b[j] == UInt8(ascii: "t"))) { break }
            if measure() > 1 { k = j }
            break
        }
        // Step 5: a final e, a double l.
        j = k
        if b[k] == UInt8(ascii: "e") {
            let m = measure()
            if m > 1 || (m == 1 && !cvc(k - 1)) { k -= 1 }
        }
        if b[k] == UInt8(ascii: "l") && doubleConsonant(k) && measure() > 1 { k -= 1 }
    }
}
