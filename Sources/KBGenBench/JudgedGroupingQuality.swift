import Foundation
import KBGenKit

/// Repeated steps judged by hand in real articles (`steps-truth.json`): groups of steps that give
/// the same instruction, pairs that look alike but differ, and pairs left unjudged. A step is
/// `[article id, solution index, step index]`, counted from 0 in source order.
public struct JudgedTruth: Decodable, Sendable {
    public struct StepID: Decodable, Sendable, Hashable {
        public var article: String
        public var solution: Int
        public var step: Int

        public init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            article = try c.decode(String.self)
            solution = try c.decode(Int.self)
            step = try c.decode(Int.self)
        }
    }

    public var same: [[StepID]]
    public var different: [[StepID]]
    public var unsure: [[StepID]]

    public static func load(_ url: URL) throws -> JudgedTruth {
        try JSONDecoder().decode(JudgedTruth.self, from: Data(contentsOf: url))
    }
}

/// Pairwise precision and recall of a grouping against hand-judged groups: a pair grouped together
/// is right when the judges put both steps in one `same` group; every other pair grouped together
/// is a wrong merge, whether or not it is listed under `different`. Unjudged pairs count nowhere.
public struct JudgedGroupingQuality: Sendable, CustomStringConvertible {
    public struct Pair: Sendable, Hashable {
        public var a: StepFinder.Occurrence
        public var b: StepFinder.Occurrence
    }

    public var steps: Int
    public var precision: Double
    public var recall: Double
    /// Pairs the judges call the same that the grouping keeps apart.
    public var missed: [Pair]
    /// Pairs the grouping merges that the judges do not call the same.
    public var wrong: [Pair]
    /// How many of the `different` pairs were merged.
    public var differentMerged: Int

    public init(grouping: StepFinder.Grouping, site: Site, truth: JudgedTruth) {
        var articleIndex: [String: Int] = [:]
        for (i, a) in site.articles.enumerated() { articleIndex[a.id] = i }
        func occurrence(_ id: JudgedTruth.StepID) -> StepFinder.Occurrence? {
            articleIndex[id.article].map { StepFinder.Occurrence(article: $0, solution: id.solution, step: id.step) }
        }
        func pair(_ x: StepFinder.Occurrence, _ y: StepFinder.Occurrence) -> Pair {
            (x.article, x.solution, x.step) < (y.article, y.solution, y.step) ? Pair(a: x, b: y) : Pair(a: y, b: x)
        }
        var truthGroup: [StepFinder.Occurrence: Int] = [:]
        for (g, members) in truth.same.enumerated() {
            for m in members { if let o = occurrence(m) { truthGroup[o] = g } }
        }
        var unsure = Set<Pair>()
        for p in truth.unsure where p.count == 2 {
            if let x = occurrence(p[0]), let y = occurrence(p[1]) { unsure.insert(pair(x, y)) }
        }
        var different = Set<Pair>()
        for p in truth.different where p.count == 2 {
            if let x = occurrence(p[0]), let y = occurrence(p[1]) { different.insert(pair(x, y)) }
        }
        var byGroup: [Int: [StepFinder.Occurrence]] = [:]
        var groupOf: [StepFinder.Occurrence: Int] = [:]
        for (i, o) in grouping.occurrences.enumerated() where grouping.groupOf[i] >= 0 {
            byGroup[grouping.groupOf[i], default: []].append(o)
            groupOf[o] = grouping.groupOf[i]
        }
        var merged = 0, right = 0
        var wrong: [Pair] = []
        var differentMerged = 0
        for members in byGroup.values where members.count > 1 {
            for i in members.indices {
                for j in members.indices where j > i {
                    let p = pair(members[i], members[j])
                    if unsure.contains(p) { continue }
                    merged += 1
                    if let g = truthGroup[p.a], truthGroup[p.b] == g {
                        right += 1
                    } else {
                        wrong.append(p)
                        if different.contains(p) { differentMerged += 1 }
                    }
                }
            }
        }
        var actual = 0
        var missed: [Pair] = []
        for members in truth.same {
            let os = members.compactMap(occurrence)
            for i in os.indices {
                for j in os.indices where j > i {
                    actual += 1
                    let g = groupOf[os[i]]
                    if g == nil || groupOf[os[j]] != g { missed.append(pair(os[i], os[j])) }
                }
            }
        }
        steps = grouping.occurrences.count
        precision = merged == 0 ? 1 : Double(right) / Double(merged)
        recall = actual == 0 ? 1 : Double(actual - missed.count) / Double(actual)
        self.missed = missed
        self.wrong = wrong
        self.differentMerged = differentMerged
    }

    public var description: String {
        String(format: "%d steps, precision %.4f, recall %.4f, %d pairs missed, %d wrong merges (%d judged different)",
               steps, precision, recall, missed.count, wrong.count, differentMerged)
    }
}
