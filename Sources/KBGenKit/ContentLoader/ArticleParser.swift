import Foundation

/// Turns an article's text into an `Article`: front matter, solutions with their steps, anchors.
/// A pure function of the text, so it is tested without a disk.
public enum ArticleParser {
    public static func parse(id: String, file: String, text rawText: String, diagnostics: inout Diagnostics) -> Article? {
        let text = SourceText.normalize(rawText)
        guard let split = FrontMatterParser.split(text) else {
            let message = FrontMatterParser.isUnclosed(text)
                ? "the front matter is never closed; end it with a line `---`"
                : "an article starts with front matter: a line `---`, `title: ...`, and another `---`"
            diagnostics.append(.error(file, SourcePosition(line: 1, column: 1), message))
            return nil
        }
        guard let meta = FrontMatterParser.articleFrontMatter(split, file: file, diagnostics: &diagnostics) else { return nil }
        let blocks = markdown(split.body, firstLine: split.bodyFirstLine, file: file, diagnostics: &diagnostics)
        var body = BodyParser(file: file)
        let article = body.article(id: id, meta: meta, blocks: blocks)
        diagnostics.append(contentsOf: body.diagnostics)
        return article
    }

    /// The blocks of a Markdown text, with an error where it nests too deep to read.
    static func markdown(_ text: String, firstLine: Int, file: String, diagnostics: inout Diagnostics) -> [Block] {
        let document = MarkdownParser.parse(text, firstLine: firstLine)
        if let deep = document.tooDeep {
            diagnostics.append(.error(file, deep, "lists, quotes, emphasis or links are nested more than \(MarkdownDocument.maxDepth) levels deep here; kbgen reads no deeper, so flatten this part"))
        }
        return document.blocks
    }

    /// A reusable step file: front matter with a title, the step's text as body.
    public static func parseStep(id: String, file: String, text rawText: String, diagnostics: inout Diagnostics) -> ReusableStep? {
        let text = SourceText.normalize(rawText)
        var title = ""
        var body = text
        var firstLine = 1
        if let split = FrontMatterParser.split(text) {
            body = split.body
            firstLine = split.bodyFirstLine
            switch FrontMatterParser.mapping(split, file: file) {
            case .failure(let d):
                diagnostics.append(d)
                return nil
            case .success(let pairs):
                var reader = NodeReader(file: file, firstLine: split.yamlFirstLine)
                for (key, value) in pairs {
                    if key.value == "title" {
                        title = reader.text(value, key: "title") ?? ""
                    } else {
                        reader.diagnostics.append(FrontMatterParser.unknownKey(key, known: FrontMatterParser.stepKeys, file: file))
                    }
                }
                diagnostics.append(contentsOf: reader.diagnostics)
            }
        } else if FrontMatterParser.isUnclosed(text) {
            diagnostics.append(.error(file, SourcePosition(line: 1, column: 1), "the front matter is never closed; end it with a line `---`"))
            return nil
        }
        let blocks = markdown(body, firstLine: firstLine, file: file, diagnostics: &diagnostics)
        if blocks.isEmpty {
            diagnostics.append(.error(file, SourcePosition(line: firstLine, column: 1),
                                      "the step file has no text; write the step below the front matter"))
            return nil
        }
        if title.isEmpty { title = blocks.plainText }
        return ReusableStep(id: id, file: file, title: title, blocks: blocks)
    }
}

/// Cuts a body into leading blocks, solutions and trailing blocks, and gives every heading an anchor.
struct BodyParser {
    let file: String
    var diagnostics = Diagnostics()

    init(file: String) { self.file = file }

    struct HeadingInfo {
        var index: Int
        var heading: Heading
        var title: [Inline]
        var attributes: AttributeBlock?
        var isSolution: Bool { attributes?.values["likelihood"] != nil }
    }

