/// Bytes for the model kept beside the output: numbers as variable-length integers, texts as their
/// length and UTF-8 bytes. Written and read by hand because a rebuild reads the whole knowledge
/// base's model before anything else, and a general-purpose coder took longer than parsing.
struct ModelWriter: ModelSink {
    static var keepsPositions: Bool { true }

    var bytes: [UInt8] = []
    /// When set, takes the bytes whenever a megabyte has gathered: the header of a large model
    /// (every code's, product's and tag's articles, every article's related articles) is written
    /// as it is encoded rather than held whole.
    var sink: (([UInt8]) -> Void)?
    var spillAt = 1 << 20

    mutating func spill() {
        guard let sink, bytes.count >= spillAt else { return }
        sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func add(_ value: Int) {
        // Zigzag, so that small negative numbers stay short.
        var v = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func add(_ flag: Bool) { bytes.append(flag ? 1 : 0) }

    mutating func add(_ value: Double) { word(value.bitPattern) }

    mutating func word(_ value: UInt64) {
        var v = value
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            add(utf8.count)
            bytes.append(contentsOf: utf8)
        }
        if sink != nil { spill() }
    }
}

/// Reads what `ModelWriter` wrote. Bad bytes never trap: the reader stops, `failed` is set and the
/// build falls back to reading every article.
struct ModelReader {
    let bytes: UnsafeRawBufferPointer
    var at: Int
    private(set) var failed = false

    init(_ bytes: UnsafeRawBufferPointer, at: Int = 0) {
        self.bytes = bytes
        self.at = at
    }

    mutating func fail() {
        failed = true
        at = bytes.count
    }

    mutating func byte() -> UInt8 {
        guard at < bytes.count else { fail(); return 0 }
        defer { at += 1 }
        return bytes[at]
    }

    mutating func int() -> Int {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = byte()
            if failed { return 0 }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { break }
            shift += 7
            if shift > 63 { fail(); return 0 }
        }
        let value = Int64(bitPattern: v)
        return Int((value >> 1) ^ -(value & 1))
    }

    /// A count of things still to read: never more than the bytes left, so bad bytes cannot
    /// make the reader reserve memory for billions of items.
    mutating func count() -> Int {
        let n = int()
        guard n >= 0, n <= bytes.count - at else { fail(); return 0 }
        return n
    }

    mutating func bool() -> Bool {
        let b = byte()
        guard b <= 1 else { fail(); return false }
        return b == 1
    }

    mutating func double() -> Double { Double(bitPattern: word()) }

    mutating func word() -> UInt64 {
        guard at + 8 <= bytes.count else { fail(); return 0 }
        defer { at += 8 }
        return bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian
    }

    mutating func string() -> String {
        let n = count()
        defer { at += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + n)]), as: UTF8.self)
    }

    mutating func optional() -> String? { bool() ? string() : nil }

    mutating func strings() -> [String] {
        let n = count()
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n where !failed { out.append(string()) }
        return out
    }

    mutating func position() -> SourcePosition {
        let line = int()
        return SourcePosition(line: line, column: int())
    }

    /// `n` items read by `item`, stopping at the first failure.
    mutating func list<T>(_ item: (inout ModelReader) -> T) -> [T] {
        let n = count()
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n {
            let value = item(&self)
            if failed { break }
            out.append(value)
        }
        return out
    }
}

// MARK: The Markdown tree, as `ModelSink` writes it

extension ModelReader {
    mutating func blocks() -> [Block] { list { $0.block() } }

    mutating func block() -> Block {
        switch int() {
        case 0:
            let inlines = inlines()
            return .paragraph(inlines, position())
        case 1:
            let level = int(), content = inlines(), anchor = string()
            return .heading(Heading(level: level, content: content, anchor: anchor, position: position()))
        case 2:
            let blocks = blocks()
            return .blockQuote(blocks, position())
        case 3:
            let ordered = bool(), start = int(), tight = bool(), position = position()
            let items = list { r -> ListItem in
                let blocks = r.blocks()
                let checked: Bool? = switch r.int() { case 0: nil; case 1: false; default: true }
                let at = r.position()
                return ListItem(blocks: blocks, checked: checked, position: at, endLine: r.int())
            }
            return .list(List(ordered: ordered, start: start, tight: tight, items: items, position: position))
        case 4:
            let info = string(), code = string()
            return .codeBlock(info: info, code: code, position())
        case 5:
            let text = string()
            return .html(text, position())
        case 6:
            return .thematicBreak(position())
        case 7:
            let position = position()
            let alignments = list { r -> Table.Alignment in
                switch r.int() {
                case 1: return .left
                case 2: return .center
                case 3: return .right
                default: return .none
                }
            }
            let header = list { $0.inlines() }
            let rows = list { r in r.list { $0.inlines() } }
            return .table(Table(alignments: alignments, header: header, rows: rows, position: position))
        default:
            fail()
            return .thematicBreak(SourcePosition(line: 0, column: 0))
        }
    }

    mutating func inlines() -> [Inline] { list { $0.inline() } }

    mutating func inline() -> Inline {
        switch int() {
        case 0: return .text(string())
        case 1: return .code(string())
        case 2: return .emphasis(inlines())
        case 3: return .strong(inlines())
        case 4: return .strikethrough(inlines())
        case 5:
            let destination = string(), title = string(), content = inlines(), position = position()
            return .link(Link(destination: destination, title: title, content: content, position: position, resolved: target()))
        case 6:
            let source = string(), title = string(), alt = inlines(), position = position()
            return .image(Image(source: source, title: title, alt: alt, position: position, resolved: target()))
        case 7:
            let text = string()
            return .html(text, position())
        case 8: return .softBreak
        case 9: return .lineBreak
        default:
            fail()
            return .softBreak
        }
    }

    mutating func target() -> ResolvedTarget? {
        switch int() {
        case 0: return nil
        case 1: return .site(string())
        case 2: return .external(string())
        case 3: return .removed
        default:
            fail()
            return nil
        }
    }
}
