/// What a name in a template stands for. Templates are checked against these before anything is
/// rendered, so a typo or a section on a number is an error at its line, not an empty heading.
public indirect enum TemplateType: Equatable, Sendable {
    /// Text kbgen escapes where it is written (`{{name}}`).
    case text
    /// HTML kbgen built and escaped itself, written as it is (`{{{name}}}`).
    case html
    /// A whole number, written in digits.
    case number
    /// A condition for a section (`{{#name}}` … `{{/name}}`, `{{^name}}` … `{{/name}}`).
    case flag
    /// Text that a page may not have: a section shows only when it is there.
    case optionalText
    /// An object that a page may not have.
    case optionalObject(TemplateSchema)
    /// A section repeats for each entry, with the entry's names.
    case list(TemplateSchema)
    /// A section opens the object's names.
    case object(TemplateSchema)

    /// How docs and messages name the type.
    var description: String {
        switch self {
        case .text: return "text"
        case .html: return "HTML"
        case .number: return "number"
        case .flag: return "flag"
        case .optionalText: return "optional text"
        case .optionalObject(let s): return "optional \(s.name)"
        case .list(let s): return "list of \(s.name)"
        case .object(let s): return s.name
        }
    }

    /// The names a section on a value of this type opens.
    var schema: TemplateSchema? {
        switch self {
        case .list(let s), .object(let s), .optionalObject(let s): return s
        default: return nil
        }
    }
}

/// One name a template can use, with its type and what it means to a theme author.
public struct TemplateField: Equatable, Sendable {
    public let name: String
    public let type: TemplateType
    public let about: String
}

/// The names of one kind of value (a page, an article, a solution, an entry of a list), in the
/// order its values are stored: a compiled template reads a value by its place, never by name.
public struct TemplateSchema: Equatable, Sendable {
    /// The type's name in docs and messages ("Solution").
    public let name: String
    public let fields: [TemplateField]

    /// The place of a name in a record of this schema.
    func slot(_ name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }

    /// Schemas are compared by name: two types of one name are one type (and a recursive
    /// comparison of deep schemas would cost more than it tells).
    public static func == (a: TemplateSchema, b: TemplateSchema) -> Bool { a.name == b.name }
}

/// One value of a page as a compiled template reads it: plain numbers that place it in its page's
/// `TemplateValues`, so that reading a value counts no references. Which case a slot holds follows
/// from its field's type, so the renderer never looks up a name or tries a cast.
enum TemplateSlot: Sendable {
    /// Bytes of the page's texts, unescaped.
    case text(start: Int32, count: Int32)
    case html(start: Int32, count: Int32)
    case number(Int)
    case flag(Bool)
    case absent
    /// `count` objects of the list's schema, one after another from slot `first`.
    case list(first: Int32, count: Int32)
    /// An object whose values start at slot `first`.
    case record(first: Int32)
}

/// The values of one page laid out flat: the bytes of every text in one buffer, and every
/// object's values in one array, an object's in the order of its schema's fields. A page is
/// made of the values every page has (`common`) and the page kind's own (`page`).
public struct TemplateValues: Sendable {
    var bytes: [UInt8] = []
    var slots: [TemplateSlot] = []
    var common: Int32 = 0
    var page: Int32 = 0

    init<Common: TemplateReadable, Page: TemplateReadable>(common: Common, page: Page) {
        self.common = Common.template.write(common, into: &self)
        self.page = Page.template.write(page, into: &self)
    }

    /// A text's bytes added to the buffer, as the slot that reads them.
    mutating func text(_ text: String) -> TemplateSlot {
        let (start, count) = append(text)
        return .text(start: start, count: count)
    }

    /// The same for HTML.
    mutating func html(_ html: HTMLText) -> TemplateSlot {
        let (start, count) = append(html.html)
        return .html(start: start, count: count)
    }

    private mutating func append(_ text: String) -> (start: Int32, count: Int32) {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        return (Int32(start), Int32(bytes.count - start))
    }

