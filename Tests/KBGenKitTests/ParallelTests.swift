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

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var seen: [Int] = []
        func add(_ i: Int) { lock.withLock { seen.append(i) } }
    }
}
