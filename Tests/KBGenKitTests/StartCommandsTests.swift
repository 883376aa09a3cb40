import Foundation
import Testing

/// `kbgen init`, `kbgen new` and `kbgen theme eject`, run as a writer runs them.
@Suite struct StartCommandsTests {
    let cli = CommandLineTests()

    @Test func initStartsAKnowledgeBaseThatBuildsAndRefusesOne() throws {
        let root = Fixture.temporaryFolder()
        let made = try cli.kbgen(["init", "kb"], in: root)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("cd kb\n") && made.stderr.contains("kbgen serve"))
        let kb = root.appendingPathComponent("kb")
        for path in ["kbgen.yml", ".gitignore", "Content/steps/restart-print-spooler.md", "Content/printing/printer-offline.md"] {
            #expect(FileManager.default.fileExists(atPath: kb.appendingPathComponent(path).path), "\(path)")
        }
        let build = try cli.kbgen(["build"], in: kb)
        #expect(build.status == 0)
        #expect(build.stderr.hasPrefix("kbgen: built 2 articles and "), "\(build.stderr)")
        #expect(build.stderr.contains("open Output/index.html in a browser, or run kbgen serve"))
        #expect(!build.stderr.contains("warning"))

        let settings = try Data(contentsOf: kb.appendingPathComponent("kbgen.yml"))
        try Data("# mine\n".utf8).write(to: kb.appendingPathComponent("kbgen.yml"))
        let again = try cli.kbgen(["init"], in: kb)
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("Content: error: already exists, so this folder holds a knowledge base"), "\(again.stderr)")
        #expect(try Data(contentsOf: kb.appendingPathComponent("kbgen.yml")) == Data("# mine\n".utf8))
        #expect(settings != Data("# mine\n".utf8))
    }

    @Test func initKeepsAGitignoreThatIsThere() throws {
        let root = Fixture.temporaryFolder()
        try Data("*.log\n".utf8).write(to: root.appendingPathComponent(".gitignore"))
        let made = try cli.kbgen(["init"], in: root)
        #expect(made.status == 0)
        #expect(made.stderr.contains(".gitignore: kept as it is; add the lines of kbgen's to it by hand:\n"))
        #expect(try String(contentsOf: root.appendingPathComponent(".gitignore"), encoding: .utf8) == "*.log\n")
    }

    @Test func newWritesAnArticleThatBuildsAndNeverReplacesOne() throws {
        let root = Fixture.temporaryFolder()
        _ = try cli.kbgen(["init"], in: root)
        let made = try cli.kbgen(["new", "vpn/error-809", "--title", "Error 809 when you connect"], in: root)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr == "kbgen: wrote Content/vpn/error-809.md; fill in its summary, codes and solutions, then run kbgen serve or kbgen build\n")
        let file = root.appendingPathComponent("Content/vpn/error-809.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix("---\ntitle: \"Error 809 when you connect\"\nsummary: \"\"\nerror_codes: []\n"))
        let build = try cli.kbgen(["build"], in: root)
        #expect(build.status == 0 && !build.stderr.contains("warning"), "\(build.stderr)")
        #expect(build.stderr.hasPrefix("kbgen: built 3 articles"))

        try Data("mine\n".utf8).write(to: file)
        let again = try cli.kbgen(["new", "vpn/error-809"], in: root)
        #expect(again.status == 1)
        #expect(again.stderr == "Content/vpn/error-809.md: error: already exists and was left as it is; choose another id, or edit this file\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == "mine\n")

        let bad = try cli.kbgen(["new", "steps/open-x"], in: root)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'steps/open-x' is not a valid article id: Content/steps/ holds reusable steps"))
    }

    @Test func anEmptyFolderSaysWhatToDo() throws {
        let root = Fixture.temporaryFolder()
        let build = try cli.kbgen(["build"], in: root)
        #expect(build.status == 1)
        #expect(build.stderr == "Content: error: there is no content folder here; run kbgen init to start a knowledge base, or name your folder of articles with --content\n"
                + "kbgen: nothing written (1 error); Output/ is unchanged\n")
        let new = try cli.kbgen(["new", "a"], in: root)
        #expect(new.status == 1)
        #expect(new.stderr.hasPrefix("Content: error: the content folder does not exist; run kbgen init"))
    }

    @Test func ejectWritesTheBuiltInThemeAndKeepsWhatIsThere() throws {
        let root = Fixture.temporaryFolder()
        let first = try cli.kbgen(["theme", "eject"], in: root)
        #expect(first.status == 0)
        #expect(first.stderr == "kbgen: wrote 15 files of the built-in theme into Templates/\n")
        let ejected = Fixture.snapshot(root.appendingPathComponent("Templates"))
        #expect(ejected == Fixture.snapshot(Fixture.templates))

        let article = root.appendingPathComponent("Templates/article.mustache")
        try Data("mine".utf8).write(to: article)
        try FileManager.default.removeItem(at: root.appendingPathComponent("Templates/assets/kbgen.css"))
        let again = try cli.kbgen(["theme", "eject"], in: root)
        #expect(again.status == 0)
        #expect(again.stderr.contains("Templates/article.mustache: kept as it is; a file was already there\n"))
        #expect(again.stderr.hasSuffix("kbgen: wrote 1 file of the built-in theme into Templates/, kept 14 already there\n"))
        #expect(try String(contentsOf: article, encoding: .utf8) == "mine")
    }
}
