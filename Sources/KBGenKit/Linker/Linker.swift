/// Resolves every link, image, `step:` reference and `related` id to a page or file of the site,
/// and reports the ones that point nowhere. After this stage every `Link` and `Image` has `resolved`.
public enum Linker {
    static let safeSchemes: Set<String> = ["http", "https", "mailto", "tel", "ftp", "ftps", "sftp", "ssh", "news", "irc", "ircs", "xmpp", "sip", "sips", "urn"]

    /// Takes the site, so that its articles are changed in place rather than copied.
    public static func link(_ site: consuming Site) -> (Site, Diagnostics) {
        var site = consume site
        var diagnostics = Diagnostics()
        let targets = Targets(site: site)

        // Each article's links are resolved on their own: all cores, results in article order.
        let steps = site.steps, drafts = site.omittedDrafts
        let found = Parallel.update(&site.articles, chunk: 32) { _, article in
            link(&article, targets: targets, steps: steps, drafts: drafts)
        }
        for (i, (links, problems)) in found.enumerated() {
            diagnostics.append(contentsOf: problems)
            site.links[site.articles[i].id] = links
        }

        for id in site.steps.keys.sorted() {
            var step = site.steps[id]!
            let folder = ("steps/" + id).split(separator: "/").dropLast().joined(separator: "/")
            var resolver = Resolver(targets: targets, file: step.file, sourceFolder: folder, ownAnchors: [], ownID: nil)
            step.blocks = resolver.resolve(step.blocks)
            diagnostics.append(contentsOf: resolver.diagnostics)
            site.steps[id] = step
        }
        for id in site.sharedSteps.keys.sorted() {
            site.sharedSteps[id] = resolve(site.sharedSteps[id]!, targets: targets)
        }
        return (site, diagnostics)
    }

    /// Resolves one article's links and checks its related ids; returns the ids of the articles
    /// its text links to and what it found wrong.
    static func link(_ article: inout Article, targets: Targets, steps: [String: ReusableStep], drafts: Set<String>) -> (links: [String], problems: Diagnostics) {
        var resolver = Resolver(targets: targets, file: article.file, sourceFolder: article.folder,
                                ownAnchors: article.anchors, ownID: article.id)
        article.leading = resolver.resolve(article.leading)
        article.trailing = resolver.resolve(article.trailing)
        for s in article.solutions.indices {
            article.solutions[s].title = resolver.resolve(article.solutions[s].title)
            article.solutions[s].content = article.solutions[s].content.map { part in
                switch part {
                case .block(let b): return .block(resolver.resolve([b])[0])
                case .steps(var list):
                    list.items = list.items.map { step in
                        var step = step
                        // A `[](step:ID)` item is checked once here; its link is the step itself.
                        guard let ref = step.reference else {
                            step.blocks = resolver.resolve(step.blocks)
                            return step
                        }
                        let exists = steps[ref.value] != nil
                        if exists {
                            step.stepID = ref.value
                        } else {
                            resolver.diagnostics.append(.error(article.file, ref.position, missingStep(ref.value)))
                        }
                        step.blocks = step.blocks.rewritingInlines { inline in
                            guard case .link(var link) = inline else { return inline }
                            link.resolved = exists ? .site(stepPagePath(ref.value)) : .removed
                            return .link(link)
                        }
                        return step
                    }
                    return .steps(list)
                }
            }
        }
        for related in article.meta.related {
            if related.value == article.id {
                resolver.diagnostics.append(.warning(article.file, related.position, "the article lists itself as related"))
            } else if targets.articleAnchors[related.value] == nil {
                let hint = drafts.contains(related.value)
                    ? "is a draft left out of this build (build with --drafts to include it)"
                    : "does not exist; related takes article ids such as rdp/error-0x904 (the path under Content/ without .md)"
                resolver.diagnostics.append(.error(article.file, related.position, "related article '\(related.value)' \(hint)"))
            }
        }
        return (resolver.linkedArticles.subtracting([article.id]).sorted(), resolver.diagnostics)
    }

