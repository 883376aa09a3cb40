import Foundation
import Testing
@testable import KBGenKit

/// The search index's counts kept for the next build: a block taken from them makes the same
/// files as counting it again.
@Suite struct SearchCountsTests {
    /// Seeded random articles from a small vocabulary, codes and synonyms included.
    struct Articles {
        var random: RebuildFuzzTests.Random
        var made = 0
        static let vocabulary = ["printer", "printers", "log on", "sign in", "the", "0x80070005", "0x0904", "spooler",
                                 "restart", "Remote Desktop", "can't", "connect", "Wi-Fi", "é", "offline", "blinks"]

        mutating func text() -> String {
            (0..<random.below(10)).map { _ in random.pick(Self.vocabulary) }.joined(separator: " ")
        }

        mutating func document() -> SearchIndexer.Document {
            made += 1
            return SearchIndexer.Document(path: "a/\(made).html", title: text(), summary: text(),
                                          codes: random.chance(20) ? ["0x0904"] : [], products: [text()], tags: [],
                                          symptoms: text(), solutions: [(title: text(), steps: [text(), text()])], body: text())
        }
    }

    static let words = SearchWords(synonyms: [["log on", "sign in"]])

    static func index(_ documents: [SearchIndexer.Document], counted: SearchCounts?) -> (files: [OutputFile], counts: SearchCounts) {
        let blocks = SearchIndexer.blocks(paths: documents.map(\.path)), prints = SearchIndexer.documentPrints(documents)
        return SearchIndexer.index(SearchIndexer.Documents(documents), prints: prints, words: words, blocks: blocks,
                                   keys: SearchIndexer.blockKeys(prints, blocks, words: words), counted: counted, tool: "test")
    }

    /// After random edits (an article changed, added or removed), an index that takes the
    /// unchanged blocks from the last counts has the files and counts of one counted anew.
    @Test func blocksTakenFromTheLastCountsMakeTheSameFilesAsCounting() {
        var articles = Articles(random: RebuildFuzzTests.Random(state: 11))
        var documents = (0..<1500).map { _ in articles.document() }
        var last = Self.index(documents, counted: nil).counts
        for round in 0..<12 {
            let at = articles.random.below(documents.count)
            switch round % 3 {
            case 0: documents[at].body = articles.text()
            case 1: documents.insert(articles.document(), at: at)
            default: documents.remove(at: at)
            }
            let taken = Self.index(documents, counted: last)
            let counted = Self.index(documents, counted: nil)
            #expect(taken.files == counted.files, "round \(round)")
            #expect(taken.counts == counted.counts, "round \(round)")
            last = taken.counts
        }
    }

    /// A block is found by its articles' paths, so that an article added or removed changes the
    /// key of the block it is in, and not of those after it.
    @Test func anArticleAddedChangesOneBlock() {
        var articles = Articles(random: RebuildFuzzTests.Random(state: 12))
        var documents = (0..<3000).map { _ in articles.document() }
        let before = Set(SearchIndexer.blockKeys(SearchIndexer.documentPrints(documents), SearchIndexer.blocks(paths: documents.map(\.path)), words: Self.words))
        #expect(before.count > 4, "the articles make several blocks")
        documents.insert(articles.document(), at: 1000)
        let after = SearchIndexer.blockKeys(SearchIndexer.documentPrints(documents), SearchIndexer.blocks(paths: documents.map(\.path)), words: Self.words)
        #expect(after.filter { !before.contains($0) }.count == 1)
        #expect(SearchIndexer.blocks(paths: documents.map(\.path)).allSatisfy { $0.count <= 4 * SearchIndexer.blockSize })
    }

    /// A block's counts are taken by key, not counted again: counts planted under a block's key
    /// show up in the index.
    @Test func aBlockWithTheSameKeyIsTakenNotCounted() {
        var articles = Articles(random: RebuildFuzzTests.Random(state: 13))
        let documents = (0..<10).map { _ in articles.document() }
        var planted = documents
        for i in planted.indices { planted[i].title = "Zebra" }
        let zebra = Self.index(planted, counted: nil).counts
        var counts = Self.index(documents, counted: nil).counts
        #expect(counts.blocks.count == 1 && zebra.blocks.count == 1)
        counts.blocks[0].bytes = zebra.blocks[0].bytes
        let files = Self.index(documents, counted: counts).files
        #expect(SearchIndexerTests.postings(files)["zebra"]?.count == documents.count)
    }

