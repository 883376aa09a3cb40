/// Whether a path under Content/ can be published everywhere a site may be copied: a web server,
/// a Windows file share, a browser opening it from disk. A name that cannot is an error naming the
/// file, never a page that some readers cannot reach.
enum PublishableName {
    /// Bytes a name of a file or folder may have; its page adds `.html`, its staging folder more.
    static let maxNameBytes = 200
    /// Bytes a whole path under Content/ may have.
    static let maxPathBytes = 400

    /// Names Windows keeps for devices, with or without an extension: `CON`, `nul.md`, `COM1.png`.
    static let reservedOnWindows: Set<String> = {
        var names: Set<String> = ["con", "prn", "aux", "nul"]
        for n in 1...9 { names.insert("com\(n)"); names.insert("lpt\(n)") }
        return names
    }()

    /// Characters a Windows file name cannot hold.
    static let forbiddenOnWindows: Set<Unicode.Scalar> = ["<", ">", ":", "\"", "\\", "|", "?", "*"]

    /// Why the file or folder `name`, at `path` under Content/, cannot be published; nil when it
    /// can. Only the last name is checked: a walk enters no folder whose name has a problem.
    static func problem(name: String, path: String) -> String? {
        if path.utf8.count > maxPathBytes {
            return "this path is \(path.utf8.count) bytes long, over the \(maxPathBytes) a published page may have; shorten its folders or name"
        }
        return problem(name: Substring(name))
    }

    static func problem(name: Substring) -> String? {
        if name.utf8.count > maxNameBytes {
            return "the name '\(name.prefix(40))...' is \(name.utf8.count) bytes long, over the \(maxNameBytes) a published page may have; shorten it"
        }
        for s in name.unicodeScalars {
            if s.value < 0x20 || s.value == 0x7F {
                return "the name holds a control character (U+\(hex(s))); rename the file"
            }
            if Diagnostic.isBidirectionalControl(s) {
                return "the name holds a character that reverses how text is shown (U+\(hex(s))), so it reads as another name; rename the file"
            }
            if forbiddenOnWindows.contains(s) {
                return "the name holds '\(s)', which Windows file shares cannot hold (nor \\ / : * ? \" < > |); rename the file"
            }
            if s == "#" {
                return "the name holds '#', which starts an anchor in every link to it; rename the file"
            }
        }
        var stem = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map { $0.lowercased() } ?? ""
        while stem.last == " " { stem.removeLast() }
        if reservedOnWindows.contains(stem) {
            return "the name '\(name)' is reserved by Windows for a device, and the page could not be opened from a file share; rename the file"
        }
        if name.last == "." || name.last == " " {
            return "the name ends in '\(name.last!)', which Windows removes, so the page would not be found; rename the file"
        }
        return nil
    }

    static func hex(_ s: Unicode.Scalar) -> String {
        let digits = String(s.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
