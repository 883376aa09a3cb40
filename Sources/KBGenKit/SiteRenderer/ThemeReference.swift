/// The names templates can use, told from the page value types themselves: `kbgen theme names`
/// prints it, and `docs/themes.md` holds the Markdown form, which a test keeps equal to it.
public enum ThemeReference {
    /// The page kinds, by template name (`article`, `404`, ...).
    public static var pageKinds: [String] { PageKind.allCases.map(\.template) }

    /// A page kind's names as an indented list: each name, its type and its meaning, with the
    /// names inside objects and list entries below them. Nil for a kind that does not exist.
    public static func text(kind: String) -> String? {
        guard let page = PageKind(rawValue: kind) else { return nil }
        var lines = ["\(page.template) page (Templates/\(page.template).mustache)", "", "Names of every page:"]
        list(CommonValues.template.schema, depth: 1, into: &lines)
        lines += ["", page.schema.fields.isEmpty ? "No names of its own." : "Names of the \(page.template) page:"]
        list(page.schema, depth: 1, into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func list(_ schema: TemplateSchema, depth: Int, into lines: inout [String]) {
        let indent = String(repeating: "  ", count: depth)
        for field in schema.fields {
            let head = indent + field.name
            let type = field.type.description
            lines.append(head.padding(toLength: max(head.count + 1, 28), withPad: " ", startingAt: 0)
                         + type.padding(toLength: max(type.count + 1, 26), withPad: " ", startingAt: 0) + plain(field.about))
            if let inner = field.type.schema { list(inner, depth: depth + 1, into: &lines) }
        }
    }

    /// The Markdown reference: one table per page kind, then one per type of object or entry.
    public static var markdown: String {
        var out = "### Every page\n\n" + table(CommonValues.template.schema)
        var types: [TemplateSchema] = []
        func collect(_ schema: TemplateSchema) {
            for field in schema.fields {
                guard let inner = field.type.schema, !types.contains(inner) else { continue }
                types.append(inner)
                collect(inner)
            }
        }
        collect(CommonValues.template.schema)
        for kind in PageKind.allCases {
            out += "\n### The \(kind.template) page (`\(kind.template).mustache`)\n\n"
            out += kind.schema.fields.isEmpty ? "Only the names of every page.\n" : table(kind.schema)
            collect(kind.schema)
        }
        for type in types {
            out += "\n### \(type.name)\n\n" + table(type)
        }
        return out
    }

    private static func table(_ schema: TemplateSchema) -> String {
        var out = "| name | type | meaning |\n|---|---|---|\n"
        for field in schema.fields {
            out += "| `\(field.name)` | \(typeLink(field.type)) | \(field.about.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        return out
    }

    private static func typeLink(_ type: TemplateType) -> String {
        guard let schema = type.schema else { return type.description }
        let anchor = schema.name.lowercased()
        return type.description.replacingOccurrences(of: schema.name, with: "[\(schema.name)](#\(anchor))")
    }

    /// Meanings are written for Markdown; the terminal gets them without backticks.
    private static func plain(_ text: String) -> String { text.replacingOccurrences(of: "`", with: "") }
}
