import Foundation

/// Builds the search index: files under `search/` that the browser loads with script elements
/// (so search works from `file://` and under `script-src 'self'`), only those a query needs.
///
/// - `search/t-XY.js`: the terms that start with XY, each with its articles and a precomputed
///   BM25F score (fields weighted: codes 10, title 5, solution titles 2, products and tags 2,
///   summary 1.5, steps 1), best first, delta-encoded.
/// - `search/s-XY.js`: the words of four letters or more whose second and third letters are XY,
///   for forgiving a typo anywhere, the first letter included (loaded only when few results come back).
/// - `search/d-N.js`: what a result shows for articles 8N to 8N+7: url, title, summary, the most
///   likely fix, and text for the snippet.
public enum SearchIndexer {
    public static let chunkSize = 8
    /// A term in more articles than this keeps only its best postings; a query treats it as optional.
    public static let postingLimit = 400
    static let k1 = 1.2, b = 0.75
    static let snippetLength = 480

    public enum Field: Int, CaseIterable {
        case code, title, solution, term, summary, step
        var weight: Double { [10, 5, 2, 2, 1.5, 1][rawValue] }
    }

    public static let stopWords: Set<String> = ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "is",
                                                "it", "of", "on", "or", "that", "the", "then", "this", "to", "with", "you", "your"]

    /// Lowercase runs of letters and digits. The page's script splits queries the same way.
    public static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for c in text.lowercased() {
            if c.isLetter || c.isNumber {
                current.append(c)
            } else if !current.isEmpty {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Every form a reader may type for a code: as written, canonical (no leading zeros after 0x),
    /// without 0x, and for 32-bit codes (8 hex digits) the unsigned and signed decimal values.
    public static func codeForms(_ code: String) -> [String] {
        let written = code.trimmingCharacters(in: " \t").lowercased()
        let canonical = CrossLinker.canonicalCode(written)
        var forms = [canonical]
        if written != canonical { forms.append(contentsOf: tokens(written)) }
        if canonical.hasPrefix("0x") {
            let hex = String(written.dropFirst(2))
            forms.append(String(canonical.dropFirst(2)))
            forms.append(hex)
            if hex.count == 8, let value = UInt32(hex, radix: 16) {
                forms.append(String(value))
                // As a signed 32-bit number the value is -(2^32 - value); queries drop the minus sign.
                if value >= 0x8000_0000 { forms.append(String((UInt64(1) << 32) - UInt64(value))) }
            }
        } else {
            forms.append(contentsOf: tokens(written))
        }
        var seen = Set<String>()
        return forms.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    public static func index(_ site: Site) -> [OutputFile] {
        let articles = site.articles
        // Term frequencies per field per article.
        var docFields: [[Field: [String: Int]]] = []
        var fieldLength = [Field: Double]()
        for article in articles {
            var fields: [Field: [String: Int]] = [:]
            func add(_ field: Field, _ terms: [String]) {
                for t in terms where !stopWords.contains(t) {
                    fields[field, default: [:]][t, default: 0] += 1
                    fieldLength[field, default: 0] += 1
                }
            }
            add(.title, tokens(article.meta.title))
            add(.code, article.meta.errorCodes.flatMap(codeForms))
            add(.summary, tokens(article.summary))
            add(.solution, article.solutions.flatMap { tokens($0.title.plainText) })
            add(.term, (article.meta.products + article.meta.tags).flatMap(tokens))
            add(.step, article.solutions.flatMap { s in s.steps.flatMap { tokens(stepText($0, site: site)) } })
            docFields.append(fields)
        }
        let n = Double(max(articles.count, 1))
        var averages: [Field: Double] = [:]
        for f in Field.allCases { averages[f] = max(1, (fieldLength[f] ?? 0) / n) }

        var postings: [String: [(doc: Int, score: Double)]] = [:]
        var df: [String: Int] = [:]
        for fields in docFields {
            var terms = Set<String>()
            for (_, counts) in fields { terms.formUnion(counts.keys) }
            for t in terms { df[t, default: 0] += 1 }
        }
        for (d, fields) in docFields.enumerated() {
            var lengths: [Field: Double] = [:]
            for (f, counts) in fields { lengths[f] = Double(counts.values.reduce(0, +)) }
            var weighted: [String: Double] = [:]
            for (f, counts) in fields {
                let norm = 1 - b + b * (lengths[f]! / averages[f]!)
                for (t, tf) in counts { weighted[t, default: 0] += f.weight * Double(tf) / norm }
            }
            for (t, w) in weighted {
                let idf = log(1 + (n - Double(df[t]!) + 0.5) / (Double(df[t]!) + 0.5))
                postings[t, default: []].append((d, idf * w * (k1 + 1) / (w + k1)))
            }
        }

        var shards: [String: [String: [Int]]] = [:]
        var partial: [String: [String]] = [:]
        for (term, list) in postings {
            var kept = list
            if kept.count > postingLimit {
                kept = Array(kept.sorted { $0.score > $1.score }.prefix(postingLimit))
                partial[shardKey(term), default: []].append(term)
            }
            kept.sort { $0.doc < $1.doc }
            var flat: [Int] = []
            flat.reserveCapacity(kept.count * 2)
            var previous = 0
            for p in kept {
                flat.append(p.doc - previous)
                flat.append(max(1, Int((p.score * 10).rounded())))
                previous = p.doc
            }
            shards[shardKey(term), default: [:]][term] = flat
        }
        var files: [OutputFile] = []
        var similar: [String: [String]] = [:]
        for term in postings.keys where term.count >= 4 && term.allSatisfy(\.isLetter) {
            similar[shardKey(String(term.dropFirst())), default: []].append(term)
        }
        for key in similar.keys.sorted() {
            let list = similar[key]!.sorted().map(jsonString).joined(separator: ",")
            files.append(OutputFile(path: "search/s-\(key).js", content: .text("kbSearch.similar(\(jsonString(key)),[\(list)]);\n")))
        }
        for key in shards.keys.sorted() {
            var body = "{"
            var first = true
            for term in shards[key]!.keys.sorted() {
                body += (first ? "" : ",") + jsonString(term) + ":[" + shards[key]![term]!.map(String.init).joined(separator: ",") + "]"
                first = false
            }
            body += "}"
            let common = (partial[key] ?? []).sorted().map(jsonString).joined(separator: ",")
            files.append(OutputFile(path: "search/t-\(key).js", content: .text("kbSearch.terms(\(jsonString(key)),\(body),[\(common)]);\n")))
        }
        var chunk = 0
        while chunk * chunkSize < articles.count {
            let slice = articles[(chunk * chunkSize)..<min(articles.count, (chunk + 1) * chunkSize)]
            let entries = slice.map { a -> String in
                let fix = a.solutions.first?.title.plainText ?? ""
                var text = a.solutions.flatMap { s in [s.title.plainText] + s.steps.map { stepText($0, site: site) } }.joined(separator: " · ")
                if text.count > snippetLength { text = String(text.prefix(snippetLength)) }
                return "[" + [a.pagePath, a.meta.title, a.summary, fix, a.meta.errorCodes.joined(separator: " "), text].map(jsonString).joined(separator: ",") + "]"
            }
            files.append(OutputFile(path: "search/d-\(chunk).js", content: .text("kbSearch.docs(\(chunk),[" + entries.joined(separator: ",") + "]);\n")))
            chunk += 1
        }
        return files
    }

    static func stepText(_ step: Step, site: Site) -> String {
        if let id = step.stepID {
            if let s = site.steps[id] { return s.blocks.plainText }
            if let s = site.sharedSteps[id] { return s.blocks.plainText }
        }
        return step.blocks.plainText
    }

    /// The first two characters of a term; anything but a-z and 0-9 becomes `_`.
    public static func shardKey(_ term: String) -> String {
        String(term.prefix(2).map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber) ? c : "_"
        })
    }

    /// JSON text with `<` escaped, so no string can close a script element or start markup.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
