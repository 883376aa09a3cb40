import Mustache

/// The names and values a template sees at one level: a page, an article, one entry of a list.
/// A short list rather than a dictionary: a site is made of hundreds of thousands of these, each
/// built once and read a few times, and swift-mustache reaches into a plain type with less work
/// than into a generic dictionary, at every tag of every page (a fifth of the templates' time).
struct TemplateValues: MustacheParent, ExpressibleByDictionaryLiteral {
    private(set) var entries: [(name: String, value: Any)]

    init(dictionaryLiteral elements: (String, Any)...) {
        entries = elements
    }

    var count: Int { entries.count }

    subscript(name: String) -> Any? {
        get { entries.first { $0.name == name }?.value }
        set {
            let i = entries.firstIndex { $0.name == name }
            switch (i, newValue) {
            case let (i?, value?): entries[i].value = value
            case let (i?, nil): entries.remove(at: i)
            case let (nil, value?): entries.append((name, value))
            case (nil, nil): break
            }
        }
    }

    func child(named name: String) -> Any? { self[name] }

    /// Names and values by name, the order fingerprints take them in.
    var sorted: [(name: String, value: Any)] { entries.sorted { $0.name < $1.name } }
}