    /// `count` slots reserved for objects that are written into them next; the first one's place.
    mutating func reserve(_ count: Int) -> Int {
        let first = slots.count
        slots.append(contentsOf: repeatElement(.absent, count: count))
        return first
    }
}

/// A Swift type that templates can read: its fields say, once, the names a template uses, the
/// type of each and how to read it from a value. Docs, checks and rendering all come from here.
protocol TemplateReadable {
    static var template: TemplateFields<Self> { get }
}

/// The fields of a `TemplateReadable` type, with their readers.
struct TemplateFields<Root>: Sendable {
    /// Reads a field of a value into `values` at slot `at`.
    typealias Reader = @Sendable (Root, inout TemplateValues, Int) -> Void

    struct Field: Sendable {
        let field: TemplateField
        let read: Reader
    }

    let schema: TemplateSchema
    let readers: [Reader]

    init(_ name: String, _ fields: [Field]) {
        schema = TemplateSchema(name: name, fields: fields.map(\.field))
        readers = fields.map(\.read)
    }

    /// Writes a value's fields into slots already reserved from `first` on.
    func fill(_ root: Root, into values: inout TemplateValues, at first: Int) {
        for (i, read) in readers.enumerated() { read(root, &values, first + i) }
    }

    /// Writes a value as a new object; where its values start.
    func write(_ root: Root, into values: inout TemplateValues) -> Int32 {
        let first = values.reserve(readers.count)
        fill(root, into: &values, at: first)
        return Int32(first)
    }
}

extension TemplateFields.Field {
    static func text(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> String) -> Self {
        Self(field: TemplateField(name: name, type: .text, about: about)) { root, values, at in values.slots[at] = values.text(read(root)) }
    }

    static func text(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> String?) -> Self {
        Self(field: TemplateField(name: name, type: .optionalText, about: about)) { root, values, at in
            guard let text = read(root) else { return }
            values.slots[at] = values.text(text)
        }
    }

    static func html(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> HTMLText) -> Self {
        Self(field: TemplateField(name: name, type: .html, about: about)) { root, values, at in values.slots[at] = values.html(read(root)) }
    }

    static func number(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> Int) -> Self {
        Self(field: TemplateField(name: name, type: .number, about: about)) { root, values, at in values.slots[at] = .number(read(root)) }
    }

    static func flag(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> Bool) -> Self {
        Self(field: TemplateField(name: name, type: .flag, about: about)) { root, values, at in values.slots[at] = .flag(read(root)) }
    }

    static func list<Element: TemplateReadable>(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> [Element]) -> Self {
        let fields = Element.template
        let width = fields.readers.count
        return Self(field: TemplateField(name: name, type: .list(fields.schema), about: about)) { root, values, at in
            let elements = read(root)
            // The entries side by side, each written after all are reserved: an entry's own lists go after them.
            let first = values.reserve(elements.count * width)
            for (k, element) in elements.enumerated() { fields.fill(element, into: &values, at: first + k * width) }
            values.slots[at] = .list(first: Int32(first), count: Int32(elements.count))
        }
    }

    static func object<Element: TemplateReadable>(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> Element) -> Self {
        let fields = Element.template
        return Self(field: TemplateField(name: name, type: .object(fields.schema), about: about)) { root, values, at in
            values.slots[at] = .record(first: fields.write(read(root), into: &values))
        }
    }

    static func object<Element: TemplateReadable>(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> Element?) -> Self {
        let fields = Element.template
        return Self(field: TemplateField(name: name, type: .optionalObject(fields.schema), about: about)) { root, values, at in
            guard let element = read(root) else { return }
            values.slots[at] = .record(first: fields.write(element, into: &values))
        }
    }
}

/// HTML that kbgen built and escaped itself: the only kind of value `{{{ }}}` writes, so that
/// text from an article can never reach a page unescaped.
struct HTMLText: Sendable, Equatable {
    let html: String
}
