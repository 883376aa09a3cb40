import Foundation
import Yams

/// Turns fix articles written for other tools into kbgen articles: docfx Markdown, as Microsoft's
/// support articles are written (`ms.date`, `## Resolution`, `### Method 1: ...`, `> [!NOTE]`,
/// `[!INCLUDE[...](...)]`, `:::image ...:::`), and plain Markdown of a Hugo or MkDocs folder
/// ("Resolution", "Workaround", "Solution N", "Fix N"). A function of the files' texts alone: the
/// command reads them and writes what it proposes.
public enum Importer {
    /// One proposed kbgen article.
    public struct Proposal: Sendable {
        /// The article id: the source path without `.md`.
        public var id: String
        /// The article as kbgen reads it.
        public var text: String
        /// Each solution's title and how many steps it has, in order.
        public var solutions: [(title: String, steps: Int)]
        /// Files the article shows or links to (images), by their path under the source folder,
        /// which is also their path under the content folder.
        public var files: [String]
        public var warnings: [Diagnostic]
    }

    /// What an import proposes: an article per Markdown file that is one, and why the others are not.
    public struct Plan: Sendable {
        public var proposals: [Proposal] = []
        public var skipped: [Diagnostic] = []
    }

    /// - Parameters:
    ///   - texts: every Markdown file under the source folder, by its path there.
    ///   - others: every other file there (images), by its path.
    ///   - display: the source folder as messages show it.
    ///   - today: the date the comment in each article names.
    ///   - siteURL: where the source folder was published, if known: a link to a page that was not
    ///     imported then becomes that page's address.
    public static func plan(_ texts: [String: String], others: Set<String>, display: String, today: String, siteURL: String? = nil) -> Plan {
        var plan = Plan()
        let included = includedFiles(texts)
        var drafts: [Draft] = []
        for path in texts.keys.sorted() {
            let shown = display + "/" + path
            if included.contains(path) || path.split(separator: "/").contains("includes") {
                plan.skipped.append(.warning(shown, .whole, "skipped: a file other files include, not an article"))
                continue
            }
            if notArticles.contains(path.split(separator: "/").last.map { $0.lowercased() } ?? "") {
                plan.skipped.append(.warning(shown, .whole, "skipped: the folder's notes, not an article"))
                continue
            }
            let id = String(path.dropLast(3))
            if let problem = Starter.idProblem(id) {
                plan.skipped.append(.error(shown, .whole, "skipped: '\(id)' cannot be an article id: \(problem); rename the file"))
                continue
            }
            drafts.append(Draft(path: path, id: id, shown: shown, text: texts[path]!, texts: texts))
        }
        let anchors = Dictionary(uniqueKeysWithValues: drafts.map { ($0.path, $0.anchors) })
        for var draft in drafts {
            draft.resolveLinks(anchors: anchors, others: others, siteURL: siteURL)
            plan.proposals.append(draft.proposal(source: display, today: today))
        }
        return plan
    }

    /// File names that are a folder's notes, never fix articles.
    static let notArticles: Set<String> = ["readme.md", "license.md", "attribution.md", "contributing.md", "changelog.md",
                                           "toc.md", "index.md", "_index.md", "security.md", "code_of_conduct.md"]

    /// The files some file includes (`[!INCLUDE[...](path)]`), by their path.
    static func includedFiles(_ texts: [String: String]) -> Set<String> {
        var found = Set<String>()
        for (path, text) in texts {
            for target in Docfx.includeTargets(text) {
                if let resolved = ImportPath.resolve(target, from: path) { found.insert(resolved) }
            }
        }
        return found
    }
}
