import Foundation
import Synchronization

/// One stage's share of a run: wall time, processor time on all cores (more than the wall time
/// when the stage runs in parallel), and the process's peak memory when it ended.
public struct StageTiming: Sendable {
    public var stage: String
    public var seconds: Double
    public var cpuSeconds: Double
    public var peakBytes: Int
    /// Where the stage's processor time went, for the stages that say (rendering and writing).
    public var parts: [(name: String, cpuSeconds: Double)] = []
}

/// Times the stages of a run and notes the process's peak memory as each ends, for `--timings`
/// and `make bench`; reports each stage as it starts, for the progress bar.
struct StageClock {
    private(set) var timings: [StageTiming] = []
    private var current = "reading settings"
    private var currentParts: [(name: String, cpuSeconds: Double)] = []
    private var started = DispatchTime.now().uptimeNanoseconds
    private var startedCPU = StageClock.cpuSeconds(StageClock.usage())
    let progress: (String, Double) -> Void

    init(progress: @escaping (String, Double) -> Void) {
        self.progress = progress
    }

    /// Ends the current stage and starts `name`, `share` of the way through the run.
    mutating func start(_ name: String, _ share: Double) {
        let now = DispatchTime.now().uptimeNanoseconds
        let usage = StageClock.usage()
        let cpu = StageClock.cpuSeconds(usage)
        timings.append(StageTiming(stage: current, seconds: Double(now - started) / 1e9,
                                   cpuSeconds: cpu - startedCPU, peakBytes: usage.ru_maxrss * 1024, parts: currentParts))
        current = name
        currentParts = []
        started = now
        startedCPU = cpu
        progress(name, share)
    }

    /// Splits the current stage's processor time into `parts`; what they leave is listed as `rest`.
    mutating func split(_ parts: [(name: String, cpuSeconds: Double)], rest: String) {
        let cpu = StageClock.cpuSeconds(StageClock.usage()) - startedCPU
        currentParts = parts + [(rest, max(0, cpu - parts.reduce(0) { $0 + $1.cpuSeconds }))]
    }

    private static func usage() -> rusage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage
    }

    /// User and system time of every thread so far.
    private static func cpuSeconds(_ u: rusage) -> Double {
        Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }
}

/// Processor time spent in parts of a stage that runs on all cores: each task adds what its own
/// thread spent, so that a part's figure is not inflated by other work running beside it.
final class PartClock: Sendable {
    enum Part: Int, CaseIterable {
        case values, fingerprints, templates, kbJSON

        var name: String {
            switch self {
            case .values: return "page values"
            case .fingerprints: return "page fingerprints"
            case .templates: return "templates"
            case .kbJSON: return "kb.json"
            }
        }
    }

    private let nanoseconds = Mutex([UInt64](repeating: 0, count: Part.allCases.count))

    func measure<T>(_ part: Part, _ body: () -> T) -> T {
        let start = Self.threadNanoseconds()
        let result = body()
        let spent = Self.threadNanoseconds() &- start
        nanoseconds.withLock { $0[part.rawValue] &+= spent }
        return result
    }

    var parts: [(name: String, cpuSeconds: Double)] {
        let totals = nanoseconds.withLock { $0 }
        return Part.allCases.map { ($0.name, Double(totals[$0.rawValue]) / 1e9) }
    }

    private static func threadNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}

extension Optional where Wrapped == PartClock {
    /// `body`, timed when there is a clock.
    func measure<T>(_ part: PartClock.Part, _ body: () -> T) -> T {
        guard let clock = self else { return body() }
        return clock.measure(part, body)
    }
}
