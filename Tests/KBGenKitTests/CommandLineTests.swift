import Foundation
import Synchronization
import Testing

/// Runs the built `kbgen` executable, which sits beside the test bundle, as a writer would.
@Suite struct CommandLineTests {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("kbgen")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func kbgen(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes are read at once: a command that fills one while the other is read to its
        // end (jemalloc's statistics, on standard error) would wait for the test forever.
        let errors = Mutex(Data())
        let finished = DispatchSemaphore(value: 0)
        Thread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errors.withLock { $0 = data }
            finished.signal()
        }.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        finished.wait()
        let stderr = errors.withLock { $0 }
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func executableIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable.path), "no kbgen at \(Self.executable.path)")
    }

    /// The command allocates through jemalloc, not glibc's malloc (docs/architecture.md): asked for
    /// its statistics at exit, jemalloc prints them.
    @Test func theCommandRunsOnJemalloc() throws {
        let output = Fixture.temporaryFolder().appendingPathComponent("site")
        let run = try kbgen(["build", "--quiet", "--templates", Fixture.templates.path, "--output", output.path],
                            in: Fixture.folder("valid/basic"), environment: ["MALLOC_CONF": "stats_print:true"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("Begin jemalloc statistics"))
    }

    @Test func contentErrorsExitOneWithEveryProblem() throws {
        let run = try kbgen(["build", "--templates", Fixture.templates.path], in: Fixture.folder("invalid/six-problems"))
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains(": error: ") }.count == 6)
        #expect(lines.first?.hasPrefix("Content/links.md:3:11: error: related article 'ghost' does not exist") == true)
        #expect(lines.last == "kbgen: nothing written (6 errors); Output/ is unchanged")
        #expect(!FileManager.default.fileExists(atPath: Fixture.folder("invalid/six-problems/Output").path))
    }

    @Test func badUsageExitsTwo() throws {
        let run = try kbgen(["build", "--no-such-flag"], in: Fixture.folder("valid/basic"))
        #expect(run.status == 2)
        #expect(run.stderr.contains("Unknown option '--no-such-flag'"))
    }

    /// Counts say their noun in the singular for one: no "1 articles".
    @Test func oneArticleIsSaidInTheSingular() throws {
        let root = Fixture.temporaryFolder()
        let content = root.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data(Fixture.article("Body.\n").utf8).write(to: content.appendingPathComponent("only.md"))
        let templates = ["--templates", Fixture.templates.path]
        let check = try kbgen(["check"] + templates, in: root)
        #expect(check.stderr.contains("kbgen: checked 1 article\n"), "\(check.stderr)")
        let build = try kbgen(["build"] + templates, in: root)
        #expect(build.stderr.hasPrefix("kbgen: built 1 article and "), "\(build.stderr)")
        let again = try kbgen(["build"] + templates, in: root)
        #expect(again.stderr.contains("is up to date (1 article) in "), "\(again.stderr)")
    }

    @Test func unsafeOutputExitsTwo() throws {
        let run = try kbgen(["build", "--templates", Fixture.templates.path, "--output", "Content"], in: Fixture.folder("valid/basic"))
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("Content:1:1: error: the output folder is or contains the content folder"))
    }

    @Test func buildWritesAndSumsUp() throws {
        let output = Fixture.temporaryFolder().appendingPathComponent("site")
        let run = try kbgen(["--templates", Fixture.templates.path, "--output", output.path], in: Fixture.folder("valid/basic"))
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix("kbgen: built 2 articles and "))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("net/dns-fails.html").path))
        let quiet = try kbgen(["--quiet", "--templates", Fixture.templates.path, "--output", output.path], in: Fixture.folder("valid/basic"))
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
    }

    @Test func checkReportsJSONAndStrictFailsOnWarnings() throws {
        let json = try kbgen(["check", "--templates", Fixture.templates.path, "--format", "json"], in: Fixture.folder("valid/hostile"))
        #expect(json.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let diagnostics = report?["diagnostics"] as? [[String: Any]]
        #expect(diagnostics?.count == 8)
        #expect(diagnostics?.first?["file"] as? String == "Content/evil.md")
        let strict = try kbgen(["check", "--strict", "--templates", Fixture.templates.path], in: Fixture.folder("valid/hostile"))
        #expect(strict.status == 1)
    }

    @Test func stepsCompareExplainsADecision() throws {
        let root = Fixture.temporaryFolder()
        let content = root.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        for (name, steps) in [("a", ["Restart the device.", "Run `net stop bits`."]), ("b", ["Restart your computer.", "Run `net start bits`."])] {
            let body = "## Fix {likelihood=0.5}\n\n" + steps.map { "1. \($0)\n" }.joined()
            try Data(Fixture.article(body).utf8).write(to: content.appendingPathComponent(name + ".md"))
        }
        let templates = ["--templates", Fixture.templates.path]
        // Steps are on lines 7 and 8 of each article.
        let same = try kbgen(["steps", "compare", "Content/a.md:7", "Content/b.md:7"] + templates, in: root)
        #expect(same.status == 0)
        #expect(same.stdout.contains("Content/a.md:7: Restart the device.\n  exact: restart\n  words: computer\n"))
        #expect(same.stdout.contains("similarity 1.00"))
        #expect(same.stdout.hasSuffix("the same step: the build groups them\n"))
        let apart = try kbgen(["steps", "compare", "Content/a.md:8", "b.md:8"] + templates, in: root)
        #expect(apart.status == 1)
        #expect(apart.stdout.contains("kept apart: exact words differ (`net stop bits` in the first, `net start bits` in the second)"))
        let nowhere = try kbgen(["steps", "compare", "Content/a.md:2", "Content/b.md:7"] + templates, in: root)
        #expect(nowhere.status == 2)
        #expect(nowhere.stderr.contains("Content/a.md:2:1: error: no step of a solution is written on this line"))
        #expect(try kbgen(["steps", "compare", "Content/a.md", "Content/b.md:7"] + templates, in: root).status == 2)
        // kbgen.yml has the last word.
        try Data("dedupe:\n  never_same:\n    - [Restart the device., Restart your computer.]\n".utf8)
            .write(to: root.appendingPathComponent("kbgen.yml"))
        let declared = try kbgen(["steps", "compare", "Content/a.md:7", "Content/b.md:7"] + templates, in: root)
        #expect(declared.status == 1)
        #expect(declared.stdout.contains("kbgen.yml declares them never one step (dedupe.never_same)"))
    }

    @Test func checkListsRepeatedStepsAndExtractRewritesThem() throws {
        let root = Fixture.temporaryFolder()
        try FileManager.default.copyItem(at: Fixture.folder("valid/repeated-steps/Content"), to: root.appendingPathComponent("Content"))
        let templates = ["--templates", Fixture.templates.path]
        let check = try kbgen(["check"] + templates, in: root)
        #expect(check.status == 0)
        #expect(check.stdout.contains("in-services-right-click-print-spooler-select-stop (3 places)"))
        #expect(check.stdout.contains("    Content/printing/driver.md:7:1: In Services, right-click **Print Spooler** and select **Stop**."))

        let before = Fixture.snapshot(root)
        let preview = try kbgen(["steps", "extract", "in-services-right-click-print-spooler-select-stop", "--id", "stop-spooler"] + templates, in: root)
        #expect(preview.status == 0)
        #expect(preview.stdout.contains("+++ b/Content/steps/stop-spooler.md"))
        #expect(preview.stdout.contains("-1. In Services, right-click **Print Spooler** and select **Stop**.\n+1. [](step:stop-spooler)"))
        #expect(Fixture.snapshot(root) == before)

        let write = try kbgen(["steps", "extract", "in-services-right-click-print-spooler-select-stop", "--id", "stop-spooler", "--write"] + templates, in: root)
        #expect(write.status == 0)
        let step = try String(contentsOf: root.appendingPathComponent("Content/steps/stop-spooler.md"), encoding: .utf8)
        #expect(step == "---\ntitle: \"In Services, right-click Print Spooler and select Stop\"\n---\n\nIn Services, right-click **Print Spooler** and select **Stop**.\n")
        let driver = try String(contentsOf: root.appendingPathComponent("Content/printing/driver.md"), encoding: .utf8)
        #expect(driver.contains("1. [](step:stop-spooler)\n2. Remove the printer"))
        // The knowledge base still builds, and the group is now the step file, used only through links.
        let after = try kbgen(["check"] + templates, in: root)
        #expect(after.status == 0)
        #expect(!after.stdout.contains("stop-spooler"))
        let again = try kbgen(["steps", "extract", "in-services-right-click-print-spooler-select-stop"] + templates, in: root)
        #expect(again.status == 1)
    }

    @Test func rebuildsSayWhatChanged() throws {
        let root = Fixture.temporaryFolder()
        try FileManager.default.copyItem(at: Fixture.folder("valid/incremental/Content"), to: root.appendingPathComponent("Content"))
        let templates = ["--templates", Fixture.templates.path]
        let first = try kbgen(templates, in: root)
        #expect(first.status == 0)
        #expect(first.stderr.hasPrefix("kbgen: built 3 articles and "))

        let again = try kbgen(templates, in: root)
        #expect(again.status == 0)
        #expect(again.stderr.hasPrefix("kbgen: nothing changed since the last build; Output/ is up to date (3 articles) in "))

        let article = root.appendingPathComponent("Content/rdp/port-blocked.md")
        let text = try String(contentsOf: article, encoding: .utf8)
        try text.replacingOccurrences(of: "Open **Windows Defender Firewall**.", with: "Open **Windows Firewall**.")
            .write(to: article, atomically: false, encoding: .utf8)
        let changed = try kbgen(templates, in: root)
        #expect(changed.status == 0)
        #expect(changed.stderr.contains("kbgen: built 3 articles into Output/ in "))
        #expect(changed.stderr.contains(" files changed"))

        let full = try kbgen(["--full"] + templates, in: root)
        #expect(full.status == 0)
        #expect(full.stderr.hasPrefix("kbgen: built 3 articles and "))
    }

    @Test func timingsListTheStages() throws {
        let output = Fixture.temporaryFolder().appendingPathComponent("site")
        let run = try kbgen(["--timings", "--templates", Fixture.templates.path, "--output", output.path], in: Fixture.folder("valid/basic"))
        #expect(run.status == 0)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        let stages = lines.filter { $0.contains(" peak  ") }.map { $0.components(separatedBy: " peak  ").last ?? "" }
        #expect(stages == ["reading settings", "reading", "parsing", "finding repeated steps", "ordering solutions", "linking",
                           "cross-linking", "keeping the model", "indexing for search", "listing pages", "rendering and writing"])
        // Rendering's processor time, split into parts, right under it.
        let rendering = try #require(lines.firstIndex { $0.hasSuffix("rendering and writing") })
        let parts = lines[(rendering + 1)...].prefix { $0.contains(" s cpu ") && $0.contains(" - ") }.map { $0.components(separatedBy: " - ").last ?? "" }
        #expect(parts == ["page values", "page fingerprints", "templates", "kb.json", "writing files, and the rest"])
        #expect(lines.last?.hasPrefix("kbgen: built 2 articles") == true)
    }

    /// A knowledge base big enough that a debug build takes a while: the basic fixture with
    /// `copies` more articles.
    func largeKnowledgeBase(copies: Int) throws -> URL {
        let root = Fixture.temporaryFolder()
        try FileManager.default.copyItem(at: Fixture.folder("valid/basic/Content"), to: root.appendingPathComponent("Content"))
        try FileManager.default.copyItem(at: Fixture.templates, to: root.appendingPathComponent("Templates"))
        for i in 0..<copies {
            let text = "---\ntitle: Copy \(i)\nerror_codes: [0x\(String(0x100 + i % 50, radix: 16))]\ntags: [t\(i % 20)]\n---\n\nIntro \(i).\n\n"
                + "## Fix {likelihood=high}\n\n" + (1...20).map { "\($0). Step \($0) of copy \(i % 7) with ~~old~~ and www.example.com/\($0)." }.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: root.appendingPathComponent("Content/copy-\(i).md"))
        }
        return root
    }

    func start(_ arguments: [String], in folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A build killed part way leaves the last site whole, whenever it is killed; the next build
    /// removes what it left beside the output and succeeds.
    @Test func aKilledBuildLeavesTheLastSiteWhole() throws {
        let root = try largeKnowledgeBase(copies: 600)
        #expect(try kbgen(["build", "--quiet"], in: root).status == 0)
        let before = Fixture.snapshot(root.appendingPathComponent("Output"))
        let layout = root.appendingPathComponent("Templates/layout.mustache")
        try Data(try String(contentsOf: layout, encoding: .utf8).replacingOccurrences(of: "</body>", with: "<!-- new --></body>").utf8).write(to: layout)
        for delay in [0.2, 0.5, 0.9] {
            let build = try start(["build", "--quiet"], in: root)
            Thread.sleep(forTimeInterval: delay)
            kill(build.processIdentifier, SIGKILL)
            build.waitUntilExit()
            let now = Fixture.snapshot(root.appendingPathComponent("Output"))
            let pages = now.filter { $0.key.hasSuffix(".html") }.values.map { String(decoding: $0, as: UTF8.self).contains("<!-- new -->") }
            // Either still the last build, byte for byte, or wholly the new one.
            #expect(now == before || (pages.allSatisfy { $0 } && now.count == before.count), "killed after \(delay) s: a mixed site")
        }
        #expect(try kbgen(["build", "--quiet"], in: root).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["Content", "Output", "Templates"])
    }

    /// Two builds into one output at once: one writes, the other stops at once with exit status 2.
    /// Which one starts first is the system's choice, so either may be the one that writes.
    @Test func twoBuildsAtOnceDoNotMix() throws {
        let root = try largeKnowledgeBase(copies: 300)
        #expect(try kbgen(["build", "--quiet"], in: root).status == 0)
        let layout = root.appendingPathComponent("Templates/layout.mustache")
        try Data(try String(contentsOf: layout, encoding: .utf8).replacingOccurrences(of: "</body>", with: "<!-- new --></body>").utf8).write(to: layout)
        let background = Process()
        background.executableURL = Self.executable
        background.arguments = ["build", "--quiet"]
        background.currentDirectoryURL = root
        let err = Pipe()
        background.standardError = err
        background.standardOutput = FileHandle.nullDevice
        try background.run()
        Thread.sleep(forTimeInterval: 0.1)
        let foreground = try kbgen(["build", "--quiet"], in: root)
        let backgroundError = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        background.waitUntilExit()
        let runs = [(background.terminationStatus, backgroundError), (foreground.status, foreground.stderr)].sorted { $0.0 < $1.0 }
        #expect(runs.map(\.0) == [0, 2], "\(runs)")
        #expect(runs[1].1.contains("another kbgen build is writing this output folder"), "\(runs[1].1)")
        let pages = Fixture.snapshot(root.appendingPathComponent("Output")).filter { $0.key.hasSuffix(".html") }
        #expect(pages.values.allSatisfy { String(decoding: $0, as: UTF8.self).contains("<!-- new -->") })
    }

    /// Runs kbgen as an unprivileged user, for whom file permissions hold (tests run as root).
    func kbgenAsNobody(_ arguments: [String], in folder: URL) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Self.executable.path] + arguments
        process.currentDirectoryURL = folder
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: "", stderr: stderr)
    }

    /// A read-only output tree is still replaced whole; a read-only folder around it is a clear
    /// error that leaves the last site whole and nothing behind, and once it is writable again
    /// the next build succeeds.
    @Test(.enabled(if: getuid() == 0)) func readOnlyFoldersLeaveTheLastSiteWhole() throws {
        let root = try largeKnowledgeBase(copies: 5)
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        chmod(root.path, 0o755)
        chown(site.path, 65534, 65534)
        #expect(try kbgenAsNobody(["build", "--quiet", "--output", "site/Output"], in: root).status == 0)
        let output = site.appendingPathComponent("Output")
        func setWritable(_ writable: Bool, _ url: URL) {
            var pending = [url.path]
            while let path = pending.popLast() {
                chmod(path, writable ? 0o755 : 0o555)
                for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                    var isFolder: ObjCBool = false
                    if FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder), isFolder.boolValue { pending.append(path + "/" + name) }
                }
            }
        }
        let layout = root.appendingPathComponent("Templates/layout.mustache")
        func changeTheme(_ mark: String) throws {
            try Data(try String(contentsOf: layout, encoding: .utf8).replacingOccurrences(of: "</body>", with: "<!-- \(mark) --></body>").utf8).write(to: layout)
        }
        setWritable(false, output)
        try changeTheme("one")
        #expect(try kbgenAsNobody(["build", "--quiet", "--output", "site/Output"], in: root).status == 0)
        #expect(Fixture.read(output, "index.html").contains("<!-- one -->"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path) == ["Output"])

        let before = Fixture.snapshot(output)
        chmod(site.path, 0o555)
        try changeTheme("two")
        let refused = try kbgenAsNobody(["build", "--quiet", "--output", "site/Output"], in: root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("site/Output:1:1: error: cannot create the new site beside the output folder"), "\(refused.stderr)")
        #expect(refused.stderr.contains("Permission denied; the previous output is unchanged"), "\(refused.stderr)")
        #expect(Fixture.snapshot(output) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path) == ["Output"])
        chmod(site.path, 0o755)
        #expect(try kbgenAsNobody(["build", "--quiet", "--output", "site/Output"], in: root).status == 0)
        #expect(Fixture.read(output, "index.html").contains("<!-- two -->"))
    }
}

