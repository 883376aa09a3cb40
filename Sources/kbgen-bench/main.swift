import Foundation
import KBGenBench
import KBGenKit

// kbgen-bench steps CONTENT TRUTH: times the step grouping of a generated corpus and measures its
// precision and recall against the corpus's ground truth. Prints one line of JSON.
// kbgen-bench floor CONTENT OUTPUT FILES: the least any builder must do (see Floor.swift).
let arguments = CommandLine.arguments
if arguments.count == 5, arguments[1] == "floor", let files = Int(arguments[4]) {
    let seconds = Floor.run(content: arguments[2], output: arguments[3], files: files)
    print(String(format: "{\"seconds\": %.3f}", seconds))
    exit(0)
}
guard arguments.count == 4, arguments[1] == "steps" else {
    FileHandle.standardError.write(Data("usage: kbgen-bench steps CONTENT-FOLDER TRUTH-JSON\n       kbgen-bench floor CONTENT-FOLDER NEW-OUTPUT-FOLDER FILES\n".utf8))
    exit(2)
}
let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let options = BuildOptions(workingDirectory: cwd, content: arguments[2],
                           templates: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                               .deletingLastPathComponent().appendingPathComponent("Templates").path)
let loadStart = Date()
let (settings, _) = ContentLoader.settings(options)
let (site, problems) = ContentLoader.load(options, settings: settings)
let loadSeconds = Date().timeIntervalSince(loadStart)
if problems.hasErrors {
    FileHandle.standardError.write(Data("the corpus has errors: \(problems.errors.prefix(3))\n".utf8))
    exit(1)
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
