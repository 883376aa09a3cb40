import ArgumentParser
import Foundation
import KBGenKit

struct FeedbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Readers' answers to \"Did this fix it?\", from the web server's access logs.",
        subcommands: [FeedbackImportCommand.self]
    )
}

struct FeedbackImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Count the answers in access logs (combined or IIS W3C, plain or gzip) and add them to the feedback file.",
        discussion: "Without --write, prints what it would add. With --write, adds it to the file kbgen.yml names in feedback: (feedback.csv, made and named there when missing), never counting a log line twice."
    )

    @Argument(help: ArgumentHelp("Access logs.", valueName: "log"))
    var logs: [String]

    @Option(help: ArgumentHelp("Leave out answers before this day.", valueName: "YYYY-MM-DD"))
    var since: String?

    @Flag(help: "Add the answers to the feedback file; without it, only what would be added is printed.")
    var write = false

    @OptionGroup var source: SourceOptions

    func validate() throws {
        if let since, since.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil {
            throw ValidationError("--since takes a day as YYYY-MM-DD")
        }
    }

    func run() throws {
        let options = source.buildOptions()
        let terminal = Terminal(quiet: false)
        let (settings, settingsProblems) = ContentLoader.settings(options)
        guard !settingsProblems.hasErrors else { terminal.print(settingsProblems); throw ExitCode(2) }
        let (logs, unreadable) = ContentLoader.readLogs(self.logs, workingDirectory: options.workingDirectory)
        let (site, contentProblems) = ContentLoader.load(options, settings: settings)
        var solutions: [String: Set<String>] = [:]
        for article in site.articles { solutions[article.id] = Set(article.solutions.map(\.anchor)) }
        let feedbackName = settings.feedback?.value ?? "feedback.csv"
        let feedbackURL = ContentLoader.feedbackFile(feedbackName, options: options)
        let importedURL = URL(fileURLWithPath: FeedbackFile.importedPath(feedbackURL.path))
        let imported = ContentLoader.optionalText(importedURL).map(FeedbackFile.imported) ?? [:]
        let votes = ReaderEvidence.votes(logs, solutions: solutions, since: since, imported: imported)

        for count in votes.counts {
            print("\(count.article) #\(count.solution): +\(count.worked) worked, +\(count.failed) failed")
        }
        var diagnostics = unreadable
        if contentProblems.hasErrors { diagnostics.append(.warning(options.displayPath(options.content), .whole, "has errors; articles that did not load count as unknown")) }
        diagnostics.append(contentsOf: votes.skipped)
        terminal.print(diagnostics)
        let worked = votes.counts.reduce(0) { $0 + $1.worked }, failed = votes.counts.reduce(0) { $0 + $1.failed }
        let left = "left out: \(votes.bots) from bots, \(votes.unsuccessful) that did not succeed, \(votes.repeats) repeated by a reader the same day, \(votes.old) already imported or before --since, \(votes.skipped.count) skipped"
        guard write else {
            terminal.summary("would add \(worked) worked and \(failed) failed to \(feedbackName) (\(left)); run again with --write to add them", always: true)
            return
        }
        try save(votes, feedback: feedbackURL, name: feedbackName, imported: imported, importedURL: importedURL, settings: settings, options: options, terminal: terminal)
        terminal.summary("added \(worked) worked and \(failed) failed to \(feedbackName) (\(left)); the next build orders solutions with them", always: true)
    }

    /// The feedback file with the answers added, what was imported beside it, and `feedback:` in
    /// kbgen.yml when it named none.
    func save(_ votes: ReaderEvidence.Votes, feedback: URL, name: String, imported: [String: Int], importedURL: URL,
              settings: Settings, options: BuildOptions, terminal: Terminal) throws {
        let before = ContentLoader.optionalText(feedback)
        let (merged, problems) = FeedbackFile.merged(before, file: name, counts: votes.counts)
        guard let merged else {
            terminal.print(problems)
            terminal.summary("nothing written: fix \(name) first", always: true)
            throw ExitCode(1)
        }
        do {
            if settings.feedback == nil {
                let yml = options.settingsFile
                let text = ContentLoader.optionalText(yml)
                var next = text ?? ""
                if !next.isEmpty && !next.hasSuffix("\n") { next += "\n" }
                next += "# Reader outcomes, added to by kbgen feedback import.\nfeedback: \(name)\n"
                try SiteWriter.replaceText(at: yml, with: next, before: text, display: options.displayPath(yml))
            }
            try SiteWriter.replaceText(at: feedback, with: merged, before: before, display: name)
            var latest = imported
            for (log, time) in votes.latest { latest[log] = max(latest[log] ?? 0, time) }
            try SiteWriter.replaceText(at: importedURL, with: FeedbackFile.importedText(latest), before: ContentLoader.optionalText(importedURL),
                                       display: FeedbackFile.importedPath(name))
        } catch let problem as Diagnostic {
            terminal.print(Diagnostics([problem]))
            throw ExitCode(1)
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports from the web server's access logs.",
        subcommands: [SearchesReportCommand.self]
    )
}

struct SearchesReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "searches",
        abstract: "The searches that found nothing, most frequent first: what to write next."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: ArgumentHelp("Access logs (combined or IIS W3C, plain or gzip).", valueName: "log"))
    var logs: [String]

    @Option(help: "text, or json for scripts.")
    var format: Format = .text

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let terminal = Terminal(quiet: false)
        let (logs, unreadable) = ContentLoader.readLogs(self.logs, workingDirectory: cwd)
        let (searches, skipped) = ReaderEvidence.searchesNotFound(logs)
        terminal.print(Diagnostics(unreadable.all + skipped))
        switch format {
        case .json:
            struct Entry: Encodable { var query: String; var count: Int; var first: String; var last: String }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(searches.map { Entry(query: $0.query, count: $0.count, first: $0.first, last: $0.last) })) ?? Data()
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        case .text:
            for s in searches { print("\(s.count)\t\(s.query)\t(\(s.first == s.last ? s.first : s.first + " to " + s.last))") }
            terminal.summary("\(Terminal.counted(searches.count, "search")) found nothing", always: true)
        }
        if unreadable.hasErrors { throw ExitCode(1) }
    }
}
