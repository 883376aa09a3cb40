import Foundation

/// A line of a file being imported, with the line of the source file it came from.
typealias ImportLine = (text: String, line: Int)

/// docfx syntax turned into the Markdown kbgen reads.
enum Docfx {
    /// The paths of `[!INCLUDE[...](path)]` in a text.
    static func includeTargets(_ text: String) -> [String] {
        guard text.contains("[!INCLUDE") else { return [] }
        return text.components(separatedBy: "\n").compactMap { includeTarget($0) }
    }

    static func includeTarget(_ line: String) -> String? {
        guard let start = line.range(of: "[!INCLUDE"), let open = line.range(of: "](", range: start.upperBound..<line.endIndex),
              let close = line.range(of: ")", range: open.upperBound..<line.endIndex) else { return nil }
        return String(line[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
    }

    /// Each line that is an include replaced by the included file's body (its front matter left
    /// out); an include that is not there, or that includes itself, is a warning and left out.
    static func expandIncludes(_ lines: [ImportLine], path: String, texts: [String: String], depth: Int = 0,
                               warn: (Int, String) -> Void) -> [ImportLine] {
        var out: [ImportLine] = []
        for line in lines {
            guard let target = includeTarget(line.text) else { out.append(line); continue }
            guard depth < 8, let resolved = ImportPath.resolve(target, from: path), let text = texts[resolved] else {
                warn(line.line, "the include '\(target)' is not in the imported folder; left out: copy its text in by hand")
                continue
            }
            let body = FrontMatterText.split(text).body.components(separatedBy: "\n").map { (text: $0.trimmingTrailingCarriageReturn, line: line.line) }
            out += expandIncludes(body, path: resolved, texts: texts, depth: depth + 1, warn: warn)
        }
        return out
    }

    /// A line of the converted body: the heading it starts may carry an anchor, and be one of a
    /// set of collapsible alternatives (`<details><summary>`).
    typealias Converted = (text: String, line: Int, anchor: String?, alternative: Bool)

    /// Alerts, images and anchors turned into Markdown; other docfx blocks' markers left out; raw
    /// HTML reported. Lines inside fenced code are left as they are. An `<a name>` anchor is
    /// carried to the heading it stands before (`{#name}`). Each `<details>` block, a way of
    /// writing alternative fixes, becomes a section headed by its `<summary>`.
    static func convert(_ lines: [ImportLine], warn: (Int, String) -> Void) -> [Converted] {
        var out: [Converted] = []
        var fence = Fence()
        var pendingAnchor: (name: String, line: Int)?
        var inImage = false
        var inAdmonition = false
        for (text, line) in lines {
            // An MkDocs admonition's body: the lines indented by four spaces after `!!! note`.
            if inAdmonition {
                if text.hasPrefix("    ") || text.hasPrefix("\t") {
                    out.append(("> " + text.drop { $0 == "\t" }.dropFirst(text.hasPrefix("\t") ? 0 : 4), line, nil, false))
                    continue
                }
                if text.trimmingCharacters(in: .whitespaces).isEmpty { out.append((">", line, nil, false)); continue }
                inAdmonition = false
                if out.last?.text == ">" { out[out.count - 1].text = "" }
            }
            if fence.inside(text) { out.append((text, line, nil, false)); continue }
            if let label = admonition(text) {
                out.append(("> **" + label + "**", line, nil, false))
                inAdmonition = true
                continue
            }
            if inImage {
                if text.contains(":::image-end:::") { inImage = false }
                continue
            }
            var text = text
            if let (rest, anchor) = takeAnchor(text) {
                text = rest
                pendingAnchor = (anchor, line)
                if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if ["<details>", "</details>"].contains(trimmed.lowercased()) { continue }
            if let summary = summary(trimmed) {
                out.append(("", line, nil, false))
                out.append(("## " + summary, line, nil, true))
                out.append(("", line, nil, false))
                continue
            }
            if trimmed.hasPrefix(":::image") {
                out.append((image(trimmed, line: line, warn: warn), line, nil, false))
                // A complex image's long description follows, up to `:::image-end:::`.
                inImage = trimmed.contains("type=\"complex\"") && !trimmed.contains(":::image-end:::")
                continue
            }
            if trimmed.hasPrefix(":::") {
                warn(line, "the docfx block marker '\(trimmed.prefix(40))' is left out; its text is kept")
                continue
            }
            text = alert(text)
            text = text.replacingOccurrences(of: "<br/>", with: " ").replacingOccurrences(of: "<br />", with: " ")
                .replacingOccurrences(of: "<br>", with: " ")
            if hasRawHTML(text) { warn(line, "raw HTML, which kbgen does not show; write it as Markdown") }
            var anchor: String?
            if let pending = pendingAnchor, trimmed.hasPrefix("#") {
                anchor = pending.name
                pendingAnchor = nil
            } else if let pending = pendingAnchor, !trimmed.isEmpty {
                warn(pending.line, "the anchor '\(pending.name)' stands before no heading; left out")
                pendingAnchor = nil
            }
            out.append((text, line, anchor, false))
        }
        return out
    }

    /// The label of an MkDocs admonition (`!!! note`, `!!! warning "Back up first"`, `??? tip`):
    /// its title when it has one, else its kind.
    static func admonition(_ line: String) -> String? {
        guard line.hasPrefix("!!! ") || line.hasPrefix("??? ") || line.hasPrefix("???+ ") else { return nil }
        let rest = line.drop { $0 != " " }.trimmingCharacters(in: .whitespaces)
        guard let kind = rest.split(separator: " ").first, kind.allSatisfy({ $0.isLetter }) else { return nil }
        if let open = rest.firstIndex(of: "\""), let close = rest.lastIndex(of: "\""), open < close {
            let title = rest[rest.index(after: open)..<close]
            if !title.isEmpty { return String(title) }
        }
        return kind.prefix(1).uppercased() + kind.dropFirst().lowercased()
    }

    /// The text of a `<summary>` line, its tags left out.
    static func summary(_ line: String) -> String? {
        guard line.lowercased().hasPrefix("<summary>"), line.lowercased().hasSuffix("</summary>") else { return nil }
        var text = "", inTag = false
        for c in line {
            if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { text.append(c) }
        }
        let title = text.trimmingCharacters(in: .whitespaces)
        return title.isEmpty ? nil : title
    }

    /// `<a name="x"></a>` or `<a id="x"></a>` taken out of a line: the line without it, and x.
    static func takeAnchor(_ text: String) -> (String, String)? {
        guard let start = text.range(of: "<a ", options: .caseInsensitive),
              let end = text.range(of: "</a>", options: .caseInsensitive, range: start.upperBound..<text.endIndex) else { return nil }
        let tag = String(text[start.lowerBound..<end.upperBound])
        guard let name = attribute("name", in: tag) ?? attribute("id", in: tag), !tag.contains("href") else { return nil }
        return (text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: ""), name)
    }

    /// `> [!NOTE]` as `> **Note**`, for each alert kind.
    static func alert(_ text: String) -> String {
        guard let open = text.range(of: "[!"), text[..<open.lowerBound].allSatisfy({ $0 == ">" || $0 == " " }),
              text[..<open.lowerBound].contains(">"), let close = text.range(of: "]", range: open.upperBound..<text.endIndex) else { return text }
        let kind = text[open.upperBound..<close.lowerBound].uppercased()
        guard ["NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING"].contains(kind) else { return text }
        let rest = text[close.upperBound...].trimmingCharacters(in: .whitespaces)
        return String(text[..<open.lowerBound]) + "**" + kind.prefix(1) + kind.dropFirst().lowercased() + "**" + (rest.isEmpty ? "" : " " + rest)
    }

    /// `:::image type="content" source="x.png" alt-text="Alt":::` as `![Alt](x.png)`.
    static func image(_ text: String, line: Int, warn: (Int, String) -> Void) -> String {
        guard let source = attribute("source", in: text) else {
            warn(line, "an image with no source; left out")
            return ""
        }
        let alt = attribute("alt-text", in: text) ?? ""
        return "![" + alt.replacingOccurrences(of: "]", with: "\\]") + "](" + source.replacingOccurrences(of: " ", with: "%20") + ")"
    }

    /// The value of `name="value"` (or single quotes) in a tag.
    static func attribute(_ name: String, in text: String) -> String? {
        for quote in ["\"", "'"] {
            if let start = text.range(of: " " + name + "=" + quote, options: .caseInsensitive),
               let end = text.range(of: quote, range: start.upperBound..<text.endIndex) {
                return String(text[start.upperBound..<end.lowerBound])
            }
        }
        return nil
    }

    /// True when a line outside code holds an HTML tag (not an autolink such as `<https://...>`).
    static func hasRawHTML(_ text: String) -> Bool {
        var inCode = false
        var previous: Character = " "
        for (i, c) in zip(text.indices, text) {
            if c == "`" { inCode.toggle() }
            if !inCode, c == "<", previous != "\\" {
                let next = text[text.index(after: i)...]
                if let first = next.first, first.isLetter || first == "/" || first == "!", let close = next.firstIndex(of: ">") {
                    let inner = next[..<close]
                    let autolink = !inner.contains(" ") && (inner.contains(":") || inner.contains("@"))
                    if !autolink { return true }
                }
            }
            previous = c
        }
        return false
    }
}

/// Tells whether a line is inside fenced code (```` ``` ```` or `~~~`), the fence lines included.
struct Fence {
    private var marker: String?

    mutating func inside(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == ">" }
        if let open = marker {
            if trimmed.hasPrefix(open) && trimmed.drop(while: { String($0) == String(open.first!) }).trimmingCharacters(in: .whitespaces).isEmpty {
                marker = nil
            }
            return true
        }
        for fence in ["```", "~~~"] where trimmed.hasPrefix(fence) {
            marker = String(trimmed.prefix { $0 == fence.first! })
            return true
        }
        return false
    }
}

/// Paths between files of the folder being imported.
enum ImportPath {
    /// `target` (a link or include, relative to the file at `path`) as a path from the folder's
    /// top, without its `#anchor` or `?query`; nil when it leaves the folder or is not relative.
    static func resolve(_ target: String, from path: String) -> String? {
        var target = target
        if let cut = target.firstIndex(where: { $0 == "#" || $0 == "?" }) { target = String(target[..<cut]) }
        target = target.removingPercentEncoding ?? target
        guard !target.isEmpty, !target.hasPrefix("/"), !target.contains(":") else { return nil }
        return Resolver.normalize(target, from: path.split(separator: "/").dropLast().joined(separator: "/"))
    }
}
