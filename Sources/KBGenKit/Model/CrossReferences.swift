/// An error code, a product or a tag, and the articles that carry it.
public struct Term: Sendable, Equatable {
    /// As written in the first article (by id) that carries it.
    public var display: String
    /// The page's file name, without `.html`: a safe slug whatever the text holds.
    public var slug: String
    public var articles: [String]
}

/// How the articles of a site point at each other, computed once for every page.
public struct CrossReferences: Sendable, Equatable {
    public var codes: [Term] = []
    public var products: [Term] = []
    public var tags: [Term] = []
    /// Code, product and tag pages by the canonical key of what an article wrote.
    public var codeSlug: [String: String] = [:]
    public var productSlug: [String: String] = [:]
    public var tagSlug: [String: String] = [:]
    /// Article id to related article ids: declared first, then by score.
    public var related: [String: [String]] = [:]
    /// Article id to the ids of the articles whose text links to it.
    public var linkedFrom: [String: [String]] = [:]

    public init() {}
}
