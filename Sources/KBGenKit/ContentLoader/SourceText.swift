import Foundation

/// A source file's text as kbgen reads it: a UTF-8 byte order mark and CRLF line ends are
/// treated as if absent, so line numbers match what an editor shows.
public enum SourceText {
    public static func normalize(_ text: String) -> String {
        var t = text
        if t.hasPrefix("\u{FEFF}") { t.removeFirst() }
        if t.utf8.contains(13) {
            t = t.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return t
    }
}
