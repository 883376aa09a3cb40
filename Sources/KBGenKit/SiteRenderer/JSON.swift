/// A JSON value written by hand: Foundation's encoders were a tenth of the build. Object keys
/// are written sorted, so output never depends on hash order.
enum JSON {
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSON])
    case object([String: JSON])

    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .string(let s): JSON.writeString(s, to: &out)
        case .number(let d): JSON.writeNumber(d, to: &out)
        case .int(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                JSON.writeString(key, to: &out)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    /// Whole numbers without a fraction, as JSONEncoder writes them.
    static func writeNumber(_ d: Double, to out: inout String) {
        if d == d.rounded(), abs(d) < 1e15 { out += String(Int(d)) } else { out += "\(d)" }
    }

    /// `"key":` with the comma before it unless it is the object's first.
    static func writeKey(_ key: String, first: Bool = false, to out: inout String) {
        if !first { out += "," }
        writeString(key, to: &out)
        out += ":"
    }

    static func writeStrings(_ list: [String], to out: inout String) {
        out += "["
        for (i, s) in list.enumerated() {
            if i > 0 { out += "," }
            writeString(s, to: &out)
        }
        out += "]"
    }

    static func quoted(_ s: String) -> String {
        var out = ""
        writeString(s, to: &out)
        return out
    }

    /// A JSON string with `<`, `>` and `&` escaped too, so that no text can close a script
    /// element or start markup where the JSON is embedded in a page.
    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        var s = s
        // Most texts have nothing to escape: then they are appended whole, not copied piece by piece.
        // (0xE2 starts U+2028 and U+2029, and other characters the loop below keeps.)
        let plain = s.withUTF8 { !$0.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0xE2 } }
        if plain {
            out += s
            out += "\""
            return
        }
        s.withUTF8 { bytes in
            var start = 0
            func flush(_ end: Int) {
                if end > start { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) }
            }
            for (i, byte) in bytes.enumerated() {
                let escape: String?
                switch byte {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x3C: escape = "\\u003c"
                case 0x3E: escape = "\\u003e"
                case 0x26: escape = "\\u0026"
                case 0x00..<0x20: escape = "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
                // U+2028 and U+2029 (E2 80 A8/A9) end a line in older JavaScript.
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    escape = bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                default: escape = nil
                }
                guard let escape else { continue }
                flush(i)
                out += escape
                start = i + (byte == 0xE2 ? 3 : 1)
            }
            flush(bytes.count)
        }
        out += "\""
    }
}
