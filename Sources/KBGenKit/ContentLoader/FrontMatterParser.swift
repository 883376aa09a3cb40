import Yams

/// Splits a file into its YAML front matter and Markdown body, and decodes the YAML node by node
/// so that a code written `0x904` stays the text "0x904" and every problem has its real line.
public struct FrontMatterParser {
    public struct Split: Equatable {
        /// The YAML between the fences.
        public var yaml: String
        /// The file line on which the YAML starts (2 when the first line is the fence).
        public var yamlFirstLine: Int
        public var body: String
        /// The file line on which the body starts.
        public var bodyFirstLine: Int
    }

    public static let articleKeys = ["title", "summary", "error_codes", "products", "tags", "updated", "related", "draft"]
    public static let stepKeys = ["title"]

    /// nil when the text does not start with a `---` line.
    public static func split(_ text: String) -> Split? {
        // Scans bytes line by line and stops at the closing fence: the body is never split.
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var lineNumber = 1
        var yamlStart: String.Index?
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: 10) ?? utf8.endIndex
            var trimmedEnd = lineEnd
            while trimmedEnd > lineStart, [32, 9].contains(utf8[utf8.index(before: trimmedEnd)]) {
                trimmedEnd = utf8.index(before: trimmedEnd)
            }
            let line = utf8[lineStart..<trimmedEnd]
            let next = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
            if lineNumber == 1 {
                guard line.elementsEqual("---".utf8) else { return nil }
                yamlStart = next
            } else if line.elementsEqual("---".utf8) || line.elementsEqual("...".utf8) {
                let yamlEnd = lineStart > yamlStart! ? utf8.index(before: lineStart) : lineStart
                return Split(yaml: String(text[yamlStart!..<yamlEnd]), yamlFirstLine: 2,
                             body: String(text[next...]), bodyFirstLine: lineNumber + 1)
            }
            lineStart = next
            lineNumber += 1
        }
        return nil
    }

    /// Whether the text opens a front matter block that is never closed.
    public static func isUnclosed(_ text: String) -> Bool {
        let firstLine = text.prefix { $0 != "\n" }
        return firstLine.trimmingTrailingSpaces == "---" && split(text) == nil
    }

    /// The YAML as a mapping of key nodes to value nodes, or a diagnostic at the YAML's own line.
    /// - Parameter what: how messages name the YAML: "front matter", "kbgen.yml".
    public static func mapping(_ split: Split, file: String, what: String = "front matter") -> Result<[(key: Located<String>, value: Node)], Diagnostic> {
        if let problem = YAMLBounds.problem(split.yaml) {
            return .failure(.error(file, SourcePosition(line: split.yamlFirstLine + problem.line - 1, column: problem.column),
                                   "\(what) \(problem.message)"))
        }
        let node: Node?
        do {
            // Values are read as written text, so no scalar needs its type guessed; the basic
            // resolver skips the default one's regular expressions, which Yams runs on every key.
            // The encoding is named because Yams's default reads the whole environment each time.
            node = try Yams.compose(yaml: split.yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            return .failure(yamlDiagnostic(error, file: file, firstLine: split.yamlFirstLine, what: what))
        } catch {
            return .failure(.error(file, SourcePosition(line: split.yamlFirstLine, column: 1), "\(what) is not valid YAML: \(error)"))
        }
        guard let node else { return .success([]) }
        guard case .mapping(let map) = node else {
            return .failure(.error(file, position(of: node, firstLine: split.yamlFirstLine),
                                   "\(what) must be a set of `key: value` lines"))
        }
        var pairs: [(key: Located<String>, value: Node)] = []
        for (k, v) in map {
            pairs.append((Located(k.scalar?.string ?? "", at: position(of: k, firstLine: split.yamlFirstLine)), v))
        }
        return .success(pairs)
    }

    static func yamlDiagnostic(_ error: YamlError, file: String, firstLine: Int, what: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "\(what) is not valid YAML: \(problem)"
            if let context {
                message += " (\(context.text) that starts at line \(context.mark.line + firstLine - 1))"
            }
            return .error(file, SourcePosition(line: mark.line + firstLine - 1, column: mark.column), message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let first = SourcePosition(line: context.mark.line + firstLine - 1, column: context.mark.column)
            let key = duplicates.first ?? ""
            let repeated = repeatOf(key: key, after: context.mark.line, column: context.mark.column, in: context.text)
            return .error(file, repeated.map { SourcePosition(line: $0 + firstLine - 1, column: context.mark.column) } ?? first,
                          "\(what) repeats the key \(duplicates.joined(separator: ", ")), first written at line \(first.line); keep one")
        default:
            return .error(file, SourcePosition(line: firstLine, column: 1), "\(what) is not valid YAML: \(error)")
        }
    }

    /// The line (from 1) of the second `key:` written at this column after `line`, for a key
    /// that a mapping repeats (Yams names the first); nil when it is not found as plain or quoted text.
    static func repeatOf(key: String, after line: Int, column: Int, in yaml: String) -> Int? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        for n in line..<lines.count {
            let rest = lines[n].dropFirst(column - 1)
            for form in [key, "\"" + key + "\"", "'" + key + "'"] where rest.hasPrefix(form) {
                if rest.dropFirst(form.count).drop(while: { $0 == " " }).first == ":" { return n + 1 }
            }
        }
        return nil
    }

    static func position(of node: Node, firstLine: Int) -> SourcePosition {
        guard let mark = node.mark else { return SourcePosition(line: firstLine, column: 1) }
        return SourcePosition(line: mark.line + firstLine - 1, column: mark.column)
    }

    /// Decodes an article's front matter. Problems are appended to `diagnostics`.
    public static func articleFrontMatter(_ split: Split, file: String, diagnostics: inout Diagnostics) -> FrontMatter? {
        PlainFrontMatter.article(split.yaml, firstLine: split.yamlFirstLine)
            ?? yamlFrontMatter(split, file: file, diagnostics: &diagnostics)
    }

    /// An article's front matter read through Yams: any YAML, and every problem with its place.
    static func yamlFrontMatter(_ split: Split, file: String, diagnostics: inout Diagnostics) -> FrontMatter? {
        let pairs: [(key: Located<String>, value: Node)]
        switch mapping(split, file: file) {
        case .failure(let d):
            diagnostics.append(d)
            return nil
        case .success(let p):
            pairs = p
        }
        var meta = FrontMatter()
        var sawTitle = false
        var reader = NodeReader(file: file, firstLine: split.yamlFirstLine)
        for (key, value) in pairs {
            switch key.value {
            case "title":
                sawTitle = true
                meta.title = reader.text(value, key: "title") ?? ""
                if meta.title.trimmingCharacters(in: " \t").isEmpty {
                    reader.diagnostics.append(.error(file, key.position, "the title is empty; every article needs a title"))
                }
            case "summary": meta.summary = reader.text(value, key: "summary")
            case "error_codes": meta.errorCodes = reader.list(value, key: "error_codes").map(\.value)
            case "products": meta.products = reader.list(value, key: "products").map(\.value)
            case "tags": meta.tags = reader.list(value, key: "tags").map(\.value)
            case "related": meta.related = reader.list(value, key: "related")
            case "updated":
                if let text = reader.text(value, key: "updated") {
                    if isDate(text) {
                        meta.updated = text
                    } else {
                        reader.diagnostics.append(.error(file, reader.position(of: value), dateParts(text) != nil
                            ? "updated '\(text)' is not a day of the calendar; check the month and the day"
                            : "updated must be a date written YYYY-MM-DD, not '\(text)'"))
                    }
                }
            case "draft": meta.draft = reader.bool(value, key: "draft") ?? false
            default:
                reader.diagnostics.append(unknownKey(key, known: articleKeys, file: file))
            }
        }
        if !sawTitle {
            reader.diagnostics.append(.error(file, SourcePosition(line: 1, column: 1),
                                             "the front matter has no title; add a line `title: ...`"))
        }
        diagnostics.append(contentsOf: reader.diagnostics)
        return meta
    }

    /// - Parameter what: what the key is called: "front matter key", "setting".
    static func unknownKey(_ key: Located<String>, known: [String], file: String, what: String = "front matter key") -> Diagnostic {
        var message = "unknown \(what) '\(key.value)'"
        if let near = nearest(key.value, in: known) {
            message += "; did you mean '\(near)'?"
        } else {
            message += "; known keys are \(known.joined(separator: ", "))"
        }
        return .warning(file, key.position, message)
    }

    /// The known word closest to `word` by edit distance, if it is close enough to be a typo.
    public static func nearest(_ word: String, in known: [String]) -> String? {
        let w = word.lowercased()
        let scored = known.map { ($0, editDistance(w, $0)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored else { return nil }
        return distance <= max(2, best.count / 3) ? best : nil
    }

    /// Insertions, deletions, substitutions, and swaps of two neighbours (`titel` is one edit
    /// from `title`), each counting one.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = Array(0...b.count)
        var previous = beforePrevious
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], beforePrevious[j - 2] + 1) }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// Year, month and day of a text written YYYY-MM-DD, whatever the numbers.
    static func dateParts(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        return (year, month, day)
    }

    /// A day of the calendar written YYYY-MM-DD: 2024-02-29 is one, 2023-02-29 and 2024-02-31 are not.
    static func isDate(_ text: String) -> Bool {
        guard let (year, month, day) = dateParts(text), (1...12).contains(month) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}

