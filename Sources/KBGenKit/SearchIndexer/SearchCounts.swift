/// The terms the last build counted in each block of articles, kept beside its output as
/// `.kbgen-search`. A rebuild counts again only the blocks whose articles changed and takes the
/// others from here; numbering, scores and files are then made from every block as in a full
/// build, so the search files come out the same either way. Counting was most of the time the
/// index took, and a rebuild after one edit made it all again.
public struct SearchCounts: Sendable, Equatable {
    public static let fileName = ".kbgen-search"
    /// Changes whenever the counting or this layout changes, so that older counts are not used.
    static let format = "kbgen-search 2"

    /// The kbgen that counted them: another one counts every block again.
    public var tool: String
    /// Each block's key (`SearchIndexer.blockKeys`) and its counts as `encode(_:)` wrote them, in
    /// block order.
    var blocks: [Block]
    /// Each article's document fingerprint by what the document is made from
    /// (`SearchIndexer.sourceKeys`): an article whose source is here needs no document made to
    /// tell whether its block and result file changed.
    var documents: [String: Fingerprint] = [:]

    struct Block: Sendable, Equatable {
        var key: String
        var bytes: [UInt8]
    }

    init(tool: String, blocks: [Block]) {
        self.tool = tool
        self.blocks = blocks
    }

    /// The counted blocks by key, for a build to take those whose articles did not change.
    var byKey: [String: [UInt8]] {
        Dictionary(blocks.map { ($0.key, $0.bytes) }) { first, _ in first }
    }

    public func encoded() -> [UInt8] {
        var w = ModelWriter()
        w.add(Self.format)
        w.add(tool)
        w.add(blocks.count)
        for block in blocks {
            w.add(block.key)
            w.add(block.bytes.count)
            w.bytes += block.bytes
        }
        w.add(documents.count)
        for source in documents.keys.sorted() {
            w.add(source)
            for word in documents[source]!.state { w.word(word) }
        }
        return w.bytes
    }

    /// Nil for bytes another format or a cut file left: the build then counts every block.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> SearchCounts? {
        var r = ModelReader(bytes)
        guard r.string() == format, !r.failed else { return nil }
        let tool = r.string()
        var blocks: [Block] = []
        for _ in 0..<r.count() where !r.failed {
            let key = r.string()
            let n = r.count()
            if r.failed { break }
            blocks.append(Block(key: key, bytes: Array(UnsafeRawBufferPointer(rebasing: bytes[r.at..<(r.at + n)]))))
            r.at += n
        }
        var documents: [String: Fingerprint] = [:]
        for _ in 0..<r.count() where !r.failed {
            let source = r.string()
            documents[source] = Fingerprint(state: [r.word(), r.word(), r.word()])
        }
        guard !r.failed, r.at == bytes.count else { return nil }
        var counts = SearchCounts(tool: tool, blocks: blocks)
        counts.documents = documents
        return counts
    }

    /// A block's counts: only the terms its articles have (a block's memo also numbers the stems of
    /// stop words), renumbered in the order first met, which is the order the index numbers them in.
    static func encode(_ block: SearchIndexer.CountedBlock) -> [UInt8] {
        var compact = [Int32](repeating: -1, count: block.terms.count)
        var used: [Int32] = []
        for doc in block.documents {
            for t in doc.terms where compact[Int(t)] < 0 {
                compact[Int(t)] = Int32(used.count)
                used.append(t)
            }
        }
        var w = ModelWriter()
        w.add(used.count)
        for t in used { w.add(block.terms[Int(t)]) }
        w.add(block.written.count)
        for word in block.written.keys.sorted() {
            w.add(word)
            w.add(block.written[word]!)
        }
        w.add(block.documents.count)
        for doc in block.documents {
            for length in doc.lengths { w.add(length) }
            w.add(doc.terms.count)
            for (k, t) in doc.terms.enumerated() {
                w.add(Int(compact[Int(t)]))
                // Which fields have the term, then how often each of those has it: most terms are in one.
                let counts = doc.counts[(k * SearchIndexer.fieldCount)..<((k + 1) * SearchIndexer.fieldCount)]
                var fields: UInt8 = 0
                for (f, c) in counts.enumerated() where c > 0 { fields |= 1 << UInt8(f) }
                w.bytes.append(fields)
                for c in counts where c > 0 { w.bytes.append(c) }
            }
        }
        return w.bytes
    }

    /// What `encode` wrote, or nil for bytes it did not write.
    static func decode(block bytes: [UInt8]) -> SearchIndexer.CountedBlock? {
        bytes.withUnsafeBytes { raw in
            var r = ModelReader(raw)
            let terms = r.strings()
            var written: [String: String] = [:]
            let writtenCount = r.count()
            written.reserveCapacity(writtenCount)
            for _ in 0..<writtenCount where !r.failed {
                let word = r.string()
                written[word] = r.string()
            }
            var documents: [SearchIndexer.DocumentTerms] = []
            for _ in 0..<r.count() where !r.failed {
                var doc = SearchIndexer.DocumentTerms()
                for f in 0..<SearchIndexer.fieldCount { doc.lengths[f] = r.int() }
                let n = r.count()
                doc.terms.reserveCapacity(n)
                doc.counts = [UInt8](repeating: 0, count: n * SearchIndexer.fieldCount)
                for k in 0..<n where !r.failed {
                    let t = r.int()
                    guard t >= 0, t < terms.count else { r.fail(); break }
                    doc.terms.append(Int32(t))
                    let fields = r.byte()
                    for f in 0..<SearchIndexer.fieldCount where fields & (1 << UInt8(f)) != 0 {
                        doc.counts[k * SearchIndexer.fieldCount + f] = r.byte()
                    }
                }
                documents.append(doc)
            }
            guard !r.failed, r.at == raw.count else { return nil }
            return SearchIndexer.CountedBlock(documents: documents, terms: terms, written: written)
        }
    }
}
