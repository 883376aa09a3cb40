import Foundation

extension Importer.Draft {
    /// The anchors kbgen gives this article's headings (`BodyParser.anchors`, each heading's
    /// attribute block read as the loader reads it), by the anchors a source link may name them by:
    /// the same, and the one docfx, GitHub and Hugo make of the heading as the source wrote it
    /// (lowercased, spaces as `-`, other punctuation left out).
    var anchors: [String: String] {
        var fence = Fence()
        var found: [(line: Int, id: String?, title: String)] = []
        for (i, line) in lines.enumerated() where !fence.inside(line) {
            guard line.hasPrefix("#"), let heading = Self.headings([line]).first else { continue }
            if let (title, inner) = AttributeBlock.split(heading.title), case .success(let block) = AttributeBlock.parse(inner) {
                found.append((i, block.id, title))
            } else {
                found.append((i, nil, heading.title))
            }
        }
        var names: [String: String] = [:]
        for (heading, anchor) in zip(found, BodyParser.anchors(found.map { ($0.id, $0.title) })) {
            names[anchor] = anchor
            let written = Self.webSlug(sourceTitles[heading.line] ?? heading.title)
            if names[written] == nil { names[written] = anchor }
        }
        return names
    }

    /// A heading's anchor as docfx, GitHub and Hugo make it.
    static func webSlug(_ title: String) -> String {
        var out = ""
        for c in title.lowercased() {
            if c.isLetter || c.isNumber || c == "-" || c == "_" { out.append(c) } else if c == " " { out.append("-") }
        }
        return out
    }

    /// Links and images made to work in kbgen: a link to another imported article (and one of its
    /// anchors) or to a file of the folder is kept, the file copied with the article; web,
    /// `mailto:` and `tel:` links are kept; any other link (out of the folder, to a file that is
    /// not there, to an anchor no heading has) is left as its text, with a warning.
    mutating func resolveLinks(anchors: [String: [String: String]], others: Set<String>, siteURL: String? = nil) {
        self.siteURL = siteURL
        var fence = Fence()
        let own = anchors[path] ?? [:]
        joinSplitLinks()
        for i in lines.indices where !fence.inside(lines[i]) && lines[i].contains("](") {
            lines[i] = rewriteLinks(lines[i], line: sourceLines[i], own: own, anchors: anchors, others: others)
        }
    }

    private mutating func rewriteLinks(_ text: String, line: Int, own: [String: String], anchors: [String: [String: String]], others: Set<String>) -> String {
        var out = "", rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            let isImage = open > rest.startIndex && rest[rest.index(before: open)] == "!"
            guard let close = Self.closingBracket(rest, from: open), rest[rest.index(after: close)...].hasPrefix("("),
                  let end = rest[close...].firstIndex(of: ")") else {
                out += rest[...open]
                rest = rest[rest.index(after: open)...]
                continue
            }
            let label = rest[rest.index(after: open)..<close]
            // CommonMark allows spaces before the destination.
            let inside = rest[rest.index(close, offsetBy: 2)..<end].drop { $0 == " " }
            let target = String(inside.split(separator: " ", maxSplits: 1).first ?? "")
            out += rest[..<open]
            if let kept = keep(target, own: own, anchors: anchors, others: others, line: line) {
                out += rest[open...close] + "(" + kept + (inside.dropFirst(target.count)) + ")"
            } else {
                if isImage { out.removeLast() }
                out += label
            }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    /// A link whose `)` is on the next line (CommonMark allows a line break before it) joined into one line.
    mutating func joinSplitLinks() {
        var i = 0
        while i + 1 < lines.count {
            if let open = lines[i].range(of: "](", options: .backwards), !lines[i][open.upperBound...].contains(")"),
               !lines[i][open.upperBound...].contains(" "), lines[i + 1].trimmingCharacters(in: .whitespaces).hasPrefix(")") {
                lines[i] += lines[i + 1].trimmingCharacters(in: .whitespaces)
                lines.remove(at: i + 1)
                sourceLines.remove(at: i + 1)
            }
            i += 1
        }
    }

    /// The `]` that closes the `[` at `open`, brackets inside counted.
    static func closingBracket(_ text: Substring, from open: Substring.Index) -> Substring.Index? {
        var depth = 0
        for i in text[open...].indices {
            if text[i] == "[" { depth += 1 }
            if text[i] == "]" {
                depth -= 1
                if depth == 0 { return i }
            }
        }
        return nil
    }

    /// The link to `target` as it works in the imported knowledge base (its anchor made kbgen's),
    /// or nil, with a warning that says why, when it cannot.
    private mutating func keep(_ target: String, own: [String: String], anchors: [String: [String: String]], others: Set<String>,
                               line: Int) -> String? {
        let lower = target.lowercased()
        if target.isEmpty || lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") || lower.hasPrefix("tel:") {
            return target
        }
        if target.hasPrefix("#") {
            if let anchor = own[String(target.dropFirst())] { return "#" + anchor }
            warn(line, "the link to '\(target)' names no heading of this article; left as its text")
            return nil
        }
        guard let resolved = ImportPath.resolve(target, from: path) else {
            if let address = published(target) { return address }
            warn(line, "the link to '\(target)' leads out of the imported folder; left as its text (give --site-url, or write the page's full address)")
            return nil
        }
        if let articleAnchors = anchors[resolved] {
            guard let hash = target.firstIndex(of: "#") else { return target }
            if let anchor = articleAnchors[String(target[target.index(after: hash)...])] { return target[..<hash] + "#" + anchor }
            warn(line, "the link to '\(target)' names no heading of that article; left as its text")
            return nil
        }
        if others.contains(resolved) && !resolved.hasSuffix(".md") {
            if !files.contains(resolved) { files.append(resolved) }
            return target
        }
        if let address = published(target) { return address }
        warn(line, "the link to '\(target)' leads to no article or file of the imported folder; left as its text (give --site-url, or write the page's full address)")
        return nil
    }

