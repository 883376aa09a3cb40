import Foundation

/// The default theme, built into kbgen from the repository's Templates/ (Plugins/EmbedTheme). A
/// knowledge base with no templates folder builds with it; a folder's files override it one by one.
public enum BuiltInTheme {
    /// Each file by its path under Templates/ (`article.mustache`, `assets/kbgen.css`).
    public static let files: [String: [UInt8]] = {
        var out: [String: [UInt8]] = [:]
        for file in EmbeddedTheme.files {
            out[file.path] = Data(base64Encoded: file.base64).map { [UInt8]($0) } ?? []
        }
        return out
    }()

    /// How messages name a file of the built-in theme, which has no place on disk.
    public static let folder = "(built-in theme)"
}
