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
        if count == 0 { return [] }
        let chunks = (count + chunk - 1) / chunk
        if chunks == 1 { return (0..<count).map(body) }
        let results = ResultSlots<[T]>(count: chunks)
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let range = (c * chunk)..<min(count, (c + 1) * chunk)
                results.set(c, range.map(box.value))
            }
        }
        var all: [T] = []
        all.reserveCapacity(count)
        for part in results.values { all.append(contentsOf: part!) }
        return all
    }
}

extension Parallel {
    /// Changes each element of `array` in place, in chunks of `chunk` on all cores, and returns
    /// what `body` returns for each, in order. An element is owned by the task that changes it, so
    /// a rewritten tree is changed where it lies and what it no longer needs is freed on that
    /// core, rather than copied first and freed on one core after.
    @discardableResult
    public static func update<T, R>(_ array: inout [T], chunk: Int = 64, _ body: (Int, inout T) -> R) -> [R] {
        let count = array.count
        let chunks = (count + chunk - 1) / chunk
        return array.withUnsafeMutableBufferPointer { buffer -> [R] in
            if chunks <= 1 { return (0..<count).map { body($0, &buffer[$0]) } }
            let results = ResultSlots<[R]>(count: chunks)
            withoutActuallyEscaping(body) { body in
                let box = UncheckedBox((buffer, body))
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    results.set(c, ((c * chunk)..<min(count, (c + 1) * chunk)).map { box.value.1($0, &box.value.0[$0]) })
                }
            }
            return results.values.flatMap { $0! }
        }
    }
}

/// Carries a value that is only read into concurrent tasks that finish before it goes.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
