/// Fingerprints of the article model, for the pages whose cache key is taken from what they are
/// made from rather than from their values: walking an article costs a fraction of rendering its
/// HTML and values. Every field a page can show is read. Source positions are not: no page shows
/// them, and leaving them out keeps an edit that only moves lines in one file from rendering again
/// every page that shows a step first written there.
extension Fingerprint {
    /// Each article's fingerprint alone, on all cores: what an article page's key reads of it.
    static func articles(_ articles: [Article]) -> [Fingerprint] {
        Parallel.map(articles.count, chunk: 64) { i in
            var f = Fingerprint()
            f.add(articles[i])
            return f
        }
    }

    mutating func add(_ flag: Bool) { add(flag ? 1 : 0) }

    mutating func add(_ value: Double) { add(Int(truncatingIfNeeded: value.bitPattern)) }

    mutating func add(_ texts: [String]) {
        add(texts.count)
        for t in texts { add(t) }
    }

    /// Absent and present are told apart, so nil and "" differ.
    mutating func add(optional text: String?) {
        if let text { add(1); add(text) } else { add(0) }
    }

    mutating func add(_ article: Article) {
        add(article.id)
        add(article.file)
        add(article.meta)
        add(article.summary)
        add(article.leading)
        add(article.solutions.count)
        for s in article.solutions { add(s) }
        add(article.trailing)
    }

    mutating func add(_ meta: FrontMatter) {
        add(meta.title)
        add(optional: meta.summary)
        add(meta.errorCodes)
        add(meta.products)
        add(meta.tags)
        add(optional: meta.updated)
        add(meta.related.map(\.value))
        add(meta.draft)
    }

    mutating func add(_ s: Solution) {
        add(s.title)
        add(s.anchor)
        add(s.likelihood)
        add(s.writtenLikelihood)
        add(s.likelihoodText)
        if let o = s.outcomes { add(1); add(o.worked); add(o.failed) } else { add(0) }
        if let e = s.effortMinutes { add(1); add(e) } else { add(0) }
        add(optional: s.effortText)
        add(s.sourceIndex)
        add(s.rank)
        add(s.content.count)
        for part in s.content {
            switch part {
            case .block(let b):
                add(20); add(b)
            case .steps(let list):
                add(21); add(list.start); add(list.items.count)
                for step in list.items { add(step) }
            }
        }
    }

    mutating func add(_ step: Step) {
        add(step.blocks)
        add(optional: step.reference?.value)
        add(optional: step.stepID)
    }

    mutating func add(_ blocks: [Block]) {
        add(blocks.count)
        for b in blocks { add(b) }
    }

    mutating func add(_ block: Block) {
        switch block {
        case .paragraph(let inlines, _):
            add(30); add(inlines)
        case .heading(let h):
            add(31); add(h.level); add(h.content); add(h.anchor)
        case .blockQuote(let blocks, _):
            add(32); add(blocks)
        case .list(let l):
            add(33); add(l.ordered); add(l.start); add(l.tight); add(l.items.count)
            for item in l.items {
                add(item.blocks)
                if let checked = item.checked { add(1); add(checked) } else { add(0) }
            }
        case .codeBlock(let info, let code, _):
            add(34); add(info); add(code)
        case .html(let text, _):
            add(35); add(text)
        case .thematicBreak:
            add(36)
        case .table(let t):
            add(37); add(t.alignments.count)
            for a in t.alignments {
                switch a {
                case .none: add(0)
                case .left: add(1)
                case .center: add(2)
                case .right: add(3)
                }
            }
            add(t.header.count)
            for cell in t.header { add(cell) }
            add(t.rows.count)
            for row in t.rows {
                add(row.count)
                for cell in row { add(cell) }
            }
        }
    }

    mutating func add(_ inlines: [Inline]) {
        add(inlines.count)
        for i in inlines { add(i) }
    }

    mutating func add(_ inline: Inline) {
        switch inline {
        case .text(let t): add(40); add(t)
        case .code(let c): add(41); add(c)
        case .emphasis(let c): add(42); add(c)
        case .strong(let c): add(43); add(c)
        case .strikethrough(let c): add(44); add(c)
        case .link(let l):
            add(45); add(l.destination); add(l.title); add(l.content); add(l.resolved)
        case .image(let i):
            add(46); add(i.source); add(i.title); add(i.alt); add(i.resolved)
        case .html(let text, _): add(47); add(text)
        case .softBreak: add(48)
        case .lineBreak: add(49)
        }
    }

    mutating func add(_ target: ResolvedTarget?) {
        switch target {
        case nil: add(0)
        case .site(let path)?: add(1); add(path)
        case .external(let address)?: add(2); add(address)
        case .removed?: add(3)
        }
    }
}
