import Foundation
import Testing
@testable import KBGenKit

/// The search index, made from documents without a disk.
@Suite struct SearchIndexerTests {
    static func document(_ path: String, title: String = "T", summary: String = "", symptoms: String = "",
                         steps: [String] = [], body: String = "") -> SearchIndexer.Document {
        SearchIndexer.Document(path: path, title: title, summary: summary, codes: [], products: [], tags: [],
                               symptoms: symptoms, solutions: [(title: "Fix", steps: steps)], body: body)
    }

    /// Each term's postings, decoded as the page decodes them: (articles with the term, [doc: score]).
    static func postings(_ files: [OutputFile]) -> [String: (count: Int, scores: [Int: Int])] {
        var out: [String: (Int, [Int: Int])] = [:]
        for file in files where file.path.hasPrefix("search/t-") {
            guard case .text(let text) = file.content else { continue }
            let json = text.drop { $0 != "," }.dropFirst().dropLast(3)
            let flat = try! JSONSerialization.jsonObject(with: Data(json.utf8)) as! [Any]
            for i in stride(from: 0, to: flat.count, by: 2) {
                let list = flat[i + 1] as! [Int]
                var doc = 0, scores: [Int: Int] = [:]
                for k in stride(from: 1, to: list.count, by: 2) {
                    doc += list[k]
                    scores[doc] = list[k + 1]
                }
                out[flat[i] as! String] = (list[0], scores)
            }
        }
        return out
    }

    @Test func everyFieldIsIndexedAndWeighed() {
        let files = SearchIndexer.index([
            Self.document("a.html", title: "Printer offline"),
            Self.document("b.html", symptoms: "The printer shows offline. The light blinks."),
            Self.document("c.html", steps: ["Check that the printer is not offline."]),
            Self.document("d.html", body: "More information: offline printers are common."),
        ] + (0..<20).map { Self.document("other\($0).html", title: "Something else", body: "printer") })
        let p = Self.postings(files)
        let offline = try! #require(p["offlin"])
        #expect(offline.count == 4)
        // Title before symptoms before steps before the rest.
        #expect(offline.scores[0]! > offline.scores[1]!)
        #expect(offline.scores[1]! > offline.scores[2]!)
        #expect(offline.scores[2]! > offline.scores[3]!)
        #expect(p["blink"]?.scores.keys.sorted() == [1])
        // A stop word is not a term; a stem is.
        #expect(p["the"] == nil)
        #expect(p["printer"]?.count == 24)
    }

    /// A code the text only mentions is found as readers type it too, though less than a listed one.
    @Test func aMentionedCodeIsFoundInEveryForm() {
        var listed = Self.document("listed.html", title: "Access denied")
        listed.codes = ["0x80070005"]
        let files = SearchIndexer.index([listed, Self.document("mentions.html", body: "The log shows 0x80070005 and 0x709."),
                                         Self.document("other.html", body: "Nothing here.")])
        let p = Self.postings(files)
        for form in ["0x80070005", "80070005", "2147942405", "2147024891"] {
            let scores = try! #require(p[form], "\(form)")
            #expect(Set(scores.scores.keys) == [0, 1], "\(form)")
            #expect(scores.scores[0]! > scores.scores[1]!, "\(form)")
        }
        // A short code gets no decimal form: 1801 is a number, not 0x709.
        #expect(p["709"]?.scores.keys.sorted() == [1])
        #expect(p["1801"] == nil)
    }

