/// Why two steps are, or are not, one step: their normalised texts, their similarity or the token
/// that vetoed it, and what the grouping did. `kbgen steps compare` prints it.
public struct StepExplanation: Sendable {
    public struct Side: Sendable {
        public var file: String
        public var line: Int
        public var wording: String
        /// nil for a `[](step:ID)` link, which is its step file.
        public var text: StepText?
    }

    public var sides: [Side]
    public var comparison: StepComparison?
    public var threshold: Double
    /// kbgen.yml declares the two wordings one step (true) or never one step (false).
    public var declared: Bool?
    /// The build groups the two steps into one.
    public var together: Bool

    /// Finds the steps at two places (`file` as kbgen prints it, `line` anywhere in the step)
    /// and explains the decision; a message saying what is missing when a place has no step.
    public static func explain(_ site: Site, places: [(file: String, line: Int)]) -> Result<StepExplanation, Diagnostic> {
        let grouping = StepFinder.group(site)
        var sides: [Side] = []
        var groups: [Int] = []
        for place in places {
            guard let a = site.articles.firstIndex(where: { $0.file == place.file || $0.file.hasSuffix("/" + place.file) }) else {
                return .failure(.error(place.file, SourcePosition(line: place.line, column: 1),
                                       "no article of the knowledge base is this file; give the path as `kbgen check` prints it"))
            }
            let article = site.articles[a]
            var found: (Int, Int, Step)?
            for (s, solution) in article.solutions.enumerated() {
                for (k, step) in solution.steps.enumerated() where step.position.line <= place.line && place.line <= step.endLine {
                    found = (s, k, step)
                }
            }
            guard let (s, k, step) = found else {
                return .failure(.error(article.file, SourcePosition(line: place.line, column: 1),
                                       "no step of a solution is written on this line"))
            }
            let o = grouping.occurrences.firstIndex(of: StepFinder.Occurrence(article: a, solution: s, step: k))
            groups.append(o.map { grouping.groupOf[$0] } ?? -1)
            let text = step.reference == nil
                ? StepText.of(step.blocks, folder: article.folder, vocabulary: site.settings.stepVocabulary,
                              products: article.meta.products.map { StepText.productWords($0, vocabulary: site.settings.stepVocabulary) })
                : nil
            sides.append(Side(file: article.file, line: step.position.line, wording: Array(step.blocks.prefix(1)).plainText, text: text))
        }
        let texts = Double(max(grouping.distinctTexts, 1))
        var comparison: StepComparison?
        if let x = sides[0].text, let y = sides[1].text {
            comparison = StepText.compare(x, y) { CentreIndex.weight(grouping.wordFrequency[$0], texts: texts) }
        }
        let declared = DeclaredSteps(site.settings)
        var verdict: Bool?
        if let x = sides[0].text, let y = sides[1].text {
            if declared.neverSame(x, y) { verdict = false }
            if declared.same.contains(where: { $0.contains(x) && $0.contains(y) }) { verdict = true }
        }
        return .success(StepExplanation(sides: sides, comparison: comparison, threshold: site.settings.dedupeThreshold,
                                        declared: verdict, together: groups[0] >= 0 && groups[0] == groups[1]))
    }
}