    /// A shared step's wording resolved for its page. Its links were checked where they were
    /// written, so nothing is reported.
    static func resolve(_ shared: SharedStep, targets: Targets) -> SharedStep {
        var shared = shared
        var resolver = Resolver(targets: targets, file: shared.file, sourceFolder: shared.folder, ownAnchors: [], ownID: nil)
        shared.blocks = resolver.resolve(shared.blocks)
        return shared
    }

    static func missingStep(_ id: String) -> String {
        "the step '\(id)' does not exist; create Content/steps/\(id).md or correct the id"
    }
}

/// What a link may point at.
struct Targets {
    var articleAnchors: [String: Set<String>] = [:]
    var steps: Set<String> = []
    var assets: Set<String> = []
    var drafts: Set<String> = []

    init(site: Site) {
        for a in site.articles { articleAnchors[a.id] = a.anchors }
        steps = Set(site.steps.keys)
        assets = Set(site.assets.map(\.path))
        drafts = site.omittedDrafts
    }
}

struct Resolver {
    let targets: Targets
    let file: String
    /// The folder of the source file under Content/, for relative links.
    let sourceFolder: String
    let ownAnchors: Set<String>
    let ownID: String?
    var diagnostics = Diagnostics()
    /// Ids of the articles this text links to.
    var linkedArticles: Set<String> = []

    mutating func resolve(_ blocks: [Block]) -> [Block] {
        for block in blocks { reportHTML(in: block) }
        // Most blocks have no link, image or raw HTML, and come back as they are.
        guard blocks.contains(where: { $0.containsInlines(where: Self.needsResolving) }) else { return blocks }
        return blocks.rewritingInlines { self.resolve($0) }
    }

    mutating func resolve(_ inlines: [Inline]) -> [Inline] {
        guard Self.needsResolving(inlines) else { return inlines }
        return inlines.rewritten { self.resolve($0) }
    }

    /// Whether a list holds what `resolve(_: Inline)` changes or reports.
    static func needsResolving(_ inlines: [Inline]) -> Bool {
        inlines.contains { inline in
            switch inline {
            case .link, .image, .html: return true
            case .emphasis(let c), .strong(let c), .strikethrough(let c): return needsResolving(c)
            case .text, .code, .softBreak, .lineBreak: return false
            }
        }
    }

    mutating func reportHTML(in block: Block) {
        switch block {
        case .html(_, let p):
            diagnostics.append(.warning(file, p, "raw HTML is not rendered; write it as Markdown"))
        case .blockQuote(let b, _):
            b.forEach { reportHTML(in: $0) }
        case .list(let l):
            l.items.forEach { $0.blocks.forEach { reportHTML(in: $0) } }
        default:
            break
        }
    }

    mutating func resolve(_ inline: Inline) -> Inline {
        switch inline {
        case .link(var link):
            link.resolved = target(of: link.destination, at: link.position, isImage: false)
            return .link(link)
        case .image(var image):
            image.resolved = target(of: image.source, at: image.position, isImage: true)
            return .image(image)
        case .html(let text, let p):
            diagnostics.append(.warning(file, p, "raw HTML \(text.prefix(40)) is not rendered; write it as Markdown"))
            return inline
        default:
            return inline
        }
    }

