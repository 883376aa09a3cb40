import ArgumentParser
import Foundation
import KBGenKit

/// `kbgen theme`: what a theme author needs to know of kbgen's templates.
struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "Help for writing a theme.",
        subcommands: [ThemeNamesCommand.self, ThemeEjectCommand.self]
    )
}

/// `kbgen theme eject`: the built-in theme written out for editing. A file already there is kept,
/// so that ejecting again after an upgrade brings only the files that are new.
struct ThemeEjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eject",
        abstract: "Write the built-in theme into a folder for editing, never replacing a file.",
        discussion: "kbgen builds with the files of that folder in place of the built-in ones of the same path; delete the ones you do not change and they follow kbgen's."
    )

    @Argument(help: ArgumentHelp("The folder to write the theme to.", valueName: "dir"))
    var folder = "Templates"

    func run() throws {
        let url = URL(fileURLWithPath: folder, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let files = BuiltInTheme.files.keys.sorted().map { (path: $0, bytes: BuiltInTheme.files[$0]!) }
        let terminal = Terminal(quiet: false)
        do {
            let report = try SiteWriter.create(files, in: url, display: folder)
            for path in report.kept {
                terminal.note("\(folder)/\(path): kept as it is; a file was already there")
            }
            terminal.summary("wrote \(Terminal.counted(report.written.count, "file")) of the built-in theme into \(folder)/" +
                             (report.kept.isEmpty ? "" : ", kept \(report.kept.count) already there"), always: true)
        } catch let problem as Diagnostic {
            terminal.print(Diagnostics([problem]))
            throw ExitCode(1)
        }
    }
}

struct ThemeNamesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "names",
        abstract: "List the names a page kind's template can use, with their types and meanings.",
        discussion: "Page kinds: \(ThemeReference.pageKinds.joined(separator: ", ")). Without one, every kind is listed."
    )

    @Argument(help: "A page kind: \(ThemeReference.pageKinds.joined(separator: ", ")).")
    var kind: String?

    @Flag(help: "Print the reference in Markdown, as docs/themes.md holds it.")
    var markdown = false

    func validate() throws {
        if let kind, !ThemeReference.pageKinds.contains(kind) {
            throw ValidationError("there is no page kind '\(kind)'; the page kinds are \(ThemeReference.pageKinds.joined(separator: ", "))")
        }
    }

    func run() throws {
        if markdown {
            print(ThemeReference.markdown, terminator: "")
            return
        }
        let kinds = kind.map { [$0] } ?? ThemeReference.pageKinds
        print(kinds.compactMap(ThemeReference.text(kind:)).joined(separator: "\n"), terminator: "")
    }
}
