import Foundation
import Glibc

extension SiteWriter {
    /// What `create` did with each file.
    public struct Created: Sendable, Equatable {
        /// Paths written, under the folder, in order.
        public var written: [String] = []
        /// Paths left as they were, because something was there.
        public var kept: [String] = []
    }

    /// Writes the files a writer starts from (`kbgen init`, `kbgen new`, `kbgen theme eject`)
    /// under `folder`, making the folders on their paths, and never replaces one: each is created
    /// only if nothing is at its path, in one step (`O_EXCL`), so that a file made meanwhile by
    /// anyone else is not lost either.
    /// - Throws: a `Diagnostic` at the path that could not be written; what was written before stays.
    public static func create(_ files: [(path: String, bytes: [UInt8])], in folder: URL, display: String) throws -> Created {
        var created = Created()
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            let shown = display.isEmpty ? file.path : display + "/" + file.path
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw Diagnostic.error(shown, .whole, "cannot make its folder (\(error.localizedDescription))")
            }
            let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd < 0 {
                if errno == EEXIST { created.kept.append(file.path); continue }
                throw Diagnostic.error(shown, .whole, "cannot write it (\(String(cString: strerror(errno))))")
            }
            do {
                defer { close(fd) }
                try file.bytes.withUnsafeBytes { try write($0, to: fd) }
            } catch {
                unlink(url.path)
                throw Diagnostic.error(shown, .whole, "cannot write it (\(reason(error)))")
            }
            created.written.append(file.path)
        }
        return created
    }
}

extension SiteWriter {
    /// Replaces the text of a file of the writer's (the feedback file, `kbgen.yml`) through a
    /// temporary file and a rename, only when it still holds `before` (nil: when it is not there).
    /// - Throws: a `Diagnostic` at `display` when it changed meanwhile or cannot be written.
    public static func replaceText(at url: URL, with text: String, before: String?, display: String) throws {
        let current = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
        guard current == before else {
            throw Diagnostic.error(display, .whole, "the file changed while kbgen was working; run the command again")
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try replace(url.path) { try writeFile($0, text) }
        } catch {
            throw Diagnostic.error(display, .whole, "cannot write it (\(reason(error)))")
        }
    }
}
