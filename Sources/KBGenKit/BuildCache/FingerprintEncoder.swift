/// Fingerprints any `Encodable` value: every stored property a type's synthesized `Encodable`
/// writes is part of the fingerprint, so a page's inputs cannot have a part its key leaves out.
/// Each piece is tagged with its depth in the value and its kind, so that two different values
/// never write the same sequence ({x: [{p: 1}], y: 2} and {x: [{p: 1, y: 2}]} differ).
extension Fingerprint {
    static func of<Value: Encodable>(encoding value: Value) -> Fingerprint {
        let sink = FingerprintSink()
        // The encoders below never throw.
        try? value.encode(to: FingerprintEncoder(sink: sink, depth: 0))
        return sink.print
    }
}

extension Prehashed where Value: Encodable {
    /// A value that many pages show (an article in listings), fingerprinted once by its encoding.
    init(encoding value: Value) {
        self.init(value: value, print: Fingerprint.of(encoding: value))
    }
}

/// A part of a page's inputs that is fingerprinted once for the whole build (an article, a
/// step's text) rather than for every page that shows it: it encodes as its fingerprint. The
/// value is kept in a box, so that the lists of them that pages share (listings by the
/// thousand) copy one reference per part, not every text of it.
struct Prehashed<Value>: Encodable {
    private let box: Box
    let print: Fingerprint

    var value: Value { box.value }

    init(value: Value, print: Fingerprint) {
        box = Box(value)
        self.print = print
    }

    private final class Box {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// The fingerprint encoder takes the fingerprint as it is; any other encoder gets its state.
    func encode(to encoder: Encoder) throws {
        if let fingerprinting = encoder as? FingerprintEncoder {
            fingerprinting.sink.tag(fingerprinting.depth, .prehashed)
            fingerprinting.sink.print.add(print)
            return
        }
        var c = encoder.singleValueContainer()
        try c.encode(print.state)
    }
}

/// The box is never changed once made, so a prehashed value is as safe to share as its value.
extension Prehashed: @unchecked Sendable where Value: Sendable {}

final class FingerprintSink {
    var print = Fingerprint()

    enum Kind: Int { case object = 1, list, element, key, null, text, number, flag, decimal, prehashed }

    func tag(_ depth: Int, _ kind: Kind) { print.add(depth << 4 | kind.rawValue) }
    func text(_ depth: Int, _ s: String) { tag(depth, .text); print.add(s) }
    func number(_ depth: Int, _ n: Int) { tag(depth, .number); print.add(n) }
}

struct FingerprintEncoder: Encoder {
    let sink: FingerprintSink
    let depth: Int
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        sink.tag(depth, .object)
        return KeyedEncodingContainer(KeyedFingerprint<Key>(sink: sink, depth: depth))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        sink.tag(depth, .list)
        return UnkeyedFingerprint(sink: sink, depth: depth)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleFingerprint(sink: sink, depth: depth) }
}

/// Primitive values, written the same by all three kinds of container.
protocol FingerprintWriter {
    var sink: FingerprintSink { get }
    var depth: Int { get }
}

extension FingerprintWriter {
    func write(_ value: String) { sink.text(depth, value) }
    func write(_ value: Bool) { sink.tag(depth, .flag); sink.print.add(value ? 1 : 0) }
    func write(_ value: Double) { sink.tag(depth, .decimal); sink.print.add(Int(truncatingIfNeeded: value.bitPattern)) }
    func write<I: BinaryInteger>(integer value: I) { sink.number(depth, Int(truncatingIfNeeded: value)) }
    /// Texts, numbers and flags directly, told apart by their type, which costs less than a
    /// cast; any other value through its own encoding, one level deeper.
    func write<T: Encodable>(_ value: T) throws {
        if T.self == String.self { return write(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return write(integer: unsafeBitCast(value, to: Int.self)) }
        if T.self == Bool.self { return write(unsafeBitCast(value, to: Bool.self)) }
        try value.encode(to: FingerprintEncoder(sink: sink, depth: depth + 1))
    }
}

struct KeyedFingerprint<Key: CodingKey>: KeyedEncodingContainerProtocol, FingerprintWriter {
    let sink: FingerprintSink
    let depth: Int
    var codingPath: [CodingKey] { [] }

    func key(_ key: Key) { sink.tag(depth, .key); sink.print.add(key.stringValue) }

