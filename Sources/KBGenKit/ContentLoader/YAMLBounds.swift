/// Limits on front matter checked on its text, before Yams reads it. YAML aliases can name a node
/// that names others, so nine lines of nine aliases stand for nine to the ninth nodes, which Yams
/// expands and hashes when they are mapping keys; and a node nested thousands deep is read by
/// recursion. Neither has a use in front matter, so both are bounded here, where nothing has been
/// expanded or walked yet.
enum YAMLBounds {
    /// With at most 32 aliases a document expands to at most about 3^11 nodes (aliases three to a
    /// level make the most), and nests at most 32 levels through them.
    static let maxAliases = 32
    /// Deeper than any front matter needs, and shallow enough for the stack of a worker thread.
    static let maxDepth = 64

    struct Problem: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    /// The first limit the text goes over, at the line and column (from 1, in characters) where
    /// it does. Read on the text's bytes: every mark it looks for is ASCII, and a byte of a longer
    /// character is never one. The text has `\n` line ends (`SourceText.normalize`).
    static func problem(_ yaml: String) -> Problem? {
        var aliases = 0, flowDepth = 0
        var line = 1, column = 0
        var quote: UInt8?
        var previous = UInt8(ascii: "\n")
        var lineIndicators = 0, indent = 0, atIndent = true, inComment = false
        for c in yaml.utf8 {
            // A character's later bytes (10xxxxxx) neither count as a column nor mark anything.
            if c & 0xC0 == 0x80 { continue }
            column += 1
            defer { previous = c }
            if c == UInt8(ascii: "\n") {
                line += 1; column = 0
                // A quote left open at a line's end is taken as closed: counting too much is safe.
                lineIndicators = 0; indent = 0; atIndent = true; inComment = false; quote = nil
                continue
            }
            if inComment { continue }
            if let q = quote {
                if c == q { quote = nil }
                continue
            }
            if atIndent && c == UInt8(ascii: " ") { indent += 1; continue }
            atIndent = false
            let startsToken = previous == UInt8(ascii: "\n") || previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t")
                || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",")
            switch c {
            case UInt8(ascii: "\"") where startsToken, UInt8(ascii: "'") where startsToken: quote = c
            case UInt8(ascii: "#") where startsToken: inComment = true
            case UInt8(ascii: "*") where startsToken:
                aliases += 1
                if aliases > maxAliases {
                    return Problem(line: line, column: column,
                                   message: "uses more than \(maxAliases) YAML aliases (*name); write the values out instead")
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"): flowDepth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"): flowDepth = max(0, flowDepth - 1)
            case UInt8(ascii: "-"), UInt8(ascii: "?"): if startsToken { lineIndicators += 1 }
            case UInt8(ascii: ":"): lineIndicators += 1
            default: break
            }
            if flowDepth + lineIndicators + indent / 2 > maxDepth {
                return Problem(line: line, column: column, message: "nests values more than \(maxDepth) levels deep; front matter is a flat list of keys")
            }
        }
        return nil
    }
}
