/// How a step's words are spelled for comparing: case folded, typography folded (curly quotes,
/// dashes, no-break spaces), contractions written out (`isn't` is `is not`), punctuation at both
/// ends trimmed, and word endings removed (`activating`, `activated` and `activates` are
/// `activate`). Step texts and vocabulary phrases go through the same functions, so that they
/// always meet.
enum StepWords {
    struct Word {
        var text: String
        /// Written with a capital letter.
        var capital: Bool
        /// The last word of a sentence.
        var endsSentence: Bool
    }

    /// Words that carry no meaning in a step ("Click on the Certificates folder").
    static let fillerWords: Set<String> = ["a", "an", "the", "on", "folder", "then", "and", "please", "just", "your", "to"]

    /// The words of a phrase as they are compared, without filler words.
    static func normalise(_ phrase: String) -> [String] {
        split(phrase).map(\.text).filter { !$0.isEmpty && !fillerWords.contains($0) }
    }

    /// Splits at white space into folded, stemmed words. Works on UTF-8 bytes: it runs for
    /// every word of every step of the knowledge base.
    static func split(_ text: String) -> [Word] {
        var out: [Word] = []
        var folded = fold(text)
        folded.withUTF8 { bytes in
            let n = bytes.count
            var i = 0
            while i < n {
                while i < n, isSpace(bytes[i]) { i += 1 }
                var start = i
                while i < n, !isSpace(bytes[i]) { i += 1 }
                var end = i
                guard start < end else { continue }
                let last = bytes[end - 1]
                let endsSentence = last == 46 || last == 33 || last == 63
                while start < end, isEdgePunctuation(bytes[start]) { start += 1 }
                while start < end, isEdgePunctuation(bytes[end - 1]) { end -= 1 }
                guard start < end else {
                    // A full stop after a label or a link, in a text of its own: an empty word ends the sentence.
                    if endsSentence {
                        if out.isEmpty { out.append(Word(text: "", capital: false, endsSentence: true)) } else { out[out.count - 1].endsSentence = true }
                    }
                    continue
                }
                let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
                var capital = piece[0] >= 65 && piece[0] <= 90
                var lower: String
                if piece.contains(where: { $0 >= 0x80 }) {
                    let word = String(decoding: piece, as: UTF8.self)
                    capital = word.first?.isUppercase == true
                    lower = word.lowercased()
                } else {
                    lower = String(unsafeUninitializedCapacity: piece.count) { buffer in
                        for (k, b) in piece.enumerated() { buffer[k] = (b >= 65 && b <= 90) ? b + 32 : b }
                        return piece.count
                    }
                }
                if piece.contains(39) {
                    for (k, part) in expandContraction(lower).enumerated() {
                        out.append(Word(text: stem(part), capital: capital && k == 0, endsSentence: false))
                    }
                } else {
                    lower = stem(lower)
                    out.append(Word(text: lower, capital: capital, endsSentence: false))
                }
                if endsSentence { out[out.count - 1].endsSentence = true }
            }
        }
        return out
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }

    /// Punctuation trimmed at both ends of a word (after `fold`, so curly quotes and dashes are ASCII).
    static func isEdgePunctuation(_ b: UInt8) -> Bool {
        switch b {
        case 46, 44, 59, 58, 33, 63, 40, 41, 34, 39, 91, 93, 123, 125, 42, 95, 62, 60, 124, 38, 45: return true
        default: return false
        }
    }

    /// Curly quotes, primes and dashes as ASCII; every kind of space as a space.
    static func fold(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            switch u.value {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x00B4, 0x0060: out.append("'")
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: out.append("\"")
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: out.append("-")
            case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: out.append(" ")
            case 0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD: continue
            case 0x2026: out.append(contentsOf: "...".unicodeScalars)
            default: out.append(u)
            }
        }
        return String(out)
    }

    /// `isn't` → `is not`, `can't` → `can not`, `you're` → `you are`; other words unchanged.
    static func expandContraction(_ word: String) -> [String] {
        if word == "can't" || word == "cannot" { return ["can", "not"] }
        if word == "won't" { return ["will", "not"] }
        for (ending, full) in [("n't", "not"), ("'re", "are"), ("'ve", "have"), ("'ll", "will")] where word.hasSuffix(ending) {
            return [String(word.dropLast(ending.count)), full]
        }
        return [word]
    }

    /// Words that look inflected but are not (`Windows` is not `window`).
    static let unstemmed: Set<String> = ["windows", "status", "access", "address", "process", "this", "its", "has", "was",
                                         "does", "is", "always", "news", "series", "bus", "plus", "analysis", "us", "yes",
                                         "class", "less", "during", "string", "thing", "something", "nothing", "everything",
                                         "anything", "setting", "settings", "bring", "need", "speed", "feed", "red", "bed",
                                         "embed", "shared", "used", "based", "advanced", "detailed", "specified"]

    /// A light English stemmer, enough to make `activating`, `activated` and `activate` one word,
    /// and `services` and `service`. Words with digits, dots or slashes are left as written.
    static func stem(_ word: String) -> String {
        // Only words that end in s, d or g can lose an ending.
        guard let end = word.utf8.last, end == 115 || end == 100 || end == 103, word.utf8.count > 3 else { return word }
        let bytes = Array(word.utf8)
        guard bytes.count > 3, !unstemmed.contains(word),
              bytes.allSatisfy({ ($0 >= 97 && $0 <= 122) || $0 == 45 }) else { return word }
        func vowel(_ i: Int) -> Bool {
            switch bytes[i] {
            case 97, 101, 105, 111, 117: return true
            case 121: return i > 0 && !vowel(i - 1)
            default: return false
            }
        }
        let n = bytes.count
        if word.hasSuffix("ies"), n > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("sses") || word.hasSuffix("shes") || word.hasSuffix("ches") || word.hasSuffix("xes") || word.hasSuffix("zes") {
            return String(word.dropLast(2))
        }
        if bytes[n - 1] == 115, bytes[n - 2] != 115, bytes[n - 2] != 117, bytes[n - 2] != 105 { return String(word.dropLast()) }
        for suffix in ["ing", "ed"] where word.hasSuffix(suffix) {
            let stem = Array(bytes.dropLast(suffix.utf8.count))
            guard stem.count >= 3, (0..<stem.count).contains(where: { vowel($0) }) else { return word }
            let s = String(decoding: stem, as: UTF8.self)
            let last = stem[stem.count - 1], before = stem[stem.count - 2]
            if last == before, ![108, 115, 122].contains(last), !vowel(stem.count - 1) { return String(s.dropLast()) }
            if s.hasSuffix("at") || s.hasSuffix("bl") || s.hasSuffix("iz") || s.hasSuffix("us") || s.hasSuffix("iv") || s.hasSuffix("ur") {
                return s + "e"
            }
            // A short stem that ends consonant, vowel, consonant lost an `e`: typed → type.
            let k = stem.count
            if k == 3, !vowel(k - 1), vowel(k - 2), !vowel(k - 3), ![119, 120, 121].contains(last) { return s + "e" }
            return s
        }
        return word
    }
}
