/// A template compiled for one kind of page: closures that read values by their places and write
/// the page, with no name looked up and no cast at render time.
public struct CompiledTemplate: Sendable {
    let emit: Emit
    /// The template's own texts, side by side; the closures write them by their places.
    let literals: [UInt8]

    /// The page for a page's values, as UTF-8.
    func render(_ values: TemplateValues) -> [UInt8] {
        values.bytes.withUnsafeBufferPointer { bytes in
            values.slots.withUnsafeBufferPointer { slots in
                literals.withUnsafeBufferPointer { literals in
                    var run = TemplateRun(bytes: bytes, slots: slots, literals: literals, stack: [values.common, values.page])
                    // Most values are written once, beside most of the template's texts.
                    run.out.reserveCapacity(bytes.count + literals.count + 4096)
                    emit(&run)
                    return run.out
                }
            }
        }
    }
}

/// What a template writes into while it renders: the page's values, the objects open at this
/// point (the page's, then each section's), innermost last, by where their values start; the
/// texts that sections on optional texts opened, for `{{.}}`; and the page so far. Buffers are
/// read through pointers, so that reading a value counts no references.
struct TemplateRun {
    let bytes: UnsafeBufferPointer<UInt8>
    let slots: UnsafeBufferPointer<TemplateSlot>
    let literals: UnsafeBufferPointer<UInt8>
    var stack: [Int32]
    var texts: [(start: Int32, count: Int32)] = []
    var out: [UInt8] = []

    /// A text of the page's values, escaped as every text kbgen writes is.
    mutating func write(escaping start: Int32, _ count: Int32) {
        HTML.escape(Self.part(of: bytes, Int(start), Int(count)), into: &out)
    }

    /// HTML of the page's values, as it is.
    mutating func write(html start: Int32, _ count: Int32) {
        out.append(contentsOf: Self.part(of: bytes, Int(start), Int(count)))
    }

    /// One of the template's own texts.
    mutating func write(literal start: Int, _ count: Int) {
        out.append(contentsOf: Self.part(of: literals, start, count))
    }

    private static func part(of buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: buffer[start..<(start + count)])
    }

    /// The value at a place.
    @inline(__always)
    func value(_ place: ValuePlace) -> TemplateSlot {
        let value = slots[Int(stack[stack.count - 1 - place.depth]) + place.slot]
        return place.further.isEmpty ? value : further(value, place.further)
    }

    private func further(_ start: TemplateSlot, _ places: [Int]) -> TemplateSlot {
        var value = start
        for slot in places {
            guard case .record(let first) = value else { return .absent }
            value = slots[Int(first) + slot]
        }
        return value
    }
}

/// Where a name's value is: in the object `depth` objects out from the innermost, at `slot`,
/// then through the slots of a dotted name's further parts.
struct ValuePlace: Sendable {
    let depth: Int
    let slot: Int
    let further: [Int]
}

typealias Emit = @Sendable (inout TemplateRun) -> Void

/// Checks templates against the values of the page kind they render and compiles them. Problems
/// are collected, never thrown: a theme author sees every one at once.
struct TemplateCompiler {
    /// Parsed templates by name (the path under Templates/ without `.mustache`).
    let templates: [String: [TemplateNode]]
    /// How files are named in messages (`Templates/article.mustache`).
    let file: (String) -> String
    private(set) var problems: [Diagnostic] = []
    private var reported = Set<String>()
    /// The texts of the template being compiled.
    private var literals: [UInt8] = []

    init(templates: [String: [TemplateNode]], file: @escaping (String) -> String) {
        self.templates = templates
        self.file = file
    }

    /// What is open at a point of a template: the schemas of the values open, innermost last, or
    /// a text (inside a section on an optional text, where `{{.}}` is that text).
    enum Scope {
        case record(TemplateSchema)
        case text
    }

    /// Where a template is being compiled: for which page, in which file, with which blocks
    /// given by the templates that extend it, and through which partials.
    struct Place {
        var page: String
        var file: String
        var scopes: [Scope]
        var blocks: [String: (file: String, nodes: [TemplateNode])] = [:]
        var partials: [String] = []

        /// The same place inside the partial or layout `name`.
        func entering(_ name: String) -> Place {
            var inner = self
            inner.file = name
            inner.partials.append(name)
            return inner
        }
    }

    /// Compiles a page kind's template with the common values and the page kind's.
    mutating func compile(_ name: String, page: String, common: TemplateSchema, values: TemplateSchema) -> CompiledTemplate {
        let place = Place(page: page, file: name, scopes: [.record(common), .record(values)])
        literals = []
        let emit = compile(templates[name] ?? [], place)
        return CompiledTemplate(emit: emit, literals: literals)
    }

