/// A step's first paragraph as a list of tokens, and the rewriting that makes two wordings of one
/// instruction the same list: vocabulary, asides, and the many ways of opening a program.
struct StepTokens {
    enum Kind: Equatable { case word, exact, sentenceEnd }

    struct Token: Equatable {
        var text: String
        var kind: Kind
        var capital = false
        /// In bold or italics, or a one-word code span: the label of a control or a command.
        var label = false
    }

    let folder: String
    var tokens: [Token] = []

    /// Whether a word other than a sentence's first is written in lowercase, filler words
    /// included: then capitals inside a sentence mark names ("Go to Settings > System").
    var isSentenceCase: Bool {
        var start = true
        for t in tokens {
            if t.kind == .sentenceEnd { start = true; continue }
            if t.kind == .word, !start, !t.capital, !t.label, t.text.first?.isLetter == true { return true }
            start = false
        }
        return false
    }

    init(folder: String) { self.folder = folder }

    /// Emphasis and code markup count by the text they hold: `**Certificates**` is the word
    /// Certificates, written as a label. A code span of several words is one exact token.
    mutating func read(_ inlines: [Inline], label: Bool) {
        for inline in inlines {
            switch inline {
            case .text(let t): readText(t, label: label)
            case .code(let c):
                let code = Self.normaliseCode(c)
                if code.isEmpty { continue }
                if code.utf8.contains(UInt8(ascii: " ")) {
                    tokens.append(Token(text: "`" + code + "`", kind: .exact))
                } else {
                    // One word: the same as the word written plainly, and a name on both sides.
                    for w in StepWords.split(code) where !w.text.isEmpty { tokens.append(Token(text: w.text, kind: .word, label: true)) }
                }
            case .emphasis(let c), .strong(let c), .strikethrough(let c):
                read(c, label: true)
            case .link(let l):
                read(l.content, label: label)
                tokens.append(Token(text: "link:" + StepText.target(l.destination, folder: folder), kind: .exact))
            case .image(let i):
                tokens.append(Token(text: "image:" + StepText.target(i.source, folder: folder), kind: .exact))
            case .html, .softBreak, .lineBreak:
                continue
            }
        }
    }

    mutating func readText(_ text: String, label: Bool) {
        for w in StepWords.split(text) {
            if !w.text.isEmpty { tokens.append(Token(text: w.text, kind: .word, capital: w.capital, label: label)) }
            if w.endsSentence { tokens.append(Token(text: "", kind: .sentenceEnd)) }
        }
    }

    /// Code as written, with runs of spaces as one and the spaces just inside a `< placeholder >`
    /// removed.
    static func normaliseCode(_ code: String) -> String {
        var out = ""
        var space = false
        for c in StepWords.fold(code) {
            if c == " " || c == "\t" {
                space = !out.isEmpty
                continue
            }
            if space && c != ">" && out.last != "<" { out.append(" ") }
            space = false
            out.append(c)
        }
        return out
    }

    /// Rewrites the tokens sentence by sentence; true when every sentence opens one program.
    @discardableResult
    static func normalise(_ tokens: inout [Token], vocabulary: StepVocabulary) -> Bool {
        var sentences: [[Token]] = []
        var current: [Token] = []
        for t in tokens {
            if t.kind == .sentenceEnd {
                if !current.isEmpty { sentences.append(current) }
                current = []
            } else {
                current.append(t)
            }
        }
        if !current.isEmpty { sentences.append(current) }
        var out: [Token] = []
        var program: [String]?
        var allLaunch = true
        for sentence in sentences {
            let words = sentence.filter { !StepWords.fillerWords.contains($0.text) || $0.kind != .word }
            if vocabulary.isAside(words.map(\.text)) { continue }
            var rewritten = rewrite(cutTail(words, vocabulary: vocabulary), vocabulary: vocabulary)
            if let opened = launch(rewritten, vocabulary: vocabulary) {
                if program == nil || program == opened.map(\.text) {
                    program = opened.map(\.text)
                    rewritten = [Token(text: "open", kind: .word)] + opened
                } else {
                    allLaunch = false
                }
                // "Open an elevated command prompt. To do this, ..." says the same thing twice.
                if !out.isEmpty, out.map(\.text) == rewritten.map(\.text) { continue }
            } else {
                allLaunch = false
            }
            if !out.isEmpty { out.append(Token(text: "", kind: .sentenceEnd)) }
            out.append(contentsOf: rewritten)
        }
        tokens = out
        return allLaunch && program != nil
    }

