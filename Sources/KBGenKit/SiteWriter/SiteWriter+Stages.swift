extension SiteWriter {
    /// A build that writes checks that the output folder is safe to replace and takes its lock
    /// first, before reading anything; either problem ends the run (exit status 2).
    static func lockOutput(_ run: inout PipelineRun) {
        guard run.write else { return }
        let unsafe = checkOutputFolder(run.options)
        guard unsafe.isEmpty else {
            run.diagnostics.append(contentsOf: unsafe)
            return run.stop(.usageErrors)
        }
        do { run.lock = try OutputLock.take(run.options, create: false) } catch {
            run.diagnostics.append(error)
            run.stop(.usageErrors)
        }
    }

    /// Makes and writes every page, made beside the output and exchanged with it, or, for the
    /// preview (`updateInPlace`), brought up to date where it is; with the cache for the next build.
    static func writeSite(_ run: inout PipelineRun) {
        guard run.write, let rendered = run.rendered else { return }
        run.stage("rendering and writing", 0.65)
        let options = run.options, progress = run.progress
        var cache = BuildCache(inputs: run.inputs, articleCount: rendered.articleCount,
                               warnings: Diagnostics(run.diagnostics.warnings).sorted, files: [:])
        cache.tool = options.toolVersion
        cache.search = run.search?.fingerprint ?? ""
        cache.pages = run.pageRecords
        do {
            if run.lock == nil { run.lock = try OutputLock.take(options, create: true) }
            if options.updateInPlace, let previous = run.previous {
                let updated = try update(rendered, in: options.output, cache: cache, previous: previous, writeCache: !options.holdModel)
                run.written = updated.written
                if options.holdModel { run.keptInMemory?.cache = updated.cache }
            } else {
                run.written = try write(rendered, to: options.output, displayPath: options.displayPath(options.output),
                                        cache: cache, previous: run.previous) { progress("rendering and writing", 0.65 + 0.35 * $0) }
            }
        } catch {
            run.lock?.removeFolderItMade()
            run.diagnostics.append(error as? Diagnostic ?? .error(options.displayPath(options.output), SourcePosition(line: 1, column: 1), "\(error)"))
            run.result = BuildResult(status: .contentErrors, diagnostics: run.diagnostics, site: nil)
            return
        }
        if let parts = run.parts { run.clock.split(parts.parts, rest: "writing files, and the rest") }
    }
}
