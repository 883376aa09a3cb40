/// A Markdown document as plain Swift values, so that every stage after the loader
/// can read and rewrite it without touching libcmark-gfm.
public struct MarkdownDocument: Sendable, Equatable {
    public var blocks: [Block]
    /// Where the text nests deeper than `maxDepth` (lists, quotes, emphasis, links inside each
    /// other); what lies deeper is left out of `blocks`, and the reader reports an error here.
    public var tooDeep: SourcePosition?

    /// Levels of blocks and inlines inside each other that kbgen reads; no fix guide comes near.
    public static let maxDepth = 100

    public init(blocks: [Block], tooDeep: SourcePosition? = nil) {
        self.blocks = blocks
        self.tooDeep = tooDeep
    }
}

/// A line and column in a source file, both counted from 1.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// A problem with a folder, or with a file as a whole: messages name no line for it.
    public static let whole = SourcePosition(line: 0, column: 0)

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// Paragraphs, the commonest blocks, are stored in place; the larger kinds each in a box of their
/// own, so that a block takes 32 bytes rather than the size of its largest kind. (Boxing every
/// kind cost an allocation per block.)
public enum Block: Sendable, Equatable {
    case paragraph([Inline], SourcePosition)
    /// `anchor` is filled in by the article parser, which knows every id on the page.
    indirect case heading(Heading)
    case blockQuote([Block], SourcePosition)
    indirect case list(List)
    indirect case codeBlock(info: String, code: String, SourcePosition)
    /// Raw HTML is kept only so that it can be reported; it is never rendered.
    indirect case html(String, SourcePosition)
    case thematicBreak(SourcePosition)
    indirect case table(Table)

    public var position: SourcePosition {
        switch self {
        case .paragraph(_, let p), .blockQuote(_, let p), .codeBlock(_, _, let p), .html(_, let p), .thematicBreak(let p):
            return p
        case .heading(let h): return h.position
        case .list(let l): return l.position
        case .table(let t): return t.position
        }
    }
}

public struct Heading: Sendable, Equatable {
    public var level: Int
    public var content: [Inline]
    public var anchor: String
    public var position: SourcePosition

    public init(level: Int, content: [Inline], anchor: String = "", position: SourcePosition) {
        self.level = level
        self.content = content
        self.anchor = anchor
        self.position = position
    }
}

public struct List: Sendable, Equatable {
    public var ordered: Bool
    public var start: Int
    public var tight: Bool
    public var items: [ListItem]
    public var position: SourcePosition
}

public struct ListItem: Sendable, Equatable {
    public var blocks: [Block]
    /// nil for an ordinary item; true or false for a GitHub task-list item.
    public var checked: Bool?
    public var position: SourcePosition
    /// The file line on which the item's last text stands.
    public var endLine: Int
}

public struct Table: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case none, left, center, right }
    public var alignments: [Alignment]
    public var header: [[Inline]]
    public var rows: [[[Inline]]]
    public var position: SourcePosition
}

/// Texts, the commonest inlines by far, are stored in place; links, images and raw HTML each in a
/// box of their own. (Boxing every kind cost an allocation per inline; with blocks, 17 MB of a
/// parsed 10,000-article knowledge base.)
public enum Inline: Sendable, Equatable {
    case text(String)
    case code(String)
    case emphasis([Inline])
    case strong([Inline])
    case strikethrough([Inline])
    indirect case link(Link)
    indirect case image(Image)
    /// Raw inline HTML: reported and shown as text, never passed through.
    indirect case html(String, SourcePosition)
    case softBreak
    case lineBreak
}

/// What a link or image points at once the linker has checked it.
public enum ResolvedTarget: Sendable, Equatable {
    /// A file of the generated site, as a path from the site's root (`rdp/error-0x904.html#nla`).
    case site(String)
    /// A link that leaves the site (`https:`, `mailto:`); kept as written.
    case external(String)
    /// An unsafe or broken target: the text is shown without a link.
    case removed
}

public struct Link: Sendable, Equatable {
    public var destination: String
    public var title: String
    public var content: [Inline]
    public var position: SourcePosition
    public var resolved: ResolvedTarget?
}

public struct Image: Sendable, Equatable {
    public var source: String
    public var title: String
    public var alt: [Inline]
    public var position: SourcePosition
    public var resolved: ResolvedTarget?
}

extension Inline {
    /// The text a reader sees, without markup.
    public var plainText: String {
        switch self {
        case .text(let s), .code(let s): return s
        case .html(let s, _): return s
        case .emphasis(let c), .strong(let c), .strikethrough(let c): return c.plainText
        case .link(let l): return l.content.plainText
        case .image(let i): return i.alt.plainText
        case .softBreak, .lineBreak: return " "
        }
    }
}

extension Array where Element == Inline {
    public var plainText: String { map(\.plainText).joined() }
}

extension Block {
    /// The text a reader sees, paragraphs separated by spaces.
    public var plainText: String {
        switch self {
        case .paragraph(let i, _): return i.plainText
        case .heading(let h): return h.content.plainText
        case .blockQuote(let b, _): return b.plainText
        case .list(let l): return l.items.map { $0.blocks.plainText }.joined(separator: " ")
        case .codeBlock(_, let code, _): return code
        case .html: return ""
        case .thematicBreak: return ""
        case .table(let t):
            return (t.header + t.rows.flatMap { $0 }).map(\.plainText).joined(separator: " ")
        }
    }
}

extension Array where Element == Block {
    public var plainText: String { map(\.plainText).filter { !$0.isEmpty }.joined(separator: " ") }
}
