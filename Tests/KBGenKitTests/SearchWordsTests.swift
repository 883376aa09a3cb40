import Testing
@testable import KBGenKit

/// How text becomes search terms. `BrowserTests` checks that the page does the same.
@Suite struct SearchWordsTests {
    @Test(arguments: [
        // Plurals, third persons and verb endings meet at one stem.
        (["ask", "asks", "asking", "asked"], "ask"),
        (["prompt", "prompts", "prompting", "prompted"], "prompt"),
        (["update", "updates", "updating", "updated"], "updat"),
        (["policy", "policies"], "policy"),
        (["apply", "applies", "applied", "applying"], "apply"),
        (["run", "runs", "running"], "run"),
        (["install", "installs", "installed", "installing"], "install"),
        (["patch", "patches", "patched"], "patch"),
        (["process", "processes"], "process"),
        (["need", "needs", "needed"], "need"),
        (["use", "uses", "used", "using"], "us"),
    ])
    func formsOfAWordShareAStem(forms: [String], stem: String) {
        for form in forms { #expect(SearchWords.stem(form) == stem, "\(form)") }
    }

    @Test func wordsThatAreNotFormsOfEachOtherStayApart() {
        #expect(SearchWords.stem("status") == "status")
        #expect(SearchWords.stem("access") == "access")
        #expect(SearchWords.stem("thing") == "thing")
        #expect(SearchWords.stem("string") == "string")
        #expect(SearchWords.stem("printer") != SearchWords.stem("print"))
        // Codes, numbers and other scripts are kept as they are.
        for kept in ["0x80070005", "80070005", "ipv6", "größe", "日本"] { #expect(SearchWords.stem(kept) == kept) }
    }

    @Test func tokensDropApostrophesAndCanonicaliseCodes() {
        #expect(SearchWords.tokens("Can't sign in: 0X0904 / 0x00000709, user’s PC") == ["cant", "sign", "in", "0x904", "0x709", "users", "pc"])
        #expect(SearchWords.tokens("Größe: ÄRGER—日本") == ["größe", "ärger", "日本"])
        #expect(SearchWords.tokens("ΟΔΟΣ") == ["οδοσ"])
    }

    @Test func synonymsBecomeTheirGroupsTermAndTheIndexKeepsTheWords() {
        let words = SearchWords()
        #expect(words.queryTerms("Outlook keeps asking for my credentials") == ["outlook", "keep", "prompt", "my", "password"])
        #expect(words.queryTerms("log on to the PC") == ["signin", "computer"])
        #expect(words.queryTerms("You can't sign out") == ["cannot", "signout"])
        // The index has the group's term and the words, so that a prefix still finds "credentials".
        #expect(words.indexTerms("Remove saved credentials") == ["remov", "sav", "password", "credential"])
        #expect(words.indexTerms("Sign in again") == ["signin", "sign", "again"])
    }

    @Test func aWritersGroupJoinsTheStandardGroupItSharesAWordWith() {
        let words = SearchWords(synonyms: [["passphrase", "password"], ["blink", "flash"]])
        #expect(words.queryTerms("passphrase") == ["password"])
        #expect(words.queryTerms("flashing light") == ["blink", "light"])
        #expect(SearchWords().queryTerms("flashing light") == ["flash", "light"])
    }

    @Test func stopWordsAreDroppedUnlessPartOfASynonym() {
        let words = SearchWords()
        #expect(words.queryTerms("the printer is on the network") == ["printer", "network"])
        #expect(words.queryTerms("unable to print") == ["cannot", "print"])
    }

    @Test func thePageReadsTheSameStopWordsAndPhrases() {
        let script = SearchWords(synonyms: [["blink", "flash"]]).script(articles: 12)
        #expect(script.hasPrefix("kbSearch.words({\"articles\":12,\"stop\":[\"a\",\"an\","))
        #expect(script.contains("[\"log on\",\"signin\"]"))
        #expect(script.contains("[\"flash\",\"blink\"]"))
    }

    @Test func searchSynonymsAreReadAndCheckedInKbgenYml() {
        var d = Diagnostics()
        let good = SettingsParser.parse("search:\n  synonyms:\n    - [blink, flash]\n", file: "kbgen.yml", diagnostics: &d)
        #expect(d.all.isEmpty)
        #expect(good.searchSynonyms == [["blink", "flash"]])
        var bad = Diagnostics()
        _ = SettingsParser.parse("search:\n  synonyms:\n    - [blink]\n  stems: no\n", file: "kbgen.yml", diagnostics: &bad)
        #expect(bad.all.map(\.description) == [
            "kbgen.yml:3:7: error: each item of search.synonyms must list at least 2 texts",
            "kbgen.yml:4:3: warning: unknown setting 'stems'; known keys are synonyms",
        ])
        var notAMapping = Diagnostics()
        _ = SettingsParser.parse("search: [a, b]\n", file: "kbgen.yml", diagnostics: &notAMapping)
        #expect(notAMapping.all.map(\.description) == ["kbgen.yml:1:9: error: search must be a mapping with synonyms"])
    }
}