    mutating func encodeNil(forKey key: Key) { self.key(key); sink.tag(depth, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) { self.key(key); write(value) }
    mutating func encode(_ value: String, forKey key: Key) { self.key(key); write(value) }
    mutating func encode(_ value: Double, forKey key: Key) { self.key(key); write(value) }
    mutating func encode(_ value: Float, forKey key: Key) { self.key(key); write(Double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) { self.key(key); write(integer: value) }
    mutating func encode(_ value: Int8, forKey key: Key) { self.key(key); write(integer: value) }
    mutating func encode(_ value: Int16, forKey key: Key) { self.key(key); write(integer: value) }
    mutating func encode(_ value: Int32, forKey key: Key) { self.key(key); write(integer: value) }
    mutating func encode(_ value: Int64, forKey key: Key) { self.key(key); write(integer: value) }
    mutating func encode(_ value: UInt, forKey key: Key) { self.key(key); write(integer: value) }
    mutating func encode(_ value: UInt8, forKey key: Key) { self.key(key); write(integer: value) }
    mutating func encode(_ value: UInt16, forKey key: Key) { self.key(key); write(integer: value) }
    mutating func encode(_ value: UInt32, forKey key: Key) { self.key(key); write(integer: value) }
    mutating func encode(_ value: UInt64, forKey key: Key) { self.key(key); write(integer: value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { self.key(key); try write(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        self.key(key)
        return FingerprintEncoder(sink: sink, depth: depth + 1).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        self.key(key)
        return FingerprintEncoder(sink: sink, depth: depth + 1).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { FingerprintEncoder(sink: sink, depth: depth + 1) }
    mutating func superEncoder(forKey key: Key) -> Encoder { self.key(key); return FingerprintEncoder(sink: sink, depth: depth + 1) }
}

struct UnkeyedFingerprint: UnkeyedEncodingContainer, FingerprintWriter {
    let sink: FingerprintSink
    let depth: Int
    var codingPath: [CodingKey] { [] }
    private(set) var count = 0

    init(sink: FingerprintSink, depth: Int) {
        self.sink = sink
        self.depth = depth
    }

    mutating func element() { sink.tag(depth, .element); count += 1 }

    mutating func encodeNil() { element(); sink.tag(depth, .null) }
    mutating func encode(_ value: Bool) { element(); write(value) }
    mutating func encode(_ value: String) { element(); write(value) }
    mutating func encode(_ value: Double) { element(); write(value) }
    mutating func encode(_ value: Float) { element(); write(Double(value)) }
    mutating func encode(_ value: Int) { element(); write(integer: value) }
    mutating func encode(_ value: Int8) { element(); write(integer: value) }
    mutating func encode(_ value: Int16) { element(); write(integer: value) }
    mutating func encode(_ value: Int32) { element(); write(integer: value) }
    mutating func encode(_ value: Int64) { element(); write(integer: value) }
    mutating func encode(_ value: UInt) { element(); write(integer: value) }
    mutating func encode(_ value: UInt8) { element(); write(integer: value) }
    mutating func encode(_ value: UInt16) { element(); write(integer: value) }
    mutating func encode(_ value: UInt32) { element(); write(integer: value) }
    mutating func encode(_ value: UInt64) { element(); write(integer: value) }
    mutating func encode<T: Encodable>(_ value: T) throws { element(); try write(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        element()
        return FingerprintEncoder(sink: sink, depth: depth + 1).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        element()
        return FingerprintEncoder(sink: sink, depth: depth + 1).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { element(); return FingerprintEncoder(sink: sink, depth: depth + 1) }
}

struct SingleFingerprint: SingleValueEncodingContainer, FingerprintWriter {
    let sink: FingerprintSink
    let depth: Int
    var codingPath: [CodingKey] { [] }

    mutating func encodeNil() { sink.tag(depth, .null) }
    mutating func encode(_ value: Bool) { write(value) }
    mutating func encode(_ value: String) { write(value) }
    mutating func encode(_ value: Double) { write(value) }
    mutating func encode(_ value: Float) { write(Double(value)) }
    mutating func encode(_ value: Int) { write(integer: value) }
    mutating func encode(_ value: Int8) { write(integer: value) }
    mutating func encode(_ value: Int16) { write(integer: value) }
    mutating func encode(_ value: Int32) { write(integer: value) }
    mutating func encode(_ value: Int64) { write(integer: value) }
    mutating func encode(_ value: UInt) { write(integer: value) }
    mutating func encode(_ value: UInt8) { write(integer: value) }
    mutating func encode(_ value: UInt16) { write(integer: value) }
    mutating func encode(_ value: UInt32) { write(integer: value) }
    mutating func encode(_ value: UInt64) { write(integer: value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try write(value) }
}
