/// Reads `article,solution,worked,failed` rows (RFC 4180 CSV: quotes, doubled quotes, CRLF).
/// A header row naming the columns may come first; counts are whole numbers from 0.
public enum FeedbackParser {
    public static let columns = ["article", "solution", "worked", "failed"]

    public static func parse(_ rawText: String, file: String, diagnostics: inout Diagnostics) -> Feedback {
        var rows: [FeedbackRow] = []
        let records = records(SourceText.normalize(rawText))
        for (index, record) in records.enumerated() {
            let (line, fields) = record
            if fields.count == 1 && fields[0].trimmingCharacters(in: " \t").isEmpty { continue }
            if index == 0 && fields.map({ $0.trimmingCharacters(in: " \t").lowercased() }) == columns { continue }
            guard fields.count == 4 else {
                diagnostics.append(.error(file, SourcePosition(line: line, column: 1),
                                          "a row needs 4 columns, article,solution,worked,failed; this one has \(fields.count)"))
                continue
            }
            let values = fields.map { $0.trimmingCharacters(in: " \t") }
            var counts: [Int] = []
            for (k, text) in values[2...3].enumerated() {
                if let n = Int(text), n >= 0, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    counts.append(n)
                } else {
                    diagnostics.append(.error(file, SourcePosition(line: line, column: column(of: 2 + k, in: fields)),
                                              "\(columns[2 + k]) must be a whole number of readers, 0 or more, not '\(text)'"))
                }
            }
            guard counts.count == 2 else { continue }
            var article = values[0]
            if article.hasSuffix(".md") { article.removeLast(3) }
            rows.append(FeedbackRow(article: article, solution: values[1].hasPrefix("#") ? String(values[1].dropFirst()) : values[1],
                                    worked: counts[0], failed: counts[1], line: line))
        }
        return Feedback(file: file, rows: rows)
    }

    /// Column (from 1) where field `index` starts, counting separators; quotes make it approximate.
    static func column(of index: Int, in fields: [String]) -> Int {
        fields.prefix(index).reduce(1) { $0 + $1.count + 1 }
    }

    /// Records with the line each starts on.
    static func records(_ text: String) -> [(Int, [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var chars = Array(text)
        if chars.last != "\n" { chars.append("\n") }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else if c == "\n" {
                fields.append(field)
                records.append((recordLine, fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
            } else {
                field.append(c)
            }
            i += 1
        }
        return records
    }
}
