import Foundation
import Testing
@testable import KBGenKit

/// The theme built into kbgen is the repository's Templates/, and a templates folder replaces
/// its files one by one.
@Suite struct BuiltInThemeTests {
    @Test func theBuiltInThemeIsTemplatesByteForByte() {
        let onDisk = Fixture.snapshot(Fixture.templates)
        #expect(Set(BuiltInTheme.files.keys) == Set(onDisk.keys))
        for (path, data) in onDisk { #expect(BuiltInTheme.files[path] == [UInt8](data), "\(path)") }
    }

    @Test func withNoTemplatesFolderTheSiteIsTheOneTemplatesMakes() {
        let fixture = Fixture.folder("valid/basic")
        let plain = Fixture.temporaryFolder().appendingPathComponent("Output")
        let builtIn = Pipeline.run(BuildOptions(workingDirectory: fixture, output: plain.path), write: true)
        let (named, output) = Fixture.build("valid/basic")
        #expect(builtIn.status == .built && named.status == .built)
        #expect(builtIn.diagnostics == named.diagnostics)
        let sites = [Fixture.snapshot(plain), Fixture.snapshot(output)].map { $0.filter { !$0.key.hasPrefix(".kbgen-") } }
        #expect(sites[0] == sites[1])
    }

    @Test func aFileOfTheFolderReplacesTheBuiltInOneOnly() throws {
        let root = Fixture.temporaryFolder()
        let theme = root.appendingPathComponent("theme")
        try FileManager.default.createDirectory(at: theme.appendingPathComponent("partials"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: theme.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try Data("<footer>Our own footer</footer>\n".utf8).write(to: theme.appendingPathComponent("partials/footer.mustache"))
        try Data("body { color: red; }\n".utf8).write(to: theme.appendingPathComponent("assets/kbgen.css"))
        var options = Fixture.options("valid/basic", output: root.appendingPathComponent("Output"))
        options.templates = theme
        options.templatesNamed = true
        let result = Pipeline.run(options, write: true)
        #expect(result.status == .built)
        let output = root.appendingPathComponent("Output")
        let page = Fixture.read(output, "index.html")
        #expect(page.contains("<footer>Our own footer</footer>"))
        #expect(page.contains("class=\"site-header\""))
        #expect(Fixture.read(output, "assets/kbgen.css") == "body { color: red; }\n")
        #expect(Fixture.read(output, "assets/search.js") == (try String(contentsOf: Fixture.templates.appendingPathComponent("assets/search.js"), encoding: .utf8)))
    }

    /// A file of the content at the path of a built-in theme file is named with it.
    @Test func aContentFileWhereTheThemeHasOneIsAnError() throws {
        let root = Fixture.temporaryFolder()
        try FileManager.default.copyItem(at: Fixture.folder("valid/basic/Content"), to: root.appendingPathComponent("Content"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content/assets"), withIntermediateDirectories: true)
        try Data("body {}".utf8).write(to: root.appendingPathComponent("Content/assets/kbgen.css"))
        let result = Pipeline.run(BuildOptions(workingDirectory: root), write: false)
        #expect(result.diagnostics.errors.map(\.description).contains {
            $0.contains("published as assets/kbgen.css, and so would ") && $0.contains("(built-in theme)/assets/kbgen.css")
                && $0.contains("Content/assets/kbgen.css")
        }, "\(result.diagnostics.all)")
    }

    @Test func aTemplatesFolderNamedButMissingIsOneError() {
        var options = Fixture.options("valid/basic", output: Fixture.temporaryFolder().appendingPathComponent("Output"))
        options.templates = options.workingDirectory.appendingPathComponent("Themes/mine")
        options.templatesNamed = true
        let result = Pipeline.run(options, write: false)
        #expect(result.diagnostics.all.map(\.description) == [
            "Themes/mine: error: the templates folder does not exist; name a folder that does, or leave out --templates to build with the built-in theme",
        ])
    }

    /// A problem in a template the folder did not replace names the built-in file.
    @Test func problemsInBuiltInTemplatesNameThem() {
        var d = Diagnostics()
        var templates: [String: String] = [:]
        for name in ThemeLoader.requiredTemplates { templates[name] = "{{titel}}" }
        _ = ThemeLoader.theme(templates: templates, builtIn: ["article"], assets: [], folder: "Templates", diagnostics: &d)
        let files = Set(d.all.map(\.file))
        #expect(files.contains("(built-in theme)/article.mustache"))
        #expect(files.contains("Templates/step.mustache"))
    }
}