    /// Counts round-trip through their file, and bad bytes are refused, never trusted or trapped on:
    /// a block that does not decode is counted again.
    @Test func countsThatDoNotDecodeAreCountedAgain() {
        var articles = Articles(random: RebuildFuzzTests.Random(state: 14))
        let documents = (0..<600).map { _ in articles.document() }
        let (files, counts) = Self.index(documents, counted: nil)
        let bytes = counts.encoded()
        #expect(bytes.withUnsafeBytes { SearchCounts.decode($0) } == counts)
        #expect(Array(bytes.dropLast()).withUnsafeBytes { SearchCounts.decode($0) } == nil, "a cut file")
        #expect((bytes + [0]).withUnsafeBytes { SearchCounts.decode($0) } == nil, "bytes after the end")
        var random = RebuildFuzzTests.Random(state: 15)
        for _ in 0..<60 {
            var broken = counts
            let k = random.below(broken.blocks.count)
            if random.chance(50) {
                broken.blocks[k].bytes = Array(broken.blocks[k].bytes.prefix(random.below(broken.blocks[k].bytes.count)))
            } else {
                broken.blocks[k].bytes[random.below(broken.blocks[k].bytes.count)] = UInt8(random.below(256))
            }
            // A changed byte may still decode, to other counts; a block that does not is counted again.
            if SearchCounts.decode(block: broken.blocks[k].bytes) == nil {
                #expect(Self.index(documents, counted: broken).files == files)
            }
        }
    }

    /// A documents file (what results show) is keyed by its articles' documents: after one article
    /// changed, the file that holds it is made again, as a build without a last one makes it, and
    /// every other is kept without being made.
    @Test func onlyTheDocumentsFileOfAChangedArticleIsMade() {
        var articles = Articles(random: RebuildFuzzTests.Random(state: 16))
        var documents = (0..<40).map { _ in articles.document() }
        let first = SearchIndexer.documentFiles(SearchIndexer.Documents(documents), prints: SearchIndexer.documentPrints(documents))
        let last = BuildCache(inputs: "", articleCount: documents.count, warnings: [],
                              files: Dictionary(uniqueKeysWithValues: first.map { ($0.path, BuildCache.Entry(fingerprint: $0.fingerprint, size: 0, modified: 0)) }))
        #expect(SearchIndexer.documentFiles(SearchIndexer.Documents(documents), prints: SearchIndexer.documentPrints(documents), previous: last)
            .allSatisfy { $0.content == .unchanged })
        documents[17].summary = "Another summary"
        let prints = SearchIndexer.documentPrints(documents)
        let kept = SearchIndexer.documentFiles(SearchIndexer.Documents(documents), prints: prints, previous: last)
        let made = kept.filter { $0.content != .unchanged }
        #expect(made.map(\.path) == ["search/d-\(17 / SearchIndexer.chunkSize).js"])
        let fresh = SearchIndexer.documentFiles(SearchIndexer.Documents(documents), prints: prints)
        #expect(made == fresh.filter { $0.path == made.first?.path })
        #expect(kept.map(\.fingerprint) == fresh.map(\.fingerprint))
        if case .text(let text) = made.first?.content { #expect(text.contains("Another summary")) } else { Issue.record("not made") }
    }

    /// Documents files kept from the last build are made again, and only they, should the writer
    /// have to write everything after all (`remake`).
    /// Articles with these titles, each with one step, and a second one where `shared` is set,
    /// which is the reusable step `wording` when that is set.
    static func site(_ titles: [String], shared: Set<Int> = [], wording: String? = nil) -> Site {
        var d = Diagnostics()
        let articles = titles.enumerated().compactMap { i, title in
            ArticleParser.parse(id: "a\(i)", file: "Content/a\(i).md",
                                text: "---\ntitle: \(title)\n---\n\nThe printer is offline.\n\n## Restart it {likelihood=0.5}\n\n1. Restart the spooler.\n"
                                    + (shared.contains(i) ? "2. [Clear the queue](step:clear-queue)\n" : ""),
                                diagnostics: &d)
        }
        var steps: [String: ReusableStep] = [:]
        if let wording {
            steps["clear-queue"] = ArticleParser.parseStep(id: "clear-queue", file: "Content/steps/clear-queue.md",
                                                           text: "---\ntitle: Clear the queue\n---\n\n\(wording)\n", diagnostics: &d)
        }
        var site = Site(settings: Settings(), articles: articles, steps: steps, assets: [], theme: Theme(assets: []))
        if wording != nil { site = Linker.link(site).0 }
        // As a build that writes keeps them, with the model.
        site.articlePrints = Fingerprint.articles(site.articles)
        return site
    }

