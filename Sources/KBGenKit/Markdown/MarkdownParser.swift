import CMarkGFM
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Parses CommonMark with GitHub's table, strikethrough, autolink and task-list extensions.
/// This folder is the only place that touches libcmark-gfm; every node is freed before return.
public enum MarkdownParser {
    /// Registers the extensions once per process; `static let` makes the first call thread-safe.
    private static let extensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// libcmark-gfm keeps the characters that start an extension's inline markup (`~`, `:`, `w`,
    /// `|`) in one table for the whole process: every parse adds them when its inline pass starts
    /// and removes them when it ends, so a parse on another thread would lose strikethrough and
    /// autolinks whenever one finished first. The inline pass (`cmark_parser_finish`) therefore
    /// runs one at a time; reading blocks (`cmark_parser_feed`) and making Swift values of the
    /// tree, most of a parse's time, still run on all cores. The table cannot be set once
    /// instead: the library also looks a delimiter's extension up in the same lists it adds from.
    private static let inlinePass = NSLock()
    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    /// - Parameter firstLine: the file line on which `text` starts, so positions are the file's.
    public static func parse(_ text: String, firstLine: Int = 1) -> MarkdownDocument {
        let converted = parsed(text, options: CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8) { _, root -> ([Block], SourcePosition?) in
            var converter = Converter(lineOffset: firstLine - 1)
            let blocks = converter.blocks(of: root, depth: 0)
            return (blocks, converter.tooDeep)
        }
        return MarkdownDocument(blocks: converted?.0 ?? [], tooDeep: converted?.1)
    }

    /// Parses `text` with the extensions and hands `body` the parser and the tree's root; both are
    /// freed when it returns. Nil when libcmark-gfm could not make a parser or a tree.
    private static func parsed<R>(_ text: String, options: Int32, _ body: (OpaquePointer, OpaquePointer) -> R) -> R? {
        _ = extensionsRegistered
        guard let parser = cmark_parser_new(options) else { return nil }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var text = text
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        inlinePass.lock()
        let finished = cmark_parser_finish(parser)
        inlinePass.unlock()
        guard let root = finished else { return nil }
        defer { cmark_node_free(root) }
        return body(parser, root)
    }
}

/// Walks cmark's tree and builds `Block` and `Inline` values. It recurses once per level of the
/// tree, so it stops at `MarkdownDocument.maxDepth` levels: 30,000 nested list markers or 65,000
/// emphasis marks would otherwise overflow the stack, here and in every walk after it.
private struct Converter {
    let lineOffset: Int
    /// Where the tree first went deeper than the limit; what lies below is left out.
    var tooDeep: SourcePosition?

    init(lineOffset: Int) { self.lineOffset = lineOffset }

    /// False, with the place noted, when `depth` is past the limit.
    mutating func within(_ depth: Int, at node: OpaquePointer, or pos: SourcePosition? = nil) -> Bool {
        guard depth > MarkdownDocument.maxDepth else { return true }
        if tooDeep == nil { tooDeep = pos ?? position(of: node) }
        return false
    }

