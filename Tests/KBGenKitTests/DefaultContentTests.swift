import Testing
@testable import KBGenKit

/// The knowledge base shipped in Content/ builds with no warning.
@Suite struct DefaultContentTests {
    @Test func defaultKnowledgeBaseIsClean() {
        let result = Pipeline.run(BuildOptions(workingDirectory: Fixture.repository), write: false)
        #expect(result.status == .built)
        #expect(result.diagnostics.all.isEmpty, "\(result.diagnostics.sorted.map(\.description))")
        #expect((result.site?.articleCount ?? 0) >= 12)
    }
}
