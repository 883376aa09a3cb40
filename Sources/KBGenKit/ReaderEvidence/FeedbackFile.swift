/// The feedback file (`feedback: feedback.csv`) with imported answers added, and what was imported
/// from each log, kept beside it. Each format's writer and reader are side by side.
public enum FeedbackFile {
    /// The feedback file's text with `counts` added: a row already there gets them added to its
    /// numbers, in its place; others are added after, in order. Nil, with the file's errors, when
    /// the file has errors: it is then left as it is.
    public static func merged(_ text: String?, file: String, counts: [ReaderEvidence.Votes.Count]) -> (String?, Diagnostics) {
        var diagnostics = Diagnostics()
        let rows = text.map { FeedbackParser.parse($0, file: file, diagnostics: &diagnostics).rows } ?? []
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        var table: [(article: String, solution: String, worked: Int, failed: Int)] = rows.map { ($0.article, $0.solution, $0.worked, $0.failed) }
        var place: [String: Int] = [:]
        for (i, row) in table.enumerated() where place[row.article + "#" + row.solution] == nil { place[row.article + "#" + row.solution] = i }
        for count in counts {
            if let i = place[count.article + "#" + count.solution] {
                table[i].worked += count.worked
                table[i].failed += count.failed
            } else {
                place[count.article + "#" + count.solution] = table.count
                table.append((count.article, count.solution, count.worked, count.failed))
            }
        }
        var out = FeedbackParser.columns.joined(separator: ",") + "\n"
        for row in table {
            out += [field(row.article), field(row.solution), String(row.worked), String(row.failed)].joined(separator: ",") + "\n"
        }
        return (out, diagnostics)
    }

    /// A CSV field, quoted when it holds a comma, a quote, a line break or spaces at either end.
    static func field(_ text: String) -> String {
        let needs = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } || text.first == " " || text.last == " "
        return needs ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// The file beside the feedback file that says what was imported: `name.imported`.
    public static func importedPath(_ feedback: String) -> String { feedback + ".imported" }

    /// One line per log: the time of the last answer imported from it (seconds since 1970, UTC), a
    /// tab, the log as it was named.
    public static func importedText(_ latest: [String: Int]) -> String {
        "# kbgen feedback import: the last answer imported from each log, so that none is counted twice\n"
            + latest.keys.sorted().map { "\(latest[$0]!)\t\($0)\n" }.joined()
    }

    public static func imported(_ text: String) -> [String: Int] {
        var latest: [String: Int] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2, let time = Int(parts[0]) { latest[String(parts[1])] = time }
        }
        return latest
    }
}