    /// Articles read one after another with one memo, their terms counted by number, count the
    /// same terms as their texts give one by one, each code mentioned with its other forms
    /// (seeded random articles).
    @Test func termsCountedByNumberAreTheTextsTerms() {
        var random = RebuildFuzzTests.Random(state: 7)
        let vocabulary = ["printer", "printers", "log on", "sign in", "the", "to", "0x80070005", "0x0904", "0x709",
                          "spooler", "restart", "Remote Desktop", "RDP", "can't", "connect", "Wi-Fi", "é", "80070005",
                          "0X0904", "0x00000904", "0x000", "0x", "0xg1", "ABC_def", "Printer's", "v2.1", "sign-in", "LOG ON"]
        func text() -> String { (0..<random.below(12)).map { _ in random.pick(vocabulary) }.joined(separator: " ") }
        let words = SearchWords()
        var memo = SearchWords.Memo(), slots: [Int32] = []
        for _ in 0..<300 {
            let doc = SearchIndexer.Document(path: "a.html", title: text(), summary: text(), codes: random.chance(30) ? ["0x0904"] : [],
                                             products: [text()], tags: [], symptoms: text(),
                                             solutions: [(title: text(), steps: [text(), text()])], body: text())
            let found = SearchIndexer.documentTerms(doc, words: words, memo: &memo, slots: &slots)
            var counted: [String: [Int]] = [:]
            for (k, t) in found.terms.enumerated() {
                counted[memo.terms.texts[Int(t)]] = (0..<SearchIndexer.fieldCount).map { Int(found.counts[k * SearchIndexer.fieldCount + $0]) }
            }
            var expected: [String: [Int]] = [:]
            var lengths = [Int](repeating: 0, count: SearchIndexer.fieldCount)
            func add(_ field: SearchIndexer.Field, _ texts: [String], codes: Bool = false) {
                for text in texts {
                    var terms = codes ? SearchIndexer.codeForms(text) : words.indexTerms(text)
                    if !codes {
                        for term in terms {
                            guard let digits = SearchWords.hexDigits(term) else { continue }
                            terms += [String(digits)] + SearchIndexer.decimalForms(String(digits))
                        }
                    }
                    for term in terms {
                        expected[term, default: [Int](repeating: 0, count: SearchIndexer.fieldCount)][field.rawValue] += 1
                        lengths[field.rawValue] += 1
                    }
                }
            }
            add(.title, [doc.title]); add(.code, doc.codes, codes: true); add(.summary, [doc.summary])
            add(.symptoms, [doc.symptoms]); add(.solution, doc.solutions.map(\.title)); add(.term, doc.products + doc.tags)
            add(.step, doc.solutions.flatMap(\.steps)); add(.body, [doc.body])
            #expect(counted == expected)
            #expect(found.lengths == lengths)
            #expect(slots.allSatisfy { $0 == -1 }, "every slot is free for the next article")
        }
    }

    @Test func aCommonTermKeepsItsBestPostingsAndSaysHowManyArticlesHaveIt() {
        let docs = (0..<(SearchIndexer.postingLimit + 50)).map { i in
            Self.document("a\(i).html", title: i == 7 ? "Spooler" : "T", body: "spooler")
        }
        let spooler = try! #require(Self.postings(SearchIndexer.index(docs))["spooler"])
        #expect(spooler.count == SearchIndexer.postingLimit + 50)
        #expect(spooler.scores.count == SearchIndexer.postingLimit)
        #expect(spooler.scores[7] != nil, "the best-scored article is kept")
    }

    @Test func theSnippetTextStartsWithWhatTheSummaryDoesNotSayAndEndsAtAWord() {
        let d = Self.document("a.html", summary: "Outlook asks again.", symptoms: "Outlook asks again. It shows a sign-in window.",
                              steps: ["Close Outlook.", "Remove the saved password."],
                              body: String(repeating: "information ", count: 200))
        let text = SearchIndexer.snippetText(d)
        #expect(text.hasPrefix("It shows a sign-in window. · Fix: Close Outlook. Remove the saved password. · information"))
        #expect(text.count <= SearchIndexer.snippetLength)
        #expect(text.hasSuffix("information"))
        // With no space to cut at, the cut falls between characters.
        let unbroken = SearchIndexer.snippetText(SearchIndexer.Document(
            path: "b.html", title: "T", summary: "", codes: [], products: [], tags: [], symptoms: "", solutions: [],
            body: String(repeating: "é", count: 1000)))
        #expect(unbroken == String(repeating: "é", count: SearchIndexer.snippetLength / 2))
    }

