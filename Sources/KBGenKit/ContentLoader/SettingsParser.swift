import Foundation
import Yams

/// Reads kbgen.yml. Problems here are settings problems: the command exits with status 2.
public enum SettingsParser {
    static let keys = ["title", "base_url", "language", "dedupe", "search", "order", "feedback", "reader_feedback"]

    public static func parse(_ rawText: String, file: String, diagnostics: inout Diagnostics) -> Settings {
        var settings = Settings()
        let text = SourceText.normalize(rawText)
        let split = FrontMatterParser.Split(yaml: text, yamlFirstLine: 1, body: "", bodyFirstLine: 1)
        let pairs: [(key: Located<String>, value: Node)]
        switch FrontMatterParser.mapping(split, file: file, what: "kbgen.yml") {
        case .failure(let d):
            diagnostics.append(d)
            return settings
        case .success(let p): pairs = p
        }
        var reader = NodeReader(file: file, firstLine: 1)
        for (key, value) in pairs {
            switch key.value {
            case "title": settings.title = reader.text(value, key: "title") ?? settings.title
            case "language": settings.language = reader.text(value, key: "language") ?? settings.language
            case "reader_feedback":
                if let on = reader.bool(value, key: "reader_feedback") { settings.readerFeedback = on }
            case "feedback":
                if let path = reader.text(value, key: "feedback") { settings.feedback = Located(path, at: reader.position(of: value)) }
            case "base_url":
                if let url = reader.text(value, key: "base_url") {
                    if let problem = baseURLProblem(url) {
                        reader.diagnostics.append(.error(file, reader.position(of: value), problem))
                    } else {
                        settings.baseURL = url
                    }
                }
            case "order":
                if let text = reader.text(value, key: "order") {
                    if let order = Settings.Order(rawValue: text) {
                        settings.order = order
                    } else {
                        reader.diagnostics.append(.error(file, reader.position(of: value),
                                                         "order must be likelihood or expected-cost, not '\(text)'"))
                    }
                }
            case "dedupe":
                guard case .mapping(let map) = value else {
                    reader.diagnostics.append(.error(file, reader.position(of: value),
                                                     "dedupe must be a mapping of threshold, words, same and never_same"))
                    continue
                }
                for (k, v) in map {
                    let name = k.scalar?.string ?? ""
                    switch name {
                    case "threshold":
                        if let t = reader.number(v, key: "dedupe.threshold") {
                            if t > 0 && t <= 1 {
                                settings.dedupeThreshold = t
                            } else {
                                reader.diagnostics.append(.error(file, reader.position(of: v), "dedupe.threshold must be above 0 and at most 1"))
                            }
                        }
                    case "words":
                        for entry in lists(v, key: "dedupe.words", least: 2, reader: &reader) {
                            settings.stepVocabulary.add(entry.map(\.value))
                        }
                    case "same":
                        settings.sameSteps = lists(v, key: "dedupe.same", least: 2, reader: &reader)
                    case "never_same":
                        settings.neverSameSteps = lists(v, key: "dedupe.never_same", least: 2, reader: &reader)
                    default:
                        reader.diagnostics.append(FrontMatterParser.unknownKey(Located(name, at: reader.position(of: k)),
                                                                               known: ["threshold", "words", "same", "never_same"],
                                                                               file: file, what: "setting"))
                    }
                }
            case "search":
                guard case .mapping(let map) = value else {
                    reader.diagnostics.append(.error(file, reader.position(of: value), "search must be a mapping with synonyms"))
                    continue
                }
                for (k, v) in map {
                    let name = k.scalar?.string ?? ""
                    if name == "synonyms" {
                        settings.searchSynonyms = lists(v, key: "search.synonyms", least: 2, reader: &reader).map { $0.map(\.value) }
                    } else {
                        reader.diagnostics.append(FrontMatterParser.unknownKey(Located(name, at: reader.position(of: k)), known: ["synonyms"],
                                                                               file: file, what: "setting"))
                    }
                }
            default:
                reader.diagnostics.append(FrontMatterParser.unknownKey(key, known: keys, file: file, what: "setting"))
            }
        }
        diagnostics.append(contentsOf: reader.diagnostics)
        settings.stepVocabulary.keepApart(settings.neverSameSteps.map { $0.map(\.value) })
        return settings
    }

    /// A list of lists of texts (`- [computer, device, PC]`), each with at least `least` texts.
    static func lists(_ node: Node, key: String, least: Int, reader: inout NodeReader) -> [[Located<String>]] {
        guard case .sequence(let seq) = node else {
            reader.diagnostics.append(.error(reader.file, reader.position(of: node), "\(key) must be a list of lists, each written like `- [computer, device, PC]`"))
            return []
        }
        var out: [[Located<String>]] = []
        for item in seq {
            guard case .sequence = item else {
                reader.diagnostics.append(.error(reader.file, reader.position(of: item), "each item of \(key) must be a list, such as [computer, device, PC]"))
                continue
            }
            let entry = reader.list(item, key: key)
            if entry.count < least {
                reader.diagnostics.append(.error(reader.file, reader.position(of: item), "each item of \(key) must list at least \(least) texts"))
                continue
            }
            out.append(entry)
        }
        return out
    }

    /// nil when the URL is a usable absolute http(s) address.
    public static func baseURLProblem(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"),
              url.dropFirst(lower.hasPrefix("https://") ? 8 : 7).first.map({ $0 != "/" }) == true,
              !url.contains(" ") else {
            return "base_url must be an absolute http:// or https:// address, such as https://kb.example.com/, not '\(url)'"
        }
        return nil
    }
}
