import Testing
@testable import KBGenKit

@Suite struct ArticleParserTests {
    func parse(_ text: String) -> (Article?, Diagnostics) {
        var d = Diagnostics()
        let a = ArticleParser.parse(id: "x/y", file: "Content/x/y.md", text: text, diagnostics: &d)
        return (a, d)
    }

    @Test func cutsTheBodyIntoSolutionsAndSteps() throws {
        let (article, d) = parse(Fixture.article("""
        Intro paragraph.

        ## Symptoms

        - one

        ## Fix it {likelihood=high effort=10m}

        Some text.

        1. [](step:open-certlm)
        2. Do **this**.
           1. nested belongs to step 2
        3. [Open it](step:other)

        ## Try that {likelihood=0.25 #nla}

        1. A step.

        ## More information

        The end.
        """))
        #expect(d.all.isEmpty)
        let a = try #require(article)
        #expect(a.summary == "Intro paragraph.")
        #expect(a.leading.count == 3)
        #expect(a.trailing.count == 2)
        #expect(a.solutions.map(\.anchor) == ["fix-it", "nla"])
        #expect(a.solutions.map(\.likelihood) == [0.7, 0.25])
        #expect(a.solutions[0].effortMinutes == 10)
        #expect(a.solutions[0].title.plainText == "Fix it")
        let steps = a.solutions[0].steps
        #expect(steps.count == 3)
        #expect(steps[0].reference?.value == "open-certlm")
        #expect(steps[1].reference == nil)
        #expect(steps[2].reference?.value == "other")
        #expect(a.anchors == ["symptoms", "fix-it", "nla", "more-information"])
    }

    @Test func anchorsAreUniqueAndExplicitIdsWin() throws {
        let (article, _) = parse(Fixture.article("""
        ## Setup

        ## Setup

        ## Other {#setup}

        ## C++ & C# notes!
        """))
        let a = try #require(article)
        #expect(a.anchors == ["setup", "setup-2", "setup-3", "c-c-notes"])
    }

    @Test func headingTextKeepsInlineMarkupAndDropsTheBlock() throws {
        let (article, _) = parse(Fixture.article("## Run `sfc /scannow` now {likelihood=0.5}\n\n1. Go.\n"))
        let s = try #require(article?.solutions.first)
        #expect(s.title == [.text("Run "), .code("sfc /scannow"), .text(" now")])
        #expect(s.anchor == "run-sfc-scannow-now")
    }

    @Test func summaryFromFrontMatterWins() throws {
        let (article, _) = parse(Fixture.article("First paragraph.", frontMatter: "title: T\nsummary: Written summary."))
        #expect(article?.summary == "Written summary.")
    }

    @Test func unknownAttributeIsAnError() {
        let (_, d) = parse(Fixture.article("## Fix {likelihood=0.5 efort=5m}\n\n1. Go.\n"))
        #expect(d.errors.map(\.message) == ["unknown attribute 'efort'; did you mean 'effort'?"])
        #expect(d.errors.first?.line == 5)
    }

    /// `{likelihood: high, effort: 5m}` is a solution written YAML-style, not part of a title.
    @Test func yamlStyleAttributesAreAnErrorWithTheFix() {
        let (_, d) = parse(Fixture.article("## Remove the saved credentials {likelihood: high, effort: 5m}\n\n1. Go.\n"))
        #expect(d.errors.map(\.message) == ["attributes are written key=value, not key: value; write {likelihood=high effort=5m}"])
        #expect(d.errors.first?.line == 5)
        let (misspelt, m) = parse(Fixture.article("## Fix {likelyhood: high}\n\n1. Go.\n"))
        #expect(misspelt?.solutions.isEmpty == true)
        #expect(m.errors.map(\.message) == ["attributes are written key=value, not key: value; write {likelyhood=high}"])
        // Braces that are not attributes stay in the title.
        let (guid, g) = parse(Fixture.article("## Set {GUID} and {HKLM: Software}\n\nText.\n"))
        #expect(g.all.isEmpty)
        #expect(guid?.leading.count == 2)
    }

    /// A solution's other problems are reported even when its likelihood or effort is wrong.
    @Test func anInvalidLikelihoodHidesNothing() throws {
        let (article, d) = parse(Fixture.article("## Fix {likelihood=very-high effort=999999999999999999999999h}\n\n1. [](step:does-not-exist)\n"))
        #expect(d.errors.map(\.message).map { String($0.prefix(24)) } == ["likelihood 'very-high' i", "effort '9999999999999999"])
        let solution = try #require(article?.solutions.first)
        #expect(solution.steps.first?.reference?.value == "does-not-exist")
    }

    @Test func aSolutionWithNothingInItIsAnError() {
        let (_, d) = parse(Fixture.article("## Fix {likelihood=high}\n\n## Another {likelihood=low}\n\nTold in a paragraph.\n"))
        #expect(d.errors.map(\.line) == [5])
        #expect(d.errors.first?.message.hasPrefix("the solution 'Fix' has no text or steps") == true)
    }

    /// Every step is kept; one the same as the step before it gets a warning at its line.
    @Test func aStepPastedTwiceIsKeptWithAWarning() throws {
        let (article, d) = parse(Fixture.article("## Fix {likelihood=high}\n\n1. Restart **the computer**.\n2. Restart **the computer**.\n3. Restart the computer.\n"
            + "4. Open **[Settings](https://example.com/s)**.\n5. Open **[Settings](https://example.com/s)**.\n"))
        #expect(try #require(article?.solutions.first).steps.count == 5)
        #expect(d.warnings.map(\.line) == [8, 11])
        #expect(d.warnings.first?.message == "this step is the same as the step right before it; if it was pasted twice, remove one")
    }

    @Test func solutionsBelowASubheadingStillFormOneRun() throws {
        let (article, d) = parse(Fixture.article("""
        ## A {likelihood=0.5}

        ### Before you start

        1. Step.

        ## B {likelihood=0.4}

        1. Step.
        """))
        #expect(d.all.isEmpty)
        #expect(article?.solutions.count == 2)
        #expect(article?.solutions.first?.content.count == 2)
    }

    @Test func stepFilesTakeTheirTitleAndBody() throws {
        var d = Diagnostics()
        let step = ArticleParser.parseStep(id: "s", file: "Content/steps/s.md", text: "---\ntitle: Open it\n---\n\nPress **Enter**.\n", diagnostics: &d)
        #expect(d.all.isEmpty)
        #expect(step?.title == "Open it")
        #expect(step?.blocks.plainText == "Press Enter.")
        _ = ArticleParser.parseStep(id: "e", file: "Content/steps/e.md", text: "---\ntitle: Empty\n---\n", diagnostics: &d)
        #expect(d.errors.count == 1)
    }
}
