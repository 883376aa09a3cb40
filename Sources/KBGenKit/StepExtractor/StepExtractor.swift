import Foundation

/// A change to one source file, computed without touching the disk.
public struct FileEdit: Sendable, Equatable {
    /// Path as shown to the writer (relative to the working folder).
    public var path: String
    /// nil for a new file.
    public var before: String?
    public var after: String
}

/// Turns a group of repeated steps into a step file and rewrites each place that writes it into
/// a `[](step:ID)` link. Pure: it returns the edits; the writer applies them.
public enum StepExtractor {
    /// - Parameters:
    ///   - sources: the current text of every file an occurrence stands in, by display path.
    ///   - contentFolder: Content/ as shown to the writer.
    public static func edits(for group: RepeatedStepGroup, stepID: String, sources: [String: String],
                             contentFolder: String, existingSteps: Set<String>) -> Result<[FileEdit], Diagnostic> {
        let stepPath = contentFolder + "/steps/" + stepID + ".md"
        guard slug(stepID) == stepID || stepID.split(separator: "/").allSatisfy({ slug(String($0)) == $0 }) else {
            return .failure(.error(stepPath, SourcePosition(line: 1, column: 1),
                                   "'\(stepID)' is not a usable step id; use lowercase letters, digits and -"))
        }
        var edits: [FileEdit] = []
        if !group.isStepFile {
            guard !existingSteps.contains(stepID) else {
                return .failure(.error(stepPath, SourcePosition(line: 1, column: 1),
                                       "the step file already exists; choose another id with --id"))
            }
            var title = group.wording.trimmingCharacters(in: " ")
            if title.hasSuffix(".") { title.removeLast() }
            if title.count > 80 { title = String(title.prefix(77)) + "..." }
            edits.append(FileEdit(path: stepPath, before: nil,
                                  after: "---\ntitle: \(yamlQuoted(title))\n---\n\n\(group.markdown)\n"))
        }
        var byFile: [String: [RepeatedStepGroup.Occurrence]] = [:]
        for o in group.occurrences where !o.isReference { byFile[o.file, default: []].append(o) }
        for file in byFile.keys.sorted() {
            guard let text = sources[file] else {
                return .failure(.error(file, SourcePosition(line: 1, column: 1), "cannot read this file to rewrite it"))
            }
            let crlf = text.contains("\r\n")
            var lines = SourceText.normalize(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // Bottom up, so earlier line numbers stay valid.
            for o in byFile[file]!.sorted(by: { $0.position.line > $1.position.line }) {
                let first = o.position.line - 1
                let itemEnd = max(first, o.endLine - 1)
                guard first < lines.count, itemEnd < lines.count, let marker = listMarker(lines[first]) else {
                    return .failure(.error(file, o.position, "cannot find the list item of this step to rewrite it"))
                }
                // Only the instruction is replaced: notes below it, after a blank line or as a quote, stay.
                var last = first
                while last < itemEnd {
                    let next = lines[last + 1].trimmingCharacters(in: " \t")
                    if next.isEmpty || next.hasPrefix(">") { break }
                    last += 1
                }
                lines.replaceSubrange(first...last, with: [marker + "[](step:\(stepID))"])
            }
            var after = lines.joined(separator: "\n")
            if crlf { after = after.replacingOccurrences(of: "\n", with: "\r\n") }
            edits.append(FileEdit(path: file, before: text, after: after))
        }
        return .success(edits)
    }

    /// `1. `, `   12) ` or `- ` at the start of a list item line, with its indentation.
    static func listMarker(_ line: String) -> String? {
        var marker = ""
        var rest = line[...]
        while rest.first == " " { marker.append(" "); rest.removeFirst() }
        var digits = ""
        while let c = rest.first, c.isASCII, c.isNumber { digits.append(c); rest.removeFirst() }
        if !digits.isEmpty {
            guard let d = rest.first, d == "." || d == ")" else { return nil }
            marker += digits + String(d)
            rest.removeFirst()
        } else {
            guard let b = rest.first, "-*+".contains(b) else { return nil }
            marker.append(b)
            rest.removeFirst()
        }
        guard rest.first == " " || rest.first == "\t" else { return nil }
        while rest.first == " " || rest.first == "\t" { marker.append(rest.removeFirst()) }
        return marker
    }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A unified diff of the edits, for the writer to review before `--write`.
    public static func diff(_ edits: [FileEdit]) -> String {
        var out = ""
        for edit in edits {
            let old = edit.before.map(lines) ?? []
            let new = lines(edit.after)
            out += (edit.before == nil ? "--- /dev/null\n" : "--- a/\(edit.path)\n") + "+++ b/\(edit.path)\n"
            out += hunks(old, new)
        }
        return out
    }

    /// The lines of a text; a final line end does not start another line.
    static func lines(_ text: String) -> [String] {
        var lines = SourceText.normalize(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Hunks with two lines of context, from the longest common subsequence of the two texts.
    static func hunks(_ a: [String], _ b: [String]) -> String {
        // Common prefix and suffix first: edits here touch few lines of long files.
        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        let midA = Array(a[start..<endA]), midB = Array(b[start..<endB])
        var table = [[Int]](repeating: [Int](repeating: 0, count: midB.count + 1), count: midA.count + 1)
        for i in stride(from: midA.count - 1, through: 0, by: -1) {
            for j in stride(from: midB.count - 1, through: 0, by: -1) {
                table[i][j] = midA[i] == midB[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        enum Op { case same(String), del(String), add(String) }
        var ops: [Op] = a[..<start].map { .same($0) }
        var i = 0, j = 0
        while i < midA.count || j < midB.count {
            if i < midA.count, j < midB.count, midA[i] == midB[j] { ops.append(.same(midA[i])); i += 1; j += 1 }
            else if i < midA.count, j == midB.count || table[i + 1][j] >= table[i][j + 1] { ops.append(.del(midA[i])); i += 1 }
            else { ops.append(.add(midB[j])); j += 1 }
        }
        ops += a[endA...].map { .same($0) }
        let context = 2
        var out = ""
        var k = 0
        var lineA = 1, lineB = 1
        while k < ops.count {
            if case .same = ops[k] { k += 1; lineA += 1; lineB += 1; continue }
            // A hunk: back up for context, run until `context` unchanged lines follow the last change.
            let back = min(context, k)
            var end = k
            var lastChange = k
            while end < ops.count {
                if case .same = ops[end] {
                    if end - lastChange > context * 2 { break }
                } else {
                    lastChange = end
                }
                end += 1
            }
            end = min(ops.count, lastChange + context + 1)
            let slice = ops[(k - back)..<end]
            let countA = slice.filter { if case .add = $0 { return false } else { return true } }.count
            let countB = slice.filter { if case .del = $0 { return false } else { return true } }.count
            out += "@@ -\(countA == 0 ? lineA - back - 1 : lineA - back),\(countA) +\(countB == 0 ? lineB - back - 1 : lineB - back),\(countB) @@\n"
            for op in slice {
                switch op {
                case .same(let l): out += " " + l + "\n"
                case .del(let l): out += "-" + l + "\n"
                case .add(let l): out += "+" + l + "\n"
                }
            }
            for op in ops[k..<end] {
                switch op {
                case .same: lineA += 1; lineB += 1
                case .del: lineA += 1
                case .add: lineB += 1
                }
            }
            k = end
        }
        return out
    }
}