    /// A shard of terms that would be too large is split by the third letter, and the page is told.
    @Test func aLargeShardIsSplitByItsThirdLetter() {
        let words = (0..<3000).map { i in "re" + String(UnicodeScalar(UInt8(97 + i % 26))) + "x\(i)" }
        let docs = stride(from: 0, to: words.count, by: 100).map { start in
            Self.document("a\(start).html", body: words[start..<(start + 100)].joined(separator: " ") + " spooler")
        }
        let files = SearchIndexer.index(docs)
        let names = Set(files.map(\.path))
        #expect(names.contains("search/t-rea.js") && names.contains("search/t-rez.js") && !names.contains("search/t-re.js"))
        #expect(names.contains("search/t-sp.js"))
        guard case .text(let script) = files.first(where: { $0.path == "search/words.js" })?.content else { Issue.record("no words.js"); return }
        #expect(script.contains("\"split\":[\"re\"]"))
        // Every term is in the shard the page will look in.
        let p = Self.postings(files)
        #expect(p["reax0"] != nil && p["spooler"]?.count == docs.count)
    }

    @Test func theWordsFileCarriesTheArticleCount() {
        let files = SearchIndexer.index([Self.document("a.html"), Self.document("b.html")], words: SearchWords(synonyms: [["blink", "flash"]]))
        guard case .text(let words) = files.first(where: { $0.path == "search/words.js" })?.content else { Issue.record("no words.js"); return }
        #expect(words.hasPrefix("kbSearch.words({\"articles\":2,"))
        #expect(words.contains("[\"flash\",\"blink\"]"))
    }

    /// Postings are written as bytes; they read as the numbers `String` writes, joined by commas.
    @Test func postingsAreWrittenAsTheirNumbers() {
        var random = RebuildFuzzTests.Random(state: 21)
        for _ in 0..<200 {
            var doc: Int32 = 0
            let postings = (0..<random.below(30)).map { _ -> SearchIndexer.Posting in
                doc += Int32(random.below(random.chance(20) ? 100_000 : 12))
                return SearchIndexer.Posting(doc: doc, score: Float(random.below(2_000_000)) / 1000)
            }
            var previous: Int32 = 0
            var expected = [String(postings.count)]
            for p in postings {
                expected += [String(p.doc - previous), String(max(1, Int((Double(p.score) * 100).rounded())))]
                previous = p.doc
            }
            #expect(SearchIndexer.encode(postings) == expected.joined(separator: ","))
        }
    }

    /// The postings a term in too many articles keeps are its best-scored ones, ties to the lower
    /// article number, in article order: what sorting them by score and then by article gives.
    @Test func theBestPostingsAreThoseSortingWouldKeep() {
        var random = RebuildFuzzTests.Random(state: 47)
        for _ in 0..<300 {
            var doc: Int32 = 0
            // Few distinct scores, so that ties at the limit are common.
            let scores = 1 + random.below(random.chance(50) ? 4 : 1000)
            let postings = (0..<random.below(60)).map { _ -> SearchIndexer.Posting in
                doc += Int32(1 + random.below(5))
                return SearchIndexer.Posting(doc: doc, score: Float(random.below(scores)) / 7)
            }
            let limit = 1 + random.below(40)
            var sorted = postings
            if sorted.count > limit {
                sorted = Array(sorted.sorted { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }.prefix(limit))
                sorted.sort { $0.doc < $1.doc }
            }
            let best = SearchIndexer.best(postings, limit)
            #expect(best.map(\.doc) == sorted.map(\.doc), "limit \(limit) of \(postings.map { ($0.doc, $0.score) })")
        }
    }

    /// A shard's key read on bytes is the one read by characters, for terms of any script and
    /// with combining marks, line breaks and punctuation where the bytes are read.
    @Test func shardKeysReadOnBytesAreTheCharactersKeys() {
        var random = RebuildFuzzTests.Random(state: 22)
        let pieces = ["a", "Z", "7", "_", "-", ".", " ", "\r", "\n", "\r\n", "e\u{301}", "\u{301}", "é", "ß", "日", "0x", "🙂", "\u{200D}"]
        for _ in 0..<3000 {
            let term = (0..<random.below(6)).map { _ in random.pick(pieces) }.joined()
            for count in [2, 3] {
                #expect(SearchIndexer.prefixKey(term, count) == String(term.prefix(count).map(SearchIndexer.safe)), "\(term.unicodeScalars.map(\.value))")
            }
        }
    }
}
