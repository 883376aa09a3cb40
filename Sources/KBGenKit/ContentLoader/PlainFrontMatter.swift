/// The front matter most articles have, read on its bytes without a YAML parser: one
/// `key: value` line per key, each value a text or a one-line `[...]` list of texts, written
/// plainly or in quotes with no escapes. Anything else (comments, block lists, escapes, a key
/// twice) and anything a writer must be told about (an unknown key, an empty title, a date that
/// is not one) gives nil, and the article goes through Yams, which reads all of YAML and says
/// where a problem is. What this gives is what Yams's way gives, which a seeded random test
/// checks; it exists because Yams took more of parsing than libcmark-gfm did.
enum PlainFrontMatter {
    /// A value as written: a text, quoted or not, or a list of them; `column` counts characters
    /// from 1, as YAML's marks do.
    enum Value {
        case text(String, plain: Bool, column: Int)
        case list([(text: String, column: Int)])
    }

    static func article(_ yaml: String, firstLine: Int) -> FrontMatter? {
        var meta = FrontMatter()
        var seen = Set<String>(), line = firstLine
        var text = yaml
        let ok: Bool = text.withUTF8 { bytes in
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 10 { end += 1 }
                defer { start = end + 1; line += 1 }
                if end == start { continue }
                guard let (key, value) = keyLine(bytes, start, end), seen.insert(key).inserted,
                      take(key, value, line: line, into: &meta) else { return false }
            }
            return seen.contains("title")
        }
        return ok ? meta : nil
    }

    /// Sets the key's field from its value, as `FrontMatterParser.yamlFrontMatter` reads it;
    /// false where that would report a problem or the value is YAML's null.
    static func take(_ key: String, _ value: Value, line: Int, into meta: inout FrontMatter) -> Bool {
        if case .text(let t, true, _) = value, NodeReader.isNull(t) { return false }
        switch (key, value) {
        case ("title", .text(let t, _, _)):
            guard !t.trimmingCharacters(in: " \t").isEmpty else { return false }
            meta.title = t
        case ("summary", .text(let t, _, _)): meta.summary = t
        case ("updated", .text(let t, _, _)):
            guard FrontMatterParser.isDate(t) else { return false }
            meta.updated = t
        case ("draft", .text(let t, _, _)):
            guard let flag = NodeReader.flag(t) else { return false }
            meta.draft = flag
        case ("error_codes", _), ("products", _), ("tags", _), ("related", _):
            guard let items = items(value, line: line) else { return false }
            switch key {
            case "error_codes": meta.errorCodes = items.map(\.value)
            case "products": meta.products = items.map(\.value)
            case "tags": meta.tags = items.map(\.value)
            default: meta.related = items
            }
        default: return false
        }
        return true
    }

    /// A list key's texts: a single text is a list of one, as written; a list's items lose the
    /// spaces around them, and an empty one, which is reported, gives nil.
    static func items(_ value: Value, line: Int) -> [Located<String>]? {
        switch value {
        case .text(let t, _, let column): return [Located(t, at: SourcePosition(line: line, column: column))]
        case .list(let list):
            var out: [Located<String>] = []
            for item in list {
                let t = item.text.trimmingCharacters(in: " \t")
                guard !t.isEmpty else { return nil }
                out.append(Located(t, at: SourcePosition(line: line, column: item.column)))
            }
            return out
        }
    }

    /// `key: value` from the first column, the key in lowercase letters and `_`.
    static func keyLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (String, Value)? {
        var i = start
        while i < end, (b[i] >= 0x61 && b[i] <= 0x7A) || b[i] == 0x5F { i += 1 }
        guard i > start, i + 1 < end, b[i] == 0x3A, b[i + 1] == 0x20 else { return nil }
        let key = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        i += 2
        while i < end, b[i] == 0x20 { i += 1 }
        guard i < end else { return nil }
        var value: Value
        if b[i] == 0x5B {
            var items: [(text: String, column: Int)] = []
            i += 1
            skipSpaces(b, &i, end)
            if i < end, b[i] == 0x5D {
                i += 1
            } else {
                while true {
                    guard let (t, _, column) = scalar(b, start, &i, end, inList: true) else { return nil }
                    items.append((t, column))
                    skipSpaces(b, &i, end)
                    guard i < end else { return nil }
                    if b[i] == 0x5D { i += 1; break }
                    guard b[i] == 0x2C else { return nil }
                    i += 1
                    skipSpaces(b, &i, end)
                }
            }
            value = .list(items)
        } else {
            guard let (t, plain, column) = scalar(b, start, &i, end, inList: false) else { return nil }
            value = .text(t, plain: plain, column: column)
        }
        skipSpaces(b, &i, end)
        return i == end ? (key, value) : nil
    }

    static func skipSpaces(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) {
        while i < end, b[i] == 0x20 { i += 1 }
    }

    /// A text at `i`: in quotes with no quote or backslash inside, or plain, starting with a
    /// letter or digit and holding no mark YAML could read as syntax. Leaves `i` after it.
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ i: inout Int, _ end: Int,
                       inList: Bool) -> (String, Bool, Int)? {
        guard i < end else { return nil }
        // Characters before it, not bytes: a character's later bytes are 10xxxxxx.
        var column = 1
        for k in lineStart..<i where b[k] & 0xC0 != 0x80 { column += 1 }
        let first = b[i]
        let from: Int, to: Int
        if first == 0x22 || first == 0x27 {
            var k = i + 1
            while k < end, b[k] != first {
                guard b[k] != 0x5C, isPrintable(b, k) else { return nil }
                k += 1
            }
            guard k < end else { return nil }
            (from, to) = (i + 1, k)
            i = k + 1
        } else {
            let isAlphanumeric = (first >= 0x30 && first <= 0x39) || ((first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A)
            guard isAlphanumeric || first >= 0x80 else { return nil }
            var k = i, last = i
            while k < end {
                let c = b[k]
                if c == 0x2C || c == 0x5D { if inList { break } else { return nil } }
                // `?` ends a plain text in a list for some YAML readers.
                guard c != 0x3A, c != 0x23, c != 0x5B, c != 0x7B, c != 0x7D, !(inList && c == 0x3F), isPrintable(b, k) else { return nil }
                if c != 0x20 { last = k + 1 }
                k += 1
            }
            (from, to) = (i, last)
            i = last
        }
        return (String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self), first != 0x22 && first != 0x27, column)
    }

    /// Printable as YAML counts it and not a line break, tabs and the byte order mark left to
    /// Yams: ASCII from space to `~`, and characters from U+00A0 other than U+2028 and U+2029
    /// (line breaks to YAML: E2 80 A8 and E2 80 A9), U+FEFF, U+FFFE and U+FFFF (EF BB BF, EF BF BE,
    /// EF BF BF), looked at on their first byte.
    static func isPrintable(_ b: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
        let c = b[k]
        if c < 0x80 { return c >= 0x20 && c < 0x7F }
        if c == 0xC2 { return k + 1 < b.count && b[k + 1] >= 0xA0 }
        if c == 0xE2, k + 2 < b.count, b[k + 1] == 0x80, b[k + 2] == 0xA8 || b[k + 2] == 0xA9 { return false }
        if c == 0xEF, k + 2 < b.count {
            if b[k + 1] == 0xBB, b[k + 2] == 0xBF { return false }
            if b[k + 1] == 0xBF, b[k + 2] >= 0xBE { return false }
        }
        return true
    }
}
