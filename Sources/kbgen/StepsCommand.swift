import ArgumentParser
import Foundation
import KBGenKit

struct StepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steps",
        abstract: "Work with repeated steps.",
        subcommands: [ExtractCommand.self]
    )
}

/// `kbgen steps extract ID`: a group of repeats becomes Content/steps/ID.md and its places `[](step:ID)`.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Turn a group of repeated steps into a step file and link every place to it.",
        discussion: "Without --write, prints the changes as a diff and changes nothing. Group ids are the ones `kbgen check` lists."
    )

    @OptionGroup var source: SourceOptions

    @Argument(help: "Ids of the groups to extract, as `kbgen check` lists them.")
    var groups: [String] = []

    @Flag(help: "Extract every group of repeated steps.")
    var all = false

    @Option(help: "The id of the new step file, when extracting one group.")
    var id: String?

    @Flag(help: "Change the files instead of printing the diff.")
    var write = false

    func validate() throws {
        if groups.isEmpty && !all { throw ValidationError("name a group id (see `kbgen check`) or use --all") }
        if id != nil && (all || groups.count != 1) { throw ValidationError("--id goes with exactly one group") }
    }

    func run() throws {
        let options = source.buildOptions()
        let result = Pipeline.run(options, write: false)
        let terminal = Terminal(quiet: false)
        if result.status == .usageErrors {
            terminal.print(result.diagnostics)
            throw ExitCode(2)
        }
        let available = result.repeatedSteps
        var chosen: [RepeatedStepGroup] = []
        if all {
            chosen = available.filter { !$0.isStepFile }
        } else {
            for name in groups {
                guard let group = available.first(where: { $0.id == name }) else {
                    terminal.write("kbgen: there is no group of repeated steps called '\(name)'; `kbgen check` lists them\n")
                    throw ExitCode(1)
                }
                chosen.append(group)
            }
        }
        if chosen.isEmpty {
            terminal.summary("no repeated steps to extract", always: true)
            return
        }
        let files = chosen.flatMap { $0.occurrences.map(\.file) }
        let (sources, readProblems) = ContentLoader.sources(files, options: options)
        var problems = readProblems
        var edits: [FileEdit] = []
        var existing = result.stepFiles
        var working = sources
        for group in chosen {
            let stepID = id ?? group.id
            switch StepExtractor.edits(for: group, stepID: stepID, sources: working, contentFolder: options.displayPath(options.content),
                                       existingSteps: existing) {
            case .failure(let d):
                problems.append(d)
            case .success(let made):
                for edit in made {
                    // Later groups in the same file build on the earlier edit.
                    if let i = edits.firstIndex(where: { $0.path == edit.path }) {
                        edits[i].after = edit.after
                    } else {
                        edits.append(edit)
                    }
                    working[edit.path] = edit.after
                }
                existing.insert(stepID)
            }
        }
        if problems.hasErrors {
            terminal.print(problems)
            throw ExitCode(1)
        }
        if write {
            do {
                try SiteWriter.apply(edits, options: options)
            } catch let d as Diagnostic {
                terminal.print(Diagnostics([d]))
                throw ExitCode(1)
            }
            terminal.summary("extracted \(chosen.count) step\(chosen.count == 1 ? "" : "s"); changed \(edits.count) file\(edits.count == 1 ? "" : "s")", always: true)
        } else {
            print(StepExtractor.diff(edits), terminator: "")
            terminal.summary("nothing changed; run again with --write to apply", always: true)
        }
    }
}

/// How `kbgen check` shows groups of repeated steps.
enum RepeatsReport {
    static func text(_ groups: [RepeatedStepGroup]) -> String {
        guard !groups.isEmpty else { return "" }
        var out = "Repeated steps, largest group first (`kbgen steps extract ID` makes one a step file):\n"
        for g in groups {
            let written = g.occurrences.filter { !$0.isReference }.count
            if g.isStepFile {
                out += "\n  \(g.id) (step file Content/steps/\(g.id).md, written out in \(written) place\(written == 1 ? "" : "s"); use [](step:\(g.id)) there)\n"
            } else {
                out += "\n  \(g.id) (\(g.occurrences.count) places): \(g.markdown)\n"
            }
            for o in g.occurrences where !o.isReference || !g.isStepFile {
                out += "    \(o.file):\(o.position.line):\(o.position.column): \(o.text)\n"
            }
        }
        return out
    }
}
