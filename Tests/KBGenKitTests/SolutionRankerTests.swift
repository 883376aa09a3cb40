import Testing
@testable import KBGenKit

@Suite struct SolutionRankerTests {
    func solution(_ index: Int, _ likelihood: Double, _ effort: Double?) -> Solution {
        Solution(title: [.text("S\(index)")], anchor: "s\(index)", likelihood: likelihood, likelihoodText: "\(likelihood)",
                 effortMinutes: effort, effortText: nil, position: SourcePosition(line: index, column: 1),
                 sourceIndex: index, rank: index + 1, content: [])
    }

    @Test func likelihoodThenEffortThenSourceOrder() {
        let ordered = SolutionRanker.ordered([
            solution(0, 0.4, 10), solution(1, 0.7, 30), solution(2, 0.4, nil), solution(3, 0.4, 5), solution(4, 0.4, 5),
        ])
        #expect(ordered.map(\.sourceIndex) == [1, 3, 4, 0, 2])
        #expect(ordered.map(\.rank) == [1, 2, 3, 4, 5])
    }
}
