import Foundation
import KBGenBench
import Testing
@testable import KBGenKit

/// The benchmark's quality measurement on a small corpus made by the project's own generator.
@Suite struct GroupingQualityTests {
    @Test func groupingOfAGeneratedCorpusIsPreciseAndComplete() throws {
        let folder = Fixture.temporaryFolder()
        let content = folder.appendingPathComponent("Content")
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", Fixture.repository.appendingPathComponent("bench/corpus.py").path,
                               "--articles", "300", "--seed", "5", "--out", content.path]
        generator.standardError = FileHandle.nullDevice
        try generator.run()
        generator.waitUntilExit()
        #expect(generator.terminationStatus == 0)
        let truth = try CorpusTruth.load(content.appendingPathComponent("_truth.json"))
        let options = BuildOptions(workingDirectory: folder, templates: Fixture.templates.path)
        let (site, problems) = ContentLoader.load(options, settings: Settings())
        #expect(!problems.hasErrors)
        #expect(site.articles.count == 300)
        let quality = GroupingQuality(grouping: StepFinder.group(site), site: site, truth: truth)
        #expect(quality.steps > 4000)
        #expect(quality.precision >= 0.995, "\(quality)")
        #expect(quality.recall >= 0.95, "\(quality)")
    }

    @Test func measureCountsPairs() throws {
        // Three steps of one template split into groups {0, 1} and {2}: precision 1, recall 1/3.
        let json = """
        {"templates": [{"id": "S1", "text": "Restart the computer."}],
         "articles": [{"path": "a.md", "steps": [[0, 0, "S1", 0, null], [0, 1, "S1", 1, null], [0, 2, "S1", 0, null]]}]}
        """
        let truth = try JSONDecoder().decode(CorpusTruth.self, from: Data(json.utf8))
        var d = Diagnostics()
        let article = try #require(ArticleParser.parse(id: "a", file: "a.md", text: Fixture.article("## F {likelihood=1}\n\n1. x\n2. y\n3. z\n"), diagnostics: &d))
        let site = Site(settings: Settings(), articles: [article], steps: [:], assets: [],
                        theme: Theme(assets: []))
        let grouping = StepFinder.Grouping(occurrences: (0..<3).map { StepFinder.Occurrence(article: 0, solution: 0, step: $0) },
                                           groupOf: [0, 0, 1], stepFile: [nil, nil])
        let quality = GroupingQuality(grouping: grouping, site: site, truth: truth)
        #expect(quality.precision == 1)
        #expect(abs(quality.recall - 1.0 / 3) < 1e-9)
    }
}
