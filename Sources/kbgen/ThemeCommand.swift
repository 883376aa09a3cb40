import ArgumentParser
import Foundation
import KBGenKit

/// `kbgen theme`: what a theme author needs to know of kbgen's templates.
struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "Help for writing a theme.",
        subcommands: [ThemeNamesCommand.self]
    )
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
