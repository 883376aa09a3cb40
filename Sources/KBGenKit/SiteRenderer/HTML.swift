/// HTML escaping for text and attribute values; every text kbgen writes goes through here.
public enum HTML {
    /// Byte by byte; a text with nothing to escape comes back as it is, without a copy.
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.contains(where: needsEscape) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            escape(bytes, into: &out)
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    /// The same, for UTF-8 bytes added to `out` (as a compiled template writes a page).
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard bytes.contains(where: needsEscape) else { return out.append(contentsOf: bytes) }
        for byte in bytes {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
    }

    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }

    /// Bytes a URL keeps as they are: letters, digits and the characters that give it its
    /// structure, as libcmark-gfm keeps them in a link (`[` and `]` are encoded, as it does).
    static let urlSafe: [Bool] = (0..<256).map { (b: Int) -> Bool in
        let byte = UInt8(b)
        if (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) { return true }
        return "-._~:/?#@!$&'()*+,;=%".utf8.contains(byte)
    }

    /// Percent-encodes what may not stand in a URL (spaces, non-ASCII, quotes), keeping
    /// the characters that give a URL its structure. A URL with nothing to encode comes back as it is.
    public static func encodeURL(_ url: String) -> String {
        percentEncoded(url.utf8[...], keeping: urlSafe) ?? url
    }

    /// Bytes a path of the site keeps as they are: what libcmark-gfm keeps in a link (`urlSafe`)
    /// but `:`, `?`, `#` and `%`. Everything else is percent-encoded, `:` above all, so that no
    /// file name can become a scheme (`javascript:...`), a query or a fragment, or an escape.
    static let pathSafe: [Bool] = (0..<256).map { (b: Int) -> Bool in
        urlSafe[b] && !":?#%".utf8.contains(UInt8(b))
    }

    /// A site path, with the query and `#anchor` a written link may add, percent-encoded so that
    /// it always leads to its file, whatever the file is called: the path byte by byte
    /// (`pathSafe`), the query and anchor as any URL's (`encodeURL`). File names hold neither `?`
    /// nor `#` (`PublishableName`), so the first of them ends the path. A path with nothing to
    /// encode comes back as it is.
    public static func encodePath(_ path: String) -> String {
        var path = path
        if path.withUTF8(isEncodedPath) { return path }
        let end = path.utf8.firstIndex { $0 == 35 || $0 == 63 } ?? path.utf8.endIndex
        let head = percentEncoded(path.utf8[..<end], keeping: pathSafe)
        if end == path.utf8.endIndex { return head ?? path }
        return (head ?? String(path[..<end])) + encodeURL(String(path[end...]))
    }

    /// Whether `encodePath` keeps these bytes as they are: a path of `pathSafe` bytes, then from
    /// the first `#` or `?` on, `urlSafe` ones.
    static func isEncodedPath(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // The tables are taken once: read through their static accessors, every byte paid for a
        // check that they were made (this runs for every link of every page).
        let pathSafe = self.pathSafe, urlSafe = self.urlSafe
        let end = bytes.firstIndex { $0 == 35 || $0 == 63 } ?? bytes.endIndex
        return bytes[..<end].allSatisfy { pathSafe[Int($0)] } && bytes[end...].allSatisfy { urlSafe[Int($0)] }
    }

    /// The bytes with every one that `keeping` does not keep written `%XX`; nil when all are kept.
    static func percentEncoded(_ bytes: Substring.UTF8View, keeping: [Bool]) -> String? {
        guard !bytes.allSatisfy({ keeping[Int($0)] }) else { return nil }
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + 16)
        for b in bytes {
            if keeping[Int(b)] {
                out.append(b)
            } else {
                out.append(37)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A site path as a link from `page` (both from the site root), so the site works under
    /// any path and from disk; percent-encoded (`encodePath`).
    public static func relative(_ target: String, from page: String) -> String {
        if target.hasPrefix("#") { return encodePath(target) }
        // A byte scan over the texts in place: this runs for every link of every page.
        var page = page, target = target
        return page.withUTF8 { p in
            target.withUTF8 { t in
                let pageDirEnd = p.lastIndex(of: 47).map { $0 + 1 } ?? 0
                // The longest run of whole folders both paths start with.
                var shared = 0
                var i = 0
                while i < pageDirEnd, i < t.count, p[i] == t[i] {
                    if p[i] == 47 { shared = i + 1 }
                    i += 1
                }
                var ups = 0
                for k in shared..<pageDirEnd where p[k] == 47 { ups += 1 }
                let tail = UnsafeBufferPointer(rebasing: t[shared...])
                // Most links need no encoding: then the link is made in one piece.
                if isEncodedPath(tail) {
                    return String(unsafeUninitializedCapacity: 3 * ups + tail.count) { out in
                        for k in 0..<(3 * ups) { out[k] = k % 3 == 2 ? 47 : 46 }
                        _ = UnsafeMutableBufferPointer(rebasing: out[(3 * ups)...]).initialize(from: tail)
                        return 3 * ups + tail.count
                    }
                }
                let rest = encodePath(String(decoding: tail, as: UTF8.self))
                return ups == 0 ? rest : String(repeating: "../", count: ups) + rest
            }
        }
    }
}

/// Renders Markdown values as HTML for one page. Links come out relative to that page;
/// raw HTML and removed links never reach the output.
public struct HTMLRenderer {
    /// The page being written, from the site root (`rdp/error-0x904.html`).
    public var page: String
    /// Reusable steps by id, to render `step:` items with the step's own text.
    public var steps: [String: ReusableStep]
    /// Steps written in several places, to render every use with one wording.
    public var shared: [String: SharedStep]
    /// How many articles use each step, for the text of the link to a step's page.
    public var articlesUsing: [String: Int]

    public init(page: String, steps: [String: ReusableStep] = [:], shared: [String: SharedStep] = [:], articlesUsing: [String: Int] = [:]) {
        self.page = page
        self.steps = steps
        self.shared = shared
        self.articlesUsing = articlesUsing
    }

    /// A step links to its page only when the page tells a reader more than the step: a step
    /// file with more than its instruction. The instruction is shown in place; the link names the
    /// page. A shared step's page (the wording and where it is used) is for writers.
    public static func linkText(_ step: ReusableStep, articles: Int) -> String? {
        guard step.blocks.count > 1 else { return nil }
        return step.title + ": more, used in \(articles) article" + (articles == 1 ? "" : "s")
    }

    public func url(_ sitePath: String) -> String {
        // A link to a place on this very page stays a bare fragment.
        if sitePath.hasPrefix(page + "#") { return HTML.escape(HTML.encodePath(String(sitePath.dropFirst(page.count)))) }
        return HTML.escape(HTML.relative(sitePath, from: page))
    }

    public func render(_ blocks: [Block], tight: Bool = false) -> String {
        var out = ""
        render(blocks, tight: tight, into: &out)
        return out
    }

    /// Everything is appended to one text rather than made in pieces per element and joined.
    func render(_ blocks: [Block], tight: Bool = false, into out: inout String) {
        render(blocks[...], then: [], tight: tight, into: &out)
    }

    /// `blocks` and then `more`, as the one list of both would be, without making that list.
    func render(_ blocks: ArraySlice<Block>, then more: ArraySlice<Block>, tight: Bool, into out: inout String) {
        let start = out.utf8.count
        for block in blocks { render(block, tight: tight, into: &out) }
        for block in more { render(block, tight: tight, into: &out) }
        // A tight item's text ends where its tag closes.
        if tight, out.utf8.count > start, out.last == "\n" { out.removeLast() }
    }

    public func render(_ block: Block, tight: Bool = false, into out: inout String) {
        switch block {
        case .paragraph(let inlines, _):
            if tight {
                render(inlines, into: &out)
                out += "\n"
            } else {
                out += "<p>"
                render(inlines, into: &out)
                out += "</p>\n"
            }
        case .heading(let h):
            let level = min(max(h.level, 1), 6)
            out += "<h\(level)" + (h.anchor.isEmpty ? "" : " id=\"\(HTML.escape(h.anchor))\"") + ">"
            render(h.content, into: &out)
            out += "</h\(level)>\n"
        case .blockQuote(let blocks, _):
            out += "<blockquote>\n"
            render(blocks, into: &out)
            out += "</blockquote>\n"
        case .list(let list):
            out += list.ordered ? (list.start == 1 ? "<ol>\n" : "<ol start=\"\(list.start)\">\n") : "<ul>\n"
            for item in list.items {
                out += item.checked == nil ? "<li>" : "<li class=\"task\">"
                if let checked = item.checked {
                    out += "<input type=\"checkbox\" disabled" + (checked ? " checked" : "") + "> "
                }
                render(item.blocks, tight: list.tight, into: &out)
                out += "</li>\n"
            }
            out += list.ordered ? "</ol>\n" : "</ul>\n"
        case .codeBlock(let info, let code, _):
            // The language is the info string up to the first space, tab or line end, as cmark cuts it.
            let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).first.map(String.init) ?? ""
            // Focusable, so that a keyboard can scroll a line wider than a phone's screen.
            out += "<pre tabindex=\"0\"><code" + (language.isEmpty ? "" : " class=\"language-\(HTML.escape(language))\"") + ">"
            out += HTML.escape(code)
            out += "</code></pre>\n"
        case .html:
            break
        case .thematicBreak:
            out += "<hr>\n"
        case .table(let table):
            out += "<div class=\"table\" tabindex=\"0\"><table>\n<thead>\n<tr>\n"
            for (i, cell) in table.header.enumerated() {
                out += "<th" + alignment(table, i) + ">"
                render(cell, into: &out)
                out += "</th>\n"
            }
            out += "</tr>\n</thead>\n"
            if !table.rows.isEmpty {
                out += "<tbody>\n"
                for row in table.rows {
                    out += "<tr>\n"
                    for (i, cell) in row.enumerated() {
                        out += "<td" + alignment(table, i) + ">"
                        render(cell, into: &out)
                        out += "</td>\n"
                    }
                    out += "</tr>\n"
                }
                out += "</tbody>\n"
            }
            out += "</table></div>\n"
        }
    }

    func alignment(_ table: Table, _ column: Int) -> String {
        guard column < table.alignments.count else { return "" }
        switch table.alignments[column] {
        case .none: return ""
        case .left: return " class=\"align-left\""
        case .center: return " class=\"align-center\""
        case .right: return " class=\"align-right\""
        }
    }

    public func render(_ inlines: [Inline]) -> String {
        var out = ""
        render(inlines, into: &out)
        return out
    }

    func render(_ inlines: [Inline], into out: inout String) {
        for inline in inlines { render(inline, into: &out) }
    }

    func render(_ inline: Inline, into out: inout String) {
        switch inline {
        case .text(let t): out += HTML.escape(t)
        case .code(let c):
            out += "<code>"
            out += HTML.escape(c)
            out += "</code>"
        case .emphasis(let c):
            out += "<em>"
            render(c, into: &out)
            out += "</em>"
        case .strong(let c):
            out += "<strong>"
            render(c, into: &out)
            out += "</strong>"
        case .strikethrough(let c):
            out += "<del>"
            render(c, into: &out)
            out += "</del>"
        case .softBreak: out += "\n"
        case .lineBreak: out += "<br>\n"
        case .html: break
        case .link(let link):
            var label = render(link.content)
            if label.isEmpty, link.destination.hasPrefix("step:"), let step = steps[String(link.destination.dropFirst(5))] {
                label = HTML.escape(step.title)
            }
            if label.isEmpty { label = HTML.escape(link.destination) }
            switch link.resolved {
            case .site(let path)?:
                out += "<a href=\"\(url(path))\"" + title(link.title) + ">" + label + "</a>"
            case .external(let address)?:
                out += "<a href=\"\(HTML.escape(HTML.encodeURL(address)))\"" + title(link.title) + ">" + label + "</a>"
            case .removed?, nil:
                out += label
            }
        case .image(let image):
            let alt = HTML.escape(image.alt.plainText)
            switch image.resolved {
            case .site(let path)?:
                out += "<img src=\"\(url(path))\" alt=\"\(alt)\"" + title(image.title) + " loading=\"lazy\">"
            default:
                out += alt
            }
        }
    }

    func title(_ t: String) -> String {
        t.isEmpty ? "" : " title=\"\(HTML.escape(t))\""
    }

    /// A solution's section: its blocks, and its ordered lists as steps carrying the stable hooks.
    public func render(_ parts: [SolutionPart]) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .block(let b):
                render(b, into: &out)
            case .steps(let list):
                out += list.start == 1 ? "<ol class=\"kb-steps\">\n" : "<ol class=\"kb-steps\" start=\"\(list.start)\">\n"
                for step in list.items { render(step, into: &out) }
                out += "</ol>\n"
            }
        }
        return out
    }

    public func render(_ step: Step) -> String {
        var out = ""
        render(step, into: &out)
        return out
    }

    func render(_ step: Step, into out: inout String) {
        guard let id = step.stepID else {
            out += "<li class=\"kb-step\">"
            render(step.blocks, tight: step.blocks.count == 1, into: &out)
            out += "</li>\n"
            return
        }
        // The shared wording replaces the instruction; notes written under it at this place stay.
        // A step file with more than an instruction shows the instruction and links to the rest.
        let file = steps[id]
        let link = file.flatMap { Self.linkText($0, articles: articlesUsing[id] ?? 0) }
        let wording = link != nil ? file!.blocks.prefix(1) : (file?.blocks[...] ?? shared[id]?.blocks[...] ?? step.blocks.prefix(1))
        let notes = step.reference == nil ? step.blocks.dropFirst() : []
        out += "<li class=\"kb-step\" data-step=\""
        out += HTML.escape(id)
        out += "\">"
        render(wording, then: notes, tight: wording.count + notes.count == 1 && link == nil, into: &out)
        if let link {
            out += "<a class=\"kb-step-link\" href=\""
            out += url(stepPagePath(id))
            out += "\">"
            out += HTML.escape(link)
            out += "</a>"
        }
        out += "</li>\n"
    }
}
