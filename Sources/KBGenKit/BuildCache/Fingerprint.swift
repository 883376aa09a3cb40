/// A 128-bit hash that is the same in every run (Swift's `Hasher` is seeded per process), used to
/// tell whether a page's inputs changed since the last build. Two independent 64-bit lanes over
/// 8-byte words; strong enough that a collision among a site's pages is not a practical concern.
struct Fingerprint: Hashable {
    private var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var length: UInt64 = 0

    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func word(_ w: UInt64) {
        a = Self.mix(a ^ w) &+ 0x9E37_79B9_7F4A_7C15
        b = (b &* 0xFF51_AFD7_ED55_8CCD) ^ Self.mix(w &+ b)
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            word(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            for k in 0..<(n - i) { tail |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
            word(tail)
        }
        // The length ends each piece, so ("ab", "c") and ("a", "bc") differ.
        word(UInt64(n) | 0x8000_0000_0000_0000)
        length &+= UInt64(n)
    }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(UnsafeRawBufferPointer($0)) }
    }

    mutating func add(_ value: Int) {
        word(UInt64(bitPattern: Int64(value)))
    }

    /// Another fingerprint's state, so that a part's fingerprint made once counts as its whole input.
    mutating func add(_ other: Fingerprint) {
        word(other.a)
        word(other.b)
        word(other.length)
    }

    /// The state, for a fingerprint kept in a file and taken up again (`LastBuild`).
    var state: [UInt64] { [a, b, length] }

    init() {}

    init?(state: [UInt64]) {
        guard state.count == 3 else { return nil }
        (a, b, length) = (state[0], state[1], state[2])
    }

    var hex: String {
        let x = Self.mix(a ^ length), y = Self.mix(b ^ (length &* 31))
        return String(x, radix: 16).leftPadded(16) + String(y, radix: 16).leftPadded(16)
    }

    static func of(_ text: String) -> String {
        var f = Fingerprint()
        f.add(text)
        return f.hex
    }

    /// The same print as `of(_:)` gives the text these UTF-8 bytes are.
    static func of(bytes: [UInt8]) -> String {
        var f = Fingerprint()
        bytes.withUnsafeBytes { f.add($0) }
        return f.hex
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// FNV-1a over bytes: a 64-bit hash that is the same in every run, cheap enough to take a byte
/// at a time as a word is read (step ids, search blocks, the search index's table of words).
enum FNV1a {
    static let seed: UInt64 = 0xCBF2_9CE4_8422_2325
    static func mix(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
    static func of(_ text: String) -> UInt64 { text.utf8.reduce(seed, mix) }
}
