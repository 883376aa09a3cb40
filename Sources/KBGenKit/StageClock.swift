import Foundation

/// One stage's share of a run: wall time, processor time on all cores (more than the wall time
/// when the stage runs in parallel), and the process's peak memory when it ended.
public struct StageTiming: Sendable {
    public var stage: String
    public var seconds: Double
    public var cpuSeconds: Double
    public var peakBytes: Int
}

/// Times the stages of a run and notes the process's peak memory as each ends, for `--timings`
/// and `make bench`; reports each stage as it starts, for the progress bar.
struct StageClock {
    private(set) var timings: [StageTiming] = []
    private var current = "reading settings"
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
                                   cpuSeconds: cpu - startedCPU, peakBytes: usage.ru_maxrss * 1024))
        current = name
        started = now
        startedCPU = cpu
        progress(name, share)
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
