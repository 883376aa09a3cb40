/// Fingerprints of the article model, for the pages whose cache key is taken from what they are
/// made from rather than from their values: walking an article costs a fraction of rendering its
/// HTML and values. Every field is read (`ModelSink`), source positions excepted.
extension Fingerprint: ModelSink {
    static var keepsPositions: Bool { false }

    mutating func add(_ flag: Bool) { add(flag ? 1 : 0) }

    mutating func add(_ value: Double) { add(Int(truncatingIfNeeded: value.bitPattern)) }

    /// One article's fingerprint alone: what an article page's key reads of it.
    static func of(_ article: Article) -> Fingerprint {
        var f = Fingerprint()
        f.add(article)
        return f
    }

    /// Each article's fingerprint alone, on all cores.
    static func articles(_ articles: [Article]) -> [Fingerprint] {
        Parallel.map(articles.count, chunk: 64) { of(articles[$0]) }
    }
}