/// `kbgen theme names` and a broken theme through `kbgen check` and `kbgen build`.
@Suite struct ThemeCommandTests {
    let cli = CommandLineTests()

    @Test func namesOfAPageKind() throws {
        let run = try cli.kbgen(["theme", "names", "term"], in: Fixture.repository)
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "term page (Templates/term.mustache)")
        #expect(lines.contains { $0.hasPrefix("  count_text ") && $0.contains("text") && $0.contains("1 article, 12 articles") })
        #expect(lines.contains { $0.hasPrefix("    summary ") && $0.contains("optional text") }, "names inside list entries are indented under the list")
        let all = try cli.kbgen(["theme", "names"], in: Fixture.repository)
        #expect(all.stdout.components(separatedBy: " page (Templates/").count - 1 == 8)
        let wrong = try cli.kbgen(["theme", "names", "artcle"], in: Fixture.repository)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("there is no page kind 'artcle'; the page kinds are article, index, step, term, terms, search, feedback, 404"))
    }

    /// The Markdown reference in docs/themes.md is what the types say, word for word.
    @Test func themesDocumentListsEveryNameAsTheTypesDo() throws {
        let doc = try String(contentsOf: Fixture.repository.appendingPathComponent("docs/themes.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "<!-- names: made by `kbgen theme names --markdown` -->\n"))
        let end = try #require(doc.range(of: "<!-- end of names -->"))
        let run = try cli.kbgen(["theme", "names", "--markdown"], in: Fixture.repository)
        #expect(String(doc[start.upperBound..<end.lowerBound]) == run.stdout,
                "docs/themes.md is out of date: replace its names with the output of `kbgen theme names --markdown`")
        #expect(run.stdout.contains("| `count_text` | text |"))
    }

    /// A theme with a typo stops check and build with the error at its line, and writes nothing.
    @Test func brokenThemeStopsCheckAndBuild() throws {
        let theme = Fixture.temporaryFolder().appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: Fixture.templates, to: theme)
        let article = theme.appendingPathComponent("article.mustache")
        let text = try String(contentsOf: article, encoding: .utf8)
        try text.replacingOccurrences(of: "<h1>{{title}}</h1>", with: "<h1>{{titel}}</h1>").write(to: article, atomically: true, encoding: .utf8)
        let check = try cli.kbgen(["check", "--templates", theme.path], in: Fixture.folder("valid/basic"))
        #expect(check.status == 1)
        #expect(check.stderr.contains("Templates/article.mustache:18:5: error: unknown name 'titel': the article page has no value named 'titel'; did you mean 'title'?"))
        let output = Fixture.temporaryFolder().appendingPathComponent("Output")
        let build = try cli.kbgen(["build", "--templates", theme.path, "--output", output.path], in: Fixture.folder("valid/basic"))
        #expect(build.status == 1)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
