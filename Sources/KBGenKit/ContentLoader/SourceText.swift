/// A source file's text as kbgen reads it: a UTF-8 byte order mark and CRLF line ends are
/// treated as if absent, so line numbers match what an editor shows.
public enum SourceText {
    public static func normalize(_ text: String) -> String {
        var t = text
        if t.hasPrefix("\u{FEFF}") { t.removeFirst() }
        // Swift treats "\r\n" as one Character, so replace on the scalar view.
        if t.utf8.contains(13) {
            t = t.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return t
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self.unicodeScalars[...]
        let needle = Array(target.unicodeScalars)
        while let first = rest.first {
            if first == needle[0], rest.starts(with: needle) {
                result += replacement
                rest = rest.dropFirst(needle.count)
            } else {
                result.unicodeScalars.append(first)
                rest = rest.dropFirst()
            }
        }
        return result
    }
}
