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

/// A value as a compiled template reads it. Which case a slot holds follows from its field's
/// type, so the renderer never looks up a name or tries a cast.
public enum TemplateValue: Sendable {
    case text(String)
    case html(String)
    case number(Int)
    case flag(Bool)
    case absent
    case list([TemplateRecord])
    case record(TemplateRecord)
}

/// The values of one object, by the places of its schema's fields.
public struct TemplateRecord: Sendable {
    public let values: [TemplateValue]
}

/// A Swift type that templates can read: its fields say, once, the names a template uses, the
/// type of each and how to read it from a value. Docs, checks and rendering all come from here.
protocol TemplateReadable {
    static var template: TemplateFields<Self> { get }
}

extension TemplateReadable {
    var record: TemplateRecord { Self.template.record(self) }
}

/// The fields of a `TemplateReadable` type, with their readers.
struct TemplateFields<Root>: Sendable {
    struct Field: Sendable {
        let field: TemplateField
        let read: @Sendable (Root) -> TemplateValue
    }

    let schema: TemplateSchema
    let readers: [@Sendable (Root) -> TemplateValue]

    init(_ name: String, _ fields: [Field]) {
        schema = TemplateSchema(name: name, fields: fields.map(\.field))
        readers = fields.map(\.read)
    }

    func record(_ root: Root) -> TemplateRecord {
        TemplateRecord(values: readers.map { $0(root) })
    }
}

extension TemplateFields.Field {
    static func text(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> String) -> Self {
        Self(field: TemplateField(name: name, type: .text, about: about)) { .text(read($0)) }
    }

    static func text(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> String?) -> Self {
        Self(field: TemplateField(name: name, type: .optionalText, about: about)) { read($0).map(TemplateValue.text) ?? .absent }
    }

    static func html(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> HTMLText) -> Self {
        Self(field: TemplateField(name: name, type: .html, about: about)) { .html(read($0).html) }
    }

    static func number(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> Int) -> Self {
        Self(field: TemplateField(name: name, type: .number, about: about)) { .number(read($0)) }
    }

    static func flag(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> Bool) -> Self {
        Self(field: TemplateField(name: name, type: .flag, about: about)) { .flag(read($0)) }
    }

    static func list<Element: TemplateReadable>(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> [Element]) -> Self {
        let fields = Element.template
        return Self(field: TemplateField(name: name, type: .list(fields.schema), about: about)) { .list(read($0).map(fields.record)) }
    }

    static func object<Element: TemplateReadable>(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> Element) -> Self {
        let fields = Element.template
        return Self(field: TemplateField(name: name, type: .object(fields.schema), about: about)) { .record(fields.record(read($0))) }
    }

    static func object<Element: TemplateReadable>(_ name: String, _ about: String, _ read: @escaping @Sendable (Root) -> Element?) -> Self {
        let fields = Element.template
        return Self(field: TemplateField(name: name, type: .optionalObject(fields.schema), about: about)) {
            read($0).map { .record(fields.record($0)) } ?? .absent
        }
    }
}

/// HTML that kbgen built and escaped itself: the only kind of value `{{{ }}}` writes, so that
/// text from an article can never reach a page unescaped.
struct HTMLText: Sendable, Equatable {
    let html: String
}
