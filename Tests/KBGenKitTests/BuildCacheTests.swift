import Foundation
import Testing
@testable import KBGenKit

/// Incremental builds: whatever changes between two builds, the output of a build that reuses the
/// last one's pages is byte for byte the output of a full build of the same sources.
@Suite struct BuildCacheTests {
    /// A copy of Fixtures/valid/incremental and of the theme in a new folder, free to change.
    struct Workspace {
        let root: URL

        init() throws {
            root = Fixture.temporaryFolder().appendingPathComponent("kb")
            try FileManager.default.copyItem(at: Fixture.folder("valid/incremental"), to: root)
            try FileManager.default.copyItem(at: Fixture.templates, to: root.appendingPathComponent("Templates"))
        }

        func options(output: String = "Output", incremental: Bool = true) -> BuildOptions {
            var options = BuildOptions(workingDirectory: root, output: output)
            options.incremental = incremental
            options.toolVersion = "tests"
            return options
        }

        func url(_ path: String) -> URL { root.appendingPathComponent(path) }

        func write(_ path: String, _ text: String) throws {
            try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url(path), atomically: false, encoding: .utf8)
        }

        func read(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }

        func replace(_ path: String, _ old: String, with new: String) throws {
            let text = try read(path)
            #expect(text.contains(old), "\(path) should contain \(old)")
            try write(path, text.replacingOccurrences(of: old, with: new))
        }

        func remove(_ path: String) throws { try FileManager.default.removeItem(at: url(path)) }

        func rename(_ from: String, _ to: String) throws { try FileManager.default.moveItem(at: url(from), to: url(to)) }

