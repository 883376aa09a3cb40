import ArgumentParser
import Foundation
import KBGenKit

struct StepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steps",
        abstract: "Work with repeated steps.",
        subcommands: [ExtractCommand.self, CompareCommand.self]
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
        var out = "Repeated steps, largest group first (`kbgen steps extract ID` makes one a step file; `kbgen steps compare FILE:LINE FILE:LINE` says why two steps are one or not):\n"
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

/// `kbgen steps compare FILE:LINE FILE:LINE`: whether two steps are one step, and why.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Say whether two steps are the same step, and why.",
        discussion: "Prints each step as kbgen compares it, their similarity or the word that keeps them apart, and whether the build groups them. Exit status 0 when they are one step, 1 when not, 2 on a problem."
    )

    @OptionGroup var source: SourceOptions

    @Argument(help: "Two steps, as FILE:LINE (any line of the step).")
    var places: [String] = []

    func validate() throws {
        guard places.count == 2 else { throw ValidationError("name two steps, as FILE:LINE FILE:LINE") }
        for place in places where Self.parse(place) == nil {
            throw ValidationError("'\(place)' is not FILE:LINE, such as Content/vpn/error-809.md:14")
        }
    }

    static func parse(_ place: String) -> (file: String, line: Int)? {
        guard let colon = place.lastIndex(of: ":"), let line = Int(place[place.index(after: colon)...]), line > 0 else { return nil }
        return (String(place[..<colon]), line)
    }

    func run() throws {
        let options = source.buildOptions()
        let terminal = Terminal(quiet: false)
        let (settings, settingsProblems) = ContentLoader.settings(options)
        let (site, problems) = ContentLoader.load(options, settings: settings)
        let errors = Diagnostics(settingsProblems.all + problems.all.filter { $0.severity == .error })
        if errors.hasErrors {
            terminal.print(errors)
            throw ExitCode(2)
        }
        switch StepExplanation.explain(site, places: places.compactMap(Self.parse)) {
        case .failure(let d):
            terminal.print(Diagnostics([d]))
            throw ExitCode(2)
        case .success(let e):
            FileHandle.standardOutput.write(Data(Self.describe(e).utf8))
            if !e.together { throw ExitCode(1) }
        }
    }

    static func describe(_ e: StepExplanation) -> String {
        var out = ""
        for side in e.sides {
            out += "\(side.file):\(side.line): \(side.wording)\n"
            if let t = side.text {
                out += "  exact: \(t.exact.isEmpty ? "(none)" : t.exact.joined(separator: " "))\n"
                out += "  words: \(t.words.isEmpty ? "(none)" : t.words.joined(separator: " "))\n"
                if !t.names.isEmpty { out += "  names: \(t.names.sorted().joined(separator: " "))\n" }
                if let product = t.mentioned { out += "  names its article's product: \(product.joined(separator: " "))\n" }
            } else {
                out += "  a link to a step file: it is that step\n"
            }
        }
        if let declared = e.declared {
            out += declared ? "kbgen.yml declares them one step (dedupe.same)\n" : "kbgen.yml declares them never one step (dedupe.never_same)\n"
        } else if let c = e.comparison {
            switch c.veto {
            case .exact(let first, let second)?:
                let a = first.isEmpty ? "nothing" : first.joined(separator: " "), b = second.isEmpty ? "nothing" : second.joined(separator: " ")
                out += "kept apart: exact words differ (\(a) in the first, \(b) in the second)\n"
            case .name(let name, let side)?:
                out += "kept apart: the \(side == 0 ? "first" : "second") names '\(name)', which the other does not mention\n"
            case nil:
                out += String(format: "similarity %.2f (rare words weigh more); the threshold is %.2f\n", c.score, e.threshold)
            }
        }
        out += e.together ? "the same step: the build groups them\n" : "not the same step: the build keeps them apart\n"
        return out
    }
}
