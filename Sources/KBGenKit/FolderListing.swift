import Glibc

/// A folder's names as `readdir` lists them, with their types where the file system gives them:
/// telling files from folders without an `lstat` for each name, so that the names can then be
/// looked at, or removed, on all cores.
enum FolderListing {
    /// The names in a folder, with their types (`DT_UNKNOWN` where the file system does not say);
    /// nil when the folder cannot be read. A name that is not UTF-8 comes with its bytes repaired
    /// (so that it names no file) and `utf8` false.
    static func entries(_ folder: String) -> [(name: String, type: Int32, utf8: Bool)]? {
        guard let dir = opendir(folder) else { return nil }
        defer { closedir(dir) }
        var found: [(name: String, type: Int32, utf8: Bool)] = []
        while let entry = readdir(dir) {
            let (name, utf8) = withUnsafeBytes(of: entry.pointee.d_name) { raw -> (String, Bool) in
                let bytes = raw.prefix { $0 != 0 }
                if let name = String(validating: bytes, as: UTF8.self) { return (name, true) }
                return (String(decoding: bytes, as: UTF8.self), false)
            }
            if name != "." && name != ".." { found.append((name, Int32(entry.pointee.d_type), utf8)) }
        }
        return found
    }

    /// Whether a listed name is a folder: from its type, or from `lstat` at `path` where the file
    /// system did not say; nil when that fails.
    static func isFolder(_ type: Int32, at path: String) -> Bool? {
        if type == Int32(DT_DIR) { return true }
        if type != Int32(DT_UNKNOWN) { return false }
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT == S_IFDIR
    }

    /// Every folder under `root` (itself first, each before the folders in it) and every other
    /// name, as paths; nil when a folder cannot be read or a name is not UTF-8.
    static func tree(_ root: String) -> (folders: [String], files: [String])? {
        var folders = [root], files: [String] = []
        var i = 0
        while i < folders.count {
            guard let names = entries(folders[i]) else { return nil }
            for (name, type, utf8) in names {
                guard utf8, let folder = isFolder(type, at: folders[i] + "/" + name) else { return nil }
                if folder { folders.append(folders[i] + "/" + name) } else { files.append(folders[i] + "/" + name) }
            }
            i += 1
        }
        return (folders, files)
    }
}