        /// The output without the cache, whose times differ from build to build.
        func files(_ output: String) -> [String: Data] {
            var files = Fixture.snapshot(url(output))
            files[BuildCache.fileName] = nil
            return files
        }
    }

    /// How a rebuild is expected to have gone through the stages.
    enum Replay {
        /// Not checked.
        case any
        /// Every article through every stage.
        case none
        /// Every article through every stage, known from the last build's header alone: its
        /// articles are never decoded.
        case undecoded
        /// Only this many changed articles, the rest from the last build's model.
        case articles(Int)
    }

    /// Builds into Output/ reusing the last build, then into a new folder from scratch, and
    /// compares the two: files, the model kept for the next build, and messages. Returns the
    /// incremental build's result.
    @discardableResult
    func buildAndCompare(_ ws: Workspace, _ change: String, replay: Replay = .any, fails: Bool = false) -> BuildResult {
        let status: BuildResult.Status = fails ? .contentErrors : .built
        let incremental = Pipeline.run(ws.options(), write: true)
        #expect(incremental.status == status, "\(change): \(incremental.diagnostics.all)")
        let fresh = "Full-" + UUID().uuidString
        let full = Pipeline.run(ws.options(output: fresh, incremental: false), write: true)
        #expect(full.status == status, "\(change): \(full.diagnostics.all)")
        #expect(incremental.diagnostics.sorted == full.diagnostics.sorted, "\(change): the messages differ")
        switch replay {
        case .any: break
        case .none: #expect(incremental.replayedArticles == nil, "\(change): replayed \(incremental.replayedArticles ?? 0) articles")
        case .undecoded:
            let stages = incremental.timings.map(\.stage)
            #expect(incremental.replayedArticles == nil, "\(change): replayed \(incremental.replayedArticles ?? 0) articles")
            #expect(stages.contains("reading the last build") && !stages.contains("decoding the last build's articles"),
                    "\(change): \(stages)")
        case .articles(let n): #expect(incremental.replayedArticles == n, "\(change): replayed \(String(describing: incremental.replayedArticles))")
        }
        if !fails {
            let a = ws.files("Output"), b = ws.files(fresh)
            let differing = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
            #expect(differing.isEmpty, "after \(change), the incremental build differs from a full one in \(differing)")
            #expect(a.count > 10, "after \(change), the output has \(a.count) files")
            #expect(a[LastBuild.fileName] != nil, "after \(change), the output has no model")
            #expect(a[SearchCounts.fileName] != nil, "after \(change), the output has no search counts")
        }
        try? FileManager.default.removeItem(at: ws.url(fresh))
        return incremental
    }

    @Test func unchangedKBJSONIsNotReplaced() throws {
        let ws = try Workspace()
        buildAndCompare(ws, "the first build")
        func inode(_ path: String) throws -> Int {
            try (FileManager.default.attributesOfItem(atPath: ws.url(path).path)[.systemFileNumber] as? Int) ?? -1
        }
        let before = try inode("Output/kb.json")
        // A template change renders every page again but leaves kb.json as it was.
        try ws.replace("Templates/step.mustache", "<h2>Used in</h2>", with: "<h2>Used in these articles</h2>")
        let result = buildAndCompare(ws, "a template changed")
        #expect(try inode("Output/kb.json") == before)
        #expect(result.filesWritten < result.site?.files.count ?? 0)
        // A changed title changes kb.json, which is then replaced.
        try ws.replace("Content/rdp/port-blocked.md", "title: ", with: "title: Now ")
        buildAndCompare(ws, "a title changed")
        #expect(try inode("Output/kb.json") != before)
    }

    @Test func searchIndexIsKeptWhileWhatItReadsIsUnchanged() throws {
        let ws = try Workspace()
        #expect(!buildAndCompare(ws, "the first build").keptSearch)
        // What the index does not read, a solution's effort: the last build's search files stay.
        try ws.replace("Content/rdp/port-blocked.md", "{likelihood=0.7}", with: "{likelihood=0.7 effort=5m}")
        #expect(buildAndCompare(ws, "an effort added").keptSearch)
        // A step written in several places is indexed, and shown, in its shared wording, which
        // another wording of it here does not change.
        try ws.replace("Content/rdp/port-blocked.md", "Sign out of Windows and", with: "Sign out of Windows now, and")
        #expect(buildAndCompare(ws, "another wording of a shared step").keptSearch)
        // What it reads: a paragraph, a title, a step, a solution title, a tag, the search synonyms.
        for (old, new) in [("## Allow the port", "The port is 3389.\n\n## Allow the port"),
                           ("title: Port 3389 is blocked", "title: Port 3389 is closed"),
                           ("through the firewall.", "through Windows Firewall."),
                           ("## Allow the port", "## Open the port"),
                           ("tags: [rdp, firewall]", "tags: [rdp, firewall, network]")] {
            try ws.replace("Content/rdp/port-blocked.md", old, with: new)
            #expect(!buildAndCompare(ws, "changing '\(old)'").keptSearch, "changing '\(old)' makes the index again")
        }
        try ws.write("kbgen.yml", try ws.read("kbgen.yml") + "search:\n  synonyms:\n    - [port, socket]\n")
        #expect(!buildAndCompare(ws, "a synonym added").keptSearch)
    }

    /// Builds with `file` in place, then again with a file copied as it is where its folder was:
    /// the new site is made beside the old one, so nothing of the old folder is in the way.
    func folderBecomesAFile(_ file: String, _ text: String) throws -> (Workspace, BuildResult) {
        let ws = try Workspace()
        try ws.write(file, text)
        buildAndCompare(ws, "the first build")
        let folder = (file as NSString).deletingLastPathComponent
        try ws.remove(folder)
        try ws.write(folder, "a file copied as it is\n")
        return (ws, buildAndCompare(ws, "a file where a folder was"))
    }

    @Test func aFileWhereAFolderWasIsWrittenAloneAndTheKeptSearchIndexLinked() throws {
        // An image folder, which the search index does not read: the index is kept, and its
        // files are linked into the new site with every other unchanged file.
        let (ws, result) = try folderBecomesAFile("Content/img/more/x.png", "not really an image\n")
        #expect(result.keptSearch)
        #expect(result.filesWritten == 1)
        #expect(FileManager.default.fileExists(atPath: ws.url("Output/search/d-0.js").path))
    }

    @Test func incrementalBuildsEqualFullBuilds() throws {
        let ws = try Workspace()
        let first = buildAndCompare(ws, "the first build")
        #expect(!first.upToDate)
        #expect(first.filesWritten == first.site?.files.count)

        let again = Pipeline.run(ws.options(), write: true)
        #expect(again.upToDate, "nothing changed, so nothing is built")
        #expect(again.filesWritten == 0)
        #expect(again.site?.articleCount == 3)

        try ws.replace("Content/rdp/port-blocked.md", "Allow **Remote Desktop** through the firewall.",
                       with: "Allow **Remote Desktop** and **Remote Assistance** through the firewall.")
        let edited = buildAndCompare(ws, "changing an article")
        let total = edited.site?.files.count ?? 0
        #expect(edited.filesWritten > 0 && edited.filesWritten < total / 2,
                "changing one article wrote \(edited.filesWritten) of \(total) files")
        #expect(!edited.upToDate)

        try ws.write("Content/printing/offline.md", """
            ---
            title: The printer is offline
            summary: Windows shows the printer as offline.
            error_codes: [0x00000709]
            tags: [printing, network]
            ---

            ## Restart the spooler {likelihood=0.5}

            1. [](step:open-services)
            2. Right-click **Print Spooler** and select **Restart**.

            Related: [stuck jobs](spooler.md).
            """)
        buildAndCompare(ws, "adding an article")

        try ws.rename("Content/printing/spooler.md", "Content/printing/print-spooler.md")
        try ws.replace("Content/printing/offline.md", "(spooler.md)", with: "(print-spooler.md)")
        buildAndCompare(ws, "renaming an article")

        try ws.remove("Content/printing/offline.md")
        buildAndCompare(ws, "removing an article")

        try ws.replace("Content/steps/open-services.md", "press **Enter**", with: "select **OK**")
        buildAndCompare(ws, "changing a step file")

        try ws.write("Content/steps/restart-spooler.md", """
            ---
            title: Restart the Print Spooler
            ---

            Right-click **Print Spooler** and select **Restart**.
            """)
        try ws.replace("Content/printing/print-spooler.md", "2. Right-click **Print Spooler** and select **Restart**.",
                       with: "2. [](step:restart-spooler)")
        buildAndCompare(ws, "adding a step file")

        try ws.replace("Content/printing/print-spooler.md", "2. [](step:restart-spooler)", with: "2. Restart the computer.")
        try ws.remove("Content/steps/restart-spooler.md")
        buildAndCompare(ws, "removing a step file")

        // Pages keyed by what they are made from: each change reaches pages other than its article's.
        for (file, old, new, change) in [
            ("Content/rdp/error-0x904.md", "Sign out of Windows and sign back in.", "Sign out of Windows, then sign back in.",
             "changing the wording most places give a shared step"),
            ("Content/rdp/port-blocked.md", "title: Port 3389 is blocked", "title: Port 3389 is closed", "changing the title of a linked article"),
            ("Content/rdp/port-blocked.md", "summary: The firewall blocks Remote Desktop.", "summary: A firewall blocks it.",
             "changing the summary of a linked article"),
            ("Content/rdp/error-0x904.md", "## Check the port", "## Check port 3389", "changing a solution title a step page lists"),
            ("Content/rdp/error-0x904.md", "error_codes: [0x904]", "error_codes: [0x0904, 0x80070005]", "changing the codes an article lists"),
            ("kbgen.yml", "base_url: https://kb.example.com/help/", "base_url: https://help.example.com/", "changing the base URL"),
        ] {
            try ws.replace(file, old, with: new)
            buildAndCompare(ws, change)
        }
        try ws.write("kbgen.yml", try ws.read("kbgen.yml") + "order: expected-cost\n")
        buildAndCompare(ws, "changing the order", replay: .articles(0))

        try ws.replace("Templates/step.mustache", "<h2>Used in</h2>", with: "<h2>Used in these articles</h2>")
        buildAndCompare(ws, "changing a template", replay: .articles(0))

        try ws.write("Templates/partials/footer.mustache", try ws.read("Templates/partials/footer.mustache") + "<!-- changed -->\n")
        buildAndCompare(ws, "changing a partial", replay: .articles(0))

        try ws.replace("kbgen.yml", "title: Incremental", with: "title: Incremental builds")
        buildAndCompare(ws, "changing the site's title", replay: .articles(0))

        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x02]).write(to: ws.url("Content/img/diagram.png"))
        buildAndCompare(ws, "changing an image")

        try ws.write("feedback.csv", "article,solution,worked,failed\nrdp/error-0x904,check-the-port,30,2\n")
        try ws.write("kbgen.yml", try ws.read("kbgen.yml") + "feedback: feedback.csv\n")
        buildAndCompare(ws, "adding reader feedback")
        try ws.write("feedback.csv", "article,solution,worked,failed\nrdp/error-0x904,check-the-port,1,40\n")
        buildAndCompare(ws, "changing reader feedback", replay: .articles(0))

        try ws.write("Content/printing/draft.md", "---\ntitle: Not yet\ndraft: true\n---\n\nText.\n")
        buildAndCompare(ws, "adding a draft")
    }

    @Test func aParagraphOnlyItsPageShowsRewritesOnlyThatPage() throws {
        let ws = try Workspace()
        buildAndCompare(ws, "the first build")
        // Not a step, the summary or anything a listing or kb.json reads; the search index reads
        // it, and only its files that hold the changed words are written.
        let search = ws.url("Output/search")
        let before = Fixture.snapshot(search)
        try ws.replace("Content/rdp/error-0x904.md", "The client shows 0x904 after a certificate change.",
                       with: "The client shows 0x904 after the certificate was renewed.")
        let result = buildAndCompare(ws, "changing a paragraph")
        let after = Fixture.snapshot(search)
        let changed = after.keys.filter { before[$0] != after[$0] }
        #expect(!changed.isEmpty && changed.count < after.count, "\(changed.sorted())")
        #expect(result.filesWritten == 1 + changed.count, "wrote \(result.filesWritten) files")
        #expect(try ws.read("Output/rdp/error-0x904.html").contains("after the certificate was renewed"))
    }

    /// A change that reaches nothing the stages read across articles goes through them alone; any
    /// other change sends every article through them. Either way the output, the model and the
    /// messages are a full build's.
    @Test func changesInsideOneArticleGoThroughTheStagesAlone() throws {
        let ws = try Workspace()
        // A warning about the settings is reported once by every build, replayed or not.
        try ws.write("kbgen.yml", try ws.read("kbgen.yml") + "colour: blue\n")
        buildAndCompare(ws, "the first build", replay: .none)
        let article = "Content/rdp/error-0x904.md"
        // This article holds the wording of the step three places share, so moving its lines
        // moves the shared step too.
        for (old, new, change) in [
            ("The client shows 0x904 after a certificate change.\n",
             "The client shows 0x904 after a certificate change.\n\nTwo new lines\nmove every step down.\n", "adding lines above the steps"),
            ("See [the port article](port-blocked.md).", "See [the port article](port-blocked.md) if error 0x204 shows.",
             "mentioning a code in a solution's text"),
            ("![diagram](../img/diagram.png)", "![diagram](../img/diagram.png)\n\nStill stuck? Read [the port article](port-blocked.md) again.",
             "linking an article it already links to"),
        ] {
            try ws.replace(article, old, with: new)
            buildAndCompare(ws, change, replay: .articles(1))
        }

        try ws.replace(article, "Two new lines", with: "Three new lines")
        try ws.replace("Content/printing/spooler.md", "Jobs stay in the queue.", with: "Jobs stay in the queue for hours.")
        let two = buildAndCompare(ws, "changing two articles", replay: .articles(2))
        #expect(two.timings.map(\.stage) == ["reading settings", "reading", "reading the last build", "parsing changed articles",
                                              "decoding the last build's articles", "replaying changed articles", "keeping the model",
                                              "listing pages, and indexing for search", "rendering and writing"])

        try ws.replace(article, "Still stuck?", with: "Still stuck? Ask [the spooler article](../printing/spooler.md).")
        let linked = buildAndCompare(ws, "linking another article, which gets a back-link", replay: .articles(1))
        #expect(linked.filesWritten > 1, "the linked article's page shows the back-link")
        #expect(try ws.read("Output/printing/spooler.html").contains("Linked from"))
        try ws.replace(article, "Still stuck? Ask [the spooler article](../printing/spooler.md).", with: "Still stuck? Ask the spooler article.")
        buildAndCompare(ws, "removing that link", replay: .articles(1))
        #expect(try !ws.read("Output/printing/spooler.html").contains("Linked from"))

        try ws.replace(article, "2. Restart **Remote Desktop Services**.", with: "2. Restart **Remote Desktop Services** now.")
        buildAndCompare(ws, "rewording a step", replay: .undecoded)

        try ws.replace(article, "Three new lines", with: "A [broken link](missing.md) and three new lines")
        buildAndCompare(ws, "adding a broken link", replay: .articles(1), fails: true)
        try ws.replace(article, "A [broken link](missing.md) and three new lines", with: "Three new lines")

        // A step pasted twice is kept with a warning, which moves with it.
        try ws.replace(article, "3. Sign out of Windows and sign back in.", with: "3. Sign out of Windows and sign back in.\n4. Sign out of Windows and sign back in.")
        buildAndCompare(ws, "repeating a step in its solution", replay: .undecoded)
        try ws.replace(article, "Three new lines", with: "Three new lines\nand one more")
        let moved = buildAndCompare(ws, "moving a step pasted twice", replay: .articles(1))
        #expect(moved.diagnostics.warnings.contains { $0.file.hasSuffix("error-0x904.md") && $0.message.contains("same as the step right before it") })

        // Reader outcomes reorder the solutions; a replayed article keeps their order and figures.
        try ws.write("feedback.csv", "article,solution,worked,failed\nrdp/error-0x904,check-the-port,30,2\nrdp/nowhere,x,1,1\n")
        try ws.write("kbgen.yml", try ws.read("kbgen.yml") + "feedback: feedback.csv\norder: expected-cost\n")
        buildAndCompare(ws, "adding reader feedback", replay: .undecoded)
        // New outcomes, and a row for an article that does not exist: every article's solutions
        // are ordered again, and the feedback file's messages are this build's.
        try ws.write("feedback.csv", "article,solution,worked,failed\nrdp/error-0x904,check-the-port,2,30\nrdp/elsewhere,x,1,1\n")
        let rerated = buildAndCompare(ws, "changing reader feedback", replay: .articles(0))
        #expect(rerated.diagnostics.warnings.contains { $0.message.contains("'rdp/elsewhere' does not exist") })
        #expect(!rerated.diagnostics.warnings.contains { $0.message.contains("'rdp/nowhere'") })
        try ws.write("feedback.csv", "article,solution,worked,failed\nrdp/nowhere,x,1,1\n")
        buildAndCompare(ws, "removing the outcomes of a solution", replay: .articles(0))
        #expect(try !ws.read("Output/rdp/error-0x904.html").contains("readers"))
        try ws.write("feedback.csv", "article,solution,worked,failed\nrdp/error-0x904,check-the-port,30,2\nrdp/nowhere,x,1,1\n")
        buildAndCompare(ws, "changing it back", replay: .articles(0))
        #expect(try ws.read("Output/rdp/error-0x904.html").contains("worked for 30 of 32 readers"))
        try ws.replace(article, "and one more", with: "and one more after feedback")
        buildAndCompare(ws, "changing a paragraph of an article readers rated", replay: .articles(1))
        // Its solutions ordered again: the outcomes readers gave each stay with its anchor.
        let before = try ws.read("Output/rdp/error-0x904.html")
        try ws.replace(article, "{likelihood=0.3}", with: "{likelihood=0.3 effort=5m}")
        buildAndCompare(ws, "giving a solution an effort, which reorders the solutions", replay: .articles(1))
        let after = try ws.read("Output/rdp/error-0x904.html")
        #expect(before.range(of: "id=\"renew-the-certificate\"")!.lowerBound < before.range(of: "id=\"check-the-port\"")!.lowerBound)
        #expect(after.range(of: "id=\"renew-the-certificate\"")!.lowerBound > after.range(of: "id=\"check-the-port\"")!.lowerBound,
                "the quicker fix readers rated now comes first")
        try ws.replace(article, "{likelihood=0.3 effort=5m}", with: "{#check-the-port likelihood=0.05 effort=5m}")
        try ws.replace(article, "## Check the port", with: "## Check port 3389")
        buildAndCompare(ws, "changing a likelihood and a solution title, its anchor kept", replay: .articles(1))

        // A title and a summary are shown by other pages (related articles, back-links, lists,
        // step pages), kb.json and the search index, but no stage reads them.
        try ws.replace(article, "title: Remote Desktop error 0x904", with: "title: Remote Desktop error 0x904 after renewal")
        let retitled = buildAndCompare(ws, "changing a title", replay: .articles(1))
        #expect(!retitled.keptSearch)
        try ws.replace(article, "summary: The connection drops with 0x904.", with: "summary: The connection drops with 0x904 after a renewal.")
        buildAndCompare(ws, "changing a summary", replay: .articles(1))
        try ws.replace(article, "updated: 2026-01-10\n", with: "updated: 2026-02-10\n")
        buildAndCompare(ws, "changing the date, which orders related articles", replay: .articles(1))

        // Codes, products and tags: their pages list the article, and related articles are
        // scored by codes and tags.
        try ws.replace(article, "tags: [rdp, certificates]", with: "tags: [rdp, certificates, network]")
        buildAndCompare(ws, "adding a tag", replay: .articles(1))
        #expect(try ws.read("Output/tags/network.html").contains("error-0x904.html"))
        // A product is read by the step finder too (a step may leave out its articles' product):
        // every stage runs.
        try ws.replace(article, "products: [Windows 11]\n", with: "")
        buildAndCompare(ws, "removing a product", replay: .none)
        try ws.replace(article, "error_codes: [0x904]", with: "error_codes: [0x904, 0X0204]")
        buildAndCompare(ws, "adding a code another article has", replay: .articles(1))
        #expect(try ws.read("Output/codes/0x204.html").contains("error-0x904.html"))
        // A code new to the knowledge base links its mentions in other articles.
        try ws.replace("Content/printing/spooler.md", "Error 0x904 is unrelated.", with: "Error 0x904 is unrelated, and so is 0x80070005.")
        buildAndCompare(ws, "mentioning a code no article lists", replay: .articles(1))
        #expect(try !ws.read("Output/printing/spooler.html").contains("codes/0x80070005.html"))
        try ws.replace(article, "error_codes: [0x904, 0X0204]", with: "error_codes: [0x904, 0X0204, 0x80070005]")
        buildAndCompare(ws, "adding a code no article had", replay: .none)
        #expect(try ws.read("Output/printing/spooler.html").contains("codes/0x80070005.html"))
        try ws.replace(article, "error_codes: [0x904, 0X0204, 0x80070005]", with: "error_codes: [0x904]\nrelated: [printing/spooler]")
        buildAndCompare(ws, "removing two codes, one of them the only one, and declaring a related article", replay: .none)
        try ws.replace(article, "related: [printing/spooler]", with: "related: [rdp/port-blocked, printing/spooler]")
        buildAndCompare(ws, "declaring another related article", replay: .articles(1))

        try ws.replace(article, "updated: 2026-02-10\n", with: "updated: 2026-02-10\ndraft: true\n")
        buildAndCompare(ws, "making an article a draft", replay: .undecoded)
    }

    /// A renamed solution gets a new anchor: replayed, unless a link elsewhere, or reader feedback,
    /// names the anchor that went.
    @Test func aNewAnchorIsReplayedUnlessSomethingNamesTheOldOne() throws {
        let ws = try Workspace()
        try ws.write("Content/steps/check-certificate.md",
                     "---\ntitle: Check the certificate\n---\n\nSee [the renewal](../rdp/error-0x904.md#renew-the-certificate).\n")
        buildAndCompare(ws, "the first build")
        let article = "Content/rdp/error-0x904.md"
        try ws.replace(article, "## Check the port", with: "## Check port 3388")
        buildAndCompare(ws, "renaming a solution nothing links to", replay: .articles(1))
        #expect(try ws.read("Output/rdp/error-0x904.html").contains("id=\"check-port-3388\""))

        // Another article links to the new anchor in the same rebuild.
        try ws.replace(article, "## Check port 3388", with: "## Check port 3389")
        try ws.replace("Content/printing/spooler.md", "Error 0x904 is unrelated.",
                       with: "Error 0x904 is unrelated ([its port check](../rdp/error-0x904.md#check-port-3389) is not).")
        buildAndCompare(ws, "renaming it again and linking to it", replay: .articles(2))
        try ws.replace(article, "## Check port 3389", with: "## Check port 3387")
        try ws.replace("Content/printing/spooler.md", "#check-port-3389", with: "#check-port-3387")
        buildAndCompare(ws, "renaming it and the link to it", replay: .articles(2))
        try ws.replace(article, "## Check port 3387", with: "## Check port 3389")
        try ws.replace("Content/printing/spooler.md", "#check-port-3387", with: "#check-port-3389")
        buildAndCompare(ws, "renaming both back", replay: .articles(2))
        try ws.replace(article, "## Check port 3389", with: "## Check port 3390")
        buildAndCompare(ws, "renaming the solution another article links to", replay: .none, fails: true)
        try ws.replace(article, "## Check port 3390 {likelihood=0.3}", with: "## Check port 3389 {likelihood=0.3}\n\nIt is 3389 unless changed.")
        buildAndCompare(ws, "renaming it back, with a paragraph", replay: .articles(1))

        try ws.replace(article, "## Renew the certificate", with: "## Renew the RDP certificate")
        buildAndCompare(ws, "renaming the solution a step file links to", replay: .none, fails: true)
        try ws.replace(article, "## Renew the RDP certificate", with: "## Renew the certificate")

        try ws.replace("Content/printing/spooler.md", " ([its port check](../rdp/error-0x904.md#check-port-3389) is not)", with: "")
        buildAndCompare(ws, "removing the link", replay: .articles(1))
        try ws.write("feedback.csv", "article,solution,worked,failed\nrdp/error-0x904,check-port-3389,3,1\n")
        try ws.write("kbgen.yml", try ws.read("kbgen.yml") + "feedback: feedback.csv\n")
        buildAndCompare(ws, "adding reader feedback")
        try ws.replace(article, "## Check port 3389", with: "## Check the port again")
        let renamed = buildAndCompare(ws, "renaming the solution reader feedback names", replay: .none)
        #expect(renamed.diagnostics.warnings.contains { $0.message.contains("has no solution 'check-port-3389'") })
    }

    /// What reading reports (here a link that is skipped) is reported by a rebuild as a full build
    /// reports it, after the link is renamed too.
    @Test func aRenamedSkippedLinkIsReportedByItsNewName() throws {
        let ws = try Workspace()
        try FileManager.default.createSymbolicLink(atPath: ws.url("Content/elsewhere.md").path, withDestinationPath: "/nonexistent/elsewhere.md")
        let first = buildAndCompare(ws, "the first build")
        #expect(first.diagnostics.warnings.contains { $0.file.hasSuffix("elsewhere.md") })
        try ws.rename("Content/elsewhere.md", "Content/somewhere.md")
        let renamed = buildAndCompare(ws, "renaming the link")
        #expect(renamed.diagnostics.warnings.contains { $0.file.hasSuffix("somewhere.md") })
    }

    /// Related articles tied on what they share are ordered by date: a new date is replayed, and
    /// every article's related articles are scored again.
    @Test func aNewDateReordersRelatedArticles() throws {
        let ws = try Workspace()
        func article(_ title: String, _ date: String) -> String {
            "---\ntitle: \(title)\nerror_codes: [0x2329]\ntags: [dns]\nupdated: \(date)\n---\n\n## Flush the cache {likelihood=0.5}\n\n1. Run `ipconfig /flushdns` as \(title).\n"
        }
        try ws.write("Content/net/a.md", article("Names do not resolve", "2026-01-01"))
        try ws.write("Content/net/b.md", article("Old DNS server", "2026-02-01"))
        try ws.write("Content/net/c.md", article("Wrong DNS suffix", "2026-03-01"))
        buildAndCompare(ws, "the first build")
        func order() throws -> (b: String.Index, c: String.Index) {
            let page = try ws.read("Output/net/a.html")
            let related = try #require(page.range(of: "Related articles"))
            return (try #require(page.range(of: "b.html", range: related.upperBound..<page.endIndex)).lowerBound,
                    try #require(page.range(of: "c.html", range: related.upperBound..<page.endIndex)).lowerBound)
        }
        let before = try order()
        #expect(before.c < before.b, "the most recent first")
        try ws.replace("Content/net/b.md", "updated: 2026-02-01", with: "updated: 2026-04-01")
        buildAndCompare(ws, "a newer date", replay: .articles(1))
        let after = try order()
        #expect(after.b < after.c, "b is now the most recent")
    }

    /// Pages whose size, times and file number are the ones the last build recorded are not read
    /// again; any other page is, even one rewritten to the same size with its old modification time.
    @Test func onlyPagesWithANewStampAreRead() throws {
        let ws = try Workspace()
        buildAndCompare(ws, "the first build")
        let cache = try #require(ContentLoader.previousBuild(ws.options()))
        #expect(cache.pages.count == 4, "\(cache.pages.keys.sorted())")

        let page = "Content/rdp/port-blocked.md"
        var before = stat()
        #expect(lstat(ws.url(page).path, &before) == 0)
        try ws.replace(page, "Open **Windows Defender Firewall**.", with: "Open **Windows Defender Firewalls**")
        // The old modification time to the nanosecond, as a copy that keeps times would leave it.
        let times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, ws.url(page).path, times, 0) == 0)
        var after = stat()
        #expect(lstat(ws.url(page).path, &after) == 0)
        #expect(after.st_size == before.st_size && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec && after.st_mtim.tv_sec == before.st_mtim.tv_sec)
        let sources = ContentLoader.read(ws.options(), settings: Settings(), known: cache.pages)
        #expect(sources.unread.count == 3)
        #expect(sources.pages.first { $0.entry == "rdp/port-blocked.md" }?.text?.contains("Firewalls") == true)
        let result = buildAndCompare(ws, "a page rewritten to the same size with its old time")
        #expect(!result.upToDate)
        #expect(try ws.read("Output/rdp/port-blocked.html").contains("Firewalls"))
    }

    @Test func anOutputChangedByHandIsWrittenAgain() throws {
        let ws = try Workspace()
        buildAndCompare(ws, "the first build")
        try ws.write("Output/index.html", "edited by hand")
        try ws.remove("Output/tags/rdp.html")
        let result = buildAndCompare(ws, "editing the output by hand")
        #expect(!result.upToDate)
        #expect(result.filesWritten == result.site?.files.count, "the whole site is written again")
    }

    @Test func aFileAddedToTheOutputByHandGoes() throws {
        let ws = try Workspace()
        buildAndCompare(ws, "the first build")
        try ws.write("Output/extra.html", "added by hand")
        try ws.write("Output/tags/extra/more.html", "added by hand")
        let result = buildAndCompare(ws, "adding files to the output by hand")
        #expect(result.filesWritten == result.site?.files.count, "the whole site is written again")
        #expect(!FileManager.default.fileExists(atPath: ws.url("Output/extra.html").path))
    }

    @Test func aFileWhereAFolderWasIsWritten() throws {
        // The last build wrote the folder rdp/guides/; now a copied file takes that path.
        let (ws, result) = try folderBecomesAFile("Content/rdp/guides/intro.md", "---\ntitle: Intro\n---\n\nText.\n")
        #expect(FileManager.default.fileExists(atPath: ws.url("Output/rdp/guides").path))
        #expect(result.status == .built)
    }

    @Test func fullIgnoresTheCache() throws {
        let ws = try Workspace()
        buildAndCompare(ws, "the first build")
        let full = Pipeline.run(ws.options(incremental: false), write: true)
        #expect(!full.upToDate)
        #expect(full.filesWritten == full.site?.files.count)
    }

    @Test func aCacheFromAnotherKbgenIsNotUsed() throws {
        let ws = try Workspace()
        buildAndCompare(ws, "the first build")
        var options = ws.options()
        options.toolVersion = "another"
        let result = Pipeline.run(options, write: true)
        #expect(!result.upToDate)
        #expect(result.filesWritten == result.site?.files.count)
    }

    @Test func warningsAreShownAgainWhenNothingChanged() throws {
        let ws = try Workspace()
        try ws.write("Content/rdp/twice.md", """
            ---
            title: Twice
            ---

            ## Fix {likelihood=0.5}

            1. Restart the computer.
            2. Restart the computer.
            """)
        let first = Pipeline.run(ws.options(), write: true)
        #expect(first.status == .built)
        let second = Pipeline.run(ws.options(), write: true)
        #expect(second.upToDate)
        #expect(second.diagnostics.warnings == first.diagnostics.warnings)
        #expect(second.diagnostics.warnings.count == 1)
    }

    @Test func cacheTextRoundTrips() {
        var cache = BuildCache(inputs: "abc", articleCount: 2,
                               warnings: [.warning("Content/a\tb.md", SourcePosition(line: 3, column: 4), "two\nlines \\ here"),
                                          .warning("Content/c.md", SourcePosition(line: 1, column: 1), "Windows\r\nline ends")],
                               files: ["a b/c.html": .init(fingerprint: "f1", size: 10, modified: 123_456_789_012),
                                       "tab\there.html": .init(fingerprint: "f2", size: 0, modified: 1),
                                       // Nanoseconds since 1970 run to 19 digits.
                                       "now.html": .init(fingerprint: "f3", size: 7, modified: 1_764_098_000_123_456_789),
                                       "kb.json": .init(fingerprint: "f4", size: 9, modified: 5, pieces: [.init(key: "k1", length: 4), .init(key: "k2", length: 5)])])
        cache.tool = "kbgen 1"
        cache.pages = ["rdp/a b.md": .init(stamp: "10-123-456-7-33188", fingerprint: "p1"), "tab\there.md": .init(stamp: "1-2-3-4-5", fingerprint: "p2")]
        #expect(BuildCache.decode(cache.encoded()) == cache)
        #expect(BuildCache.decode("something else\n") == nil)
        #expect(BuildCache.decode(BuildCache.format + "\nfile\tbroken\n") == nil)
        #expect(BuildCache.decode(BuildCache.format + "\ninputs\tabc\nfile\tf\t-1\t2\ta.html\n") == nil)
        #expect(BuildCache.decode(BuildCache.format + "\ninputs\tabc\nfile\tf\t99999999999999999999\t2\ta.html\n") == nil)
        #expect(BuildCache.decode("\n\n" + cache.encoded()) == cache, "blank lines are skipped")
        #expect(BuildCache.decode(BuildCache.format + "\ninputs\tabc\npiece\tk1\t4\n") == nil, "a piece belongs to a file")
    }

    @Test func fingerprintsTellTextsApart() {
        #expect(Fingerprint.of(String(repeating: "a", count: 17)) != Fingerprint.of(String(repeating: "a", count: 16)))
        #expect(Fingerprint.of("x").count == 32)
    }
}
