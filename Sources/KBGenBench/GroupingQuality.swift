import Foundation
import KBGenKit

/// Which step template and variant every step of a generated corpus is (bench/corpus.py's truth).
public struct CorpusTruth: Decodable, Sendable {
    public struct Article: Decodable, Sendable {
        public var path: String
        /// [solution, step, template id or null, variant, link target or null]
        public var steps: [[Value]]
    }

    public enum Value: Decodable, Sendable, Equatable {
        case int(Int), string(String), null

        public init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null } else if let i = try? c.decode(Int.self) { self = .int(i) } else { self = .string(try c.decode(String.self)) }
        }

        var int: Int? { if case .int(let i) = self { return i } else { return nil } }
        var string: String? { if case .string(let s) = self { return s } else { return nil } }
    }

    public struct Template: Decodable, Sendable {
        public var id: String
        public var text: String
    }

    public var templates: [Template]
    public var articles: [Article]

    public static func load(_ url: URL) throws -> CorpusTruth {
        try JSONDecoder().decode(CorpusTruth.self, from: Data(contentsOf: url))
    }
}

/// Precision and recall of a step grouping over pairs of steps: a pair is right when both steps
/// are grouped together and come from the same template text with the same link target.
/// A link step that points elsewhere is another step, however alike its words; two templates
/// that happen to have one text are one step.
public struct GroupingQuality: Sendable, CustomStringConvertible {
    public var steps: Int
    public var precision: Double
    public var recall: Double

    public init(grouping: StepFinder.Grouping, site: Site, truth: CorpusTruth) {
        var articleIndex: [String: Int] = [:]
        for (i, a) in site.articles.enumerated() { articleIndex[a.id] = i }
        var textOf: [String: String] = [:]
        for t in truth.templates { textOf[t.id] = t.text }
        var label: [StepFinder.Occurrence: String] = [:]
        for article in truth.articles {
            guard let a = articleIndex[String(article.path.dropLast(3))] else { continue }
            for row in article.steps {
                guard row.count >= 5, let s = row[0].int, let k = row[1].int, let template = row[2].string else { continue }
                label[StepFinder.Occurrence(article: a, solution: s, step: k)] = (textOf[template] ?? template) + "|" + (row[4].string ?? "")
            }
        }
        var cells: [Int: [String: Int]] = [:]
        var predicted: [Int: Int] = [:]
        var actual: [String: Int] = [:]
        var counted = 0
        for (i, occurrence) in grouping.occurrences.enumerated() {
            guard let truth = label[occurrence] else { continue }
            counted += 1
            // A step kbgen leaves alone is a group of its own.
            let group = grouping.groupOf[i] >= 0 ? grouping.groupOf[i] : -1 - i
            cells[group, default: [:]][truth, default: 0] += 1
            predicted[group, default: 0] += 1
            actual[truth, default: 0] += 1
        }
        func pairs(_ n: Int) -> Double { Double(n) * Double(n - 1) / 2 }
        let together = cells.values.reduce(0.0) { sum, row in row.values.reduce(sum) { $0 + pairs($1) } }
        let predictedPairs = predicted.values.reduce(0.0) { $0 + pairs($1) }
        let actualPairs = actual.values.reduce(0.0) { $0 + pairs($1) }
        steps = counted
        precision = predictedPairs == 0 ? 1 : together / predictedPairs
        recall = actualPairs == 0 ? 1 : together / actualPairs
    }

    public var description: String {
        String(format: "%d steps, precision %.4f, recall %.4f", steps, precision, recall)
    }
}
