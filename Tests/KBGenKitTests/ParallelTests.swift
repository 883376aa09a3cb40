import Foundation
import Testing
@testable import KBGenKit

@Suite struct ParallelTests {
    @Test(arguments: [0, 1, 7, 64, 65, 1000])
    func resultsKeepInputOrder(count: Int) {
        let squares = Parallel.map(count, chunk: 8) { $0 * $0 }
        #expect(squares == (0..<count).map { $0 * $0 })
    }

    @Test func everyIndexRunsOnce() {
        let counter = Counter()
        _ = Parallel.map(500, chunk: 3) { i in counter.add(i) }
        #expect(counter.seen.sorted() == Array(0..<500))
    }

    @Test(arguments: [0, 1, 7, 64, 65, 1000])
    func updateChangesEveryElementOnce(count: Int) {
        var values = (0..<count).map { [$0] }
        let sums = Parallel.update(&values, chunk: 8) { i, value -> Int in
            value.append(i * i)
            return value.reduce(0, +)
        }
        #expect(values == (0..<count).map { [$0, $0 * $0] })
        #expect(sums == (0..<count).map { $0 + $0 * $0 })
    }

    @Test func updateChangesAnArrayNothingElseHoldsWhereItLies() {
        var values = (0..<300).map { [$0] }
        let before = values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        Parallel.update(&values, chunk: 16) { _, value in value[0] += 1 }
        #expect(values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } == before)
        // An array shared with another value is copied first, and the other keeps its elements.
        let shared = values
        Parallel.update(&values, chunk: 16) { _, value in value[0] = 0 }
        #expect(shared == (1...300).map { [$0] })
        #expect(values.allSatisfy { $0 == [0] })
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var seen: [Int] = []
        func add(_ i: Int) { lock.withLock { seen.append(i) } }
    }

    @Test func runsAreBoundedByCountAndCost() {
        // An item costing more than the budget goes alone; cheap items fill a run up to its size.
        #expect(Parallel.runs([50, 4, 4, 3, 1, 1, 1, 1, 1], size: 3, budget: 10) == [0..<1, 1..<3, 3..<6, 6..<9])
        #expect(Parallel.runs([1, 1, 1, 1, 1], size: 2, budget: 10) == [0..<2, 2..<4, 4..<5])
        #expect(Parallel.runs([], size: 2, budget: 10) == [])
        #expect(Parallel.runs([Int.max, Int.max, 1], size: 256, budget: 10) == [0..<1, 1..<2, 2..<3])
    }
}