    /// The address of the page `target` names on the site the folder was published at
    /// (`siteURL`), a Markdown file's `.md` left out as docfx, Hugo and MkDocs publish it.
    func published(_ target: String) -> String? {
        guard let siteURL, let base = URL(string: siteURL.hasSuffix("/") ? siteURL : siteURL + "/"),
              let page = URL(string: path.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }.joined(separator: "/"), relativeTo: base) else { return nil }
        var written = target
        if let hash = written.firstIndex(of: "#"), written[..<hash].hasSuffix(".md") {
            written = String(written[..<written.index(hash, offsetBy: -3)]) + written[hash...]
        } else if written.hasSuffix(".md") {
            written.removeLast(3)
        }
        return URL(string: written, relativeTo: page)?.absoluteString
    }
}

/// The error codes an imported article's text names, as written.
enum ImportedCodes {
    /// Every `0x` code outside fenced code, each once (by the code kbgen makes of it), in order;
    /// 0x0 and `0x` alone are not codes.
    static func find(in lines: [String]) -> [String] {
        var fence = Fence(), seen = Set<String>(), codes: [String] = []
        for line in lines where !fence.inside(line) {
            for word in line.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }) {
                guard word.count >= 3, word.count <= 10, word.lowercased().hasPrefix("0x"),
                      word.dropFirst(2).allSatisfy(\.isHexDigit) else { continue }
                let key = CrossLinker.canonicalCode(String(word))
                if key != "0x0", seen.insert(key).inserted { codes.append(String(word)) }
            }
        }
        return codes
    }
}

/// Products from an "Applies to" line.
enum ImportedProducts {
    /// `_Applies to:_ &nbsp; Windows Server 2019, Windows Server 2016` as the products it names;
    /// parts that name no product ("all versions") are left out.
    static func appliesTo(in lines: [String]) -> [String] {
        for line in lines {
            let plain = line.replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: ":heavy_check_mark:", with: " ")
                .filter { $0 != "_" && $0 != "*" }.trimmingCharacters(in: .whitespaces)
            guard plain.lowercased().hasPrefix("applies to") else { continue }
            let list = plain.dropFirst("applies to".count).drop { $0 == ":" || $0 == " " }
            var products: [String] = []
            for part in list.replacingOccurrences(of: " and ", with: ",").split(separator: ",") {
                let name = part.trimmingCharacters(in: .whitespaces)
                guard let first = name.first, first.isUppercase || first.isNumber, !products.contains(name) else { continue }
                products.append(name)
            }
            return products
        }
        return []
    }
}
