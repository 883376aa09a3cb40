import Foundation
import Testing
@testable import KBGenKit

@Suite struct SiteRendererTests {
    /// Likelihoods are written with two decimals by kbgen's own formatting; it must write what
    /// `%.2f` writes, ties and values a hair beside them included.
    @Test func decimalsAreWhatPrintfWrites() {
        var random = RebuildFuzzTests.Random(state: 2026)
        var values: [Double] = [0, 0.005, 0.015, 0.125, 0.135, 0.145, 0.285, 0.7, 0.995, 1, 1.005, 2.675, 99.995, 1e14, 0.3 - 1e-17]
        for _ in 0..<20_000 {
            switch random.below(3) {
            case 0: values.append(Double(random.below(100_000)) / 1000)           // thousandths: a tie every tenth
            case 1: values.append(Double(random.next() % (1 << 53)) / Double(1 << 53))
            default:
                let tie = (Double(random.below(10_000)) + 0.5) / 100
                values.append(random.chance(50) ? tie.nextUp : tie.nextDown)
            }
        }
        for v in values {
            #expect(PageContext.decimal(v) == String(format: "%.2f", v), "\(v)")
        }
    }
}
