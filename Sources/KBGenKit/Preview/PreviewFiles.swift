import Foundation
import Glibc

/// How `kbgen serve` answers a path: a file of the preview folder, never one outside it.
public enum PreviewFiles {
    public enum Answer: Equatable, Sendable {
        /// A file of the site, by its path on disk.
        case file(String)
        /// A folder asked for without its `/`: the address to send the browser to.
        case redirect(String)
        case notFound
        /// A path that tries to leave the site (`..`, an encoded `/` or `\`, a NUL) or a file
        /// reached through a link that points out of it.
        case forbidden
    }

    /// - Parameters:
    ///   - path: the request's path as sent, percent-encoded, without its query.
    ///   - root: the preview folder, resolved (no symbolic links on its way).
    public static func answer(_ path: String, root: String) -> Answer {
        guard path.hasPrefix("/"), let decoded = decode(path) else { return .forbidden }
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: true)
        if parts.contains(where: { $0 == ".." || $0 == "." || $0.contains("\\") || $0.contains("\0") }) { return .forbidden }
        // An encoded "/" would put a separator where the request had none.
        if path.lowercased().contains("%2f") || path.lowercased().contains("%5c") { return .forbidden }
        var file = root + (parts.isEmpty ? "" : "/" + parts.joined(separator: "/"))
        var info = stat()
        guard stat(file, &info) == 0 else { return .notFound }
        if info.st_mode & S_IFMT == S_IFDIR {
            guard path.hasSuffix("/") else { return .redirect(path + "/") }
            file += "/index.html"
            guard stat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return .notFound }
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .notFound }
        // A symbolic link inside the site that points out of it is refused, whatever it names.
        guard let real = realpath(file, nil) else { return .notFound }
        defer { free(real) }
        let resolved = String(cString: real)
        guard resolved.hasPrefix(root + "/") else { return .forbidden }
        return .file(file)
    }

    /// Percent-decoding that refuses malformed escapes and bytes that are not UTF-8.
    static func decode(_ path: String) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(path.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard utf8.count >= 2, let high = hexValue(utf8.popFirst()!), let low = hexValue(utf8.popFirst()!) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The content type of a file of the site, by its extension.
    public static func contentType(_ path: String) -> String {
        let ext = path.split(separator: "/").last.flatMap { name in name.lastIndex(of: ".").map { name[name.index(after: $0)...].lowercased() } } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return "application/xml"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "avif": return "image/avif"
        case "ico": return "image/x-icon"
        case "pdf": return "application/pdf"
        case "woff": return "font/woff"
        case "woff2": return "font/woff2"
        case "mp4": return "video/mp4"
        case "webm": return "video/webm"
        case "zip": return "application/zip"
        default: return "application/octet-stream"
        }
    }
}
