import ArgumentParser
import Foundation
import KBGenKit

/// `kbgen init`: a new knowledge base that builds at once.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a knowledge base: kbgen.yml, two example articles and a shared step, and a .gitignore.",
        discussion: "Refuses a folder that already has Content/ or kbgen.yml, and never replaces a file."
    )

    @Argument(help: ArgumentHelp("The folder to start it in; made if missing.", valueName: "dir"))
    var folder = "."

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let root = URL(fileURLWithPath: folder, relativeTo: cwd).standardizedFileURL
        let shown = folder == "." ? "" : (folder.hasSuffix("/") ? String(folder.dropLast()) : folder)
        let terminal = Terminal(quiet: false)
        for existing in ["Content", "kbgen.yml"] where FileManager.default.fileExists(atPath: root.appendingPathComponent(existing).path) {
            let path = shown.isEmpty ? existing : shown + "/" + existing
            terminal.print(Diagnostics([.error(path, .whole,
                "already exists, so this folder holds a knowledge base; kbgen init starts a new one and changes nothing here (build this one with kbgen build)")]))
            throw ExitCode(1)
        }
        let files = Starter.knowledgeBase(today: Today.text).map { (path: $0.path, bytes: Array($0.text.utf8)) }
        let report: SiteWriter.Created
        do { report = try SiteWriter.create(files, in: root, display: shown) } catch let problem as Diagnostic {
            terminal.print(Diagnostics([problem]))
            throw ExitCode(1)
        }
        for path in report.kept {
            terminal.note("\(shown.isEmpty ? "" : shown + "/")\(path): kept as it is; add the lines of kbgen's to it by hand:\n" +
                          Starter.gitignore.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        }
        terminal.summary("started a knowledge base in \(shown.isEmpty ? "this folder" : shown + "/"): kbgen.yml, 2 articles and 1 shared step in Content/", always: true)
        var next = "Next:\n"
        if !shown.isEmpty { next += "  cd \(shown)\n" }
        next += "  kbgen serve     preview the site as you edit, at http://127.0.0.1:8000/\n"
        next += "  kbgen new ID    start an article (Content/ID.md)\n"
        next += "  kbgen build     write the site into Output/\n"
        terminal.note(next)
    }
}

/// `kbgen new`: one article from a skeleton that builds as it is.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start an article: Content/ID.md with front matter and one solution to fill in.",
        discussion: "The id is the article's path under Content/ without .md (printing/printer-offline). An existing file is never replaced."
    )

    @Argument(help: ArgumentHelp("The article's id: its path under the content folder, without .md.", valueName: "id"))
    var id: String

    @Option(help: "The article's title; without it, one is made from the id.")
    var title: String?

    @Option(help: "The folder of fix articles.")
    var content = "Content"

    func validate() throws {
        if let problem = Starter.idProblem(id) { throw ValidationError("'\(id)' is not a valid article id: \(problem)") }
        if let title, title.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the title is empty; write one, or leave out --title") }
    }

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let root = URL(fileURLWithPath: content, relativeTo: cwd).standardizedFileURL
        let terminal = Terminal(quiet: false)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            terminal.print(Diagnostics([.error(content, .whole,
                "the content folder does not exist; run kbgen init to start a knowledge base, or name the folder with --content")]))
            throw ExitCode(1)
        }
        let path = id + ".md", shown = content + "/" + path
        let text = Starter.article(id: id, title: title, today: Today.text)
        do {
            let report = try SiteWriter.create([(path: path, bytes: Array(text.utf8))], in: root, display: content)
            if !report.kept.isEmpty {
                terminal.print(Diagnostics([.error(shown, .whole,
                    "already exists and was left as it is; choose another id, or edit this file")]))
                throw ExitCode(1)
            }
        } catch let problem as Diagnostic {
            terminal.print(Diagnostics([problem]))
            throw ExitCode(1)
        }
        terminal.summary("wrote \(shown); fill in its summary, codes and solutions, then run kbgen serve or kbgen build", always: true)
    }
}

/// Today's date where kbgen runs, as front matter writes it (`updated: 2026-12-03`).
enum Today {
    static var text: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = .current
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
