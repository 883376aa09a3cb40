import Foundation
import Testing
import Yams
@testable import KBGenKit

/// `kbgen import`: fixture folders in each style (Fixtures/import/docfx, hugo) and of bad input
/// (Fixtures/import/invalid), each file written for these tests.
@Suite struct ImporterTests {
    func plan(_ style: String) -> (Importer.Plan, ContentLoader.ImportSources) {
        let sources = ContentLoader.importSources(Fixture.folder("import/" + style), display: style)
        return (Importer.plan(sources.texts, others: sources.others, display: style, today: "2026-12-03"), sources)
    }

    func proposal(_ plan: Importer.Plan, _ id: String) throws -> Importer.Proposal {
        try #require(plan.proposals.first { $0.id == id }, "no proposal for \(id) in \(plan.proposals.map(\.id))")
    }

    @Test func docfxArticlesBecomeKBGenArticles() throws {
        let (plan, _) = plan("docfx")
        #expect(plan.proposals.map(\.id) == ["office/activation-fails", "office/repair-office", "printing/driver-error", "printing/spooler-error-0x000006ba"])
        #expect(plan.skipped.map(\.description) == ["docfx/includes/admin-rights.md: warning: skipped: a file other files include, not an article"])
        let spooler = try proposal(plan, "printing/spooler-error-0x000006ba")
        #expect(spooler.solutions.map(\.title) == ["Clear the queue", "Restart the spooler"])
        #expect(spooler.solutions.map(\.steps) == [4, 2])
        let text = spooler.text
        // Front matter from the file's metadata and its "Applies to" line.
        #expect(text.contains("\ntitle: \"Printing fails with error 0x000006BA\"\n"))
        #expect(text.contains("\nsummary: \"The print spooler stops, and documents wait in the queue.\"\n"))
        #expect(text.contains("\nupdated: 2024-01-15\n"))
        #expect(text.contains("\nproducts: [\"Windows 11\", \"Windows 10\", \"Windows Server\"]\n"))
        #expect(text.contains("\nerror_codes: [\"0x000006BA\"]\n"))
        #expect(text.contains("# Each solution's likelihood (from its place: the first most likely) and effort"))
        // Alternatives as solutions of one level, most likely first, keeping their old anchors.
        #expect(text.contains("\n## Clear the queue {likelihood=0.67 effort=15m #method-1-clear-the-queue}\n"))
        #expect(text.contains("\n## Restart the spooler {likelihood=0.33 effort=10m #method-2-restart-the-spooler}\n"))
        // docfx syntax as kbgen's Markdown.
        #expect(text.contains("\n> **Note**\n> You need to be an administrator.\n"))
        #expect(text.contains("\nSign in with an account that is a member of the local **Administrators** group.\n"))
        #expect(text.contains("\n![The print queue with one document waiting](media/queue.png)\n"))
        #expect(!text.contains(":::") && !text.contains("[!INCLUDE") && !text.contains("<a name"))
        #expect(!text.contains("\n# Printing fails"), "the first heading is the title")
        // Links: to an anchor, to another imported article, and out of the folder.
        #expect(text.contains("[the restart method](#method-2-restart-the-spooler)"))
        #expect(text.contains("[Driver errors](driver-error.md#cause), the vendor's page and toner."))
        #expect(spooler.files == ["printing/media/queue.png"])
        #expect(spooler.warnings.map(\.description) == [
            "docfx/printing/spooler-error-0x000006ba.md:50:1: warning: the link to '/printers/vendor-drivers' leads out of the imported folder; left as its text (give --site-url, or write the page's full address)",
            "docfx/printing/spooler-error-0x000006ba.md:50:1: warning: the link to '../../toner/low-toner.md#reset' leads out of the imported folder; left as its text (give --site-url, or write the page's full address)",
        ])
        let driver = try proposal(plan, "printing/driver-error")
        #expect(driver.solutions.map(\.title) == ["Resolution"])
        #expect(driver.text.contains("\n## Resolution {likelihood=0.7 effort=10m}\n"))
        #expect(driver.text.contains("\nupdated: 2023-11-02\n"))
        #expect(driver.text.contains("\n> **Warning**\n"))
        // Collapsible sections are alternatives; sections named as steps are one fix in parts.
        let office = try proposal(plan, "office/activation-fails")
        #expect(office.solutions.map(\.title) == ["Sign out and back in", "Reset the activation state"])
        #expect(office.solutions.map(\.steps) == [2, 0])
        #expect(office.text.contains("\nTry these fixes in order.\n\n## Sign out and back in {likelihood=0.67 effort=10m}\n\n1.\tSelect"))
        #expect(!office.text.contains("<details>") && !office.text.contains("<br/>") && !office.text.contains("\n\n\n"))
        let repair = try proposal(plan, "office/repair-office")
        #expect(repair.solutions.map(\.title) == ["Resolution"])
        #expect(repair.solutions.map(\.steps) == [3])
        #expect(repair.text.contains("\n### Step 1: Close the apps\n"))
    }

    /// Given where the source folder was published, links to its pages that were not imported
    /// become those pages' addresses.
    @Test func linksOutOfTheFolderBecomeAddressesOnTheSourceSite() throws {
        let sources = ContentLoader.importSources(Fixture.folder("import/docfx"), display: "docfx")
        let plan = Importer.plan(sources.texts, others: sources.others, display: "docfx", today: "2026-12-03", siteURL: "https://support.example.com/kb")
        let spooler = try proposal(plan, "printing/spooler-error-0x000006ba")
        #expect(spooler.text.contains("[Driver errors](driver-error.md#cause), [the vendor's page](https://support.example.com/printers/vendor-drivers) and [toner](https://support.example.com/toner/low-toner#reset)."))
        #expect(spooler.warnings.isEmpty)
    }

    @Test func hugoArticlesBecomeKBGenArticles() throws {
        let (plan, _) = plan("hugo")
        let vpn = try proposal(plan, "network/vpn-drops")
        #expect(vpn.solutions.map(\.title) == ["Turn off power saving for the network adapter", "Update the VPN client", "Workaround"])
        #expect(vpn.solutions.map(\.steps) == [3, 2, 0])
        #expect(vpn.text.contains("\nupdated: 2024-03-05\n"))
        #expect(vpn.text.contains("\ntags: [\"vpn\", \"network\", \"remote-work\"]\n"))
        #expect(vpn.text.contains("\nerror_codes: [\"0x80072EFD\"]\n"))
        #expect(vpn.text.contains("\n## Workaround {likelihood=0.17 effort=5m}\n"))
        #expect(vpn.text.contains("\n## See also\n\n- [DNS fails](dns-fails.md)\n"), "sections after the solutions stay after them")
        // MkDocs admonitions as block quotes with a bold label.
        let wifi = try proposal(plan, "network/wifi-slow")
        #expect(wifi.solutions.map(\.title) == ["Move to the 5 GHz network", "Forget the network and join again"])
        #expect(wifi.text.contains("\n> **Ask before you change the router**\n> The meeting rooms share one router.\n>\n> Changes reach every room.\n\n## Move"))
        let dns = try proposal(plan, "network/dns-fails")
        #expect(dns.solutions.map(\.title) == ["Flush the DNS cache", "Use the company's DNS servers"])
        #expect(plan.proposals.allSatisfy { $0.warnings.isEmpty })
    }

    @Test func badInputIsReportedWhereItIs() throws {
        let (plan, sources) = plan("invalid")
        #expect(sources.diagnostics.all.map(\.description) == ["invalid/latin1.md:1:1: error: this file is not UTF-8 text; save it as UTF-8"])
        #expect(plan.proposals.map(\.id) == ["missing-include", "no-front-matter", "no-resolution"])
        #expect(try proposal(plan, "missing-include").warnings.map(\.description) == [
            "invalid/missing-include.md:7:1: warning: the include '../includes/reset-counter.md' is not in the imported folder; left out: copy its text in by hand",
        ])
        let bare = try proposal(plan, "no-front-matter")
        #expect(bare.warnings.map(\.description) == [
            "invalid/no-front-matter.md:1:1: warning: no front matter; the title is taken from the first heading or the file name",
            "invalid/no-front-matter.md:10:1: warning: raw HTML, which kbgen does not show; write it as Markdown",
        ])
        #expect(bare.text.contains("\ntitle: \"Scanner is not found\"\n"))
        #expect(try proposal(plan, "no-resolution").warnings.map(\.description) == [
            "invalid/no-resolution.md:1:1: warning: no resolution, method, solution, fix or workaround section; the article has no solutions: mark its fixes by hand",
            "invalid/no-resolution.md:7:1: warning: the link to '/status-lights' leads out of the imported folder; left as its text (give --site-url, or write the page's full address)",
        ])
        #expect(try proposal(plan, "no-resolution").text.hasSuffix("\nSee the vendor's list for other colours.\n"))
    }

    /// The imported articles build with no error, and the check shows what they repeat.
    @Test func importedArticlesBuildAndTheirRepeatsAreFound() throws {
        for style in ["docfx", "hugo", "invalid"] {
            let (plan, _) = plan(style)
            let root = Fixture.temporaryFolder()
            let content = root.appendingPathComponent("Content")
            let copies = ContentLoader.importFiles(plan.proposals.flatMap(\.files), in: Fixture.folder("import/" + style), display: style)
            #expect(copies.1.all.isEmpty)
            let made = try SiteWriter.create(plan.proposals.map { ($0.id + ".md", Array($0.text.utf8)) } + copies.0, in: content, display: "Content")
            #expect(made.kept.isEmpty)
            var options = BuildOptions(workingDirectory: root)
            options.templates = Fixture.templates
            let result = Pipeline.run(options, write: false)
            #expect(result.status == .built, "\(style): \(result.diagnostics.all)")
            #expect(!result.diagnostics.hasErrors)
            if style == "docfx" {
                #expect(result.repeatedSteps.first?.occurrences.count == 3, "\(result.repeatedSteps)")
            }
        }
    }

    /// Every numbered item of every source file is in the article made of it.
    @Test func noStepTextIsLost() throws {
        for style in ["docfx", "hugo", "invalid"] {
            let (plan, sources) = plan(style)
            for proposal in plan.proposals {
                let source = try #require(sources.texts[proposal.id + ".md"])
                for line in source.components(separatedBy: "\n") where line.first?.isNumber == true && line.contains(". ") {
                    #expect(proposal.text.contains(line), "\(proposal.id): \(line)")
                }
            }
        }
    }

    @Test func rawHTMLIsToldFromAutolinks() {
        #expect(Docfx.hasRawHTML("Press <kbd>Ctrl</kbd>."))
        #expect(Docfx.hasRawHTML("See <a href=\"https://example.com\">the page</a>."))
        #expect(!Docfx.hasRawHTML("See <https://example.com> or <help@example.com>."))
        #expect(!Docfx.hasRawHTML("Run `<script>` only in code, and 1 < 2 > 0."))
    }

    @Test func datesAreReadInTheFormsToolsWrite() {
        #expect(ImportedDate.day("12/26/2023") == "2023-12-26")
        #expect(ImportedDate.day("2024-03-05T09:30:00Z") == "2024-03-05")
        #expect(ImportedDate.day("2024-02-29") == "2024-02-29")
        #expect(ImportedDate.day("2023-02-29") == nil)
        #expect(ImportedDate.day("13/01/2023") == nil)
        #expect(ImportedDate.day("last week") == nil)
    }

    @Test func solutionTitlesLoseTheirNumbers() {
        #expect(Importer.Draft.solutionTitle("Method 1: Reset the port") == "Reset the port")
        #expect(Importer.Draft.solutionTitle("Solution 2 - Update the client") == "Update the client")
        #expect(Importer.Draft.solutionTitle("Resolution: Restore permissions") == "Restore permissions")
        #expect(Importer.Draft.solutionTitle("Resolution") == "Resolution")
        #expect(Importer.Draft.solutionTitle("Check the port: 3389") == "Check the port: 3389")
        #expect(Importer.Draft.solutionTitle("Fix corruptions found in CBS.log file") == "Fix corruptions found in CBS.log file")
        #expect(Importer.Draft.solutionTitle("Fix 2 – Use the company's DNS servers") == "Use the company's DNS servers")
        #expect(Importer.Draft.solutionTitle("Workaround - restart the host") == "restart the host")
        #expect(Importer.Draft.solutionTitle("Method 1") == "Method 1")
        #expect(Importer.Draft.likelihoods(3) == ["0.50", "0.33", "0.17"])
        #expect(Importer.Draft.effort(steps: 0) == 5 && Importer.Draft.effort(steps: 4) == 15)
    }

    /// Any text written as a YAML value reads back as written, control characters included.
    @Test func quotedTextsReadBackAsWritten() throws {
        var random = RebuildFuzzTests.Random(state: 33)
        let pieces = ["a", "é", "\"", "\\", "\n", "\t", "\r", "\u{1}", "\u{7F}", "\u{85}", "\u{2028}", ":", "#", " ", "- ", "{", "'", "😀", "0x904"]
        for _ in 0..<500 {
            let text = (0..<random.below(12)).map { _ in pieces[random.below(pieces.count)] }.joined()
            let node = try Yams.compose(yaml: "title: " + YAMLText.quoted(text) + "\n")
            #expect(node?.mapping?[Node("title")]?.scalar?.string == text, "\(text.debugDescription)")
        }
    }

    /// `kbgen import` prints its plan and writes nothing; with --write it writes the articles,
    /// never over a file that is there, and checks them.
    @Test func theCommandWritesOnlyWhenToldAndNeverOverAFile() throws {
        let cli = CommandLineTests()
        let root = Fixture.temporaryFolder()
        let source = Fixture.folder("import/docfx").path
        let planned = try cli.kbgen(["import", source], in: root)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stdout.contains("Content/printing/spooler-error-0x000006ba.md: 2 solutions: Clear the queue (4 steps); Restart the spooler (2 steps)"))
        #expect(planned.stderr.contains("kbgen: would import 4 articles with 6 solutions and 14 steps"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Content").path))

        let mine = root.appendingPathComponent("Content/printing/driver-error.md")
        try FileManager.default.createDirectory(at: mine.deletingLastPathComponent(), withIntermediateDirectories: true)
        // The writer's own article, with the heading the imported one links to.
        try Data(Fixture.article("## Cause\n\nMine.").utf8).write(to: mine)
        let written = try cli.kbgen(["import", source, "--write"], in: root)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stderr.contains("Content/printing/driver-error.md: warning: already exists and was left as it is"))
        #expect(written.stderr.contains("kbgen: imported 4 articles with 6 solutions and 14 steps into Content/; 1 file was already there and is left as it was"))
        #expect(try String(contentsOf: mine, encoding: .utf8) == Fixture.article("## Cause\n\nMine."))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Content/printing/media/queue.png").path))
        #expect(written.stderr.contains("kbgen: checked Content/"))
        #expect(written.stdout.contains("press-windows-r-type-services-msc-select-ok (2 places)"))
    }
}
