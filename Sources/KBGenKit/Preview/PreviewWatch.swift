import Glibc

/// What `kbgen serve` watches, as a value to compare: every file under the content and
/// templates folders, the settings and the feedback file, each with its size, modification time
/// and file number. Polling this is enough for a writer's folder and needs nothing of the system.
public struct PreviewWatch: Sendable, Equatable {
    public var stamps: [String: String] = [:]

    /// - Parameter paths: folders and files; a missing one is recorded as missing, so that
    ///   making it counts as a change.
    public static func snapshot(_ paths: [String]) -> PreviewWatch {
        var watch = PreviewWatch()
        for path in paths { watch.add(path) }
        return watch
    }

    mutating func add(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { stamps[path] = "missing"; return }
        if info.st_mode & S_IFMT == S_IFDIR {
            for (name, _, _) in FolderListing.entries(path) ?? [] where !Self.isEditorTemporary(name) {
                add(path + "/" + name)
            }
        } else {
            stamps[path] = "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)-\(info.st_ino)"
        }
    }

    /// Files editors write beside the one being edited, which no build reads: hidden files (vim's
    /// `.name.swp`, Emacs's `.#name`), backups (`name~`), Emacs's `#name#`, vim's `4913` probe,
    /// and other editors' `.tmp`, `.swp`, `.swx`, `.crdownload` and `.part` files.
    public static func isEditorTemporary(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.hasSuffix("~") || name == "4913" { return true }
        if name.hasPrefix("#") && name.hasSuffix("#") { return true }
        let lower = name.lowercased()
        return [".tmp", ".swp", ".swx", ".crdownload", ".part"].contains { lower.hasSuffix($0) }
    }
}
