import Testing
@testable import KBGenKit

@Suite struct AttributeBlockTests {
    @Test func splitsTitleAndBlock() {
        let s = AttributeBlock.split("Turn off NLA {likelihood=0.25 effort=5m #nla}")
        #expect(s?.title == "Turn off NLA")
        #expect(s?.block == "likelihood=0.25 effort=5m #nla")
        // Braces that hold no attributes are part of the title.
        #expect(AttributeBlock.split("Set the {GUID} value") == nil)
        #expect(AttributeBlock.split("Plain title") == nil)
    }

    @Test func parsesKeysIdsAndQuotes() throws {
        let block = try AttributeBlock.parse("effort=1h30m likelihood=\"35%\" #my-id .note").get()
        #expect(block.values == ["effort": "1h30m", "likelihood": "35%"])
        #expect(block.id == "my-id")
        #expect(block.classes == ["note"])
        #expect(block.keys == ["effort", "likelihood"])
    }

    @Test func rejectsUnreadableBlocks() {
        #expect((try? AttributeBlock.parse("likelihood=0.5 stray").get()) == nil)
        #expect((try? AttributeBlock.parse("likelihood=\"0.5").get()) == nil)
        #expect((try? AttributeBlock.parse("#").get()) == nil)
    }

    @Test(arguments: [
        ("high", 0.7), ("Medium", 0.4), ("LOW", 0.15), ("0.25", 0.25), ("1", 1.0), ("0", 0.0),
        ("35%", 0.35), ("100%", 1.0), (".5", 0.5),
    ])
    func likelihoodForms(text: String, value: Double) {
        #expect(AttributeBlock.likelihood(text) == value)
    }

    @Test(arguments: ["1.5", "-0.1", "120%", "-5%", "often", "", "nan", "inf", "0x1"])
    func invalidLikelihoods(text: String) {
        #expect(AttributeBlock.likelihood(text) == nil)
    }

    @Test(arguments: [("5m", 5.0), ("90s", 1.5), ("1h", 60.0), ("1h30m", 90.0), ("2H", 120.0), ("1h30s", 60.5)])
    func effortForms(text: String, minutes: Double) {
        #expect(AttributeBlock.effortMinutes(text) == minutes)
    }

    @Test(arguments: ["10", "m", "5x", "30m1h", "ten", "", "1h1h"])
    func invalidEfforts(text: String) {
        #expect(AttributeBlock.effortMinutes(text) == nil)
    }

    @Test func asciiHeadingsSplitAsByCharacters() {
        let headings = ["Fix it {likelihood=0.6 effort=10m}", "Fix it {likelihood=0.6}  \t", "Set {GUID}", "Set {GUID} {#id}",
                        "Fix {#only}", "Fix { #spaced }", "Fix {\t#tabbed}", "Fix {a=1", "Fix a=1}", "{likelihood=low}", "Fix {}",
                        "Run  \t{x=1}", "Symptoms", "", "   ", "{=}", "Fix {likelihood='a b'} ", "Fix }{ x=1 }"]
        for heading in headings {
            let fast = AttributeBlock.split(heading), slow = AttributeBlock.splitByCharacters(heading)
            #expect(fast?.title == slow?.title && fast?.block == slow?.block, "\(heading)")
        }
    }
}
