/// Writes Markdown values back as Markdown text: to tell variants of a step apart and to write
/// a step file from a group of repeats.
public enum MarkdownText {
    public static func of(_ blocks: [Block]) -> String {
        blocks.map { block -> String in
            switch block {
            case .paragraph(let inlines, _): return of(inlines)
            default: return block.plainText
            }
        }.joined(separator: "\n\n")
    }

    public static func of(_ inlines: [Inline], destination: (String) -> String = { $0 }) -> String {
        var out = ""
        for inline in inlines {
            switch inline {
            case .text(let t): out += escape(t)
            case .code(let c):
                let fence = c.utf8.contains(UInt8(ascii: "`")) ? "`` " : "`"
                out += fence + c + (fence == "`" ? "`" : " ``")
            case .emphasis(let c): out += "*" + of(c, destination: destination) + "*"
            case .strong(let c): out += "**" + of(c, destination: destination) + "**"
            case .strikethrough(let c): out += "~~" + of(c, destination: destination) + "~~"
            case .link(let l): out += "[" + of(l.content, destination: destination) + "](" + destination(l.destination) + ")"
            case .image(let i): out += "![" + of(i.alt, destination: destination) + "](" + destination(i.source) + ")"
            case .html(let h, _): out += h
            case .softBreak: out += " "
            case .lineBreak: out += "\\\n"
            }
        }
        return out
    }

    static func escape(_ text: String) -> String {
        // Most step texts hold no Markdown punctuation: return them as they are.
        guard text.utf8.contains(where: { $0 == 92 || $0 == 96 || $0 == 42 || $0 == 95 || $0 == 91 || $0 == 93 || $0 == 60 }) else {
            return text
        }
        var out = ""
        for c in text {
            if "\\`*_[]<".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