    /// An article's document is made only when the last build did not see what it is made from:
    /// the article and the wording of the steps it shares. The index made so is the one made from
    /// every document, and its counts read back as written.
    @Test func onlyTheDocumentsOfChangedArticlesAreMade() throws {
        var titles = (0..<700).map { "Printer \($0) offline" }
        let shared: Set<Int> = [3, 300, 650]
        let first = SearchIndexer.index(Self.site(titles, shared: shared, wording: "Open the queue and clear it."), previous: nil, counted: nil, tool: "test")
        #expect(first.counts.documents.count == titles.count)
        var checked = Self.site(titles)
        checked.articlePrints = []
        #expect(SearchIndexer.index(checked, previous: nil, counted: nil, tool: "test").counts.documents.isEmpty,
                "a check keeps no model and no counts, and keys no document")
        titles[42] = "Scanner offline"
        let site = Self.site(titles, shared: shared, wording: "Open the queue and clear it.")
        let texts = SearchIndexer.sharedStepTexts(site)
        let sources = SearchIndexer.sourceKeys(site, stepTexts: texts)
        let made = SearchIndexer.unknownDocuments(site.articles, sources: sources, known: first.counts.documents, stepTexts: texts)
        #expect(made.indices.filter { made[$0] != nil } == [42])
        let reworded = Self.site(titles, shared: shared, wording: "Open the print queue and clear every job.")
        let again = SearchIndexer.unknownDocuments(reworded.articles, sources: SearchIndexer.sourceKeys(reworded, stepTexts: SearchIndexer.sharedStepTexts(reworded)),
                                                   known: first.counts.documents, stepTexts: SearchIndexer.sharedStepTexts(reworded))
        #expect(again.indices.filter { again[$0] != nil } == [3, 42, 300, 650], "the articles that share the reworded step, and the changed one")

        let taken = SearchIndexer.index(site, previous: nil, counted: first.counts, tool: "test")
        let counted = SearchIndexer.index(site, previous: nil, counted: nil, tool: "test")
        #expect(taken.files == counted.files)
        #expect(taken.counts == counted.counts)
        let bytes = taken.counts.encoded()
        #expect(bytes.withUnsafeBytes { SearchCounts.decode($0) } == taken.counts)
    }

    @Test func keptDocumentsFilesCanBeMadeAgain() throws {
        func site(_ titles: [String]) -> Site { Self.site(titles) }
        let titles = (0..<9).map { "Printer \($0) offline" }
        let first = SearchIndexer.index(site(titles), previous: nil, counted: nil, tool: "test")
        #expect(!first.kept && first.remake == nil)
        var written: [String: BuildCache.Entry] = [:]
        for file in first.files { written[file.path] = BuildCache.Entry(fingerprint: SiteWriter.fingerprint(file), size: 0, modified: 0) }
        let last = BuildCache(inputs: "", articleCount: titles.count, warnings: [], files: written)
        var changed = titles
        changed[4] = "Scanner offline"
        let again = SearchIndexer.index(site(changed), previous: last, counted: first.counts, tool: "test")
        let kept = again.files.filter { $0.content == .unchanged }
        #expect(!again.kept && kept.count == (titles.count + 1) / SearchIndexer.chunkSize - 1)
        let remake = try #require(again.remake)
        let remade = remake()
        let fresh = SearchIndexer.index(site(changed), previous: nil, counted: nil, tool: "test").files
        #expect(remade.map(\.path) == kept.map(\.path))
        let keptPaths = Set(kept.map(\.path))
        #expect(remade == fresh.filter { keptPaths.contains($0.path) })
    }
}
