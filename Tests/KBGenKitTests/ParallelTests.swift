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
}