    mutating func target(of destination: String, at position: SourcePosition, isImage: Bool) -> ResolvedTarget {
        let dest = destination.trimmingCharacters(in: " \t")
        if dest.isEmpty {
            diagnostics.append(.warning(file, position, "this \(isImage ? "image" : "link") has no destination"))
            return .removed
        }
        if dest.hasPrefix("step:") {
            let id = String(dest.dropFirst(5))
            guard targets.steps.contains(id) else {
                diagnostics.append(.error(file, position, Linker.missingStep(id)))
                return .removed
            }
            return .site(stepPagePath(id))
        }
        if let scheme = Self.scheme(of: dest) {
            let lower = scheme.lowercased()
            guard Linker.safeSchemes.contains(lower) else {
                diagnostics.append(.warning(file, position, "the \(lower): \(isImage ? "image" : "link") was removed; only web, mail and similar addresses are kept"))
                return .removed
            }
            if isImage {
                diagnostics.append(.warning(file, position, "images from another host are not loaded (the site loads nothing from elsewhere); copy the image into Content/ and link it relatively"))
                return .removed
            }
            return .external(dest)
        }
        if dest.hasPrefix("//") {
            if isImage {
                diagnostics.append(.warning(file, position, "images from another host are not loaded; copy the image into Content/"))
                return .removed
            }
            return .external("https:" + dest)
        }
        var path = dest
        var fragment: String?
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[path.index(after: hash)...])
            path = String(path[..<hash])
        }
        // A query is kept for a file (`manual.pdf?v=2`); a page takes none.
        var query = ""
        if let q = path.firstIndex(of: "?") {
            query = String(path[q...])
            path = String(path[..<q])
        }
        if path.isEmpty {
            // `#anchor` on the same page.
            let anchor = fragment ?? ""
            if !anchor.isEmpty && !ownAnchors.contains(anchor) && ownID != nil {
                diagnostics.append(.error(file, position, "no heading of this article has the anchor #\(anchor)\(Self.anchorHint(ownAnchors))"))
                return .removed
            }
            return .site((ownID.map { $0 + ".html" } ?? "") + (anchor.isEmpty ? "" : "#" + anchor))
        }
        // Most paths have no escapes, and Foundation's decoding costs as much as resolving.
        let decoded = path.utf8.contains(UInt8(ascii: "%")) ? path.removingPercentEncoding ?? path : path
        guard let resolved = Self.normalize(decoded, from: path.hasPrefix("/") ? "" : sourceFolder) else {
            diagnostics.append(.error(file, position, "the link '\(dest)' points outside the content folder"))
            return .removed
        }
        if resolved.hasSuffix(".md") {
            let id = String(resolved.dropLast(3))
            if id.hasPrefix("steps/") {
                let stepID = String(id.dropFirst(6))
                guard targets.steps.contains(stepID) else {
                    diagnostics.append(.error(file, position, Linker.missingStep(stepID)))
                    return .removed
                }
                return .site(stepPagePath(stepID))
            }
            guard let anchors = targets.articleAnchors[id] else {
                if targets.drafts.contains(id) {
                    diagnostics.append(.warning(file, position, "the link to '\(dest)' points at a draft left out of this build; its text is shown without a link"))
                } else {
                    diagnostics.append(.error(file, position, "the link '\(dest)' points at \(resolved), which does not exist"))
                }
                return .removed
            }
            if let fragment, !fragment.isEmpty, !anchors.contains(fragment) {
                diagnostics.append(.error(file, position, "the link '\(dest)' names the anchor #\(fragment), which \(id) does not have\(Self.anchorHint(anchors))"))
                return .removed
            }
            linkedArticles.insert(id)
            return .site(id + ".html" + (fragment.map { $0.isEmpty ? "" : "#" + $0 } ?? ""))
        }
        guard targets.assets.contains(resolved) else {
            diagnostics.append(.error(file, position, "the \(isImage ? "image" : "link") '\(dest)' points at \(resolved), which does not exist"))
            return .removed
        }
        return .site(resolved + query + (fragment.map { $0.isEmpty ? "" : "#" + $0 } ?? ""))
    }

    static func anchorHint(_ anchors: Set<String>) -> String {
        guard !anchors.isEmpty else { return "" }
        let list = anchors.sorted().prefix(8).map { "#" + $0 }.joined(separator: ", ")
        return "; its anchors are \(list)\(anchors.count > 8 ? ", ..." : "")"
    }

    /// `https:` from `https://...`; nil for a relative path. A Windows drive (`C:\`) is no scheme.
    static func scheme(of dest: String) -> String? {
        guard let colon = dest.firstIndex(of: ":") else { return nil }
        let candidate = dest[..<colon]
        guard candidate.count >= 2, let first = candidate.first, first.isASCII, first.isLetter,
              candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else {
            return candidate.count == 1 ? String(candidate) : nil
        }
        return String(candidate)
    }

    /// Joins a relative path to a folder under Content/ and folds `.` and `..`;
    /// nil when it climbs out of Content/.
    static func normalize(_ path: String, from folder: String) -> String? {
        var parts = folder.isEmpty ? [] : folder.split(separator: "/").map(String.init)
        for piece in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch piece {
            case ".": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default:
                parts.append(String(piece))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}
