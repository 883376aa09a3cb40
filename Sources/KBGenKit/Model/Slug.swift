/// Lowercase a-z and 0-9, every other run of characters one `-`, none at either end.
/// Used for heading anchors and for product and tag page names, so it is also a safe file name.
public func slug(_ text: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var pendingDash = false
    for byte in text.utf8 {
        var b = byte
        if b >= 65 && b <= 90 { b += 32 }
        if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) {
            if pendingDash && !out.isEmpty { out.append(45) }
            pendingDash = false
            out.append(b)
        } else {
            pendingDash = true
        }
    }
    return String(decoding: out, as: UTF8.self)
}
