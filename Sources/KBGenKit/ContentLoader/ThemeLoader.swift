/// Builds a `Theme` from template texts. A missing template or partial is an error here,
/// never an empty string on a page.
public enum ThemeLoader {
    /// The pages kbgen renders; a theme must provide each.
    public static let requiredTemplates = PageKind.allCases.map(\.template)

    /// - Parameters:
    ///   - templates: name (path under Templates/ without `.mustache`) to text.
    ///   - builtIn: the templates that come from the built-in theme, which messages name as such.
    ///   - folder: Templates/ as diagnostics show it.
    public static func theme(templates: [String: String], builtIn: Set<String> = [], assets: [Asset], folder: String,
                             diagnostics: inout Diagnostics) -> Theme {
        let display = folder.hasSuffix("/") ? folder : folder + "/"
        let file = { (name: String) in (builtIn.contains(name) ? BuiltInTheme.folder + "/" : display) + name + ".mustache" }
        let compiled = compile(templates, file: file, diagnostics: &diagnostics)
        for name in requiredTemplates where templates[name] == nil {
            diagnostics.append(.error(file(name), SourcePosition(line: 1, column: 1),
                                      "the theme has no '\(name)' template; every theme needs \(requiredTemplates.map { $0 + ".mustache" }.joined(separator: ", "))"))
        }
        var f = Fingerprint()
        for name in templates.keys.sorted() {
            f.add(name)
            f.add(templates[name]!)
        }
        return Theme(compiled: compiled, assets: assets, fingerprint: f.hex)
    }

    /// Parses every template, then checks and compiles the template of each page kind with the
    /// partials and layouts it uses. Problems of every template are reported together.
    static func compile(_ texts: [String: String], file: @escaping (String) -> String,
                        diagnostics: inout Diagnostics) -> [String: CompiledTemplate] {
        var parsed: [String: [TemplateNode]] = [:]
        var syntaxProblems = false
        for name in texts.keys.sorted() {
            let (nodes, problems) = TemplateParser.parse(texts[name]!)
            parsed[name] = nodes
            for (position, message) in problems {
                diagnostics.append(.error(file(name), position, message))
                syntaxProblems = true
            }
        }
        var references: [String: [TemplateTag]] = [:]
        for (name, nodes) in parsed { references[name] = partialReferences(in: nodes) }
        for name in parsed.keys.sorted() {
            for reference in references[name]! where parsed[reference.name] == nil {
                diagnostics.append(.error(file(name), reference.position,
                                          "the partial '\(reference.name)' does not exist; add \(file(reference.name))"))
            }
        }
        diagnostics.append(contentsOf: partialCycles(references, file: file))
        // Names are checked on a tree that parsed, where they mean what the author meant.
        guard !syntaxProblems else { return [:] }
        var compiler = TemplateCompiler(templates: parsed, file: file)
        var compiled: [String: CompiledTemplate] = [:]
        for kind in PageKind.allCases where parsed[kind.template] != nil {
            compiled[kind.template] = compiler.compile(kind.template, page: kind.template, common: CommonValues.template.schema, values: kind.schema)
        }
        diagnostics.append(contentsOf: compiler.problems)
        return compiled
    }

    /// `{{> name}}` and `{{< name}}` tags, in the order they are written.
    static func partialReferences(in nodes: [TemplateNode]) -> [TemplateTag] {
        nodes.flatMap { node -> [TemplateTag] in
            switch node {
            case .partial(let tag, _): return [tag]
            case .parent(let tag, let body): return [tag] + partialReferences(in: body)
            case .section(_, _, let body), .block(_, let body): return partialReferences(in: body)
            case .text, .variable: return []
            }
        }
    }

    /// A template that includes itself, directly or through others, would render forever (the
    /// engine recurses until the stack runs out): each cycle is an error at the tag that closes it,
    /// naming every template on the way.
    static func partialCycles(_ all: [String: [TemplateTag]], file: (String) -> String) -> [Diagnostic] {
        let references = all.mapValues { $0.filter { all[$0.name] != nil } }
        var problems: [Diagnostic] = []
        var done = Set<String>()
        var reported = Set<Set<String>>()
        // Depth-first with an explicit path; a reference back into the path is a cycle.
        func visit(_ name: String, path: [String]) {
            guard !done.contains(name) else { return }
            for reference in references[name] ?? [] {
                if let start = path.firstIndex(of: reference.name) ?? (reference.name == name ? path.count : nil) {
                    let cycle = Array((path + [name])[start...]) + [reference.name]
                    if reported.insert(Set(cycle)).inserted {
                        problems.append(.error(file(name), reference.position,
                                               "the partials include each other in a cycle (\(cycle.joined(separator: " → "))), which would never end; remove one of these tags"))
                    }
                } else if reference.name != name {
                    visit(reference.name, path: path + [name])
                }
            }
            done.insert(name)
        }
        for name in references.keys.sorted() { visit(name, path: []) }
        return problems
    }
}
