import Testing
@testable import KBGenKit

/// What decides whether a changed article may go through the stages alone: the fingerprint of what
/// the stages read of it across articles. The incremental build tests check the replay itself
/// against full builds.
@Suite struct ArticleReplayTests {
    static let text = """
        ---
        title: Printer offline
        error_codes: [0x709]
        tags: [printing]
        related: [net/dns]
        ---

        The printer shows as offline.

        ## Restart the spooler {likelihood=0.6 effort=5m}

        Try this first.

        1. Open **Services**.
        2. Restart **Print Spooler**.

        ## Reinstall the driver {#driver likelihood=0.3}

        1. Remove the printer.

        After this, see [the DNS article](../net/dns.md).
        """

    static func key(_ text: String) throws -> String {
        var d = Diagnostics()
        let article = try #require(ArticleParser.parse(id: "printing/offline", file: "Content/printing/offline.md", text: text, diagnostics: &d))
        #expect(!d.hasErrors, "\(d.all)")
        return ArticleReplay.key(article)
    }

    /// The key of the sample with one text replaced.
    static func key(replacing old: String, with new: String) throws -> String {
        try key(text.replacingOccurrences(of: old, with: new))
    }

    @Test func textOnlyItsPageShowsKeepsTheKey() throws {
        let key = try Self.key(Self.text)
        for (old, new) in [
            ("The printer shows as offline.", "The printer shows as offline after an update."),
            ("The printer shows as offline.", "The printer shows as offline.\n\nAnother paragraph\nover two lines."),
            ("Try this first.", "Try this first, it is quick."),
            ("After this, see", "When it is back, see"),
            // Only pages, kb.json and the search index show the title and summary.
            ("title: Printer offline", "title: Printer is offline"),
            ("title: Printer offline", "title: Printer offline\nsummary: Jobs wait while the printer shows as offline."),
            // The replay orders the article's own solutions again; the anchor stays.
            ("likelihood=0.6", "likelihood=0.7"),
            ("effort=5m", "effort=6m"),
            ("{#driver likelihood=0.3}", "{#driver likelihood=0.3 effort=20m}"),
            ("## Reinstall the driver {#driver", "## Reinstall the printer driver {#driver"),
            // Anchors: the replay checks the links to them.
            ("The printer shows as offline.", "The printer shows as offline.\n\n### Before you start\n\nText."),
            ("## Restart the spooler", "## Restart the print spooler"),
            ("{#driver likelihood=0.3}", "{#remove-driver likelihood=0.3}"),
            // The cross-linker's lists and scores read these; the replay makes them again.
            ("tags: [printing]", "tags: [printing]\nupdated: 2026-03-01"),
            ("error_codes: [0x709]", "error_codes: [0x0709]"),
            ("tags: [printing]", "tags: [printing, network]"),
            ("related: [net/dns]", "related: [net/dhcp]"),
        ] {
            #expect(try Self.key(replacing: old, with: new) == key, "\(new)")
        }
    }

    @Test func whatOtherArticlesOrTheStagesReadChangesTheKey() throws {
        let key = try Self.key(Self.text)
        for (old, new) in [
            ("tags: [printing]", "tags: [printing]\ndraft: true"),
            // The step finder reads the products: a step may leave out its articles' product.
            ("tags: [printing]", "tags: [printing]\nproducts: [Windows 11]"),
            ("2. Restart **Print Spooler**.", "2. Restart **Print Spooler** again."),
            ("1. Remove the printer.", "1. Remove the printer.\n2. Add it again."),
            ("After this, see", "## Update the firmware {likelihood=0.1}\n\n1. Update it.\n\nAfter this, see"),
        ] {
            #expect(try Self.key(replacing: old, with: new) != key, "\(new)")
        }
    }

    /// Back-links as the cross-linker makes them: sorted, and no list for an article nobody links to.
    @Test func backLinksFollowAChangedArticlesLinks() {
        var linkedFrom = ["a": ["c", "m"], "b": ["m"]]
        ArticleReplay.relink("m", from: ["a", "b"], to: ["a", "d"], in: &linkedFrom)
        #expect(linkedFrom == ["a": ["c", "m"], "d": ["m"]])
        ArticleReplay.relink("b", from: [], to: ["a", "d"], in: &linkedFrom)
        #expect(linkedFrom == ["a": ["b", "c", "m"], "d": ["b", "m"]])
        ArticleReplay.relink("m", from: ["a", "d"], to: [], in: &linkedFrom)
        #expect(linkedFrom == ["a": ["b", "c"], "d": ["b"]])
    }

    /// Steps found again where they now stand: ids as last time, or nil when they do not line up.
    @Test func stepsLineUpWithTheLastBuildsOrNot() throws {
        var d = Diagnostics()
        let parsed = try #require(ArticleParser.parse(id: "printing/offline", file: "f.md", text: Self.text, diagnostics: &d))
        var old = parsed
        old.solutions[0].content = old.solutions[0].content.map { part in
            guard case .steps(var list) = part else { return part }
            list.items[0].stepID = "open-services"
            return .steps(list)
        }
        let moved = try #require(ArticleParser.parse(id: "printing/offline", file: "f.md",
                                                     text: Self.text.replacingOccurrences(of: "offline.\n", with: "offline.\n\nNew.\n"), diagnostics: &d))
        let found = try #require(ArticleReplay.findSteps(moved, as: old))
        #expect(found.solutions[0].steps.map(\.stepID) == ["open-services", nil])
        #expect(found.solutions[0].steps[0].position.line == old.solutions[0].steps[0].position.line + 2)

        let longer = try #require(ArticleParser.parse(id: "printing/offline", file: "f.md",
            text: Self.text.replacingOccurrences(of: "2. Restart **Print Spooler**.", with: "2. Restart **Print Spooler**.\n3. Open **Services**."), diagnostics: &d))
        #expect(ArticleReplay.findSteps(longer, as: old) == nil, "three steps do not line up with two")
    }
}