    /// Where a step names one of its article's products; `products` longest name first.
    static func mention(of products: [[String]], in tokens: [Token]) -> (Range<Int>, [String])? {
        for product in products where !product.isEmpty && product.count <= tokens.count {
            let head = product[0]
            for i in 0...(tokens.count - product.count) where tokens[i].text == head && tokens[i].kind == .word {
                if zip(tokens[(i + 1)..<(i + product.count)], product.dropFirst()).allSatisfy({ $0.kind == .word && $0.text == $1 }) {
                    return (i..<(i + product.count), product)
                }
            }
        }
        return nil
    }

    /// A sentence without the clause that says how its step is done ("..., using the following steps").
    static func cutTail(_ words: [Token], vocabulary: StepVocabulary) -> [Token] {
        for i in words.indices.dropFirst() where vocabulary.tailHeads.contains(words[i].text) {
            let rest = words[i...].lazy.map(\.text)
            if vocabulary.tails.contains(where: { rest.starts(with: $0) }) { return Array(words[..<i]) }
        }
        return words
    }

    /// Replaces each phrase of the vocabulary by the words it becomes, longest phrase first.
    static func rewrite(_ tokens: [Token], vocabulary: StepVocabulary) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            if tokens[i].kind == .word, let candidates = vocabulary.phrases[tokens[i].text],
               let match = candidates.first(where: { i + $0.words.count <= tokens.count
                   && zip(tokens[i..<(i + $0.words.count)], $0.words).allSatisfy { $0.kind == .word && $0.text == $1 }
                   // Words that say nothing ("the Add option") still count as a control's label ("**Options**").
                   && !($0.becomes.isEmpty && tokens[i..<(i + $0.words.count)].contains(where: \.label)) }) {
                let span = tokens[i..<(i + match.words.count)]
                // The first word keeps its case; the others are capitalised as the phrase's own
                // others were ("Regedit" is "Registry Editor").
                let rest = span.count == 1 ? span.first!.capital : span.dropFirst().contains(where: \.capital)
                let label = span.contains(where: \.label)
                for (k, w) in match.becomes.enumerated() {
                    out.append(Token(text: w, kind: .word, capital: k == 0 ? span.first!.capital : rest, label: label))
                }
                i += match.words.count
            } else {
                out.append(tokens[i])
                i += 1
            }
        }
        return out
    }

    /// The program a sentence opens, if that is all it does: once the words of opening things
    /// (from, Start, type, select, Run as administrator, OK ...) are set aside, every run of words
    /// left is the same program or command. Opening as an administrator stays part of it.
    static func launch(_ sentence: [Token], vocabulary: StepVocabulary) -> [Token]? {
        // Most sentences do something else: their first word says so.
        guard let head = sentence.first, head.kind == .word, StepVocabulary.launchWords.contains(head.text) else { return nil }
        var chunks: [[Token]] = []
        var chunk: [Token] = []
        var marked = false
        var elevated = false
        for (k, t) in sentence.enumerated() {
            if t.kind == .word, StepVocabulary.launchWords.contains(t.text) {
                if StepVocabulary.launchMarkers.contains(t.text) || (k > 0 && (t.text == "start" || t.text == "run")) { marked = true }
                if t.text == "run-as-administrator" || t.text == "as-administrator" { elevated = true }
                if !chunk.isEmpty { chunks.append(chunk) }
                chunk = []
            } else {
                chunk.append(t)
            }
        }
        if !chunk.isEmpty { chunks.append(chunk) }
        guard let first = chunks.first, chunks.allSatisfy({ $0.map(\.text) == first.map(\.text) }) else { return nil }
        let isProgram = vocabulary.programs.contains(first.map(\.text)) || (first.count == 1 && first[0].kind == .exact)
        guard marked || isProgram else { return nil }
        return first + (elevated ? [Token(text: "as-administrator", kind: .word)] : [])
    }
}