    /// Nodes in order, texts next to each other merged into one, each closure captured by the
    /// one that runs it after the closures before it.
    private mutating func compile(_ nodes: [TemplateNode], _ place: Place) -> Emit {
        var result: Emit = Self.nothing
        var empty = true
        var text = ""
        func add(_ emit: @escaping Emit) {
            if empty {
                result = emit
                empty = false
            } else {
                let before = result
                result = { run in
                    before(&run)
                    emit(&run)
                }
            }
        }
        func flushText() {
            guard !text.isEmpty else { return }
            add(literal(text))
            text = ""
        }
        for node in nodes {
            if case .text(let t) = node {
                text += t
                continue
            }
            flushText()
            add(compile(node, place))
        }
        flushText()
        return result
    }

    static let nothing: Emit = { _ in }

    /// Writes a text of the template, kept with its others.
    private mutating func literal(_ text: String) -> Emit {
        let start = literals.count
        literals.append(contentsOf: text.utf8)
        let count = literals.count - start
        return { $0.write(literal: start, count) }
    }

    /// A node's closure; a tag with a problem writes nothing (and the build stops before writing).
    private mutating func compile(_ node: TemplateNode, _ place: Place) -> Emit {
        switch node {
        case .text(let t):
            return literal(t)
        case .variable(let tag, let raw):
            return variable(tag, raw: raw, place)
        case .section(let tag, let inverted, let body):
            return section(tag, inverted: inverted, body, place)
        case .partial(let tag, let indent):
            guard let nodes = templates[tag.name], !place.partials.contains(tag.name) else { return Self.nothing }
            return compile(indent.isEmpty ? nodes : Self.indented(nodes, by: indent), place.entering(tag.name))
        case .parent(let tag, let body):
            guard let nodes = templates[tag.name], !place.partials.contains(tag.name) else { return Self.nothing }
            var inner = place.entering(tag.name)
            // The blocks of the template that extends win over those it passes on.
            for case .block(let block, let content) in body where place.blocks[block.name] == nil {
                inner.blocks[block.name] = (place.file, content)
            }
            return compile(nodes, inner)
        case .block(let tag, let defaults):
            if let given = place.blocks[tag.name] {
                var inner = place
                inner.file = given.file
                return compile(given.nodes, inner)
            }
            return compile(defaults, place)
        }
    }

    private mutating func variable(_ tag: TemplateTag, raw: Bool, _ place: Place) -> Emit {
        if tag.name == "." {
            guard dotIsOpen(tag, place) else { return Self.nothing }
            guard raw else {
                return { run in
                    let text = run.texts[run.texts.count - 1]
                    run.write(escaping: text.start, text.count)
                }
            }
            textWrittenRaw(tag, place)
            return Self.nothing
        }
        guard let (at, type) = resolve(tag, place) else { return Self.nothing }
        switch (type, raw) {
        case (.text, false), (.optionalText, false):
            return { run in if case .text(let start, let count) = run.value(at) { run.write(escaping: start, count) } }
        case (.html, true):
            return { run in if case .html(let start, let count) = run.value(at) { run.write(html: start, count) } }
        case (.number, _):
            return { run in if case .number(let n) = run.value(at) { run.out.append(contentsOf: String(n).utf8) } }
        case (.text, true), (.optionalText, true):
            textWrittenRaw(tag, place)
        case (.html, false):
            problem(tag, place, "'\(tag.name)' is HTML that kbgen built: write {{{\(tag.name)}}} to insert it as it is")
        default:
            problem(tag, place, "'\(tag.name)' is a \(type.description), not a value to write: open it as a section, {{#\(tag.name)}}…{{/\(tag.name)}}")
        }
        return Self.nothing
    }

    private mutating func section(_ tag: TemplateTag, inverted: Bool, _ body: [TemplateNode], _ place: Place) -> Emit {
        if tag.name == "." {
            if dotIsOpen(tag, place) { notASection(tag, .text, place) }
            return Self.nothing
        }
        guard let (at, type) = resolve(tag, place) else { return Self.nothing }
        var inner = place
        switch type {
        case .flag:
            let emit = compile(body, place)
            return { run in
                if case .flag(let on) = run.value(at), on != inverted { emit(&run) }
            }
        case .optionalText:
            inner.scopes.append(.text)
            let emit = compile(body, inverted ? place : inner)
            return { run in
                if case .text(let start, let count) = run.value(at) {
                    guard !inverted else { return }
                    run.texts.append((start, count))
                    emit(&run)
                    run.texts.removeLast()
                } else if inverted {
                    emit(&run)
                }
            }
        case .list(let schema), .object(let schema), .optionalObject(let schema):
            inner.scopes.append(.record(schema))
            let emit = compile(body, inverted ? place : inner)
            let width = Int32(schema.fields.count)
            return { run in
                switch run.value(at) {
                case .list(let first, let count):
                    if inverted {
                        if count == 0 { emit(&run) }
                        return
                    }
                    for k in 0..<count {
                        run.stack.append(first + k * width)
                        emit(&run)
                        run.stack.removeLast()
                    }
                case .record(let first):
                    guard !inverted else { return }
                    run.stack.append(first)
                    emit(&run)
                    run.stack.removeLast()
                default:
                    if inverted { emit(&run) }
                }
            }
        case .text, .html, .number:
            notASection(tag, type, place)
            return Self.nothing
        }
    }

