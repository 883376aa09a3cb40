import Foundation

extension ContentLoader {
    /// A folder of articles written for another tool, read for `kbgen import`.
    public struct ImportSources: Sendable {
        /// Every Markdown file, by its path under the folder.
        public var texts: [String: String] = [:]
        /// Every other file, by its path under the folder.
        public var others = Set<String>()
        /// Files that cannot be read or are not UTF-8 text.
        public var diagnostics = Diagnostics()
    }

    /// Reads every file under `folder` (hidden ones left out): Markdown as text, the others by name.
    public static func importSources(_ folder: URL, display: String) -> ImportSources {
        var sources = ImportSources()
        let root = folder.standardizedFileURL.path
        guard let tree = FolderListing.tree(root) else {
            sources.diagnostics.append(.error(display, .whole, "cannot read this folder, or a name in it is not UTF-8 text; name a readable folder of Markdown files"))
            return sources
        }
        for file in tree.files.sorted() {
            let path = String(file.dropFirst(root.count + 1))
            guard !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            guard path.hasSuffix(".md") else {
                sources.others.insert(path)
                continue
            }
            if let text = readText(path: file, file: display + "/" + path, diagnostics: &sources.diagnostics) {
                sources.texts[path] = text
            }
        }
        return sources
    }

    /// The bytes of files under `folder`, by their paths there, for the files an import copies.
    public static func importFiles(_ paths: [String], in folder: URL, display: String) -> ([(path: String, bytes: [UInt8])], Diagnostics) {
        var files: [(path: String, bytes: [UInt8])] = [], diagnostics = Diagnostics()
        for path in paths {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) {
                files.append((path, [UInt8](data)))
            } else {
                diagnostics.append(.error(display + "/" + path, .whole, "cannot read this file, which an imported article shows"))
            }
        }
        return (files, diagnostics)
    }
}

extension ContentLoader {
    /// Access logs, plain or gzip-compressed, as bytes, each named as given; one that cannot be
    /// read is an error at its name.
    public static func readLogs(_ paths: [String], workingDirectory: URL) -> ([ReaderEvidence.Log], Diagnostics) {
        var logs: [ReaderEvidence.Log] = [], diagnostics = Diagnostics()
        for path in paths {
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : workingDirectory.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                diagnostics.append(.error(path, .whole, "cannot read this log; name a readable access log"))
                continue
            }
            var bytes = [UInt8](unsafeUninitializedCapacity: data.count) { buffer, count in
                count = data.copyBytes(to: buffer)
            }
            if Gzip.isCompressed(bytes) {
                guard let plain = Gzip.decompress(bytes) else {
                    diagnostics.append(.error(path, .whole, "this gzip file is damaged or cut short; nothing of it was read"))
                    continue
                }
                bytes = plain
            }
            logs.append(ReaderEvidence.Log(file: path, bytes: bytes))
        }
        return (logs, diagnostics)
    }

    /// A text file's current text, or nil when it is not there.
    public static func optionalText(_ url: URL) -> String? {
        FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
    }
}
