/// The one error type of kbgen: a problem at a place in a file, printed compiler-style.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var severity: Severity
    /// Path relative to the working folder, as the writer would type it.
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(_ severity: Severity, _ file: String, _ position: SourcePosition = SourcePosition(line: 1, column: 1), _ message: String) {
        self.severity = severity
        self.file = file
        self.line = position.line
        self.column = position.column
        self.message = message
    }

    public static func error(_ file: String, _ position: SourcePosition = SourcePosition(line: 1, column: 1), _ message: String) -> Diagnostic {
        Diagnostic(.error, file, position, message)
    }

    public static func warning(_ file: String, _ position: SourcePosition = SourcePosition(line: 1, column: 1), _ message: String) -> Diagnostic {
        Diagnostic(.warning, file, position, message)
    }

    /// One line: control characters, and those that reverse how a terminal shows text, are
    /// written as escapes, so that a file name or a quoted byte cannot disguise the message.
    public var description: String {
        let place = line == 0 ? Self.visible(file) : "\(Self.visible(file)):\(line):\(column)"
        return "\(place): \(severity.rawValue): \(Self.visible(message))"
    }

    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for s in text.unicodeScalars {
            switch s {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where needsEscape(s): out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }

    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || s.value == 0x7F || isBidirectionalControl(s)
    }

    /// Characters that change how the text around them is shown: a name with them reads as
    /// another name (`exe.md` shown as `dm.exe`).
    static func isBidirectionalControl(_ s: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
            || s.value == 0x200E || s.value == 0x200F || s.value == 0x061C
    }
}

/// Every problem of a run, so that a writer sees them all at once rather than one per build.
public struct Diagnostics: Sendable, Equatable {
    public private(set) var all: [Diagnostic] = []

    public init(_ all: [Diagnostic] = []) { self.all = all }

    public mutating func append(_ d: Diagnostic) { all.append(d) }
    public mutating func append(contentsOf other: Diagnostics) { all.append(contentsOf: other.all) }
    public mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// By file, then line and column, so that output is stable however stages ran.
    public var sorted: [Diagnostic] {
        all.sorted { ($0.file, $0.line, $0.column, $0.message) < ($1.file, $1.line, $1.column, $1.message) }
    }
}

/// A problem that stops a run before any content is read: bad settings, an unsafe output folder.
/// The command line turns it into exit status 2.
public struct UsageError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
