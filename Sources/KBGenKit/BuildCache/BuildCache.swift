import Foundation

/// What the last build wrote, kept in the output folder as `.kbgen-cache`: a fingerprint of
/// everything it read, and for each file it wrote a fingerprint of what the file was made from
/// with the size and modification time it had. The next build compares against it to skip
/// the pages whose inputs did not change; a missing, unreadable or outdated cache means a full build.
public struct BuildCache: Sendable, Equatable {
    public static let fileName = ".kbgen-cache"
    /// Changes whenever kbgen writes pages differently, so a cache from another version is not used.
    static let format = "kbgen-cache 6"

    public struct Entry: Sendable, Equatable {
        public var fingerprint: String
        public var size: Int
        /// Nanoseconds since 1970.
        public var modified: Int
        /// A file written in pieces (kb.json): each piece's key and length in bytes, in order, so
        /// that the next build can copy a piece whose key it has from this file.
        public var pieces: [Piece] = []
    }

    public struct Piece: Sendable, Equatable {
        public var key: String
        public var length: Int
    }

    /// A file's size and modification time as the cache records them, from `lstat`.
    static func stamp(_ info: stat) -> (size: Int, modified: Int) {
        (Int(info.st_size), Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))
    }

    /// The kbgen that wrote the cache; another one renders every page again.
    public var tool: String = ""
    /// Fingerprint of every input: settings, content, step files, templates, assets, feedback, options.
    public var inputs: String
    /// Fingerprint of what the search index was made from (`SearchIndexer.fingerprint`): when it
    /// is unchanged, so are the files under search/, and the index is not made again.
    public var search: String = ""
    public var articleCount: Int
    /// A page of Content/ as the build read it: its size, times and file number
    /// (`ContentLoader.Entry.change`), and the fingerprint of its text.
    public struct Page: Sendable, Equatable {
        public var stamp: String
        public var fingerprint: String
    }

    /// By path under Content/: a page with the same stamp is not read again.
    public var pages: [String: Page] = [:]
    /// Warnings of the build that wrote the cache, shown again when nothing changed.
    public var warnings: [Diagnostic]
    /// By path from the site root.
    public var files: [String: Entry]

    public init(inputs: String, articleCount: Int, warnings: [Diagnostic], files: [String: Entry]) {
        self.inputs = inputs
        self.articleCount = articleCount
        self.warnings = warnings
        self.files = files
    }

    /// One record per line, fields separated by tabs; text fields have tabs and line breaks escaped.
    /// Appended field by field to one text: a rebuild writes a line per page and per file.
    public func encoded() -> String {
        var out = BuildCache.format + "\n"
        out.reserveCapacity(64 + 96 * (files.count + pages.count))
        func line(_ fields: String...) {
            for (i, field) in fields.enumerated() {
                if i > 0 { out += "\t" }
                out += field
            }
            out += "\n"
        }
        line("tool", Self.escape(tool))
        line("inputs", inputs)
        line("articles", String(articleCount))
        if !search.isEmpty { line("search", search) }
        for w in warnings {
            line("warning", Self.escape(w.file), String(w.line), String(w.column), Self.escape(w.message))
        }
        for entry in pages.keys.sorted() {
            let p = pages[entry]!
            line("page", p.fingerprint, p.stamp, Self.escape(entry))
        }
        for path in files.keys.sorted() {
            let e = files[path]!
            line("file", e.fingerprint, String(e.size), String(e.modified), Self.escape(path))
            for piece in e.pieces { line("piece", piece.key, String(piece.length)) }
        }
        return out
    }

    /// Nil for anything but a cache this version of kbgen wrote.
    public static func decode(_ text: String) -> BuildCache? {
        var text = text
        return text.withUTF8 { decode(bytes: $0) }
    }

    /// Lines and fields are cut on bytes (a tab or a line break is never part of a character):
    /// a rebuild reads a line per file of the site before anything else.
    static func decode(bytes: UnsafeBufferPointer<UInt8>) -> BuildCache? {
        var cache = BuildCache(inputs: "", articleCount: 0, warnings: [], files: [:])
        var sawFormat = false
        var lineStart = 0
        var ok = true
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        func int(_ range: Range<Int>) -> Int? {
            guard !range.isEmpty else { return nil }
            var value = 0
            for i in range {
                let b = bytes[i]
                guard b >= 0x30 && b <= 0x39 else { return nil }
                let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowAgain) = times.addingReportingOverflow(Int(b - 0x30))
                guard !overflow && !overflowAgain else { return nil }
                value = sum
            }
            return value
        }
        var ranges: [Range<Int>] = []
        // A piece belongs to the file on the line before it.
        var lastFile: String?
        while ok && lineStart < bytes.count {
            var end = lineStart
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            defer { lineStart = end + 1 }
            if end == lineStart { continue }
            guard sawFormat else {
                guard text(lineStart..<end) == format else { return nil }
                sawFormat = true
                continue
            }
            ranges.removeAll(keepingCapacity: true)
            var fieldStart = lineStart
            for i in lineStart..<end where bytes[i] == 0x09 {
                ranges.append(fieldStart..<i)
                fieldStart = i + 1
            }
            ranges.append(fieldStart..<end)
            switch text(ranges[0]) {
            case "tool" where ranges.count == 2:
                cache.tool = unescape(Substring(text(ranges[1])))
            case "inputs" where ranges.count == 2:
                cache.inputs = text(ranges[1])
            case "search" where ranges.count == 2:
                cache.search = text(ranges[1])
            case "articles" where ranges.count == 2:
                guard let n = int(ranges[1]) else { return nil }
                cache.articleCount = n
            case "warning" where ranges.count == 5:
                guard let l = int(ranges[2]), let c = int(ranges[3]) else { return nil }
                cache.warnings.append(.warning(unescape(Substring(text(ranges[1]))), SourcePosition(line: l, column: c),
                                               unescape(Substring(text(ranges[4])))))
            case "page" where ranges.count == 4:
                cache.pages[unescape(Substring(text(ranges[3])))] = Page(stamp: text(ranges[2]), fingerprint: text(ranges[1]))
            case "file" where ranges.count == 5:
                guard let size = int(ranges[2]), let modified = int(ranges[3]) else { return nil }
                let path = unescape(Substring(text(ranges[4])))
                cache.files[path] = Entry(fingerprint: text(ranges[1]), size: size, modified: modified)
                lastFile = path
            case "piece" where ranges.count == 3:
                guard let path = lastFile, let length = int(ranges[2]) else { return nil }
                cache.files[path]!.pieces.append(Piece(key: text(ranges[1]), length: length))
            default:
                ok = false
            }
        }
        return ok && sawFormat && !cache.inputs.isEmpty ? cache : nil
    }

    static func escape(_ s: String) -> String {
        // On bytes: none of the four is ever part of another character.
        guard s.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    static func unescape(_ s: Substring) -> String {
        guard s.contains("\\") else { return String(s) }
        var out = ""
        var escaped = false
        for c in s {
            if escaped {
                out.append(c == "t" ? "\t" : c == "n" ? "\n" : c == "r" ? "\r" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}
