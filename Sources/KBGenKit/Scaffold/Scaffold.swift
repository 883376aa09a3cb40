import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes the files a writer starts from (`kbgen init`, `kbgen new`, `kbgen theme eject`), and
/// never replaces one: each file is created only if nothing is at its path, in one step
/// (`O_EXCL`), so that a file made meanwhile by anyone else is not lost either.
public enum Scaffold {
    public struct Report: Sendable, Equatable {
        /// Paths written, under the folder, in order.
        public var written: [String] = []
        /// Paths left as they were, because something was there.
        public var kept: [String] = []
    }

    /// Writes each file under `folder`, making the folders on its path.
    /// - Throws: a `Diagnostic` at the path that could not be written; what was written before stays.
    public static func write(_ files: [(path: String, bytes: [UInt8])], into folder: URL, display: String) throws -> Report {
        var report = Report()
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
                if errno == EEXIST { report.kept.append(file.path); continue }
                throw Diagnostic.error(shown, .whole, "cannot write it (\(String(cString: strerror(errno))))")
            }
            let ok = file.bytes.withUnsafeBytes { buffer -> Bool in
                var done = 0
                while done < buffer.count {
                    let n = Glibc.write(fd, buffer.baseAddress! + done, buffer.count - done)
                    if n < 0 { if errno == EINTR { continue }; return false }
                    done += n
                }
                return true
            }
            let problem = ok ? nil : String(cString: strerror(errno))
            close(fd)
            if let problem {
                unlink(url.path)
                throw Diagnostic.error(shown, .whole, "cannot write it (\(problem))")
            }
            report.written.append(file.path)
        }
        return report
    }
}
