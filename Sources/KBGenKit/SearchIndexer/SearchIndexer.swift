import Foundation

/// Builds the search index: files under `search/` that the browser loads with script elements
/// (so search works from `file://` and under `script-src 'self'`), only those a query needs.
///
/// - `search/words.js`: the stop words, the synonym phrases, the number of articles, the articles
///   per `d-N.js` and the split shards.
/// - `search/t-XY.js`: the terms that start with XY (or `t-XYZ.js`, XYZ, where XY's shard would be
///   too large), each with its articles and a precomputed BM25F score (fields weighted as
///   `Field.weight` says), in article order, delta-encoded.
/// - `search/s-XY.js`: the words as written (five letters or more) whose second and third letters
///   are XY, each with its stem, for forgiving a typo anywhere, the first letter included (loaded
///   only when needed).
/// - `search/d-N.js`: what a result shows for articles 2N and 2N+1: url, title, summary, the
///   most likely fix, codes, and the text a snippet is cut from.
public enum SearchIndexer {
    /// Articles per `d-N.js` file: a result loads its file, so few keep a query's bytes down.
    public static let chunkSize = 2
    /// The most bytes of a shard of terms before it is split by the third letter.
    static let shardLimit = 32_000
    /// A term in more articles than this keeps only its best postings: it narrows nothing.
    public static let postingLimit = 1000
    /// The file the search page asks for, with the query, when a search finds nothing
    /// (`reader_feedback`); the renderer lists it, so a kept index does not keep it.
    public static let notFoundFile = "search/none.txt"
    static let k1 = 1.2, b = 0.75
    /// The most bytes of an article's text kept for snippets.
    static let snippetLength = 1200

    /// The parts of an article the index reads, each with its weight (see docs/search.md for how
    /// they were chosen).
    public enum Field: Int, CaseIterable {
        case code, title, solution, term, summary, symptoms, step, body
        var weight: Double { [10, 5, 2, 2, 1.5, 1.5, 1, 0.5][rawValue] }
    }

