import Foundation
import Testing
@testable import KBGenKit

/// Rebuilds proven equal to full builds by random edits of every kind a writer makes: after each,
/// a rebuild into the last build's output and a full build into a new folder must write the same
/// files, the same model and the same messages, and record the same pages in the cache. The seed
/// is printed with every failure; `make fuzz` runs 2,000 edits (`KBGEN_FUZZ_EDITS`,
/// `KBGEN_FUZZ_SEED`).
@Suite struct RebuildFuzzTests {
    /// SplitMix64: the same edits for the same seed on every machine.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    /// A knowledge base on disk that the edits change.
    struct KB {
        let root: URL
        var counter = 0

        init() throws {
            root = Fixture.temporaryFolder().appendingPathComponent("kb")
            try FileManager.default.copyItem(at: Fixture.folder("valid/incremental"), to: root)
            try FileManager.default.copyItem(at: Fixture.templates, to: root.appendingPathComponent("Templates"))
        }

        func url(_ path: String) -> URL { root.appendingPathComponent(path) }
        func read(_ path: String) -> String { (try? String(contentsOf: url(path), encoding: .utf8)) ?? "" }
        func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: url(path).path) ?? Data() }
        func write(_ path: String, _ text: String) {
            try? FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(text.utf8).write(to: url(path))
        }
        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }
        func remove(_ path: String) { try? FileManager.default.removeItem(at: url(path)) }

        /// Articles by path under the working folder, sorted.
        var articles: [String] {
            let content = url("Content")
            let all = (FileManager.default.enumerator(atPath: content.path)?.allObjects as? [String]) ?? []
            return all.filter { $0.hasSuffix(".md") && !$0.hasPrefix("steps/") }.sorted().map { "Content/" + $0 }
        }
        var stepFiles: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: url("Content/steps").path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        }

        mutating func fresh() -> Int {
            counter += 1
            return counter
        }

        /// Changes the text of a file, keeping the rest; returns the text it had.
        @discardableResult
        func change(_ path: String, _ transform: (String) -> String) -> String {
            let before = read(path)
            write(path, transform(before))
            return before
        }
    }

    /// One edit: what it did, and how to undo it when it is a passing mistake.
    struct Edit {
        var what: String
        var undo: (() -> Void)?
    }

    static func id(of path: String) -> String { String(path.dropFirst("Content/".count).dropLast(3)) }

    /// A link to `target` (an article path) from `source`'s folder.
    static func relativeLink(from source: String, to target: String) -> String {
        let ups = source.dropFirst("Content/".count).split(separator: "/").count - 1
        return String(repeating: "../", count: ups) + target.dropFirst("Content/".count)
    }

    /// Inserts `line` into the front matter, before its closing fence.
    static func frontMatter(_ text: String, adding line: String) -> String {
        guard let close = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex) else { return text }
        return text.replacingCharacters(in: close, with: "\n" + line + "\n---\n")
    }

    static func replacingLine(_ text: String, where match: (Substring) -> Bool, with make: (Substring) -> String?) -> String {
        var done = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            guard !done, match(line) else { return String(line) }
            done = true
            return make(line)
        }.joined(separator: "\n")
    }

    static func isStep(_ line: Substring) -> Bool {
        guard let dot = line.firstIndex(of: "."), dot > line.startIndex else { return false }
        return line[..<dot].allSatisfy(\.isNumber) && line[dot...].hasPrefix(". ")
    }

    /// Every kind of edit, each choosing where from the random source.
    static func edit(_ kb: inout KB, _ r: inout Random) -> Edit {
        let n = kb.fresh()
        let articles = kb.articles
        let article = r.pick(articles)
        switch r.below(32) {
        case 0:
            kb.change(article) { $0.replacingOccurrences(of: "\n## ", with: "\nA paragraph \(n).\n\n## ", options: [], range: nil) }
            return Edit(what: "a paragraph in \(article)")
        case 1:
            kb.change(article) { replacingLine($0, where: { $0.hasPrefix("title: ") }, with: { _ in "title: Title \(n)" }) }
            return Edit(what: "the title of \(article)")
        case 2:
            kb.change(article) { text in
                text.contains("\nsummary: ") ? replacingLine(text, where: { $0.hasPrefix("summary: ") }, with: { _ in "summary: Summary \(n)." })
                    : frontMatter(text, adding: "summary: Summary \(n).")
            }
            return Edit(what: "the summary of \(article)")
        case 3:
            kb.change(article) { replacingLine($0, where: { isStep($0) && !$0.contains("step:") }, with: { $0 + " Then wait \(n % 3) minutes." }) }
            return Edit(what: "a step reworded in \(article)")
        case 4:
            kb.change(article) { replacingLine($0, where: isStep, with: { $0 + "\n2. Check the event log (\(n % 4))." }) }
            return Edit(what: "a step added to \(article)")
        case 5:
            kb.change(article) { text in
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                guard let i = lines.indices.first(where: { isStep(lines[$0]) && $0 + 1 < lines.count && isStep(lines[$0 + 1]) }) else { return text }
                return (lines[..<i] + lines[(i + 1)...]).joined(separator: "\n")
            }
            return Edit(what: "a step removed from \(article)")
        case 6:
            let value = r.pick(["0.1", "0.5", "high", "low", "35%", "medium"])
            kb.change(article) { $0.replacingOccurrences(of: #"likelihood=[^ }]+"#, with: "likelihood=" + value, options: .regularExpression) }
            return Edit(what: "likelihood \(value) in \(article)")
        case 7:
            let value = r.pick(["5m", "90s", "1h", "2h30m", "15m"])
            kb.change(article) { text in
                text.contains("effort=") ? text.replacingOccurrences(of: #"effort=[^ }]+"#, with: "effort=" + value, options: .regularExpression)
                    : text.replacingOccurrences(of: "}\n", with: " effort=\(value)}\n", options: [], range: text.range(of: "}\n"))
            }
            return Edit(what: "effort \(value) in \(article)")
        case 8:
            kb.change(article) { replacingLine($0, where: { $0.hasPrefix("## ") && $0.contains("{") }, with: { $0.replacingOccurrences(of: " {", with: " \(n % 5) {") }) }
            return Edit(what: "a solution renamed in \(article)")
        case 9:
            let (key, value) = r.pick([("tags", "t\(n % 4)"), ("products", "Windows \(10 + n % 3)"), ("error_codes", "0x\(String(0x700 + n % 6, radix: 16))")])
            kb.change(article) { text in
                text.contains("\n\(key): [") ? text.replacingOccurrences(of: "\n\(key): [", with: "\n\(key): [\(value), ")
                    : frontMatter(text, adding: "\(key): [\(value)]")
            }
            return Edit(what: "\(key) \(value) in \(article)")
        case 10:
            let date = String(format: "2026-%02d-%02d", 1 + n % 12, 1 + n % 28)
            kb.change(article) { text in
                text.contains("\nupdated: ") ? replacingLine(text, where: { $0.hasPrefix("updated: ") }, with: { _ in "updated: \(date)" })
                    : frontMatter(text, adding: "updated: \(date)")
            }
            return Edit(what: "date \(date) in \(article)")
        case 11:
            let other = r.pick(articles)
            guard other != article else { return Edit(what: "nothing") }
            kb.change(article) { text in
                text.contains("\nrelated: ") ? replacingLine(text, where: { $0.hasPrefix("related: ") }, with: { _ in nil })
                    : frontMatter(text, adding: "related: [\(id(of: other))]")
            }
            return Edit(what: "related \(other) toggled in \(article)")
        case 12:
            let other = r.pick(articles)
            kb.change(article) { $0 + "\nSee [another](\(relativeLink(from: article, to: other))) too.\n" }
            return Edit(what: "a link from \(article) to \(other)")
        case 13:
            kb.change(article) { text in text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("See [another](") }.joined(separator: "\n") }
            return Edit(what: "links removed from \(article)")
        case 14:
            let path = "Content/fuzz/article-\(n).md"
            kb.write(path, """
            ---
            title: Fuzz article \(n)
            error_codes: [0x\(String(0x900 + n % 5, radix: 16))]
            tags: [rdp]
            ---

            Something fails (\(n)).

            ## Try this {likelihood=0.\(1 + n % 8)}

            1. [](step:open-services)
            2. Sign out of Windows and sign back in.
            3. Step \(n % 3) of the fuzz articles.

            """)
            return Edit(what: "a new article \(path)")
        case 15:
            guard let path = articles.first(where: { $0.hasPrefix("Content/fuzz/") }) else { return Edit(what: "nothing") }
            kb.remove(path)
            return Edit(what: "\(path) deleted")
        case 16:
            guard let path = articles.first(where: { $0.hasPrefix("Content/fuzz/") }) else { return Edit(what: "nothing") }
            let to = "Content/fuzz/renamed-\(n).md"
            try? FileManager.default.moveItem(at: kb.url(path), to: kb.url(to))
            return Edit(what: "\(path) renamed to \(to)")
        case 17:
            let before = kb.change(article) { frontMatter($0, adding: "draft: true") }
            return Edit(what: "\(article) made a draft") { [kb] in kb.write(article, before) }
        case 18:
            let step = r.pick(kb.stepFiles)
            kb.change("Content/steps/" + step) { $0 + "Then wait \(n % 3) seconds.\n" }
            return Edit(what: "step file \(step) changed")
        case 19:
            kb.write("Content/steps/fuzz-\(n % 3).md", "---\ntitle: Fuzz step \(n % 3)\n---\n\nPress **F\(n % 12 + 1)**.\n")
            kb.change(article) { replacingLine($0, where: isStep, with: { $0 + "\n2. [](step:fuzz-\(n % 3))" }) }
            return Edit(what: "step file fuzz-\(n % 3) used in \(article)")
        case 31:
            // A step that names a product, or leaves it out: grouped by which products articles are about.
            let step = r.pick(["Try to activate Windows \(10 + n % 3) again.", "Try activating again.", "Try to activate Windows 10 again."])
            kb.change(article) { replacingLine($0, where: isStep, with: { $0 + "\n2. " + step }) }
            return Edit(what: "'\(step)' added to \(article)")
        case 30:
            guard let step = kb.stepFiles.first(where: { $0.hasPrefix("fuzz-") }) else { return Edit(what: "nothing") }
            let before = kb.read("Content/steps/" + step)
            kb.remove("Content/steps/" + step)
            // Articles that use it fail until it comes back.
            return Edit(what: "step file \(step) deleted") { [kb] in kb.write("Content/steps/" + step, before) }
        case 20:
            let rows = articles.prefix(3).map { "\(id(of: $0)),renew-the-certificate,\(n % 7),\(n % 3)" }
            kb.write("feedback.csv", "article,solution,worked,failed\n" + rows.joined(separator: "\n") + "\nrdp/error-0x904,no-such-solution,1,1\n")
            kb.change("kbgen.yml") { $0.contains("feedback:") ? $0 : $0 + "feedback: feedback.csv\n" }
            return Edit(what: "reader feedback")
        case 21:
            kb.change("kbgen.yml") { text in
                text.contains("order: expected-cost") ? text.replacingOccurrences(of: "order: expected-cost\n", with: "")
                    : text + "order: expected-cost\n"
            }
            return Edit(what: "the order setting toggled")
        case 22:
            kb.change("Templates/partials/footer.mustache") { $0 + "<!-- \(n) -->\n" }
            return Edit(what: "the footer template")
        case 23:
            kb.change("kbgen.yml") { replacingLine($0, where: { $0.hasPrefix("title: ") }, with: { _ in "title: Site \(n)" }) }
            return Edit(what: "the site title")
        case 24:
            let before = kb.change(article) { $0 + "\nA [broken link](missing-\(n).md).\n" }
            return Edit(what: "a broken link in \(article)") { [kb] in kb.write(article, before) }
        case 25:
            let before = kb.bytes(article)
            let text = kb.read(article)
            kb.write(article, text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : "\u{FEFF}" + text)
            return Edit(what: "a byte order mark toggled in \(article)") { [kb] in try? before.write(to: kb.url(article)) }
        case 26:
            kb.change(article) { $0.contains("\r\n") ? $0.replacingOccurrences(of: "\r\n", with: "\n") : $0.replacingOccurrences(of: "\n", with: "\r\n") }
            return Edit(what: "line ends toggled in \(article)")
        case 27:
            kb.change(article) { replacingLine($0, where: { isStep($0) && !$0.contains("step:") }, with: { $0 + "\n" + $0 }) }
            return Edit(what: "a step pasted twice in \(article)")
        case 28:
            let before = kb.change(article) { $0.replacingOccurrences(of: "likelihood=", with: "likelihod=", options: [], range: $0.range(of: "likelihood=")) }
            return Edit(what: "a misspelt attribute in \(article)") { [kb] in kb.write(article, before) }
        default:
            let image = "Content/img/diagram.png"
            kb.change(image) { $0 + "\(n)" }
            return Edit(what: "the image changed")
        }
    }

    static func cachePages(_ kb: KB, _ output: String) -> [String: BuildCache.Page] {
        BuildCache.decode(kb.read(output + "/" + BuildCache.fileName))?.pages ?? [:]
    }

    /// A rebuild and a full build of the knowledge base as it is now, compared.
    /// - Parameter held: rebuild as the preview does, bringing the output up to date where it is,
    ///   with the model the last rebuild kept in memory (nil the first time).
    static func compare(_ kb: KB, _ what: String, seed: UInt64, held: inout HeldBuild?, inPlace: Bool = false) {
        var options = BuildOptions(workingDirectory: kb.root)
        options.toolVersion = "fuzz"
        options.updateInPlace = inPlace
        options.holdModel = inPlace
        let rebuild = Pipeline.run(options, write: true, held: inPlace ? held : nil)
        if let kept = rebuild.held { held = kept }
        // What the preview keeps in memory, written as it is when the server stops, is compared too.
        if inPlace, rebuild.status == .built, let held { try? SiteWriter.keep(held, in: kb.url("Output")) }
        let fresh = "Full-" + UUID().uuidString
        var full = BuildOptions(workingDirectory: kb.root, output: fresh)
        full.incremental = false
        full.toolVersion = "fuzz"
        let whole = Pipeline.run(full, write: true)
        defer { kb.remove(fresh) }
        let context = "seed \(seed), after \(what)"
        #expect(rebuild.status == whole.status, "\(context): \(rebuild.diagnostics.all) against \(whole.diagnostics.all)")
        #expect(rebuild.diagnostics.sorted == whole.diagnostics.sorted, "\(context): the messages differ")
        guard rebuild.status == .built, whole.status == .built else { return }
        var a = Fixture.snapshot(kb.url("Output")), b = Fixture.snapshot(kb.url(fresh))
        a[BuildCache.fileName] = nil
        b[BuildCache.fileName] = nil
        let differing = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
        #expect(differing.isEmpty, "\(context): the rebuild differs from a full build in \(differing)")
        let (pages, freshPages) = (cachePages(kb, "Output"), cachePages(kb, fresh))
        let otherPages = Set(pages.keys).union(freshPages.keys).filter { pages[$0] != freshPages[$0] }.sorted()
        #expect(otherPages.isEmpty, "\(context): the cache records other pages: \(otherPages.map { "\($0) \(String(describing: pages[$0])) against \(String(describing: freshPages[$0]))" })")
    }

    static func run(seed: UInt64, edits: Int, inPlace: Bool = false) throws {
        var kb = try KB()
        var r = Random(state: seed)
        var held: HeldBuild?
        compare(kb, "the first build", seed: seed, held: &held, inPlace: inPlace)
        for i in 0..<edits {
            let edit = edit(&kb, &r)
            compare(kb, "edit \(i + 1): \(edit.what)", seed: seed, held: &held, inPlace: inPlace)
            if let undo = edit.undo {
                undo()
                compare(kb, "edit \(i + 1): \(edit.what), undone", seed: seed, held: &held, inPlace: inPlace)
            }
        }
    }

    /// The preview's rebuilds, which update the output where it is and take the last rebuild's
    /// model from memory, leave what a full build makes.
    @Test func randomEditsUpdatedInPlaceAsFullBuildsDo() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["KBGEN_FUZZ_SEED"].flatMap { UInt64($0) }.map { $0 + 1 } ?? 20261203
        let edits = (environment["KBGEN_FUZZ_EDITS"].flatMap { Int($0) } ?? 120) / 2
        print("in-place rebuild fuzz: seed \(seed), \(edits) edits")
        try Self.run(seed: seed, edits: edits, inPlace: true)
    }

    @Test func randomEditsRebuildAsFullBuildsDo() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["KBGEN_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20261202
        let edits = environment["KBGEN_FUZZ_EDITS"].flatMap { Int($0) } ?? 120
        print("rebuild fuzz: seed \(seed), \(edits) edits")
        try Self.run(seed: seed, edits: edits)
    }
}
