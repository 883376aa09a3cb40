import Foundation
import KBGenBench
import KBGenKit

// kbgen-bench steps CONTENT TRUTH: times the step grouping of a generated corpus and measures its
// precision and recall against the corpus's ground truth. Prints one line of JSON.
// kbgen-bench steps-judged CONTENT TRUTH [--list]: the same for real articles whose repeats were
// judged by hand (`steps-truth.json`); --list prints every missed pair and wrong merge.
// kbgen-bench floor CONTENT OUTPUT FILES: the least any builder must do (see Floor.swift).
// kbgen-bench templates CONTENT: the templates' time alone, on one thread (the least of 5 runs).
let arguments = CommandLine.arguments
let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Templates").path
if arguments.count == 3, arguments[1] == "templates" {
    let options = BuildOptions(workingDirectory: cwd, content: arguments[2], templates: templates)
    guard let site = Pipeline.run(options, write: false).site else {
        FileHandle.standardError.write(Data("the corpus has errors\n".utf8))
        exit(1)
    }
    let (seconds, pages, bytes) = site.timeTemplates(runs: 5)
    print(String(format: "{\"seconds\": %.3f, \"pages\": %d, \"bytes\": %d}", seconds, pages, bytes))
    exit(0)
}
if arguments.count == 5, arguments[1] == "floor", let files = Int(arguments[4]) {
    let seconds = Floor.run(content: arguments[2], output: arguments[3], files: files)
    print(String(format: "{\"seconds\": %.3f}", seconds))
    exit(0)
}
guard arguments.count >= 4, arguments[1] == "steps" || arguments[1] == "steps-judged" else {
    FileHandle.standardError.write(Data("usage: kbgen-bench steps CONTENT-FOLDER TRUTH-JSON\n       kbgen-bench steps-judged CONTENT-FOLDER TRUTH-JSON [--list]\n       kbgen-bench floor CONTENT-FOLDER NEW-OUTPUT-FOLDER FILES\n       kbgen-bench templates CONTENT-FOLDER\n".utf8))
    exit(2)
}
let options = BuildOptions(workingDirectory: cwd, content: arguments[2], templates: templates)
let loadStart = Date()
let (settings, _) = ContentLoader.settings(options)
let (site, problems) = ContentLoader.load(options, settings: settings)
let loadSeconds = Date().timeIntervalSince(loadStart)
if problems.hasErrors {
    FileHandle.standardError.write(Data("the corpus has errors: \(problems.errors.prefix(3))\n".utf8))
    exit(1)
}
if arguments[1] == "steps-judged" {
    let truth = try JudgedTruth.load(URL(fileURLWithPath: arguments[3], relativeTo: cwd))
    let start = DispatchTime.now().uptimeNanoseconds
    let grouping = StepFinder.group(site)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let quality = JudgedGroupingQuality(grouping: grouping, site: site, truth: truth)
    if arguments.contains("--list") {
        func show(_ o: StepFinder.Occurrence) -> String {
            let article = site.articles[o.article]
            let step = article.solutions[o.solution].steps[o.step]
            return "\(article.file):\(step.position.line): \(Array(step.blocks.prefix(1)).plainText.prefix(110))"
        }
        for p in quality.missed { print("missed:\n  \(show(p.a))\n  \(show(p.b))") }
        for p in quality.wrong { print("WRONG:\n  \(show(p.a))\n  \(show(p.b))") }
    }
    print(String(format: "{\"articles\": %d, \"steps\": %d, \"grouping_seconds\": %.4f, \"precision\": %.4f, \"recall\": %.4f, \"missed_pairs\": %d, \"wrong_pairs\": %d, \"different_merged\": %d}",
                 site.articles.count, grouping.occurrences.count, seconds, quality.precision, quality.recall,
                 quality.missed.count, quality.wrong.count, quality.differentMerged))
    exit(0)
}
let truth = try CorpusTruth.load(URL(fileURLWithPath: arguments[3], relativeTo: cwd))
var best = Double.infinity
var grouping = StepFinder.group(site)
for _ in 0..<3 {
    let start = DispatchTime.now().uptimeNanoseconds
    grouping = StepFinder.group(site)
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
let quality = GroupingQuality(grouping: grouping, site: site, truth: truth)
let groups = Set(grouping.groupOf.filter { $0 >= 0 }).count
print(String(format: "{\"articles\": %d, \"steps\": %d, \"distinct_groups\": %d, \"grouping_seconds\": %.3f, \"load_seconds\": %.2f, \"precision\": %.4f, \"recall\": %.4f}",
             site.articles.count, grouping.occurrences.count, groups, best, loadSeconds, quality.precision, quality.recall))
