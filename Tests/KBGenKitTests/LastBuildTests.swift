import Foundation
import Testing
@testable import KBGenKit

/// The model a build keeps for the next one: read back, it is the site the stages made.
@Suite struct LastBuildTests {
    /// A fixture through every stage up to rendering, as a build keeps it.
    static func model(_ fixture: String) throws -> LastBuild {
        let options = Fixture.options("valid/" + fixture, output: Fixture.temporaryFolder().appendingPathComponent("Output"))
        let (settings, _) = ContentLoader.settings(options)
        var (site, problems) = ContentLoader.load(options, settings: settings)
        #expect(!problems.hasErrors, "\(problems.all)")
        site.stageKeys = ArticleReplay.keys(site.articles)
        (site, _) = StepFinder.find(site)
        (site, _) = SolutionRanker.rank(site)
        (site, _) = Linker.link(site)
        site = CrossLinker.link(site)
        site.articlePrints = Fingerprint.articles(site.articles)
        return LastBuild(site: site, inputs: "inputs", otherInputs: "others", rankingInputs: "ranking",
                         warnings: [.warning("b.md", SourcePosition(line: 2, column: 3), "two\nlines")])
    }

    static func bytes(_ model: LastBuild, spillAt: Int = 1 << 20) -> [UInt8] {
        var out: [UInt8] = []
        try! model.encoded(spillAt: spillAt) { out += $0 }
        return out
    }

    static func decode(_ bytes: [UInt8]) -> LastBuild? {
        bytes.withUnsafeBytes { LastBuild.decode($0) }
    }

    @Test(arguments: ["incremental", "hostile", "repeated-steps", "feedback", "cross-links", "crlf-bom"])
    func readBackItIsTheSameModel(fixture: String) throws {
        let model = try Self.model(fixture)
        #expect(!model.articles.isEmpty)
        let bytes = Self.bytes(model)
        let back = try #require(Self.decode(bytes))
        #expect(back.inputs == model.inputs && back.otherInputs == model.otherInputs && back.rankingInputs == model.rankingInputs)
        #expect(back.warnings == model.warnings)
        #expect(back.articles == model.articles)
        #expect(back.articlePrints.map(\.hex) == model.articlePrints.map(\.hex))
        #expect(back.stageKeys == model.stageKeys)
        #expect(back.links == model.links)
        #expect(back.crossReferences == model.crossReferences)
        #expect(back.sharedSteps == model.sharedSteps)
        #expect(back.steps == model.steps)
        #expect(back.omittedDrafts == model.omittedDrafts)
        // Kept as read, every run is written again byte for byte without being encoded.
        #expect(back.runs.count == (model.articles.count + LastBuild.piece - 1) / LastBuild.piece)
        #expect(Self.bytes(back) == bytes)
    }

    /// The header of a large model is handed on as it is encoded, which makes the same bytes, and
    /// a write that fails stops the encoding with its error.
    @Test func aLargeHeaderIsWrittenAsItIsEncoded() throws {
        let model = try Self.model("cross-links")
        var pieces = 0
        try model.encoded(spillAt: 64) { _ in pieces += 1 }
        #expect(pieces > 2 + (model.articles.count + LastBuild.piece - 1) / LastBuild.piece * 2, "\(pieces) pieces")
        #expect(Self.bytes(model, spillAt: 64) == Self.bytes(model))

        struct Full: Error {}
        var calls = 0
        #expect(throws: Full.self) {
            try model.encoded(spillAt: 64) { _ in
                calls += 1
                if calls == 2 { throw Full() }
            }
        }
        #expect(calls == 2, "nothing is handed on after a failed write")
    }

    /// The header alone holds every article's key, and no article; the articles decoded after it
    /// are the model's. A damaged run leaves the header readable but the articles not.
    @Test func theHeaderIsReadWithoutTheArticles() throws {
        let model = try Self.model("cross-links")
        let bytes = Self.bytes(model)
        var header = try #require(bytes.withUnsafeBytes { LastBuild.decodeHeader($0) })
        #expect(header.articles.isEmpty && header.links.isEmpty && header.articlePrints.isEmpty)
        #expect(header.stageKeys == model.stageKeys && header.stageKeys.count == model.articles.count)
        #expect(header.sharedSteps == model.sharedSteps && header.crossReferences == model.crossReferences)
        let decoded = header.decodeArticles()
        #expect(decoded)
        #expect(header.articles == model.articles && header.links == model.links)
        #expect(header.articlePrints.map(\.hex) == model.articlePrints.map(\.hex))
        #expect(Self.bytes(header) == bytes)

        // The last run's bytes end the file: a byte changed inside its first article's id.
        let last = try #require(header.runs.last ?? nil)
        var damaged = bytes
        damaged[bytes.count - last.count] = 0xFF
        var read = try #require(damaged.withUnsafeBytes { LastBuild.decodeHeader($0) })
        let decodedDamaged = read.decodeArticles()
        #expect(!decodedDamaged)
        #expect(Self.decode(damaged) == nil)
    }

    /// A cut, a changed byte or another format is not a model: the build reads every article
    /// instead, and reading never traps.
    @Test func damagedFilesAreNotModels() throws {
        let bytes = Self.bytes(try Self.model("incremental"))
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            #expect(Self.decode(Array(bytes.prefix(length))) == nil, "cut at \(length) of \(bytes.count)")
        }
        #expect(Self.decode(bytes + [0]) == nil)
        var other = bytes
        other[12] = UInt8(ascii: "9")
        #expect(Self.decode(other) == nil, "another format")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var damaged = bytes
            let at = Int.random(in: 14..<bytes.count, using: &generator)
            damaged[at] ^= UInt8.random(in: 1...255, using: &generator)
            _ = Self.decode(damaged)
        }
    }
}
