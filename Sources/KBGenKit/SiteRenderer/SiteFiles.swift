import Foundation

/// Files for search engines and feed readers, written only when the site knows its address
/// (`base_url`), since they need absolute URLs.
enum SiteFiles {
    /// The page's address under `base_url`.
    static func absolute(_ path: String, base: String) -> String {
        (base.hasSuffix("/") ? base : base + "/") + HTML.encodePath(path)
    }

    static func sitemap(pages: [String], site: Site, base: String) -> String {
        var updated: [String: String] = [:]
        for a in site.articles { if let u = a.meta.updated { updated[a.pagePath] = u } }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages.sorted() {
            out += "<url><loc>\(HTML.escape(absolute(page, base: base)))</loc>"
            if let u = updated[page] { out += "<lastmod>\(u)</lastmod>" }
            out += "</url>\n"
        }
        return out + "</urlset>\n"
    }

    /// An Atom feed of the 20 most recently updated articles.
    static func feed(site: Site, base: String) -> String {
        let recent = site.articles.filter { $0.meta.updated != nil }
            .sorted { $0.meta.updated! != $1.meta.updated! ? $0.meta.updated! > $1.meta.updated! : $0.id < $1.id }
            .prefix(20)
        let home = absolute("", base: base)
        let newest = recent.first?.meta.updated ?? "1970-01-01"
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
        <title>\(HTML.escape(site.settings.title))</title>
        <id>\(HTML.escape(home))</id>
        <link href="\(HTML.escape(home))"/>
        <link rel="self" href="\(HTML.escape(absolute("feed.xml", base: base)))"/>
        <updated>\(newest)T00:00:00Z</updated>
        <author><name>\(HTML.escape(site.settings.title))</name></author>

        """
        for a in recent {
            let url = HTML.escape(absolute(a.pagePath, base: base))
            out += "<entry><title>\(HTML.escape(a.meta.title))</title><id>\(url)</id><link href=\"\(url)\"/>"
            out += "<updated>\(a.meta.updated!)T00:00:00Z</updated><summary>\(HTML.escape(a.summary))</summary></entry>\n"
        }
        return out + "</feed>\n"
    }

    /// schema.org TechArticle data for search engines, safe inside a `<script>` data block:
    /// `<`, `>` and `&` are written as \u escapes, so no text can close the element.
    static func techArticle(_ article: Article, base: String?) -> String {
        var data: [String: JSON] = ["@context": .string("https://schema.org"), "@type": .string("TechArticle"),
                                    "headline": .string(article.meta.title)]
        if !article.summary.isEmpty { data["description"] = .string(article.summary) }
        if let u = article.meta.updated { data["dateModified"] = .string(u) }
        let keywords = article.meta.errorCodes + article.meta.tags
        if !keywords.isEmpty { data["keywords"] = .string(keywords.joined(separator: ", ")) }
        if !article.meta.products.isEmpty {
            data["about"] = .array(article.meta.products.map { .object(["@type": .string("Thing"), "name": .string($0)]) })
        }
        if let base { data["url"] = .string(absolute(article.pagePath, base: base)) }
        return JSON.object(data).text
    }
}
