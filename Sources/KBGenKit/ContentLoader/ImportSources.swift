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
