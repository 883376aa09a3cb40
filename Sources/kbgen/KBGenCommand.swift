import ArgumentParser
import Foundation
import KBGenKit

/// `kbgen` with no arguments is `kbgen build`.
@main
struct KBGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kbgen",
        abstract: "Builds a static site from fix articles written in Markdown.",
        subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self, InitCommand.self, NewCommand.self, ImportCommand.self, FeedbackCommand.self, ReportCommand.self, StepsCommand.self, ThemeCommand.self],
        defaultSubcommand: BuildCommand.self
    )

    /// Usage errors exit with status 2 (ArgumentParser's own default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            if code != .failure { FileHandle.standardError.write(Data("Run 'kbgen --help' for usage.\n".utf8)) }
            Foundation.exit(2)
        }
    }
}

struct SourceOptions: ParsableArguments {
    @Option(help: "The folder of fix articles.")
    var content = "Content"

    @Option(help: ArgumentHelp("The folder of templates and theme files that replace the built-in theme's, file by file.",
                               valueName: "dir"))
    var templates: String?

    @Flag(help: "Include articles marked draft: true.")
    var drafts = false

    func buildOptions(output: String = "Output", baseURL: String? = nil) -> BuildOptions {
        var options = BuildOptions(workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                                   content: content, templates: templates ?? "Templates", output: output,
                                   baseURL: baseURL, includeDrafts: drafts)
        options.templatesNamed = templates != nil
        return options
    }
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build the site into the output folder (the default).")

    @OptionGroup var source: SourceOptions

    @Option(help: "The folder to write the site to; it is replaced whole.")
    var output = "Output"

    @Option(name: .customLong("base-url"), help: "The site's address, for sitemap, feed and canonical links; overrides base_url in kbgen.yml.")
    var baseURL: String?

    @Flag(help: "Print only problems, no progress or summary.")
    var quiet = false

    @Flag(help: "Print how long each stage of the build took, and where rendering's processor time went.")
    var timings = false

    @Flag(help: "Render every page, ignoring what the last build left in the output folder.")
    var full = false

    func run() throws {
        let started = Date()
        var options = source.buildOptions(output: output, baseURL: baseURL)
        options.incremental = !full
        options.toolVersion = Self.toolVersion()
        options.timings = timings
        let terminal = Terminal(quiet: quiet)
        let result = Pipeline.run(options, write: true, progress: terminal.progress)
        terminal.clearProgress()
        terminal.print(result.diagnostics)
        if timings { terminal.timings(result.timings) }
        let seconds = Date().timeIntervalSince(started)
        let time = String(format: "%.2f", seconds)
        let folder = options.displayPath(options.output) + "/"
        if let site = result.site, result.status == .built {
            let articles = Terminal.counted(site.articleCount, "article")
            if result.upToDate {
                terminal.summary("nothing changed since the last build; \(folder) is up to date (\(articles)) in \(time) s\(Terminal.counts(result.diagnostics))")
            } else if result.filesWritten < site.files.count {
                terminal.summary("built \(articles) into \(folder) in \(time) s, \(result.filesWritten) of \(site.files.count) files changed\(Terminal.counts(result.diagnostics))")
            } else {
                terminal.summary("built \(articles) and \(site.files.count) files into \(folder) in \(time) s\(Terminal.counts(result.diagnostics))")
            }
            if !quiet && !timings { terminal.note("  open \(folder)index.html in a browser, or run kbgen serve to preview the site as you edit") }
        } else {
            terminal.summary("nothing written\(Terminal.counts(result.diagnostics)); \(options.displayPath(options.output))/ is unchanged", always: true)
        }
        // Everything is written and said: end here rather than free the site value by value,
        // which takes a large knowledge base a few tenths of a second on one core.
        fflush(nil)
        withExtendedLifetime(result) { Foundation.exit(result.status.rawValue) }
    }
}

extension BuildCommand {
    /// Size and time of the kbgen executable: a rebuilt kbgen does not reuse pages an older one rendered.
    static func toolVersion() -> String {
        let path = CommandLine.arguments.first.flatMap { $0.contains("/") ? $0 : nil } ?? "/proc/self/exe"
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              let size = attributes[.size] as? Int, let date = attributes[.modificationDate] as? Date else { return "unknown" }
        return "\(size)-\(date.timeIntervalSince1970)"
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check everything a build would, without writing.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var source: SourceOptions

    @Flag(help: "Treat warnings as errors (exit 1).")
    var strict = false

    @Option(help: "text (compiler style, on stderr) or json (on stdout).")
    var format: Format = .text

    func run() throws {
        let options = source.buildOptions()
        let result = Pipeline.run(options, write: false)
        var status = result.status
        if strict && status == .built && !result.diagnostics.warnings.isEmpty { status = .contentErrors }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let report = CheckReport(status: Int(status.rawValue), diagnostics: result.diagnostics.sorted.map(CheckReport.Item.init),
                                     repeatedSteps: result.repeatedSteps.map(CheckReport.Group.init))
            let data = (try? encoder.encode(report)) ?? Data()
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        case .text:
            let terminal = Terminal(quiet: false)
            terminal.print(result.diagnostics)
            print(RepeatsReport.text(result.repeatedSteps), terminator: "")
            let articles = result.site?.articleCount
            terminal.summary("checked \(articles.map { Terminal.counted($0, "article") } ?? "the knowledge base")\(Terminal.counts(result.diagnostics))", always: true)
        }
        throw ExitCode(status.rawValue)
    }
}

struct CheckReport: Encodable {
    struct Item: Encodable {
        var severity: String
        var file: String
        var line: Int
        var column: Int
        var message: String

        init(_ d: Diagnostic) {
            severity = d.severity.rawValue
            file = d.file
            line = d.line
            column = d.column
            message = d.message
        }
    }

    struct Group: Encodable {
        struct Place: Encodable {
            var file: String
            var line: Int
            var column: Int
            var text: String
            var isStepLink: Bool

            enum CodingKeys: String, CodingKey { case file, line, column, text, isStepLink = "step_link" }
        }

        var id: String
        var wording: String
        var stepFile: Bool
        var places: [Place]

        enum CodingKeys: String, CodingKey { case id, wording, stepFile = "step_file", places }

        init(_ g: RepeatedStepGroup) {
            id = g.id
            wording = g.wording
            stepFile = g.isStepFile
            places = g.occurrences.map { Place(file: $0.file, line: $0.position.line, column: $0.position.column, text: $0.text, isStepLink: $0.isReference) }
        }
    }

    var status: Int
    var diagnostics: [Item]
    var repeatedSteps: [Group]

    enum CodingKeys: String, CodingKey { case status, diagnostics, repeatedSteps = "repeated_steps" }
}
