import Foundation
import Testing
@testable import KBGenKit

/// The compiled templates against swift-mustache: every page of every valid fixture and of the
/// default knowledge base, with the default theme, byte for byte. `KBGEN_COMPARE_CORPUS` adds a
/// knowledge base (the benchmark's generated corpus). The only differences allowed are the
/// intended ones listed here.
@Suite struct TemplateEquivalenceTests {
    static let knowledgeBases: [String] = {
        let valid = Fixture.folder("valid")
        var list = ((try? FileManager.default.contentsOfDirectory(atPath: valid.path)) ?? []).sorted().map { valid.appendingPathComponent($0).path }
        list.append(Fixture.repository.path)
        if let extra = ProcessInfo.processInfo.environment["KBGEN_COMPARE_CORPUS"] { list.append(extra) }
        return list
    }()

    /// Plurals swift-mustache's values could not say: the old text and the new.
    static let intendedFixes: [(old: String, new: String)] = [
        ("<p class=\"lead\">1 articles</p>", "<p class=\"lead\">1 article</p>"),
        ("<p class=\"lead\">1 fix guides.", "<p class=\"lead\">1 fix guide."),
        (" of 1 readers", " of 1 reader"),
    ]

    /// The default theme as it was before plurals could be written, which swift-mustache renders.
    static func themeBefore() -> Theme {
        let folder = Fixture.folder("theme-before")
        var texts: [String: String] = [:]
        for name in ["404", "article", "index", "layout", "search", "step", "term", "terms", "partials/header", "partials/footer"] {
            texts[name] = try? String(contentsOf: folder.appendingPathComponent(name + ".mustache"), encoding: .utf8)
        }
        var ignored = Diagnostics()
        return ThemeLoader.theme(templates: texts, assets: [], folder: "before", diagnostics: &ignored)
    }

    @Test(arguments: knowledgeBases)
    func bothEnginesMakeTheSamePages(folder: String) throws {
        // A generated corpus is a content folder itself.
        let content = FileManager.default.fileExists(atPath: folder + "/Content") ? "Content" : folder
        let options = BuildOptions(workingDirectory: URL(fileURLWithPath: folder), content: content, templates: Fixture.templates.path,
                                   output: Fixture.temporaryFolder().path, includeDrafts: true)
        let result = Pipeline.run(options, write: false)
        let maker = try #require(result.site?.pages)
        let theme = maker.context.site.theme
        let before = Self.themeBefore()
        var compared = 0, differing: [String] = []
        for page in maker.pages {
            guard let template = page.template else { continue }
            let path = maker.context.path(page)
            var all = maker.context.values(page)
            all["root"] = String(repeating: "../", count: path.utf8.reduce(0) { $1 == 47 ? $0 + 1 : $0 })
            all["site"] = maker.context.siteValues
            if let base = maker.context.site.settings.baseURL { all["canonical"] = SiteFiles.absolute(path, base: base) }
            var old = before.library.render(all, withTemplate: template) ?? "missing"
            for fix in Self.intendedFixes { old = old.replacingOccurrences(of: fix.old, with: fix.new) }
            let typed = maker.context.typedValues(page, path: path)
            let new = theme.compiled[template]!.render(common: typed.common.record, page: typed.page)
            compared += 1
            if old != new { differing.append(path) }
            if differing.count == 1, old != new {
                let o = Array(old.utf8), n = Array(new.utf8)
                let at = (0..<min(o.count, n.count)).first { o[$0] != n[$0] } ?? min(o.count, n.count)
                let from = max(0, at - 80)
                Issue.record("\(path) differs at byte \(at):\nold: \(String(decoding: o[from..<min(o.count, at + 80)], as: UTF8.self))\nnew: \(String(decoding: n[from..<min(n.count, at + 80)], as: UTF8.self))")
            }
        }
        #expect(compared > 3)
        #expect(differing.isEmpty, "\(differing.count) of \(compared) pages differ: \(differing.prefix(5))")
    }
}
