/// Something the article model is written into field by field, in one order: the model file a
/// build keeps for the next one (`ModelWriter`), and the fingerprints that key pages and replayed
/// articles (`Fingerprint`). One walk for both, so that a field added to the model is written and
/// fingerprinted alike, and `ModelReader` reads what this writes.
protocol ModelSink {
    /// False for a fingerprint: no page shows a source position, and leaving them out keeps an
    /// edit that only moves lines in one file from rendering again every page that shows a step
    /// first written there.
    static var keepsPositions: Bool { get }
    mutating func add(_ value: Int)
    mutating func add(_ text: String)
    mutating func add(_ flag: Bool)
    mutating func add(_ value: Double)
}

extension ModelSink {
    /// Absent and present are told apart, so nil and "" differ.
    mutating func add(optional text: String?) {
        add(text != nil)
        if let text { add(text) }
    }

    mutating func add(_ texts: [String]) {
        add(texts.count)
        for t in texts { add(t) }
    }

    mutating func add(_ p: SourcePosition) {
        guard Self.keepsPositions else { return }
        add(p.line)
        add(p.column)
    }

    /// A line number that is not part of a position (where a list item's text ends).
    mutating func add(line: Int) {
        if Self.keepsPositions { add(line) }
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
        add(article.anchors.sorted())
    }

    mutating func add(_ meta: FrontMatter) {
        add(meta.title)
        add(optional: meta.summary)
        add(meta.errorCodes)
        add(meta.products)
        add(meta.tags)
        add(optional: meta.updated)
        add(meta.related.count)
        for r in meta.related { add(r.value); add(r.position) }
        add(meta.draft)
    }

    mutating func add(_ s: Solution) {
        add(s.title)
        add(s.anchor)
        add(s.likelihood)
        add(s.writtenLikelihood)
        add(s.likelihoodText)
        add(s.outcomes != nil)
        if let o = s.outcomes { add(o.worked); add(o.failed) }
        add(s.effortMinutes != nil)
        if let e = s.effortMinutes { add(e) }
        add(optional: s.effortText)
        add(s.position)
        add(s.sourceIndex)
        add(s.rank)
        add(s.content.count)
        for part in s.content {
            switch part {
            case .block(let b):
                add(0); add(b)
            case .steps(let list):
                add(1); add(list.start); add(list.items.count)
                for step in list.items { add(step) }
            }
        }
    }

    mutating func add(_ step: Step) {
        add(step.blocks)
        add(step.position)
        add(line: step.endLine)
        add(step.reference != nil)
        if let ref = step.reference { add(ref.value); add(ref.position) }
        add(optional: step.stepID)
    }

    mutating func add(_ blocks: [Block]) {
        add(blocks.count)
        for b in blocks { add(b) }
    }

    mutating func add(_ block: Block) {
        switch block {
        case .paragraph(let inlines, let p):
            add(0); add(inlines); add(p)
        case .heading(let h):
            add(1); add(h.level); add(h.content); add(h.anchor); add(h.position)
        case .blockQuote(let blocks, let p):
            add(2); add(blocks); add(p)
        case .list(let l):
            add(3); add(l.ordered); add(l.start); add(l.tight); add(l.position)
            add(l.items.count)
            for item in l.items {
                add(item.blocks)
                add(item.checked == nil ? 0 : item.checked! ? 2 : 1)
                add(item.position)
                add(line: item.endLine)
            }
        case .codeBlock(let info, let code, let p):
            add(4); add(info); add(code); add(p)
        case .html(let text, let p):
            add(5); add(text); add(p)
        case .thematicBreak(let p):
            add(6); add(p)
        case .table(let t):
            add(7); add(t.position)
            add(t.alignments.count)
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
        case .text(let t): add(0); add(t)
        case .code(let c): add(1); add(c)
        case .emphasis(let c): add(2); add(c)
        case .strong(let c): add(3); add(c)
        case .strikethrough(let c): add(4); add(c)
        case .link(let l):
            add(5); add(l.destination); add(l.title); add(l.content); add(l.position); add(l.resolved)
        case .image(let i):
            add(6); add(i.source); add(i.title); add(i.alt); add(i.position); add(i.resolved)
        case .html(let text, let p): add(7); add(text); add(p)
        case .softBreak: add(8)
        case .lineBreak: add(9)
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
