import Foundation
import Yams

extension Importer {
    /// One source file on its way to a kbgen article: its metadata read, docfx turned into
    /// Markdown, its sections found and its solutions chosen; links are resolved once every
    /// file's anchors are known (`resolveLinks`).
    struct Draft {
        let path: String
        let id: String
        let shown: String
        var meta = Metadata()
        /// The body's lines as kbgen will read them, solutions' headings included.
        var lines: [String] = []
        /// The line in the source file each of `lines` came from (from 1), for messages.
        var sourceLines: [Int] = []
        /// Headings as the source wrote them, by index into `lines`, where kbgen's differ.
        var sourceTitles: [Int: String] = [:]
        var solutions: [(title: String, steps: Int)] = []
        var files: [String] = []
        var warnings: [Diagnostic] = []
        /// Where the source folder was published (`Importer.plan`'s `siteURL`).
        var siteURL: String?

        struct Metadata {
            var title: String?
            var summary: String?
            var updated: String?
            var products: [String] = []
            var tags: [String] = []
            var codes: [String] = []
        }

        init(path: String, id: String, shown: String, text: String, texts: [String: String]) {
            self.path = path
            self.id = id
            self.shown = shown
            let (yaml, body, bodyLine) = FrontMatterText.split(text)
            if let yaml { meta = readMetadata(yaml) } else { warn(1, "no front matter; the title is taken from the first heading or the file name") }
            var numbered = body.components(separatedBy: "\n").enumerated().map { (text: $0.element.trimmingTrailingCarriageReturn, line: bodyLine + $0.offset) }
            numbered = Docfx.expandIncludes(numbered, path: path, texts: texts) { self.warn($0, $1) }
            let converted = Docfx.convert(numbered) { self.warn($0, $1) }
            arrange(converted)
            meta.codes = ImportedCodes.find(in: lines)
            if meta.products.isEmpty { meta.products = ImportedProducts.appliesTo(in: lines) }
        }

        mutating func warn(_ line: Int, _ message: String) {
            warnings.append(.warning(shown, SourcePosition(line: line, column: 1), message))
        }

        /// What kbgen's front matter takes from the source's: the title, the summary (`description`),
        /// the date (`ms.date`, `date`, `lastmod`), products, and tags (`tags`, `categories`).
        mutating func readMetadata(_ yaml: String) -> Metadata {
            var meta = Metadata()
            guard let node = try? Yams.compose(yaml: yaml), let mapping = node.mapping else {
                warn(1, "the front matter is not YAML kbgen can read; the title is taken from the first heading or the file name")
                return meta
            }
            func text(_ key: String) -> String? {
                mapping[Node(key)]?.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
            }
            func list(_ key: String) -> [String] {
                guard let value = mapping[Node(key)] else { return [] }
                if let items = value.sequence { return items.compactMap { $0.scalar?.string.trimmingCharacters(in: .whitespaces).nonEmpty } }
                return (value.scalar?.string ?? "").split(separator: ",").compactMap { String($0).trimmingCharacters(in: .whitespaces).nonEmpty }
            }
            meta.title = text("title")
            meta.summary = text("description") ?? text("summary")
            for key in ["ms.date", "date", "lastmod", "updated"] {
                guard let written = text(key) else { continue }
                if let day = ImportedDate.day(written) { meta.updated = day } else { warn(1, "the date '\(written)' is not one kbgen reads (YYYY-MM-DD or MM/DD/YYYY); left out") }
                break
            }
            meta.products = list("products")
            meta.tags = (list("tags") + list("categories")).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
            return meta
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
    var trimmingTrailingCarriageReturn: String { hasSuffix("\r") ? String(dropLast()) : self }
}

/// Front matter split as the loader splits it (`FrontMatterParser.split`), from the text as the
/// loader reads it (`SourceText.normalize`): the YAML, if any, the body and its first line.
enum FrontMatterText {
    static func split(_ text: String) -> (yaml: String?, body: String, bodyLine: Int) {
        let text = SourceText.normalize(text)
        guard let split = FrontMatterParser.split(text) else { return (nil, text, 1) }
        return (split.yaml, split.body, split.bodyFirstLine)
    }
}

/// A date as kbgen's front matter writes it, from the forms other tools write.
enum ImportedDate {
    /// `2023-12-26`, `2023-12-26T10:00:00Z` or `12/26/2023` as `2023-12-26`; nil for anything else
    /// or a day the calendar does not have (`FrontMatterParser.isDate`).
    static func day(_ text: String) -> String? {
        let head = text.prefix(10)
        let parts = head.split(separator: "/", omittingEmptySubsequences: false)
        let day = parts.count == 3 && parts[0].count == 2 && parts[1].count == 2 ? "\(parts[2])-\(parts[0])-\(parts[1])" : String(head)
        return FrontMatterParser.isDate(day) ? day : nil
    }
}

extension Importer.Draft {
    /// The article's text: front matter with a comment that says where it came from and which
    /// values are guesses, then the body.
    func proposal(source: String, today: String) -> Importer.Proposal {
        var text = "---\n"
        text += "# Imported from \(source)/\(path) by kbgen import on \(today).\n"
        if !solutions.isEmpty {
            text += "# Each solution's likelihood (from its place: the first most likely) and effort (from its\n"
            text += "# steps) are guesses: check them.\n"
        }
        text += "title: \(YAMLText.quoted(meta.title ?? id))\n"
        if let summary = meta.summary { text += "summary: \(YAMLText.quoted(summary))\n" }
        if !meta.codes.isEmpty { text += "error_codes: \(YAMLText.list(meta.codes))\n" }
        if !meta.products.isEmpty { text += "products: \(YAMLText.list(meta.products))\n" }
        if !meta.tags.isEmpty { text += "tags: \(YAMLText.list(meta.tags))\n" }
        if let updated = meta.updated { text += "updated: \(updated)\n" }
        text += "---\n"
        // One blank line where conversions left several, outside code.
        var body: [String] = [], fence = Fence()
        for line in lines {
            let code = fence.inside(line)
            guard code || !line.trimmingCharacters(in: .whitespaces).isEmpty else {
                if body.last?.isEmpty == false { body.append("") }
                continue
            }
            body.append(line)
        }
        while body.first?.isEmpty == true { body.removeFirst() }
        while body.last?.isEmpty == true { body.removeLast() }
        text += "\n" + body.joined(separator: "\n") + "\n"
        return Importer.Proposal(id: id, text: text, solutions: solutions, files: files, warnings: warnings)
    }
}

/// Texts written into YAML front matter.
enum YAMLText {
    /// Any text in double quotes, with `\`, `"` and control characters escaped, so that it reads back as written.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}" {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func list(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: ", ") + "]"
    }
}