    private mutating func notASection(_ tag: TemplateTag, _ type: TemplateType, _ place: Place) {
        let hint = type == .number ? "; to tell one from many, use the flag or the counted text kbgen gives beside it" : ""
        problem(tag, place, "'\(tag.name)' is \(type == .html ? "HTML" : "a " + type.description), and a section needs a list, a flag, an optional value or an object\(hint)")
    }

    private mutating func textWrittenRaw(_ tag: TemplateTag, _ place: Place) {
        problem(tag, place, "'\(tag.name)' is text, which kbgen escapes: write {{\(tag.name)}}; {{{ }}} and {{& }} are for HTML values only")
    }

    /// Whether `{{.}}` stands inside a section on an optional text, the only value it can be.
    private mutating func dotIsOpen(_ tag: TemplateTag, _ place: Place) -> Bool {
        guard case .text = place.scopes.last else {
            problem(tag, place, "'.' is the text a section opened, and this section opened none; name the value instead")
            return false
        }
        return true
    }

    /// How to read a name where it stands, and its type: the first open value that has the
    /// name's first part, then each further part inside it (`site.title`).
    private mutating func resolve(_ tag: TemplateTag, _ place: Place) -> (ValuePlace, TemplateType)? {
        let parts = tag.name.split(separator: ".").map(String.init)
        var found: (depth: Int, slot: Int, type: TemplateType)?
        // Depth counts objects only: the texts sections open are kept apart.
        var depth = 0
        for scope in place.scopes.reversed() {
            guard case .record(let schema) = scope else { continue }
            if let slot = schema.slot(parts[0]) {
                found = (depth, slot, schema.fields[slot].type)
                break
            }
            depth += 1
        }
        guard let (depth, first, firstType) = found else {
            let names = place.scopes.flatMap { scope -> [String] in
                if case .record(let s) = scope { return s.fields.map(\.name) }
                return []
            }
            unknown(tag, parts[0], among: names, place)
            return nil
        }
        var slots = [first]
        var type = firstType
        for part in parts.dropFirst() {
            guard let schema = type.schema, type != .list(schema) else {
                problem(tag, place, "'\(tag.name)': '\(parts[..<slots.count].joined(separator: "."))' is a \(type.description) and has no names of its own")
                return nil
            }
            guard let slot = schema.slot(part) else {
                unknown(tag, part, among: schema.fields.map(\.name), place, inside: schema.name)
                return nil
            }
            slots.append(slot)
            type = schema.fields[slot].type
        }
        return (ValuePlace(depth: depth, slot: slots[0], further: Array(slots.dropFirst())), type)
    }

    private mutating func unknown(_ tag: TemplateTag, _ name: String, among names: [String], _ place: Place, inside: String? = nil) {
        let close = FrontMatterParser.nearest(name, in: Array(Set(names)).sorted()).map { "; did you mean '\($0)'?" } ?? ""
        let owner = inside.map { " \($0) has no '\(name)'" } ?? " the \(place.page) page has no value named '\(name)'"
        problem(tag, place, "unknown name '\(tag.name)':\(owner)\(close) (kbgen theme names \(place.page) lists them)")
    }

    /// One problem per tag: a partial that every page includes is reported once, for the
    /// first page kind that has the problem.
    private mutating func problem(_ tag: TemplateTag, _ place: Place, _ message: String) {
        let diagnostic = Diagnostic.error(file(place.file), tag.position, message)
        if reported.insert("\(diagnostic.file):\(diagnostic.line):\(diagnostic.column)").inserted { problems.append(diagnostic) }
    }

    /// A standalone partial's lines each start with the indentation of its tag (the spec's rule).
    static func indented(_ nodes: [TemplateNode], by indent: String) -> [TemplateNode] {
        var atLineStart = true
        func walk(_ nodes: [TemplateNode]) -> [TemplateNode] {
            nodes.flatMap { node -> [TemplateNode] in
                switch node {
                case .text(let t):
                    var out = ""
                    for c in t {
                        if atLineStart { out += indent; atLineStart = false }
                        out.append(c)
                        if c == "\n" { atLineStart = true }
                    }
                    return [.text(out)]
                case .section(let tag, let inverted, let body):
                    return [.section(tag, inverted: inverted, walk(body))]
                case .block(let tag, let body):
                    return [.block(tag, walk(body))]
                default:
                    guard atLineStart else { return [node] }
                    atLineStart = false
                    return [.text(indent), node]
                }
            }
        }
        return walk(nodes)
    }
}
