import Testing
@testable import KBGenKit

/// How text becomes search terms. `BrowserTests` checks that the page does the same.
@Suite struct SearchWordsTests {
    /// Porter's own examples from his paper and reference vocabulary, whole words in and stems out.
    @Test(arguments: [
        ("caresses", "caress"), ("ponies", "poni"), ("ties", "ti"), ("caress", "caress"), ("cats", "cat"),
        ("feed", "feed"), ("agreed", "agre"), ("plastered", "plaster"), ("bled", "bled"), ("motoring", "motor"),
        ("sing", "sing"), ("conflated", "conflat"), ("troubled", "troubl"), ("sized", "size"), ("hopping", "hop"),
        ("tanned", "tan"), ("falling", "fall"), ("hissing", "hiss"), ("fizzed", "fizz"), ("failing", "fail"),
        ("filing", "file"), ("happy", "happi"), ("sky", "sky"), ("generalizations", "gener"), ("oscillators", "oscil"),
        ("connection", "connect"), ("connections", "connect"), ("connective", "connect"), ("connected", "connect"),
        ("connecting", "connect"), ("relate", "relat"), ("relational", "relat"), ("adjustment", "adjust"),
        ("activate", "activ"), ("effective", "effect"), ("probate", "probat"), ("rate", "rate"), ("cease", "ceas"),
        ("controlling", "control"), ("rolling", "roll"), ("hopeful", "hope"), ("goodness", "good"),
    ])
    func porterStems(word: String, stem: String) {
        #expect(SearchWords.stem(word) == stem)
    }

    @Test(arguments: [
        // What a fix guide's reader types and what its writer wrote meet at one stem.
        ["ask", "asks", "asking", "asked"],
        ["prompt", "prompts", "prompting", "prompted"],
        ["update", "updates", "updating", "updated"],
        ["install", "installs", "installed", "installing", "installation"],
        ["authenticate", "authentication", "authenticated"],
        ["activate", "activation", "activating"],
        ["configure", "configuration", "configured"],
        ["policy", "policies"],
        ["use", "uses", "used", "using"],
    ])
    func formsOfAWordShareAStem(forms: [String]) {
        #expect(Set(forms.map(SearchWords.stem)).count == 1, "\(forms.map(SearchWords.stem))")
    }

    @Test func wordsThatAreNotFormsOfEachOtherStayApart() {
        #expect(SearchWords.stem("status") == "statu")
        #expect(SearchWords.stem("printer") != SearchWords.stem("print"))
        #expect(SearchWords.stem("offline") != SearchWords.stem("office"))
        // Codes, numbers, short words and other scripts are kept as they are.
        for kept in ["0x80070005", "80070005", "ipv6", "größe", "日本", "is", "pc"] { #expect(SearchWords.stem(kept) == kept) }
    }

    @Test func tokensDropApostrophesAndCanonicaliseCodes() {
        #expect(SearchWords.tokens("Can't sign in: 0X0904 / 0x00000709, user’s PC") == ["cant", "sign", "in", "0x904", "0x709", "users", "pc"])
        #expect(SearchWords.tokens("Größe: ÄRGER—日本") == ["größe", "ärger", "日本"])
        #expect(SearchWords.tokens("ΟΔΟΣ") == ["οδοσ"])
    }

    /// ASCII text read on its bytes, each word found by its bytes once read, gives the words that
    /// its tokens give one by one (seeded random texts, one memo for all, as a block of articles has).
    @Test func wordsReadOnBytesAreTheTokensWords() {
        var random = RebuildFuzzTests.Random(state: 21)
        let pieces = ["print", "Printer", "PRINTERS", "0x", "0X0", "0904", "00", "g1", "'", "’", " ", " ", ".", "-", "_",
                      "can't", "sign", "in", "log", "on", "the", "ab", "zz9", "\n", "é"]
        let words = SearchWords(synonyms: [["zz9 ab", "flash"]])
        var memo = SearchWords.Memo()
        for _ in 0..<2000 {
            var text = (0..<random.below(16)).map { _ in random.pick(pieces) }.joined()
            let expected = words.termNumbers(SearchWords.tokens(text), keepWords: true, memo: &memo).map { memo.terms.texts[Int($0)] }
            let read = text.withUTF8 { words.asciiWords($0, memo: &memo) }
            #expect((read == nil) == text.utf8.contains { $0 >= 0x80 }, "\(text)")
            guard let read else { continue }
            #expect(read.map { memo.terms.texts[Int($0.term)] } == SearchWords.tokens(text).map { SearchWords.stem($0) }, "\(text)")
            #expect(words.indexTermNumbers(text, memo: &memo).map { memo.terms.texts[Int($0)] } == expected, "\(text)")
        }
    }

    @Test func synonymsBecomeTheirGroupsTermAndTheIndexKeepsTheWords() {
        let words = SearchWords()
        #expect(words.queryTerms("Outlook keeps asking for my credentials") == ["outlook", "keep", "prompt", "my", "password"])
        #expect(words.queryTerms("log on to the PC") == ["signin", "comput"])
        #expect(words.queryTerms("You can't sign out") == ["cannot", "signout"])
        // The index has the group's term and the words, so that a prefix still finds "credentials".
        #expect(words.indexTerms("Remove saved credentials") == ["remov", "save", "password", "credenti"])
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
        #expect(script.hasPrefix("kbSearch.words({\"articles\":12,\"chunk\":\(SearchIndexer.chunkSize),\"split\":[],\"stop\":[\"a\",\"an\","))
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
