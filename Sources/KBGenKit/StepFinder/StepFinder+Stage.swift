extension StepFinder {
    /// Repeated steps across every article; a replay kept the last build's.
    static func findAll(_ run: inout PipelineRun) {
        guard run.replayed == nil else { return }
        run.stage("finding repeated steps", 0.3)
        let report = !run.write
        let (site, repeated) = find(run.handOver(), report: report)
        run.site = site
        run.site.repeatedSteps = repeated
    }
}
