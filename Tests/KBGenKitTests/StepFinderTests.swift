import Testing
@testable import KBGenKit

@Suite struct StepFinderTests {
    func site(_ articles: [(String, String)], steps: [String: String] = [:], threshold: Double = 0.8) -> Site {
        var d = Diagnostics()
        let parsed = articles.compactMap { ArticleParser.parse(id: $0.0, file: "Content/\($0.0).md", text: $0.1, diagnostics: &d) }
        var reusable: [String: ReusableStep] = [:]
        for (id, text) in steps {
            reusable[id] = ArticleParser.parseStep(id: id, file: "Content/steps/\(id).md", text: text, diagnostics: &d)
        }
        var settings = Settings()
        settings.dedupeThreshold = threshold
        return Site(settings: settings, articles: parsed.sorted { $0.id < $1.id }, steps: reusable, assets: [],
                    theme: Theme(assets: []))
    }

    func article(_ steps: [String], title: String = "Fix") -> String {
        Fixture.article("## \(title) {likelihood=0.5}\n\n" + steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n") + "\n")
    }

    @Test func repeatsAcrossArticlesShareOneWordingAndId() throws {
        let (s, groups) = StepFinder.find(site([
            ("a", article(["Expand **Remote Desktop** and click **Certificates**.", "Unique step one."])),
            ("b", article(["Expand the **Remote Desktop** folder and click on **Certificates**", "Unique step two."])),
            ("c", article(["Expand **Remote Desktop** and click **Certificates**.", "Unique step three."])),
        ]))
        let ids = s.articles.map { $0.solutions[0].steps[0].stepID }
        #expect(ids == ["expand-remote-desktop-click-certificates", "expand-remote-desktop-click-certificates",
                        "expand-remote-desktop-click-certificates"])
        #expect(s.articles.map { $0.solutions[0].steps[1].stepID } == [nil, nil, nil])
        let shared = try #require(s.sharedSteps["expand-remote-desktop-click-certificates"])
        // The most common variant is the wording.
        #expect(MarkdownText.of(shared.blocks) == "Expand **Remote Desktop** and click **Certificates**.")
        #expect(groups.count == 1)
        #expect(groups[0].occurrences.map(\.file) == ["Content/a.md", "Content/b.md", "Content/c.md"])
        #expect(groups[0].occurrences.map(\.position.line) == [7, 7, 7])
    }

    @Test func tiesGoToTheFirstArticle() throws {
        let (s, _) = StepFinder.find(site([
            ("b", article(["Restart the Print Spooler service."])),
            ("a", article(["restart the print spooler service"])),
        ]))
        #expect(MarkdownText.of(try #require(s.sharedSteps.values.first).blocks) == "restart the print spooler service")
    }

    /// A procedure done twice in one solution (on the server, then on the client) keeps every
    /// step, and the repeated step is one shared step used twice.
    @Test func aRepeatInsideOneSolutionIsKeptAsOneSharedStep() {
        let (s, groups) = StepFinder.find(site([
            ("a", article(["Open Registry Editor on the server.", "Back up the existing key.", "Delete the key.",
                           "Open Registry Editor on the client.", "back up the existing key", "Delete the key."])),
        ]))
        let ids = s.articles[0].solutions[0].steps.map(\.stepID)
        #expect(ids.count == 6)
        #expect(ids[1] != nil && ids[1] == ids[4])
        #expect(ids[2] != nil && ids[2] == ids[5])
        #expect(ids[0] == nil && ids[3] == nil)
        #expect(Set(s.sharedSteps.keys) == Set([ids[1]!, ids[2]!]))
        #expect(groups.map { $0.occurrences.map(\.position.line) }.sorted { $0[0] < $1[0] } == [[8, 11], [9, 12]])
    }

    @Test func aStepThatMatchesAStepFileIsThatStep() {
        let (s, groups) = StepFinder.find(site([
            ("a", article(["Press **Windows+R**, type `certlm.msc`, and press **Enter**.", "Other."])),
            ("b", article(["Open the Local Computer Certificates console", "Something else entirely."])),
            ("c", article(["[](step:open-certlm)", "Open the Local Computer Certificates console"])),
        ], steps: ["open-certlm": "---\ntitle: Open the Local Computer Certificates console\n---\n\nPress **Windows+R**, type `certlm.msc`, and press **Enter**.\n"]))
        #expect(s.articles[0].solutions[0].steps[0].stepID == "open-certlm")
        #expect(s.articles[1].solutions[0].steps.map(\.stepID) == ["open-certlm", nil])
        // The same step twice in one solution, once as a link and once written out: both stay.
        #expect(s.articles[2].solutions[0].steps.map(\.stepID) == ["open-certlm", "open-certlm"])
        #expect(s.sharedSteps.isEmpty)
        // The report tells the writer where the step file's text is written out.
        #expect(groups.map(\.id) == ["open-certlm"])
        #expect(groups[0].isStepFile)
        #expect(groups[0].occurrences.filter { !$0.isReference }.count == 3)
    }

    @Test func nearMissesAreNeverMerged() {
        let (s, _) = StepFinder.find(site([
            ("a", article(["In Services, right-click **Print Spooler**, and then click **Stop**.", "Run `DISM /Online /Cleanup-Image /ScanHealth`."])),
            ("b", article(["In Services, right-click **Print Spooler**, and then click **Start**.", "Run `DISM /Online /Cleanup-Image /RestoreHealth`."])),
        ]))
        #expect(s.sharedSteps.isEmpty)
        #expect(s.articles.flatMap { $0.solutions[0].steps.map(\.stepID) } == [nil, nil, nil, nil])
    }

    @Test func thresholdDecidesCloseWordings() {
        let a = "Open Event Viewer and look at the recent errors in the application log of this computer."
        let b = "Open Event Viewer and look at the recent errors in the application log on this computer now."
        // In a knowledge base of two texts the words that differ are its rarest: they weigh most.
        let loose = StepFinder.find(site([("a", article([a])), ("b", article([b]))], threshold: 0.75)).0
        let strict = StepFinder.find(site([("a", article([a])), ("b", article([b]))], threshold: 0.95)).0
        #expect(loose.sharedSteps.count == 1)
        #expect(strict.sharedSteps.isEmpty)
    }

    @Test func idsDoNotChangeWhenUnrelatedArticlesChange() {
        let base = [("a", article(["Clear the browser cache and reload the page.", "Other a."])),
                    ("b", article(["Clear the browser cache and reload the page.", "Other b."]))]
        let before = Set(StepFinder.find(site(base)).0.sharedSteps.keys)
        let after = Set(StepFinder.find(site(base + [
            ("c", article(["Sign out and sign in again.", "Clear all cookies."])),
            ("d", article(["Sign out and sign in again.", "Clear the browser cache and reload the page now."])),
        ])).0.sharedSteps.keys)
        #expect(before == ["clear-browser-cache-reload-page"])
        #expect(after.isSuperset(of: before))
    }

    @Test func collidingSlugsGetAStableSuffix() {
        let (s, _) = StepFinder.find(site([
            ("a", article(["Open `x.msc` and wait.", "Open `x_msc` and wait."])),
            ("b", article(["Open `x.msc` and wait.", "Open `x_msc` and wait."])),
        ]))
        let ids = s.sharedSteps.keys.sorted()
        #expect(ids.count == 2)
        // Both wordings make the slug open-x-msc-wait; each gets a suffix from its own text.
        #expect(ids.allSatisfy { $0.hasPrefix("open-x-msc-wait-") && $0.count == "open-x-msc-wait-".count + 6 })
        let again = StepFinder.find(site([
            ("a", article(["Open `x.msc` and wait.", "Open `x_msc` and wait."])),
            ("b", article(["Open `x.msc` and wait.", "Open `x_msc` and wait."])),
        ])).0.sharedSteps.keys.sorted()
        #expect(again == ids)
        #expect(StepFinder.stableHash("x") == StepFinder.stableHash("x"))
        #expect(StepFinder.stableHash("x") != StepFinder.stableHash("y"))
    }

    @Test func candidateIndexFindsWhatAllPairsWould() {
        // Brute force over every pair gives the same groups as the index on a mixed set.
        let texts = (0..<60).map { i -> String in
            let noun = ["cache", "profile", "driver", "queue", "service", "log"][i % 6]
            let extra = i % 4 == 0 ? " now" : (i % 4 == 1 ? " again" : "")
            return "Check the \(noun) of the application on this computer\(extra)."
        }
        let s = site(texts.enumerated().map { (String(format: "a%03d", $0.offset), article([$0.element])) })
        let grouping = StepFinder.group(s)
        let forms = texts.map { StepText.of(MarkdownParser.parse($0).blocks, folder: "")! }
        #expect(grouping.occurrences.map(\.article) == Array(texts.indices))
        for i in forms.indices {
            for j in forms.indices where i < j {
                let together = grouping.groupOf[i] == grouping.groupOf[j]
                if StepText.similarity(forms[i], forms[j]) == 0 { #expect(!together) }
                if forms[i] == forms[j] { #expect(together) }
            }
        }
    }

    @Test func kbgenYmlDeclaresWordingsOneStepOrNever() {
        func grouped(_ settings: (inout Settings) -> Void) -> [String?] {
            var s = site([("a", article(["Restart the physical host.", "Close the Credential Manager window on the remote host computer."])),
                          ("b", article(["Restart the computer.", "Close the Credential Manager window on this remote host computer."]))])
            settings(&s.settings)
            return StepFinder.find(s).0.articles.flatMap { $0.solutions[0].steps.map(\.stepID) }
        }
        let p = SourcePosition(line: 1, column: 1)
        // As written: the restarts differ, the two closings are one step.
        let plain = grouped { _ in }
        #expect(plain[0] == nil && plain[2] == nil)
        #expect(plain[1] != nil && plain[1] == plain[3])
        let declared = grouped {
            $0.sameSteps = [[Located("Restart the physical host.", at: p), Located("restart the computer", at: p)]]
            $0.neverSameSteps = [[Located("Close the Credential Manager window on the remote host computer.", at: p),
                                  Located("Close the Credential Manager window on this remote host computer.", at: p)]]
        }
        #expect(declared[0] != nil && declared[0] == declared[2])
        #expect(declared[1] == nil && declared[3] == nil)
    }

    @Test func dedupeSettingsAreReadAndCheckedInKbgenYml() {
        var d = Diagnostics()
        let good = SettingsParser.parse("""
            dedupe:
              words:
                - [computer, VM]
              same:
                - ["Restart the VM.", "Reboot the VM."]
              never_same:
                - ["Close Credential Manager.", "Close Task Manager."]
            """, file: "kbgen.yml", diagnostics: &d)
        #expect(d.all.isEmpty)
        #expect(good.stepVocabulary.entries.last == ["computer", "VM"])
        #expect(good.sameSteps.map { $0.map(\.value) } == [["Restart the VM.", "Reboot the VM."]])
        #expect(good.neverSameSteps.first?.count == 2)
        var bad = Diagnostics()
        _ = SettingsParser.parse("""
            dedupe:
              words:
                - [computer]
              same: ["Restart the computer.", "Restart the PC."]
              never_same: oops
            """, file: "kbgen.yml", diagnostics: &bad)
        #expect(bad.all.map(\.description) == [
            "kbgen.yml:3:7: error: each item of dedupe.words must list at least 2 texts",
            "kbgen.yml:4:10: error: each item of dedupe.same must be a list, such as [computer, device, PC]",
            "kbgen.yml:4:35: error: each item of dedupe.same must be a list, such as [computer, device, PC]",
            "kbgen.yml:5:15: error: dedupe.never_same must be a list of lists, each written like `- [computer, device, PC]`",
        ])
    }

    @Test func aStepMayLeaveOutTheProductItsArticlesAreAbout() {
        func article(_ step: String, products: String) -> String {
            Fixture.article("## Fix {likelihood=0.5}\n\n1. \(step)\n", frontMatter: "title: T\nproducts: [\(products)]")
        }
        func ids(_ articles: [(String, String)]) -> [String?] {
            StepFinder.find(site(articles)).0.articles.map { $0.solutions[0].steps[0].stepID }
        }
        // Every article that writes "Try activating again" is about Office.
        let office = ids([("a", article("Try to activate Office again.", products: "Office")),
                          ("b", article("Try activating again.", products: "Office, Visio"))])
        #expect(office[0] != nil && office[0] == office[1])
        // Written in an article about Windows too, it may mean Windows: it stays apart from "Office".
        let mixed = ids([("a", article("Try to activate Office again.", products: "Office")),
                         ("b", article("Try activating again.", products: "Office")),
                         ("c", article("Try activating again.", products: "Windows"))])
        #expect(mixed[0] == nil)
        #expect(mixed[1] != nil && mixed[1] == mixed[2])
    }

    /// valid/reworded-steps: two Office articles write the same nine steps in other words
    /// (typography, markup, vocabulary, word endings, opening a program, a command before or after
    /// its words, a nested list, a nested command, the article's product left out); a Windows
    /// article writes, at the same places, steps that look alike but are other instructions.
    @Test func rewordedStepsAreFoundAndLookAlikesAreNot() throws {
        let (result, output) = Fixture.build("valid/reworded-steps")
        #expect(result.status == .built, "\(result.diagnostics.all)")
        let site = try #require(result.site?.pages?.context.site)
        func ids(_ id: String) throws -> [String?] {
            try #require(site.articles.first { $0.id == id }).solutions[0].steps.map(\.stepID)
        }
        let first = try ids("office/activation-fails"), second = try ids("office/license-error"), lookAlikes = try ids("windows/look-alikes")
        #expect(first.count == 9)
        for k in first.indices {
            #expect(first[k] != nil && first[k] == second[k], "step \(k + 1): \(String(describing: first[k])) and \(String(describing: second[k]))")
            #expect(lookAlikes[k] == nil, "step \(k + 1) of the look-alikes is \(String(describing: lookAlikes[k]))")
        }
        #expect(Set(first.compactMap { $0 }).count == 9)
        // The page shows each step once, in one wording, with the place's own nested content.
        let page = Fixture.read(output, "office/license-error.html")
        #expect(page.contains("Restart the device, and then try activating Office again."))
        #expect(page.contains("shutdown /r  /t 0"))
    }
}
