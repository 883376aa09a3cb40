import Glibc

/// What `kbgen serve` watches, as a value to compare: every file under the content and
/// templates folders, the settings and the feedback file, each with the stamp the loader reads
/// again by (`ContentLoader.change`), and the folders looked in, which the kernel is asked to
/// watch. Polling this is enough for a writer's folder and needs nothing of the system.
public struct PreviewWatch: Sendable, Equatable {
    public var stamps: [String: String] = [:]
    public var folders = Set<String>()

    public init() {}

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
            folders.insert(path)
            for (name, _, _) in FolderListing.entries(path) ?? [] where !Self.isEditorTemporary(name) {
                add(path + "/" + name)
            }
        } else {
            stamps[path] = ContentLoader.change(info)
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

/// The kernel's word that something changed in a watched folder (Linux's inotify), so that the
/// preview builds again at once rather than at its next look. It only wakes the watcher: what
/// changed is still told by comparing `PreviewWatch` snapshots, so a missed or extra event costs
/// a look, never a wrong build. A class, because it owns a file descriptor.
public final class PreviewEvents: @unchecked Sendable {
    private let fd: Int32
    private var watched: [String: Int32] = [:]

    /// Nil where the system gives no inotify (or none is left): the watcher then only polls.
    public init?() {
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { return nil }
    }

    deinit { close(fd) }

    /// Watches each of `folders` (those a snapshot looked in, and the folder of `kbgen.yml`, where
    /// the content folder may also appear), adding the ones not watched yet.
    public func watch(_ folders: Set<String>) {
        let mask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
                          | IN_DELETE_SELF | IN_MOVE_SELF)
        for folder in folders where watched[folder] == nil {
            let descriptor = inotify_add_watch(fd, folder, mask)
            if descriptor >= 0 { watched[folder] = descriptor }
        }
    }

    /// Waits up to `seconds` for an event and reads every one that came; true when any did.
    public func wait(_ seconds: Double) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, Int32(seconds * 1000)) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var any = false
        while read(fd, &buffer, buffer.count) > 0 { any = true }
        return any
    }
}
