import Foundation
import Testing
@testable import KBGenKit

@Suite struct SiteRendererTests {
    /// Likelihoods are written with two decimals by kbgen's own formatting; it must write what
    /// `%.2f` writes, ties and values a hair beside them included.
    @Test func decimalsAreWhatPrintfWrites() {
        var random = RebuildFuzzTests.Random(state: 2026)
        var values: [Double] = [0, 0.005, 0.015, 0.125, 0.135, 0.145, 0.285, 0.7, 0.995, 1, 1.005, 2.675, 99.995, 1e14, 0.3 - 1e-17]
        for _ in 0..<20_000 {
            switch random.below(3) {
            case 0: values.append(Double(random.below(100_000)) / 1000)           // thousandths: a tie every tenth
            case 1: values.append(Double(random.next() % (1 << 53)) / Double(1 << 53))
            default:
                let tie = (Double(random.below(10_000)) + 0.5) / 100
                values.append(random.chance(50) ? tie.nextUp : tie.nextDown)
            }
        }
        for v in values {
            #expect(PageContext.decimal(v) == String(format: "%.2f", v), "\(v)")
        }
    }

    /// The places that use each step, gathered by step number, are those a dictionary keyed by
    /// each use's id gathers, in article order: shared steps, reusable steps and a `step:` link
    /// to a step that does not exist.
    @Test func stepUsersAreGatheredInArticleOrder() {
        var random = RebuildFuzzTests.Random(state: 23)
        let texts = ["Restart the computer.", "Open **Settings** and select **Update**.", "Sign out and sign back in.",
                     "[Open the store](step:open-certlm)", "Clear the cache of the browser."]
        let articles = (0..<60).map { i -> (String, String) in
            let solutions = (0..<(1 + random.below(3))).map { s in
                "## Fix \(s) {likelihood=0.5}\n\n" + (0..<(1 + random.below(4))).map { k in "\(k + 1). \(random.pick(texts))" }.joined(separator: "\n")
            }
            return ("a\(i)", Fixture.article(solutions.joined(separator: "\n\n") + "\n"))
        }
        var d = Diagnostics()
        let parsed = articles.compactMap { ArticleParser.parse(id: $0.0, file: "Content/\($0.0).md", text: $0.1, diagnostics: &d) }
        let step = ArticleParser.parseStep(id: "open-certlm", file: "Content/steps/open-certlm.md", text: "---\ntitle: Open the store\n---\n\nPress Windows+R.\n", diagnostics: &d)
        var settings = Settings()
        settings.dedupeThreshold = 0.8
        let (found, _) = StepFinder.find(Site(settings: settings, articles: parsed, steps: ["open-certlm": step!], assets: [], theme: Theme(assets: [])))
        var (site, _) = Linker.link(found)
        // An id no step has, which the stages never leave, is gathered all the same.
        for case (let k, .steps(var list)) in site.articles[7].solutions[0].content.enumerated() {
            list.items[0].stepID = "nowhere"
            site.articles[7].solutions[0].content[k] = .steps(list)
        }
        var expected: [String: [StepUse]] = [:]
        for (a, article) in site.articles.enumerated() {
            for (id, use) in PageContext.stepUses(article, index: a) { expected[id, default: []].append(use) }
        }
        let context = PageContext(site: site)
        #expect(expected["nowhere"] != nil && expected["open-certlm"] != nil && expected.count > 3)
        #expect(context.stepUsers.keys.sorted() == expected.keys.sorted())
        for (id, uses) in expected {
            #expect(context.stepUsers[id]?.map { [$0.article, $0.solution] } == uses.map { [$0.article, $0.solution] }, "\(id)")
        }
        #expect(context.stepsUsed == site.articles.enumerated().map { a, article in Set(PageContext.stepUses(article, index: a).map(\.id)).sorted() })
    }
}
