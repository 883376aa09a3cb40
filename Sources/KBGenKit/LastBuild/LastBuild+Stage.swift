extension LastBuild {
    /// The knowledge base as the stages left it, for the next build; only a build that will write.
    static func keep(_ run: inout PipelineRun) {
        guard run.write && !run.diagnostics.hasErrors else { return }
        run.stage("keeping the model", 0.57)
        if run.replayed == nil { run.site.articlePrints = Fingerprint.articles(run.site.articles) }
        // The stages' warnings, not the settings' (the first ones): a replay reads the settings
        // again and reports theirs.
        let warnings = run.diagnostics.all.dropFirst(run.settingsProblems).filter { $0.severity == .warning }
        var model = LastBuild(site: run.site, inputs: run.inputs, otherInputs: run.otherInputs,
                              rankingInputs: run.rankingInputs, warnings: warnings)
        model.runs = run.replayed?.runs ?? []
        run.replayed?.runs = []
        run.model = model
    }
}
