import Testing
@testable import KBGenKit

/// A value of any shape, for the encoder's seeded random test.
indirect enum Shape: Encodable, Equatable {
    case text(String), number(Int), flag(Bool), none
    case list([Shape])
    case object(a: Shape?, b: Shape?)

    func encode(to encoder: Encoder) throws {
        switch self {
        case .text(let s): var c = encoder.singleValueContainer(); try c.encode(s)
        case .number(let n): var c = encoder.singleValueContainer(); try c.encode(n)
        case .flag(let f): var c = encoder.singleValueContainer(); try c.encode(f)
        case .none: var c = encoder.singleValueContainer(); try c.encodeNil()
        case .list(let l): try l.encode(to: encoder)
        case .object(let a, let b): try Pair(a: a, b: b).encode(to: encoder)
        }
    }

    /// The synthesized `Encodable` of a struct with optional properties.
    struct Pair: Encodable {
        let a: Shape?
        let b: Shape?
    }

    static func random(_ r: inout RebuildFuzzTests.Random, depth: Int = 0) -> Shape {
        switch r.below(depth > 3 ? 4 : 6) {
        case 0: return .text(["", "a", "b", "ab"][r.below(4)])
        case 1: return .number(r.below(3))
        case 2: return .flag(r.below(2) == 1)
        case 3: return .none
        case 4: return .list((0..<r.below(3)).map { _ in random(&r, depth: depth + 1) })
        default:
            return .object(a: r.below(3) == 0 ? nil : random(&r, depth: depth + 1), b: r.below(3) == 0 ? nil : random(&r, depth: depth + 1))
        }
    }
}

@Suite struct FingerprintEncoderTests {
    func of(_ shape: Shape) -> String { Fingerprint.of(encoding: shape).hex }

    @Test func tellsShapesApart() {
        let inner = Shape.object(a: .number(1), b: nil)
        // {a: [{a: 1}], b: 2} and {a: [{a: 1, b: 2}]}: the same pieces at different depths.
        #expect(of(.object(a: .list([inner]), b: .number(2))) != of(.object(a: .list([.object(a: .number(1), b: .number(2))]), b: nil)))
        #expect(of(.list([.list([.text("a")]), .list([.text("b")])])) != of(.list([.list([.text("a"), .text("b")])])))
        #expect(of(.object(a: nil, b: .text("x"))) != of(.object(a: .text("x"), b: nil)))
        #expect(of(.text("")) != of(.none))
        #expect(of(.text("1")) != of(.number(1)))
        #expect(of(.flag(true)) != of(.number(1)))
        #expect(of(.list([.text("ab"), .text("c")])) != of(.list([.text("a"), .text("bc")])))
    }

    /// A prehashed part counts as its fingerprint, whatever it holds.
    @Test func prehashedPartsAreTheirFingerprint() {
        struct Holder: Encodable { let part: Prehashed<String> }
        let a = Fingerprint.of("one"), b = Fingerprint.of("two")
        var fa = Fingerprint(), fb = Fingerprint()
        fa.add("one"); fb.add("two")
        #expect(Fingerprint.of(encoding: Holder(part: Prehashed(value: "x", print: fa))).hex == Fingerprint.of(encoding: Holder(part: Prehashed(value: "y", print: fa))).hex)
        #expect(Fingerprint.of(encoding: Holder(part: Prehashed(value: "x", print: fa))).hex != Fingerprint.of(encoding: Holder(part: Prehashed(value: "x", print: fb))).hex)
        #expect(a != b)
    }

    /// Seeded random values: equal values have equal fingerprints, different values different ones.
    @Test func fingerprintsAreEqualExactlyWhenValuesAre() {
        var r = RebuildFuzzTests.Random(state: 20261202)
        var differing = 0
        for _ in 0..<3000 {
            let x = Shape.random(&r), y = Shape.random(&r)
            #expect((of(x) == of(y)) == (x == y), "\(x) and \(y)")
            if x != y { differing += 1 }
            #expect(of(x) == of(x))
        }
        #expect(differing > 2000)
    }
}

/// Lists of prehashed parts, as listings and step pages hold them by the thousand.
@Suite struct PrehashedListTests {
    struct Page: Encodable { let name: String; let list: [Prehashed<String>]; let after: Int }

    /// A list's print follows its parts' prints, in order, and never the values they carry.
    @Test func aListOfPartsIsThePrintsOfItsParts() {
        var r = RebuildFuzzTests.Random(state: 7)
        func print(_ text: String) -> Fingerprint { var f = Fingerprint(); f.add(text); return f }
        for _ in 0..<200 {
            let texts = (0..<r.below(6)).map { _ in ["a", "b", "ab", ""][r.below(4)] }
            let parts = texts.map { Prehashed(value: $0, print: print($0)) }
            let page = Fingerprint.of(encoding: Page(name: "x", list: parts, after: 1)).hex
            let otherValues = texts.map { Prehashed(value: $0 + "!", print: print($0)) }
            #expect(page == Fingerprint.of(encoding: Page(name: "x", list: otherValues, after: 1)).hex)
            #expect(page != Fingerprint.of(encoding: Page(name: "x", list: parts + [Prehashed(value: "z", print: print("z"))], after: 1)).hex)
            if !texts.isEmpty {
                let k = r.below(texts.count)
                var changed = parts
                changed[k] = Prehashed(value: texts[k], print: print(texts[k] + "?"))
                #expect(page != Fingerprint.of(encoding: Page(name: "x", list: changed, after: 1)).hex)
            }
        }
    }
}
