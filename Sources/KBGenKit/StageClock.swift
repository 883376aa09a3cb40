import Foundation

/// Times the stages of a run and notes the process's peak memory as each ends, for `--timings`
/// and `make bench`; reports each stage as it starts, for the progress bar.
struct StageClock {
    private(set) var timings: [(stage: String, seconds: Double, peakBytes: Int)] = []
    private var current = "reading settings"
    private var started = DispatchTime.now().uptimeNanoseconds
    let progress: (String, Double) -> Void

    init(progress: @escaping (String, Double) -> Void) {
        self.progress = progress
    }

    /// Ends the current stage and starts `name`, `share` of the way through the run.
    mutating func start(_ name: String, _ share: Double) {
        let now = DispatchTime.now().uptimeNanoseconds
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        timings.append((current, Double(now - started) / 1e9, usage.ru_maxrss * 1024))
        current = name
        started = now
        progress(name, share)
    }
}
