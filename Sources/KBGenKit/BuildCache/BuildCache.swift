import Foundation

/// What the last build wrote, kept in the output folder as `.kbgen-cache`: a fingerprint of
/// everything it read, and for each file it wrote a fingerprint of what the file was made from
/// with the size and modification time it had. The next build compares against it to skip
/// the pages whose inputs did not change; a missing, unreadable or outdated cache means a full build.
public struct BuildCache: Sendable, Equatable {
    public static let fileName = ".kbgen-cache"
    /// Changes whenever kbgen writes pages differently, so a cache from another version is not used.
    static let format = "kbgen-cache 3"

    public struct Entry: Sendable, Equatable {
        public var fingerprint: String
        public var size: Int
        /// Nanoseconds since 1970.
        public var modified: Int
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
    public func encoded() -> String {
        var out = BuildCache.format + "\n"
        out += "tool\t" + Self.escape(tool) + "\n"
        out += "inputs\t" + inputs + "\n"
        out += "articles\t" + String(articleCount) + "\n"
        if !search.isEmpty { out += "search\t" + search + "\n" }
        for w in warnings {
            out += ["warning", Self.escape(w.file), String(w.line), String(w.column), Self.escape(w.message)].joined(separator: "\t") + "\n"
        }
        for path in files.keys.sorted() {
            let e = files[path]!
            out += ["file", e.fingerprint, String(e.size), String(e.modified), Self.escape(path)].joined(separator: "\t") + "\n"
        }
        return out
    }

    /// Nil for anything but a cache this version of kbgen wrote.
    public static func decode(_ text: String) -> BuildCache? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == Substring(format) else { return nil }
        var cache = BuildCache(inputs: "", articleCount: 0, warnings: [], files: [:])
        for line in lines.dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            switch fields.first {
            case "tool" where fields.count == 2:
                cache.tool = unescape(fields[1])
            case "inputs" where fields.count == 2:
                cache.inputs = String(fields[1])
            case "search" where fields.count == 2:
                cache.search = String(fields[1])
            case "articles" where fields.count == 2:
                guard let n = Int(fields[1]) else { return nil }
                cache.articleCount = n
            case "warning" where fields.count == 5:
                guard let l = Int(fields[2]), let c = Int(fields[3]) else { return nil }
                cache.warnings.append(.warning(unescape(fields[1]), SourcePosition(line: l, column: c), unescape(fields[4])))
            case "file" where fields.count == 5:
                guard let size = Int(fields[2]), let modified = Int(fields[3]) else { return nil }
                cache.files[unescape(fields[4])] = Entry(fingerprint: String(fields[1]), size: size, modified: modified)
            default:
                return nil
            }
        }
        return cache.inputs.isEmpty ? nil : cache
    }

    static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return s }
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
