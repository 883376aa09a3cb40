/// Bottom-up rewriting of every inline in a tree, for stages that resolve or check links.
extension Inline {
    public func rewritten(_ transform: (Inline) -> Inline) -> Inline {
        switch self {
        case .emphasis(let c): return transform(.emphasis(c.rewritten(transform)))
        case .strong(let c): return transform(.strong(c.rewritten(transform)))
        case .strikethrough(let c): return transform(.strikethrough(c.rewritten(transform)))
        case .link(var l):
            l.content = l.content.rewritten(transform)
            return transform(.link(l))
        case .image(var i):
            i.alt = i.alt.rewritten(transform)
            return transform(.image(i))
        default:
            return transform(self)
        }
    }
}

extension Array where Element == Inline {
    public func rewritten(_ transform: (Inline) -> Inline) -> [Inline] { map { $0.rewritten(transform) } }
}

extension Block {
    public func rewritingInlines(_ transform: (Inline) -> Inline) -> Block {
        switch self {
        case .paragraph(let i, let p): return .paragraph(i.rewritten(transform), p)
        case .heading(var h):
            h.content = h.content.rewritten(transform)
            return .heading(h)
        case .blockQuote(let b, let p): return .blockQuote(b.rewritingInlines(transform), p)
        case .list(var l):
            l.items = l.items.map { item in
                var item = item
                item.blocks = item.blocks.rewritingInlines(transform)
                return item
            }
            return .list(l)
        case .table(var t):
            t.header = t.header.map { $0.rewritten(transform) }
            t.rows = t.rows.map { $0.map { $0.rewritten(transform) } }
            return .table(t)
        case .codeBlock, .html, .thematicBreak:
            return self
        }
    }
}

extension Array where Element == Block {
    public func rewritingInlines(_ transform: (Inline) -> Inline) -> [Block] { map { $0.rewritingInlines(transform) } }
}

/// Rewriting of whole inline lists, for changes that turn one inline into several.
extension Block {
    public func mappingInlineLists(_ transform: ([Inline]) -> [Inline]) -> Block {
        switch self {
        case .paragraph(let i, let p): return .paragraph(transform(i), p)
        case .heading: return self
        case .blockQuote(let b, let p): return .blockQuote(b.map { $0.mappingInlineLists(transform) }, p)
        case .list(var l):
            l.items = l.items.map { item in
                var item = item
                item.blocks = item.blocks.map { $0.mappingInlineLists(transform) }
                return item
            }
            return .list(l)
        case .table(var t):
            t.header = t.header.map(transform)
            t.rows = t.rows.map { $0.map(transform) }
            return .table(t)
        case .codeBlock, .html, .thematicBreak:
            return self
        }
    }
}

extension Block {
    /// Whether a test holds for some inline list of the block, headings and table cells included.
    /// Stages check first and rewrite only when it does, so that the rest of the tree keeps its
    /// storage instead of being copied and freed.
    public func containsInlines(where test: ([Inline]) -> Bool) -> Bool {
        switch self {
        case .paragraph(let i, _): return test(i)
        case .heading(let h): return test(h.content)
        case .blockQuote(let b, _): return b.contains { $0.containsInlines(where: test) }
        case .list(let l): return l.items.contains { $0.blocks.contains { $0.containsInlines(where: test) } }
        case .table(let t): return t.header.contains(where: test) || t.rows.contains { $0.contains(where: test) }
        case .codeBlock, .html, .thematicBreak: return false
        }
    }
}