/// Reads YAML nodes as the texts that were written, reporting wrong shapes.
struct NodeReader {
    let file: String
    let firstLine: Int
    var diagnostics = Diagnostics()

    init(file: String, firstLine: Int) {
        self.file = file
        self.firstLine = firstLine
    }

    func position(of node: Node) -> SourcePosition {
        FrontMatterParser.position(of: node, firstLine: firstLine)
    }

    /// The scalar's text exactly as written; nil (and an error) for a list or mapping.
    mutating func text(_ node: Node, key: String) -> String? {
        guard case .scalar(let scalar) = node else {
            diagnostics.append(.error(file, position(of: node), "\(key) must be a single text, not a list or mapping"))
            return nil
        }
        if scalar.style == .plain && Self.isNull(scalar.string) { return nil }
        return scalar.string
    }

    /// Whether a text written without quotes is YAML's null.
    static func isNull(_ plain: String) -> Bool { ["~", "null", "Null", "NULL", ""].contains(plain) }

    /// The flag a text writes, in any case; nil for any other text.
    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    /// A list of texts; a single text counts as a list of one.
    mutating func list(_ node: Node, key: String) -> [Located<String>] {
        switch node {
        case .scalar:
            guard let t = text(node, key: key) else { return [] }
            return [Located(t, at: position(of: node))]
        case .sequence(let seq):
            var out: [Located<String>] = []
            for item in seq {
                guard case .scalar(let s) = item else {
                    diagnostics.append(.error(file, position(of: item), "each item of \(key) must be a single text"))
                    continue
                }
                let value = s.string.trimmingCharacters(in: " \t")
                if value.isEmpty {
                    diagnostics.append(.warning(file, position(of: item), "\(key) has an empty item"))
                    continue
                }
                out.append(Located(value, at: position(of: item)))
            }
            return out
        default:
            diagnostics.append(.error(file, position(of: node), "\(key) must be a list, such as [a, b]"))
            return []
        }
    }

    mutating func bool(_ node: Node, key: String) -> Bool? {
        guard let t = text(node, key: key) else { return nil }
        guard let flag = Self.flag(t) else {
            diagnostics.append(.error(file, position(of: node), "\(key) must be true or false, not '\(t)'"))
            return nil
        }
        return flag
    }

    mutating func number(_ node: Node, key: String) -> Double? {
        guard let t = text(node, key: key) else { return nil }
        guard let d = Double(t) else {
            diagnostics.append(.error(file, position(of: node), "\(key) must be a number, not '\(t)'"))
            return nil
        }
        return d
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
