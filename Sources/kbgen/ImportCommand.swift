import ArgumentParser
import Foundation
import KBGenKit

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Propose kbgen articles for a folder of fix articles written for docfx, Hugo or MkDocs.",
        discussion: "Without --write, prints what it would write. With --write, writes the articles (never replacing a file), copies the images they show, and checks the result."
    )

    @Argument(help: ArgumentHelp("The folder of Markdown articles to import.", valueName: "source-dir"))
    var source: String

    @Option(help: "The content folder to write the articles into.")
    var into = "Content"

    @Flag(help: "Write the articles; without it, only the plan is printed.")
    var write = false

    @Option(name: .customLong("site-url"), help: ArgumentHelp("Where the source folder was published: links to its pages that are not imported become their addresses there.", valueName: "url"))
    var siteURL: String?

    func validate() throws {
        if let siteURL, URL(string: siteURL)?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) != true {
            throw ValidationError("--site-url takes an address that starts with https:// or http://")
        }
    }

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let folder = URL(fileURLWithPath: source, relativeTo: cwd).standardizedFileURL
        let terminal = Terminal(quiet: false)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            terminal.print(Diagnostics([.error(source, .whole, "no such folder; name the folder of Markdown articles to import")]))
            throw ExitCode(2)
        }
        let display = source.hasSuffix("/") ? String(source.dropLast()) : source
        let sources = ContentLoader.importSources(folder, display: display)
        let plan = Importer.plan(sources.texts, others: sources.others, display: display, today: Today.text, siteURL: siteURL)
        var diagnostics = sources.diagnostics
        diagnostics.append(contentsOf: plan.skipped)
        for proposal in plan.proposals {
            let solutions = proposal.solutions.map { "\($0.title) (\(Terminal.counted($0.steps, "step")))" }
            print("\(into)/\(proposal.id).md: \(Terminal.counted(proposal.solutions.count, "solution"))" + (solutions.isEmpty ? "" : ": " + solutions.joined(separator: "; ")))
            diagnostics.append(contentsOf: proposal.warnings)
        }
        terminal.print(diagnostics)
        let steps = plan.proposals.reduce(0) { $0 + $1.solutions.reduce(0) { $0 + $1.steps } }
        let found = "\(Terminal.counted(plan.proposals.count, "article")) with \(Terminal.counted(plan.proposals.reduce(0) { $0 + $1.solutions.count }, "solution")) and \(Terminal.counted(steps, "step"))"
        guard write else {
            terminal.summary("would import \(found)\(Terminal.counts(diagnostics)); run again with --write to write them into \(into)/", always: true)
            return
        }
        let kept = try writeArticles(plan, from: folder, display: display, terminal: terminal)
        terminal.summary("imported \(found) into \(into)/" + (kept == 0 ? "" : kept == 1 ? "; 1 file was already there and is left as it was"
                                                                        : "; \(kept) files were already there and are left as they were"), always: true)
        try check(terminal: terminal)
    }

    /// Writes every article and the files they show, never replacing a file; returns how many
    /// were already there.
    func writeArticles(_ plan: Importer.Plan, from folder: URL, display: String, terminal: Terminal) throws -> Int {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let root = URL(fileURLWithPath: into, relativeTo: cwd).standardizedFileURL
        let (copies, unreadable) = ContentLoader.importFiles(Array(Set(plan.proposals.flatMap(\.files))).sorted(), in: folder, display: display)
        let files = plan.proposals.map { (path: $0.id + ".md", bytes: Array($0.text.utf8)) } + copies
        do {
            let report = try SiteWriter.create(files, in: root, display: into)
            var problems = unreadable
            for path in report.kept {
                problems.append(.warning(into + "/" + path, .whole, "already exists and was left as it is; the imported one was not written"))
            }
            terminal.print(problems)
            return report.kept.count
        } catch let problem as Diagnostic {
            terminal.print(Diagnostics([problem]))
            throw ExitCode(1)
        }
    }

    /// `kbgen check` on the content folder, with the repeated steps it finds.
    func check(terminal: Terminal) throws {
        let options = BuildOptions(workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), content: into)
        let result = Pipeline.run(options, write: false)
        terminal.print(result.diagnostics)
        print(RepeatsReport.text(result.repeatedSteps), terminator: "")
        terminal.summary("checked \(into)/\(Terminal.counts(result.diagnostics))", always: true)
        if result.status != .built { throw ExitCode(result.status.rawValue) }
    }
}
