import Foundation

// kbgen-embed TEMPLATES-DIR OUTPUT.swift
//
// Writes the default theme into a Swift file, so that the kbgen binary carries it: the
// repository's Templates/ stays its one source. Each file is kept as base64, which holds any
// bytes exactly and needs no escaping in a Swift literal.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: kbgen-embed TEMPLATES-DIR OUTPUT.swift\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1])
let output = URL(fileURLWithPath: arguments[2])

func files(under folder: URL, prefix: String) throws -> [String] {
    var out: [String] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where !name.hasPrefix(".") {
        let url = folder.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        if isDirectory.boolValue {
            out += try files(under: url, prefix: prefix + name + "/")
        } else {
            out.append(prefix + name)
        }
    }
    return out
}

var text = "// Made from Templates/ by kbgen-embed at build time; not kept in the repository.\n\n"
text += "enum EmbeddedTheme {\n    /// Each file of the default theme: its path under Templates/ and its bytes in base64.\n"
text += "    static let files: [(path: String, base64: String)] = [\n"
do {
    for path in try files(under: root, prefix: "") {
        let data = try Data(contentsOf: root.appendingPathComponent(path))
        let quoted = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        text += "        (\"\(quoted)\", \"\(data.base64EncodedString())\"),\n"
    }
    text += "    ]\n}\n"
    // Written only when it changed, so that an unchanged theme compiles nothing again.
    if (try? Data(contentsOf: output)) != Data(text.utf8) {
        try Data(text.utf8).write(to: output, options: .atomic)
    }
} catch {
    FileHandle.standardError.write(Data("kbgen-embed: \(error)\n".utf8))
    exit(1)
}
