import Foundation

/// A name in a tag and where the tag starts, for messages.
struct TemplateTag: Equatable, Sendable {
    let name: String
    let position: SourcePosition
}

/// A template as a tree, standalone lines already removed as the Mustache spec says.
indirect enum TemplateNode: Equatable, Sendable {
    case text(String)
    /// `{{name}}` escaped, `{{{name}}}` or `{{&name}}` raw.
    case variable(TemplateTag, raw: Bool)
    case section(TemplateTag, inverted: Bool, [TemplateNode])
    /// `{{>name}}`; a standalone partial's indentation goes before each of its lines.
    case partial(TemplateTag, indent: String)
    /// `{{<name}}` … `{{/name}}`: the named template with the blocks given inside.
    case parent(TemplateTag, [TemplateNode])
    /// `{{$name}}` … `{{/name}}`: a block, with its default content.
    case block(TemplateTag, [TemplateNode])
}

/// Reads Mustache: variables, sections, inverted sections, comments, partials, set delimiters,
/// and the inheritance tags of the spec's optional module (`{{<parent}}`, `{{$block}}`).
/// Every problem is reported with its line and column; parsing goes on after one where it can.
struct TemplateParser {
    private let bytes: [UInt8]
    private var problems: [(SourcePosition, String)] = []
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)

    static func parse(_ text: String) -> (nodes: [TemplateNode], problems: [(SourcePosition, String)]) {
        var parser = TemplateParser(bytes: Array(text.utf8))
        let nodes = parser.run()
        return (nodes, parser.problems)
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// One tag as read: its sigil (`#`, `^`, `/`, `!`, `>`, `<`, `$`, `=`, `&`, `{` or none),
    /// its trimmed content and where it starts.
    private struct Tag {
        let sigil: UInt8?
        let content: String
        let position: SourcePosition
    }

    /// A section, parent or block waiting for its closing tag.
    private struct Open {
        let tag: Tag
        var nodes: [TemplateNode] = []
    }

    private mutating func run() -> [TemplateNode] {
        var stack = [Open(tag: Tag(sigil: nil, content: "", position: SourcePosition(line: 1, column: 1)))]
        var text: [UInt8] = []
        var i = 0
        var line = 1, lineBegin = 0
        func flush(_ stack: inout [Open], _ text: inout [UInt8]) {
            if !text.isEmpty { stack[stack.count - 1].nodes.append(.text(String(decoding: text, as: UTF8.self))) }
            text.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            guard matches(open, at: i) else {
                if bytes[i] == 0x0A { line += 1; lineBegin = i + 1 }
                text.append(bytes[i])
                i += 1
                continue
            }
            let tagLine = lineBegin
            let position = SourcePosition(line: line, column: column(from: tagLine, to: i))
            guard let (tag, end) = readTag(at: i, position: position) else {
                // The rest cannot be read as tags: keep it as text, after the one problem.
                text.append(contentsOf: bytes[i...])
                break
            }
            // Count the lines a tag spans (a comment may).
            for k in i..<end where bytes[k] == 0x0A { line += 1; lineBegin = k + 1 }
            var next = end
            var indent = ""
            if tag.sigil != nil, tag.sigil != UInt8(ascii: "&"), tag.sigil != UInt8(ascii: "{"),
               let after = standaloneEnd(tagStart: i, tagEnd: end, lineStart: tagLine) {
                // A tag alone on its line takes the line with it (the spec's standalone rule).
                indent = String(decoding: bytes[tagLine..<i], as: UTF8.self)
                text.removeLast(i - tagLine)
                next = after
                if next > end, bytes[next - 1] == 0x0A { line += 1; lineBegin = next }
            }
            flush(&stack, &text)
            handle(tag, indent: indent, stack: &stack)
            i = next
        }
        flush(&stack, &text)
        while stack.count > 1 {
            let unclosed = stack.removeLast()
            neverClosed(unclosed.tag)
            stack[stack.count - 1].nodes += unclosed.nodes
        }
        return stack[0].nodes
    }

    private mutating func handle(_ tag: Tag, indent: String, stack: inout [Open]) {
        let name = TemplateTag(name: tag.content, position: tag.position)
        switch tag.sigil.map({ Character(Unicode.Scalar($0)) }) {
        case nil: stack[stack.count - 1].nodes.append(.variable(name, raw: false))
        case "{", "&": stack[stack.count - 1].nodes.append(.variable(name, raw: true))
        case "!", "=": break
        case ">": stack[stack.count - 1].nodes.append(.partial(name, indent: indent))
        case "#", "^", "<", "$": stack.append(Open(tag: tag))
        case "/":
            guard let match = stack.lastIndex(where: { $0.tag.content == tag.content }), match > 0 else {
                guard stack.count > 1 else {
                    problems.append((tag.position, "{{/\(tag.content)}} closes no section; remove it or open the section before it"))
                    return
                }
                // A closing tag that names no open section was meant for the innermost one.
                let top = stack[stack.count - 1].tag
                problems.append((top.position, "the section '\(top.content)' opened here is closed by {{/\(tag.content)}} at \(tag.position.line):\(tag.position.column); close it with {{/\(top.content)}}"))
                close(&stack)
                return
            }
            // Sections opened inside the one this tag closes were never closed.
            while stack.count - 1 > match {
                neverClosed(stack[stack.count - 1].tag)
                close(&stack)
            }
            close(&stack)
        default: break
        }
    }

    private mutating func neverClosed(_ tag: Tag) {
        problems.append((tag.position, "the section '\(tag.content)' is never closed; add {{/\(tag.content)}}"))
    }

    /// Ends the innermost open section, parent or block, as a node of the one around it.
    private func close(_ stack: inout [Open]) {
        let section = stack.removeLast()
        let opening = TemplateTag(name: section.tag.content, position: section.tag.position)
        let node: TemplateNode
        switch section.tag.sigil {
        case UInt8(ascii: "<"): node = .parent(opening, section.nodes)
        case UInt8(ascii: "$"): node = .block(opening, section.nodes)
        default: node = .section(opening, inverted: section.tag.sigil == UInt8(ascii: "^"), section.nodes)
        }
        stack[stack.count - 1].nodes.append(node)
    }

    /// Reads the tag at `start`; returns it and the index after its closing delimiter.
    private mutating func readTag(at start: Int, position: SourcePosition) -> (Tag, Int)? {
        var i = start + open.count
        var sigil: UInt8? = i < bytes.count ? bytes[i] : nil
        var closing = close
        if let s = sigil, "#^/!><$=&".utf8.contains(s) || (s == UInt8(ascii: "{") && open == Array("{{".utf8)) {
            i += 1
            if s == UInt8(ascii: "{") { closing = Array("}".utf8) + close }
            if s == UInt8(ascii: "=") { closing = Array("=".utf8) + close }
        } else if sigil == UInt8(ascii: "%") {
            problems.append((position, "pragmas ({{%…}}) are not part of kbgen's templates; remove the tag"))
            sigil = UInt8(ascii: "!")
            i += 1
        } else {
            sigil = nil
        }
        guard let end = find(closing, from: i) else {
            problems.append((position, "this tag is never closed; end it with \(String(decoding: closing, as: UTF8.self))"))
            return nil
        }
        let content = String(decoding: bytes[i..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        // Only comments span lines: a tag whose end is on a later line, or after another tag's
        // start, was never closed, and the text after it is read as usual.
        if sigil != UInt8(ascii: "!"), content.contains("\n") || find(open, from: i).map({ $0 < end }) == true {
            problems.append((position, "this tag is never closed; end it with \(String(decoding: closing, as: UTF8.self))"))
            return (Tag(sigil: UInt8(ascii: "!"), content: "", position: position), start + open.count)
        }
        let tag = Tag(sigil: sigil, content: content, position: position)
        if sigil == UInt8(ascii: "=") {
            setDelimiters(content, at: position)
        } else if sigil != UInt8(ascii: "!"), !Self.isName(content) {
            problems.append((position, content.isEmpty ? "this tag has no name" : "'\(content)' is not a name; names are letters, digits, '_', '-' and '.' between them"))
            return (Tag(sigil: UInt8(ascii: "!"), content: "", position: position), end + closing.count)
        }
        return (tag, end + closing.count)
    }

    private mutating func setDelimiters(_ content: String, at position: SourcePosition) {
        let parts = content.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
            problems.append((position, "a delimiter tag names two delimiters, such as {{=<% %>=}}"))
            return
        }
        open = Array(parts[0].utf8)
        close = Array(parts[1].utf8)
    }

    static func isName(_ s: String) -> Bool {
        if s == "." { return true }
        guard !s.isEmpty, !s.hasPrefix("."), !s.hasSuffix("."), !s.contains("..") else { return false }
        return s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "." || $0 == "/" }
    }

    /// Where the tag's line ends, newline included, when the tag stands alone on it.
    private func standaloneEnd(tagStart: Int, tagEnd: Int, lineStart: Int) -> Int? {
        guard bytes[lineStart..<tagStart].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return nil }
        var j = tagEnd
        while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
        if j == bytes.count { return j }
        if bytes[j] == 0x0A { return j + 1 }
        if bytes[j] == 0x0D, j + 1 < bytes.count, bytes[j + 1] == 0x0A { return j + 2 }
        return nil
    }

    /// Columns count characters (Unicode scalars), as an editor shows them.
    private func column(from lineStart: Int, to i: Int) -> Int {
        1 + bytes[lineStart..<i].reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
    }

    private func matches(_ pattern: [UInt8], at i: Int) -> Bool {
        guard i + pattern.count <= bytes.count else { return false }
        for k in pattern.indices where bytes[i + k] != pattern[k] { return false }
        return true
    }

    private func find(_ pattern: [UInt8], from i: Int) -> Int? {
        var k = i
        while k + pattern.count <= bytes.count {
            if matches(pattern, at: k) { return k }
            k += 1
        }
        return nil
    }
}