    mutating func article(id: String, meta: FrontMatter, blocks rawBlocks: [Block]) -> Article {
        var blocks = rawBlocks
        var headings: [HeadingInfo] = []
        for (i, block) in blocks.enumerated() {
            guard case .heading(let h) = block else { continue }
            headings.append(info(for: h, at: i))
        }
        assignAnchors(&blocks, headings: &headings)

        let solutionHeadings = headings.filter(\.isSolution)
        var leading = blocks
        var solutions: [Solution] = []
        var trailing: [Block] = []
        if let first = solutionHeadings.first, let last = solutionHeadings.last {
            let level = first.heading.level
            for h in solutionHeadings where h.heading.level != level {
                diagnostics.append(.error(file, h.heading.position,
                    "this solution is a level-\(h.heading.level) heading but the first solution (line \(first.heading.position.line)) is level \(level); all solutions of an article stand at one heading level"))
            }
            for h in headings where !h.isSolution && h.index > first.index && h.index < last.index && h.heading.level <= level {
                diagnostics.append(.error(file, h.heading.position,
                    "the section '\(h.title.plainText)' stands between two solutions but has no likelihood; give it {likelihood=...} or move it after the solutions"))
            }
            leading = Array(blocks[..<first.index])
            // The last solution runs to the next heading at its level or above.
            let end = headings.first { $0.index > last.index && $0.heading.level <= level }?.index ?? blocks.count
            trailing = Array(blocks[end...])
            var sectionStarts = headings.filter { $0.index >= first.index && $0.index < end && $0.heading.level <= level }
            sectionStarts.sort { $0.index < $1.index }
            for (n, start) in sectionStarts.enumerated() where start.isSolution {
                let stop = n + 1 < sectionStarts.count ? sectionStarts[n + 1].index : end
                solutions.append(solution(start, content: Array(blocks[(start.index + 1)..<stop]), sourceIndex: solutions.count))
            }
        }
        let anchors = Set(headings.map(\.heading.anchor))
        let summary = meta.summary ?? firstParagraph(in: blocks) ?? ""
        return Article(id: id, file: file, meta: meta, summary: summary, leading: leading, solutions: solutions,
                       trailing: trailing, anchors: anchors)
    }

    mutating func info(for heading: Heading, at index: Int) -> HeadingInfo {
        var title = heading.content
        var attributes: AttributeBlock?
        if case .text(let last)? = title.last, let (rest, inner) = AttributeBlock.split(last) {
            switch AttributeBlock.parse(inner) {
            case .success(let block):
                attributes = block
                title[title.count - 1] = .text(rest)
                if rest.isEmpty { title.removeLast() }
            case .failure(let problem):
                diagnostics.append(.error(file, heading.position, problem.message))
            }
        }
        if let attributes {
            for key in attributes.keys where !AttributeBlock.knownKeys.contains(key) {
                var message = "unknown attribute '\(key)'"
                if let near = FrontMatterParser.nearest(key, in: AttributeBlock.knownKeys) {
                    message += "; did you mean '\(near)'?"
                } else {
                    message += "; a heading takes likelihood=..., effort=... and #id"
                }
                diagnostics.append(.error(file, heading.position, message))
            }
        }
        return HeadingInfo(index: index, heading: Heading(level: heading.level, content: title, position: heading.position),
                           title: title, attributes: attributes)
    }

    /// Ids the page itself uses (the skip link's target, the list of solutions); no heading gets them.
    static let reservedAnchors: Set<String> = ["main", "solutions-at-a-glance", "kb-header-search", "related-heading", "linked-from-heading"]

    /// Explicit `#id`s first, then slugs of titles, made unique with -2, -3 in document order.
    mutating func assignAnchors(_ blocks: inout [Block], headings: inout [HeadingInfo]) {
        var taken = Self.reservedAnchors
        for h in headings {
            guard let id = h.attributes?.id else { continue }
            if Self.reservedAnchors.contains(id) {
                diagnostics.append(.error(file, h.heading.position, "the anchor #\(id) is used by the page itself; choose another"))
            } else if !taken.insert(id).inserted {
                diagnostics.append(.error(file, h.heading.position, "the anchor #\(id) is used by another heading of this article"))
            }
        }
        let anchors = Self.anchors(headings.map { ($0.attributes?.id, $0.title.plainText) })
        for i in headings.indices {
            headings[i].heading.anchor = anchors[i]
            blocks[headings[i].index] = .heading(headings[i].heading)
        }
    }

    /// The anchors of an article's headings, in document order: each one's `#id`, else the slug of
    /// its title (`section` when that is empty), made unique with -2, -3, never one the page uses.
    static func anchors(_ headings: [(id: String?, title: String)]) -> [String] {
        var taken = reservedAnchors.union(headings.compactMap(\.id))
        return headings.map { heading in
            if let id = heading.id { return id }
            let base = slug(heading.title).isEmpty ? "section" : slug(heading.title)
            var anchor = base, n = 2
            while taken.contains(anchor) {
                anchor = "\(base)-\(n)"
                n += 1
            }
            taken.insert(anchor)
            return anchor
        }
    }