    func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            result.append(c)
            child = cmark_node_next(c)
        }
        return result
    }

    func position(of node: OpaquePointer) -> SourcePosition {
        SourcePosition(line: Int(cmark_node_get_start_line(node)) + lineOffset,
                       column: max(1, Int(cmark_node_get_start_column(node))))
    }

    func literal(of node: OpaquePointer) -> String {
        guard let c = cmark_node_get_literal(node) else { return "" }
        return String(cString: c)
    }

    func typeName(of node: OpaquePointer) -> String {
        guard let c = cmark_node_get_type_string(node) else { return "" }
        return String(cString: c)
    }

    /// Children are read straight from the tree's links, into an array sized once.
    mutating func blocks(of node: OpaquePointer, depth: Int) -> [Block] {
        guard within(depth, at: node) else { return [] }
        var result: [Block] = []
        result.reserveCapacity(childCount(of: node))
        var child = cmark_node_first_child(node)
        while let c = child {
            if let b = block(c, depth: depth + 1) { result.append(b) }
            child = cmark_node_next(c)
        }
        return result
    }

    func childCount(of node: OpaquePointer) -> Int {
        var count = 0
        var child = cmark_node_first_child(node)
        while let c = child {
            count += 1
            child = cmark_node_next(c)
        }
        return count
    }

    mutating func block(_ node: OpaquePointer, depth: Int) -> Block? {
        let pos = position(of: node)
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            return .paragraph(inlines(of: node, at: pos, depth: depth), pos)
        case CMARK_NODE_HEADING:
            return .heading(Heading(level: Int(cmark_node_get_heading_level(node)),
                                    content: inlines(of: node, at: pos, depth: depth), position: pos))
        case CMARK_NODE_BLOCK_QUOTE:
            return .blockQuote(blocks(of: node, depth: depth), pos)
        case CMARK_NODE_LIST:
            var items: [ListItem] = []
            for item in children(of: node) {
                var checked: Bool?
                if typeName(of: item) == "tasklist" {
                    checked = cmark_gfm_extensions_get_tasklist_item_checked(item)
                }
                items.append(ListItem(blocks: blocks(of: item, depth: depth + 1), checked: checked, position: position(of: item),
                                      endLine: Int(cmark_node_get_end_line(item)) + lineOffset))
            }
            return .list(List(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                              start: Int(cmark_node_get_list_start(node)),
                              tight: cmark_node_get_list_tight(node) != 0,
                              items: items, position: pos))
        case CMARK_NODE_CODE_BLOCK:
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            return .codeBlock(info: info, code: literal(of: node), pos)
        case CMARK_NODE_HTML_BLOCK:
            return .html(literal(of: node), pos)
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak(pos)
        default:
            if typeName(of: node) == "table" { return table(node, at: pos, depth: depth) }
            return nil
        }
    }

    mutating func table(_ node: OpaquePointer, at pos: SourcePosition, depth: Int) -> Block {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        var alignments: [Table.Alignment] = []
        if let raw = cmark_gfm_extensions_get_table_alignments(node) {
            for i in 0..<columns {
                switch UInt8(raw[i]) {
                case UInt8(ascii: "l"): alignments.append(.left)
                case UInt8(ascii: "c"): alignments.append(.center)
                case UInt8(ascii: "r"): alignments.append(.right)
                default: alignments.append(.none)
                }
            }
        }
        var header: [[Inline]] = []
        var rows: [[[Inline]]] = []
        for row in children(of: node) {
            var cells: [[Inline]] = []
            for cell in children(of: row) { cells.append(inlines(of: cell, at: position(of: cell), depth: depth)) }
            if cmark_gfm_extensions_get_table_row_is_header(row) != 0 {
                header = cells
            } else {
                rows.append(cells)
            }
        }
        return .table(Table(alignments: alignments, header: header, rows: rows, position: pos))
    }

    /// Inline nodes carry no reliable positions of their own, so each gets its block's.
    mutating func inlines(of node: OpaquePointer, at pos: SourcePosition, depth: Int) -> [Inline] {
        guard within(depth, at: node, or: pos) else { return [] }
        var result: [Inline] = []
        result.reserveCapacity(childCount(of: node))
        // cmark splits text at characters that might start markup; the pieces are joined back
        // into one text, which grows in place until something other than text comes.
        var text: String?
        var child = cmark_node_first_child(node)
        while let c = child {
            child = cmark_node_next(c)
            guard let inline = inline(c, at: pos, depth: depth + 1) else { continue }
            if case .text(let s) = inline {
                if text == nil { text = s } else { text! += s }
                continue
            }
            if let pending = text {
                result.append(.text(pending))
                text = nil
            }
            result.append(inline)
        }
        if let pending = text { result.append(.text(pending)) }
        return result
    }

    mutating func inline(_ node: OpaquePointer, at blockPos: SourcePosition, depth: Int) -> Inline? {
        // cmark-gfm gives links, images and HTML their own positions; text nodes may lack them.
        let own = position(of: node)
        let pos = own.line > lineOffset ? own : blockPos
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT: return .text(literal(of: node))
        case CMARK_NODE_CODE: return .code(literal(of: node))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_EMPH: return .emphasis(inlines(of: node, at: pos, depth: depth))
        case CMARK_NODE_STRONG: return .strong(inlines(of: node, at: pos, depth: depth))
        case CMARK_NODE_HTML_INLINE: return .html(literal(of: node), pos)
        case CMARK_NODE_LINK:
            return .link(Link(destination: cmark_node_get_url(node).map { String(cString: $0) } ?? "",
                              title: cmark_node_get_title(node).map { String(cString: $0) } ?? "",
                              content: inlines(of: node, at: pos, depth: depth), position: pos))
        case CMARK_NODE_IMAGE:
            return .image(Image(source: cmark_node_get_url(node).map { String(cString: $0) } ?? "",
                                title: cmark_node_get_title(node).map { String(cString: $0) } ?? "",
                                alt: inlines(of: node, at: pos, depth: depth), position: pos))
        default:
            if typeName(of: node) == "strikethrough" { return .strikethrough(inlines(of: node, at: pos, depth: depth)) }
            let text = literal(of: node)
            return text.isEmpty ? nil : .text(text)
        }
    }
}

extension MarkdownParser {
    /// libcmark-gfm's own HTML for a text, with the same extensions and nothing of kbgen's:
    /// the floor `make bench` compares kbgen's build with.
    public static func cmarkHTML(_ text: String) -> String {
        let html = parsed(text, options: CMARK_OPT_DEFAULT) { parser, root -> String in
            guard let html = cmark_render_html(root, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser)) else { return "" }
            defer { free(html) }
            return String(cString: html)
        }
        return html ?? ""
    }
}
