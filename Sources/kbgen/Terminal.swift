import Foundation
import KBGenKit

/// Everything the command prints on stderr: diagnostics, a progress bar on a terminal, the summary.
struct Terminal {
    let quiet: Bool
    let isTTY: Bool

    init(quiet: Bool) {
        self.quiet = quiet
        self.isTTY = isatty(STDERR_FILENO) != 0
    }

    func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    func print(_ diagnostics: Diagnostics) {
        for d in diagnostics.sorted { write(d.description + "\n") }
    }

    /// A one-line bar redrawn in place; only on a terminal, never in logs.
    func progress(_ stage: String, _ done: Double) {
        guard isTTY && !quiet else { return }
        let width = 30
        let filled = Int((done * Double(width)).rounded())
        write("\r\u{1B}[K[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] " + stage)
    }

    func clearProgress() {
        guard isTTY && !quiet else { return }
        write("\r\u{1B}[K")
    }

    /// Each stage's wall time, processor time on all cores, and the process's peak memory when it
    /// ended; under a stage that splits its processor time, each part's share.
    func timings(_ stages: [StageTiming]) {
        for t in stages {
            write(String(format: "%8.3f s %8.3f s cpu %7.0f MB peak  ", t.seconds, t.cpuSeconds, Double(t.peakBytes) / 1e6) + t.stage + "\n")
            for part in t.parts {
                write(String(repeating: " ", count: 11) + String(format: "%8.3f s cpu", part.cpuSeconds)
                      + String(repeating: " ", count: 17) + "- " + part.name + "\n")
            }
        }
    }

    func summary(_ line: String, always: Bool = false) {
        guard !quiet || always else { return }
        write("kbgen: " + line + "\n")
    }

    /// A line about one file, not a problem with it.
    func note(_ line: String) {
        write(line + "\n")
    }

    static func counts(_ d: Diagnostics) -> String {
        let e = d.errors.count, w = d.warnings.count
        var parts: [String] = []
        if e > 0 { parts.append(counted(e, "error")) }
        if w > 0 { parts.append(counted(w, "warning")) }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    /// `1 article`, `2 articles`: a number with its noun, in the plural unless it is one.
    static func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