    mutating func solution(_ h: HeadingInfo, content: [Block], sourceIndex: Int) -> Solution {
        let attrs = h.attributes!
        let rawLikelihood = attrs.values["likelihood"]!
        // An invalid likelihood or effort is reported, and the solution is still read, so that
        // its other problems (a missing step, a broken link) are reported in the same run; the
        // error keeps the build from writing anything.
        let parsed = AttributeBlock.likelihood(rawLikelihood), likelihood = parsed ?? 0
        if parsed == nil {
            diagnostics.append(.error(file, h.heading.position,
                                      "likelihood '\(rawLikelihood)' is not valid; write \(AttributeBlock.likelihoodForms)"))
        }
        var effort: Double?
        if let rawEffort = attrs.values["effort"] {
            effort = AttributeBlock.effortMinutes(rawEffort)
            // No fix takes no time, expected-cost order divides by the effort, and pages show whole minutes.
            if effort == nil || effort! <= 0 || effort! > AttributeBlock.longestEffortMinutes {
                diagnostics.append(.error(file, h.heading.position,
                                          "effort '\(rawEffort)' is not valid; write \(AttributeBlock.effortForms)"))
                effort = nil
            }
        }
        var parts: [SolutionPart] = []
        for block in content {
            if case .list(let list) = block, list.ordered {
                parts.append(.steps(StepList(start: list.start, items: steps(of: list))))
            } else {
                parts.append(.block(block))
            }
        }
        if parts.isEmpty {
            diagnostics.append(.error(file, h.heading.position,
                                      "the solution '\(h.title.plainText)' has no text or steps; write what to do below its heading, or remove the heading's {likelihood=...} if it is not a solution"))
        }
        return Solution(title: h.title, anchor: h.heading.anchor, likelihood: likelihood, writtenLikelihood: likelihood,
                        likelihoodText: rawLikelihood, outcomes: nil,
                        effortMinutes: effort, effortText: attrs.values["effort"], position: h.heading.position,
                        sourceIndex: sourceIndex, rank: sourceIndex + 1, content: parts)
    }

    /// A list's steps, every one kept. A step the same as the one right before it is likely
    /// pasted twice: a warning says so, and the writer decides.
    mutating func steps(of list: List) -> [Step] {
        let steps = list.items.map(step)
        for i in steps.indices.dropFirst() where Self.sameText(steps[i - 1], steps[i]) {
            diagnostics.append(.warning(file, steps[i].position,
                                        "this step is the same as the step right before it; if it was pasted twice, remove one"))
        }
        return steps
    }

    /// The same words and markup, wherever they stand.
    static func sameText(_ a: Step, _ b: Step) -> Bool {
        if a.reference != nil || b.reference != nil { return a.reference?.value == b.reference?.value }
        guard a.blocks.count == b.blocks.count else { return false }
        // Most neighbours differ in their first words; only links, images and HTML, at any
        // depth, carry a position that makes equal text compare unequal.
        if case .paragraph(let x, _)? = a.blocks.first, case .paragraph(let y, _)? = b.blocks.first, x != y,
           !Resolver.needsResolving(x) { return false }
        return MarkdownText.of(a.blocks) == MarkdownText.of(b.blocks)
    }

    /// An item whose whole content is one `step:` link names a reusable step.
    func step(_ item: ListItem) -> Step {
        var reference: Located<String>?
        // Most steps hold no `step:` link at all, and are known not to be references at a glance.
        if item.blocks.count == 1, case .paragraph(let inlines, _) = item.blocks[0], inlines.contains(where: {
            if case .link(let link) = $0 { return link.destination.hasPrefix("step:") } else { return false }
        }) {
            let meaningful = inlines.filter {
                if case .text(let t) = $0 { return !t.trimmingCharacters(in: " \t").isEmpty }
                return $0 != .softBreak
            }
            if meaningful.count == 1, case .link(let link) = meaningful[0], link.destination.hasPrefix("step:") {
                reference = Located(String(link.destination.dropFirst(5)), at: link.position)
            }
        }
        return Step(blocks: item.blocks, position: item.position, endLine: item.endLine, reference: reference, stepID: nil)
    }

    func firstParagraph(in blocks: [Block]) -> String? {
        for block in blocks {
            if case .paragraph(let inlines, _) = block {
                let text = inlines.plainText.trimmingCharacters(in: " \n")
                if !text.isEmpty { return text.replacingOccurrences(of: "\n", with: " ") }
            }
        }
        return nil
    }
}
