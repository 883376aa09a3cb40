import Dispatch

/// One slot per parallel task; each task writes only its own slot, into memory no other task touches.
final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ index: Int, _ value: Value) { slots[index] = value }

    /// Read only after every task has finished.
    var values: [Value?] { Array(slots) }
}

/// Work spread over every core, results in input order, so a parallel stage gives the same
/// output as a serial one.
public enum Parallel {
    /// `body` for each index in `0..<count`, run in chunks of `chunk` indexes on all cores.
    public static func map<T>(_ count: Int, chunk: Int = 64, _ body: (Int) -> T) -> [T] {
        chunked(count, chunk) { $0.map(body) }
    }

    /// Changes each element of `array` in place, in chunks of `chunk` on all cores, and returns
    /// what `body` returns for each, in order. An element is owned by the task that changes it, so
    /// a rewritten tree is changed where it lies and what it no longer needs is freed on that
    /// core, rather than copied first and freed on one core after.
    @discardableResult
    public static func update<T, R>(_ array: inout [T], chunk: Int = 64, _ body: (Int, inout T) -> R) -> [R] {
        let count = array.count
        return array.withUnsafeMutableBufferPointer { buffer -> [R] in
            let elements = UncheckedBox(buffer)
            return chunked(count, chunk) { range in range.map { body($0, &elements.value[$0]) } }
        }
    }

    /// Consecutive runs of items with these costs, in order: at most `size` items each and, beyond
    /// its first item, at most `budget` of cost (an item costing more counts as `budget`), so that
    /// work handed out a run at a time comes in even amounts.
    static func runs(_ costs: [Int], size: Int, budget: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < costs.count {
            var end = start, spent = 0
            while end < costs.count, end - start < size {
                let cost = Swift.min(costs[end], budget)
                if end > start && spent + cost > budget { break }
                spent += cost
                end += 1
            }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    /// `body` for each run of `chunk` indexes of `0..<count`, on all cores; the runs' results
    /// joined in order.
    private static func chunked<R>(_ count: Int, _ chunk: Int, _ body: (Range<Int>) -> [R]) -> [R] {
        let chunks = (count + chunk - 1) / chunk
        if chunks <= 1 { return body(0..<count) }
        let results = ResultSlots<[R]>(count: chunks)
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                results.set(c, box.value((c * chunk)..<min(count, (c + 1) * chunk)))
            }
        }
        var all: [R] = []
        all.reserveCapacity(count)
        for part in results.values { all.append(contentsOf: part!) }
        return all
    }
}

/// Carries a value that is only read into concurrent tasks that finish before it goes.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