    /// Every form a reader may type for a code: as written, canonical (no leading zeros after 0x),
    /// without 0x, and for 32-bit codes (8 hex digits) the unsigned and signed decimal values.
    public static func codeForms(_ code: String) -> [String] {
        let written = code.trimmingCharacters(in: " \t").lowercased()
        let canonical = CrossLinker.canonicalCode(written)
        var forms = [canonical] + SearchWords.tokens(written)
        if canonical.hasPrefix("0x") {
            let writtenDigits = String(written.dropFirst(2))
            forms += [String(canonical.dropFirst(2)), writtenDigits] + decimalForms(writtenDigits)
        }
        var seen = Set<String>()
        return forms.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// A 32-bit code (eight hexadecimal digits) as the unsigned and signed decimal numbers tools
    /// and event logs print; none for other codes.
    static func decimalForms(_ hex: String) -> [String] {
        guard hex.utf8.count == 8, let value = UInt32(hex, radix: 16) else { return [] }
        // As a signed 32-bit number the value is -(2^32 - value); queries drop the minus sign.
        return [String(value)] + (value >= 0x8000_0000 ? [String((UInt64(1) << 32) - UInt64(value))] : [])
    }

    /// What the index reads of one article, and nothing else: two builds whose documents are the
    /// same write the same search files.
    public struct Document: Sendable {
        var path: String
        var title: String
        var summary: String
        var codes: [String]
        var products: [String]
        var tags: [String]
        /// The text before the solutions: introduction, symptoms, cause.
        var symptoms: String
        /// In the order the page shows them, each with the text of its steps.
        var solutions: [(title: String, steps: [String])]
        /// The rest: text within solutions that is not a step, and the sections after them.
        var body: String
    }

    /// What the index reads of an article, the steps it shares in their shared wording.
    static func document(_ a: Article, stepTexts: [String: String]) -> Document {
        let between = a.solutions.flatMap { s in
            s.content.compactMap { part -> Block? in if case .block(let b) = part { return b } else { return nil } }
        }
        return Document(path: a.pagePath, title: a.meta.title, summary: a.summary, codes: a.meta.errorCodes,
                        products: a.meta.products, tags: a.meta.tags, symptoms: a.leading.plainText,
                        solutions: a.solutions.map { s in (s.title.plainText, s.steps.map { stepText($0, texts: stepTexts) }) },
                        body: (between + a.trailing).plainText)
    }

    /// The documents a build reads, by article number: those made already, and how to make any
    /// other when it is read. A rebuild makes only the documents of articles the last build did not
    /// see, and of the blocks it counts again and the result files it writes again.
    struct Documents: Sendable {
        var made: [Document?]
        let make: @Sendable (Int) -> Document

        init(made: [Document?], make: @escaping @Sendable (Int) -> Document) {
            self.made = made
            self.make = make
        }

        init(_ documents: [Document]) {
            self.init(made: documents, make: { documents[$0] })
        }

        var count: Int { made.count }
        subscript(i: Int) -> Document { made[i] ?? make(i) }
    }

    /// The documents of the articles whose source the last build did not see (all of them without
    /// sources); nil for the others.
    static func unknownDocuments(_ articles: [Article], sources: [String]?, known: [String: Fingerprint],
                                 stepTexts: [String: String]) -> [Document?] {
        Parallel.map(articles.count, chunk: 64) { i in
            sources.flatMap { known[$0[i]] } == nil ? document(articles[i], stepTexts: stepTexts) : nil
        }
    }

    /// What each article's document is made from: the article (its model fingerprint reads every
    /// field) and the wording of the steps it shares. Articles with the same source key have the
    /// same document, so the last build's fingerprint of it can be taken without making it.
    static func sourceKeys(_ site: Site, stepTexts: [String: String]) -> [String] {
        let articles = site.articles
        let prints = site.articlePrints.count == articles.count ? site.articlePrints : Fingerprint.articles(articles)
        return Parallel.map(articles.count, chunk: 256) { i in
            var f = prints[i]
            for solution in articles[i].solutions {
                for step in solution.steps { if let id = step.stepID { f.add(stepTexts[id] ?? "\u{0}none") } }
            }
            return f.hex
        }
    }

    /// The blocks of articles the index counts on all cores, each with one memo: a block ends after
    /// an article whose path hashes to a multiple of `blockSize`, or once it holds four times that
    /// many. A block is found by its articles alone, so that adding or removing an article changes
    /// the block it is in and not those after it (`SearchCounts`).
    static func blocks(paths: [String]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for (i, path) in paths.enumerated() where i + 1 - start >= 4 * blockSize || endsBlock(path) {
            ranges.append(start..<(i + 1))
            start = i + 1
        }
        if start < paths.count { ranges.append(start..<paths.count) }
        return ranges
    }

    static func endsBlock(_ path: String) -> Bool {
        // FNV-1a, then mixed so that the low bits depend on every byte alike.
        var h = FNV1a.of(path)
        h = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h % UInt64(blockSize) == 0
    }

    /// Each document's fingerprint: everything the index reads of it.
    static func documentPrints(_ documents: [Document]) -> [Fingerprint] {
        Parallel.map(documents.count, chunk: 64) { documentPrint(documents[$0]) }
    }

    static func documentPrint(_ d: Document) -> Fingerprint {
        var f = Fingerprint()
        for text in [d.path, d.title, d.summary, d.symptoms, d.body] { f.add(text) }
        for list in [d.codes, d.products, d.tags] {
            f.add(list.count)
            for text in list { f.add(text) }
        }
        f.add(d.solutions.count)
        for s in d.solutions {
            f.add(s.title)
            f.add(s.steps.count)
            for text in s.steps { f.add(text) }
        }
        return f
    }

    /// Each block's key: a fingerprint of its documents and of the words settings; a block with the
    /// same key counts the same terms.
    static func blockKeys(_ prints: [Fingerprint], _ blocks: [Range<Int>], words: SearchWords) -> [String] {
        let settings = words.script(articles: 0)
        return blocks.map { block in
            var f = Fingerprint()
            f.add(settings)
            f.add(block.count)
            for print in prints[block] { f.add(print) }
            return f.hex
        }
    }

    /// A fingerprint of the documents and the words settings: when it is the last build's, so
    /// are the search files.
    static func fingerprint(blockKeys: [String], articles: Int, words: SearchWords) -> String {
        var f = Fingerprint()
        f.add(words.script(articles: articles))
        f.add(articles)
        for key in blockKeys { f.add(key) }
        return f.hex
    }

    /// The index of a site, the fingerprint of what it is made from, and its counts for the next build.
    public struct Indexed: Sendable {
        public var files: [OutputFile]
        public var fingerprint: String
        public var counts: SearchCounts
        /// True when the last build's index was kept whole.
        public var kept = false
        /// Set when files were kept from the last build (`.unchanged`): makes them, should the
        /// writer have to write everything after all.
        public var remake: (@Sendable () -> [OutputFile])?
    }

    /// When the documents are those the last build's index was made from, its files are kept as
    /// they are; otherwise the blocks whose documents did not change are taken from the last
    /// build's counts, and the documents files whose articles did not change are kept. A document
    /// is made only where it is read: for an article the last build did not see (its fingerprint),
    /// a block counted again or a result file made again.
    public static func index(_ site: Site, previous: BuildCache?, counted: SearchCounts?, tool: String) -> Indexed {
        let words = SearchWords(synonyms: site.settings.searchSynonyms)
        let counted = counted?.tool == tool ? counted : nil
        let (documents, prints, seen) = documents(site, counted: counted)
        let blocks = blocks(paths: site.articles.map(\.pagePath))
        let keys = blockKeys(prints, blocks, words: words)
        let fingerprint = fingerprint(blockKeys: keys, articles: documents.count, words: words)
        guard let previous, previous.search == fingerprint, var counted, counted.blocks.map(\.key) == keys else {
            var index = index(documents, prints: prints, words: words, blocks: blocks, keys: keys, counted: counted, tool: tool, previous: previous)
            index.counts.documents = seen
            var indexed = Indexed(files: index.files, fingerprint: fingerprint, counts: index.counts)
            let kept = Set(index.files.filter { $0.content == .unchanged }.map(\.path))
            if !kept.isEmpty { indexed.remake = { documentFiles(documents, prints: prints).filter { kept.contains($0.path) } } }
            return indexed
        }
        counted.documents = seen
        let kept = previous.files.keys.filter { $0.hasPrefix("search/") && $0 != notFoundFile }.sorted()
            .map { OutputFile(path: $0, content: .unchanged, fingerprint: previous.files[$0]!.fingerprint) }
        return Indexed(files: kept, fingerprint: fingerprint, counts: counted, kept: true, remake: { [counted] in
            index(documents, prints: prints, words: words, blocks: blocks, keys: keys, counted: counted, tool: tool).files
        })
    }

    /// The site's documents, made only for the articles whose source (`sourceKeys`) the last
    /// build's counts do not know; every document's fingerprint; and the fingerprints by source,
    /// for the next build. A check, or a build with errors, has no fingerprints of the articles and
    /// keeps no counts: with none from the last build either, every document is made and none keyed.
    static func documents(_ site: Site, counted: SearchCounts?) -> (Documents, [Fingerprint], seen: [String: Fingerprint]) {
        let articles = site.articles, stepTexts = sharedStepTexts(site)
        let sources = counted == nil && site.articlePrints.count != articles.count ? nil : sourceKeys(site, stepTexts: stepTexts)
        let known = counted?.documents ?? [:]
        let made = unknownDocuments(articles, sources: sources, known: known, stepTexts: stepTexts)
        let prints = Parallel.map(articles.count, chunk: 64) { i in made[i].map(documentPrint) ?? known[sources![i]]! }
        let seen = sources.map { Dictionary(zip($0, prints)) { first, _ in first } } ?? [:]
        return (Documents(made: made) { document(articles[$0], stepTexts: stepTexts) }, prints, seen)
    }

    /// What one block of articles counted: each article's terms by their numbers in `terms`, and
    /// the words a typo may be forgiven in.
    struct CountedBlock {
        var documents: [DocumentTerms]
        var terms: [String]
        var written: [String: String]
    }

    /// One article's terms, each once in the order first met, with how often each is in each field.
    struct DocumentTerms {
        /// By their numbers in the block's `SearchWords.Memo`.
        var terms: [Int32] = []
        /// `counts[k * fieldCount + f]`: how often `terms[k]` is in field `f`, at most 255.
        var counts: [UInt8] = []
        /// Terms in each field, repeats included.
        var lengths = [Int](repeating: 0, count: fieldCount)
    }

    /// An article that has a term, and the term's score there. Small, since an index holds one
    /// for every distinct word of every article.
    struct Posting {
        var doc: Int32
        var score: Float
    }

    /// Articles a core reads at a time, sharing what is known of each word.
    static let blockSize = 256

    static let fieldCount = Field.allCases.count

    public static func index(_ documents: [Document], words: SearchWords = SearchWords()) -> [OutputFile] {
        let blocks = blocks(paths: documents.map(\.path)), prints = documentPrints(documents)
        return index(Documents(documents), prints: prints, words: words, blocks: blocks, keys: blockKeys(prints, blocks, words: words),
                     counted: nil, tool: "").files
    }

    /// The index's files and the counts it was made from; a block whose key `counted` has is
    /// decoded from there instead of counted, and a documents file whose key `previous` has is kept.
    static func index(_ documents: Documents, prints: [Fingerprint], words: SearchWords, blocks: [Range<Int>], keys: [String],
                      counted: SearchCounts?, tool: String, previous: BuildCache? = nil) -> (files: [OutputFile], counts: SearchCounts) {
        let (termText, postings, written, counts) = postings(documents, words: words, blocks: blocks, keys: keys,
                                                             counted: counted?.byKey ?? [:])
        let (termFiles, split) = termFiles(termText, postings)
        let files = [OutputFile(path: "search/words.js", content: .text(words.script(articles: documents.count, split: split)))]
            + similarFiles(written) + termFiles + documentFiles(documents, prints: prints, previous: previous)
        return (files, SearchCounts(tool: tool, blocks: zip(keys, counts).map { SearchCounts.Block(key: $0, bytes: $1) }))
    }

    /// The words as written that a typo may be forgiven in, keyed by their second and third
    /// letters; a word is listed alone when it is its own stem, else as [word, stem].
    static func similarFiles(_ written: [String: String]) -> [OutputFile] {
        var similar: [String: [String]] = [:]
        for word in written.keys.sorted() {
            let stem = written[word]!
            similar[shardKey(String(word.dropFirst())), default: []]
                .append(stem == word ? JSON.quoted(word) : "[" + JSON.quoted(word) + "," + JSON.quoted(stem) + "]")
        }
        return similar.keys.sorted().map { key in
            OutputFile(path: "search/s-\(key).js",
                       content: .text("kbSearch.similar(\(JSON.quoted(key)),[\(similar[key]!.joined(separator: ","))]);\n"))
        }
    }

    /// One file of postings per shard: the terms that start with the same two letters, or, where
    /// those would be more than `shardLimit` bytes, the same three (the split keys go to the page
    /// in words.js). A query loads only the shards of its words.
    static func termFiles(_ termText: [String], _ postings: [[Posting]]) -> (files: [OutputFile], split: [String]) {
        let order = termText.indices.sorted { termText[$0] < termText[$1] }
        let entries: [String] = Parallel.map(order.count, chunk: 512) { i in
            JSON.quoted(termText[order[i]]) + ",[" + encode(postings[order[i]]) + "]"
        }
        let two = order.map { shardKey(termText[$0]) }
        var size: [String: Int] = [:]
        for (i, key) in two.enumerated() { size[key, default: 0] += entries[i].utf8.count + 1 }
        let split = Set(size.filter { $0.value > shardLimit }.keys)
        var shards: [String: [Int]] = [:]
        for (i, t) in order.enumerated() { shards[split.contains(two[i]) ? prefixKey(termText[t], 3) : two[i], default: []].append(i) }
        let keys = shards.keys.sorted()
        let files = Parallel.map(keys.count, chunk: 4) { k in
            OutputFile(path: "search/t-\(keys[k]).js",
                       content: .text("kbSearch.terms(\(JSON.quoted(keys[k])),[" + shards[keys[k]]!.map { entries[$0] }.joined(separator: ",") + "]);\n"))
        }
        return (files, split.sorted())
    }

    /// What a result shows, for `chunkSize` articles a file, keyed by the fingerprints of those
    /// articles' documents: a file whose key the last build wrote is kept without being made.
    static func documentFiles(_ documents: Documents, prints: [Fingerprint], previous: BuildCache? = nil) -> [OutputFile] {
        let chunks = (documents.count + chunkSize - 1) / chunkSize
        return Parallel.map(chunks, chunk: 32) { chunk in
            let range = (chunk * chunkSize)..<min(documents.count, (chunk + 1) * chunkSize)
            let path = "search/d-\(chunk).js"
            var key = Fingerprint()
            key.add(path)
            for print in prints[range] { key.add(print) }
            if previous?.files[path]?.fingerprint == key.hex { return OutputFile(path: path, content: .unchanged, fingerprint: key.hex) }
            let entries = range.map { documents[$0] }.map { d -> String in
                let fix = d.solutions.first?.title ?? ""
                return "[" + [HTML.encodePath(d.path), d.title, d.summary, fix, d.codes.joined(separator: " "), snippetText(d)]
                    .map(JSON.quoted).joined(separator: ",") + "]"
            }
            return OutputFile(path: path, content: .text("kbSearch.docs(\(chunk),[" + entries.joined(separator: ",") + "]);\n"), fingerprint: key.hex)
        }
    }

    /// A term's postings as the page reads them: the number of articles it is in (its postings
    /// may be fewer), then pairs of article-number difference and score × 100, in article order.
    /// A term in more than `postingLimit` articles keeps its best-scored ones.
    static func encode(_ postings: [Posting]) -> String {
        let kept = best(postings, postingLimit)
        // Digits written as bytes: a String for each number was most of the time this took.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(kept.count * 8 + 8)
        appendDecimal(postings.count, to: &bytes)
        var previous: Int32 = 0
        for p in kept {
            bytes.append(0x2C)
            appendDecimal(Int(p.doc - previous), to: &bytes)
            bytes.append(0x2C)
            appendDecimal(max(1, Int((Double(p.score) * 100).rounded())), to: &bytes)
            previous = p.doc
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The `limit` best-scored postings, ties to the lower article number, in article order: the
    /// score the last one kept must reach is found on the scores alone, then the postings are
    /// kept in one pass, never sorted (sorting them was a tenth of a rebuild's index).
    static func best(_ postings: [Posting], _ limit: Int) -> [Posting] {
        guard postings.count > limit else { return postings }
        let least = postings.map(\.score).sorted(by: >)[limit - 1]
        // Postings scoring exactly `least` are kept, lowest article first, while places are left.
        var ties = limit - postings.reduce(0) { $0 + ($1.score > least ? 1 : 0) }
        var kept: [Posting] = []
        kept.reserveCapacity(limit)
        for p in postings where p.score > least || (p.score == least && ties > 0) {
            if p.score == least { ties -= 1 }
            kept.append(p)
        }
        return kept
    }

    /// Appends a whole number of 0 or more in decimal digits.
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        var n = value
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: 0x30 + n % 10))
            n /= 10
        } while n > 0
        bytes[start...].reverse()
    }

    /// The text a result's snippet is cut from: what comes before the solutions (unless it is the
    /// summary again), then each solution's title and steps, then the rest, to `snippetLength`
    /// bytes, cut at a space. Made on bytes: it runs for every article.
    static func snippetText(_ d: Document) -> String {
        var parts: [String] = []
        if d.summary.isEmpty || !d.symptoms.hasPrefix(d.summary) {
            parts.append(d.symptoms)
        } else {
            parts.append(String(d.symptoms.dropFirst(d.summary.count)))
        }
        for s in d.solutions { parts.append(([s.title + ":"] + s.steps).joined(separator: " ")) }
        parts.append(d.body)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(snippetLength + 64)
        for part in parts {
            var text = part.utf8[...]
            while let c = text.first, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { text = text.dropFirst() }
            while let c = text.last, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { text = text.dropLast() }
            if text.isEmpty { continue }
            if !bytes.isEmpty { bytes += " · ".utf8 }
            // One line: line breaks within a paragraph become spaces.
            bytes += text.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
            if bytes.count > snippetLength { break }
        }
        guard bytes.count > snippetLength else { return String(decoding: bytes, as: UTF8.self) }
        // At the last space; with none, at the start of a character.
        var cut = bytes[..<snippetLength].lastIndex(of: 0x20) ?? snippetLength
        while cut > 0 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return String(decoding: bytes[..<cut], as: UTF8.self)
    }

    /// Every term, and for each its articles with their scores, in article order. The counts it
    /// is made from go when it returns, before the files are made.
    static func postings(_ documents: Documents, words: SearchWords, blocks ranges: [Range<Int>], keys: [String],
                         counted: [String: [UInt8]])
        -> (terms: [String], postings: [[Posting]], written: [String: String], counts: [[UInt8]]) {
        // Term frequencies per field per article, on all cores, in blocks of articles that share
        // what is known of each word (`SearchWords.Memo`), which numbers each term the block meets;
        // articles count their terms by those numbers, and each block's terms are then numbered once
        // for the whole index. Hashing each word once instead of at every step was most of the time
        // this took. A block the last build counted is decoded instead.
        var made: [(block: CountedBlock, bytes: [UInt8])] = Parallel.map(ranges.count, chunk: 1) { k in
            if let bytes = counted[keys[k]], let block = SearchCounts.decode(block: bytes) { return (block, bytes) }
            var memo = SearchWords.Memo()
            var slots: [Int32] = []
            let terms = ranges[k].map { documentTerms(documents[$0], words: words, memo: &memo, slots: &slots) }
            let block = CountedBlock(documents: terms, terms: memo.terms.texts, written: memo.written)
            return (block, SearchCounts.encode(block))
        }
        let counts = made.map(\.bytes)
        var blocks = made.map(\.block)
        made = []
        var written: [String: String] = [:]
        for block in blocks { written.merge(block.written) { first, _ in first } }

        // Terms numbered for the whole index, in the order first met; document frequencies and field
        // lengths. Lengths are whole numbers, so their sum does not depend on the order of addition.
        // A block's term is looked up once, not once per article that has it.
        var termNumber: [String: Int32] = [:]
        var termText: [String] = []
        var df: [Int] = []
        var fieldLength = [Double](repeating: 0, count: fieldCount)
        var numbers: [[Int32]] = []
        numbers.reserveCapacity(documents.count)
        for block in blocks {
            var global = [Int32](repeating: -1, count: block.terms.count)
            for doc in block.documents {
                for f in 0..<fieldCount { fieldLength[f] += Double(doc.lengths[f]) }
                numbers.append(doc.terms.map { local in
                    if global[Int(local)] < 0 {
                        let text = block.terms[Int(local)]
                        if let known = termNumber[text] {
                            global[Int(local)] = known
                        } else {
                            global[Int(local)] = Int32(termText.count)
                            termNumber[text] = Int32(termText.count)
                            termText.append(text)
                            df.append(0)
                        }
                    }
                    df[Int(global[Int(local)])] += 1
                    return global[Int(local)]
                })
            }
        }
        termNumber = [:]
        var perDocument = blocks.flatMap(\.documents)
        blocks = []
        let n = Double(max(documents.count, 1))
        let averages = fieldLength.map { max(1, $0 / n) }

        // Scores per article on all cores; each term's fields are summed in a fixed order so that
        // every build gives the same figures to the last bit.
        var scored: [[(term: Int32, score: Float)]] = Parallel.map(perDocument.count, chunk: 64) { d in
            let doc = perDocument[d]
            let norms = Field.allCases.map { f in 1 - b + b * (Double(doc.lengths[f.rawValue]) / averages[f.rawValue]) }
            return numbers[d].indices.map { k in
                var w = 0.0
                for f in Field.allCases {
                    let tf = Int(doc.counts[k * fieldCount + f.rawValue])
                    if tf > 0 { w += f.weight * Double(tf) / norms[f.rawValue] }
                }
                let term = numbers[d][k], frequency = Double(df[Int(term)])
                let idf = log(1 + (n - frequency + 0.5) / (frequency + 0.5))
                return (term, Float(idf * w * (k1 + 1) / (w + k1)))
            }
        }
        perDocument = []
        numbers = []
        var postings = [[Posting]](repeating: [], count: termText.count)
        for d in scored.indices {
            for (t, score) in scored[d] { postings[Int(t)].append(Posting(doc: Int32(d), score: score)) }
            scored[d] = []
        }
        return (termText, postings, written, counts)
    }

    /// One article's terms and how often each is in each field. `slots` holds, for each term of
    /// `memo`, its place among the article's terms (-1 when it has none), so that counting a term
    /// hashes nothing; every entry is -1 again when this returns.
    static func documentTerms(_ doc: Document, words: SearchWords, memo: inout SearchWords.Memo, slots: inout [Int32]) -> DocumentTerms {
        var found = DocumentTerms()
        func add(_ field: Field, _ terms: [Int32]) {
            if slots.count < memo.terms.texts.count { slots.append(contentsOf: repeatElement(-1, count: memo.terms.texts.count - slots.count)) }
            for t in terms {
                var k = Int(slots[Int(t)])
                if k < 0 {
                    k = found.terms.count
                    slots[Int(t)] = Int32(k)
                    found.terms.append(t)
                    found.counts.append(contentsOf: repeatElement(0, count: fieldCount))
                }
                // BM25 saturates long before a term is in one field 255 times.
                let i = k * fieldCount + field.rawValue
                if found.counts[i] < UInt8.max { found.counts[i] += 1 }
                found.lengths[field.rawValue] += 1
            }
        }
        // A text's terms, then the other forms a reader may type of each code it mentions: its
        // terms have the code canonical (`0x80070005`); a code in `error_codes` has more (`codeForms`).
        func terms(_ text: String) -> [Int32] {
            var found = words.indexTermNumbers(text, memo: &memo)
            for k in found.indices { found.append(contentsOf: memo.terms.codeForms[Int(found[k])]) }
            return found
        }
        add(.title, terms(doc.title))
        add(.code, doc.codes.flatMap(codeForms).map { memo.terms.number($0) })
        add(.summary, terms(doc.summary))
        add(.symptoms, terms(doc.symptoms))
        add(.solution, doc.solutions.flatMap { terms($0.title) })
        add(.term, (doc.products + doc.tags).flatMap(terms))
        func stepTerms(_ text: String) -> [Int32] {
            if let known = memo.stepTerms[text] { return known }
            let found = terms(text)
            memo.stepTerms[text] = found
            return found
        }
        add(.step, doc.solutions.flatMap { s in s.steps.flatMap(stepTerms) })
        add(.body, terms(doc.body))
        for t in found.terms { slots[Int(t)] = -1 }
        return found
    }

    /// The plain text of every step file and shared step, made once rather than at each use.
    static func sharedStepTexts(_ site: Site) -> [String: String] {
        var texts: [String: String] = [:]
        for (id, s) in site.sharedSteps { texts[id] = s.blocks.plainText }
        for (id, s) in site.steps { texts[id] = s.blocks.plainText }
        return texts
    }

    static func stepText(_ step: Step, texts: [String: String]) -> String {
        if let id = step.stepID, let text = texts[id] { return text }
        return step.blocks.plainText
    }

    /// The first two characters of a term, or three when its two-letter shard is split; anything
    /// but a-z and 0-9 becomes `_`. The page's script does the same.
    public static func shardKey(_ term: String, split: Set<String> = []) -> String {
        let two = prefixKey(term, 2)
        return split.contains(two) ? prefixKey(term, 3) : two
    }

    /// The first `count` characters of a term, each ASCII letter or digit as it is and any other
    /// character as `_`. Read on bytes when the term starts with ASCII, the byte after the prefix
    /// included (a combining mark there would join the last character), and no carriage return
    /// (which joins the line feed after it): most terms do.
    static func prefixKey(_ term: String, _ count: Int) -> String {
        let head = Array(term.utf8.prefix(count + 1))
        guard head.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return String(term.prefix(count).map(safe)) }
        return String(decoding: head.prefix(count).map { byte -> UInt8 in
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return byte
            default: return 0x5F
            }
        }, as: UTF8.self)
    }

    static func safe(_ c: Character) -> Character { c.isASCII && (c.isLetter || c.isNumber) ? c : "_" }
}
