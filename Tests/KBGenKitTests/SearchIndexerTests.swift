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
        guard case .text(let words) = files.first { $0.path == "search/words.js" }?.content else { Issue.record("no words.js"); return }
        #expect(words.hasPrefix("kbSearch.words({\"articles\":2,"))
        #expect(words.contains("[\"flash\",\"blink\"]"))
    }
}
