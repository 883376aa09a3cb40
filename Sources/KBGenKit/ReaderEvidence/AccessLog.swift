import Glibc

/// One request of a web server's access log, as far as readers' evidence needs it.
public struct LoggedRequest: Sendable, Equatable {
    /// The line of the log it was on, from 1.
    public var line: Int
    /// Seconds since 1970, UTC.
    public var time: Int
    /// `YYYY-MM-DD`, UTC.
    public var day: String
    public var client: String
    public var agent: String
    /// The path asked for, without its query string, as the log writes it.
    public var path: String
    public var query: String
    public var status: Int
}

/// Access logs in the combined format (nginx, Apache) and IIS's W3C extended format, read line by
/// line; a log may hold both (IIS's `#Fields:` line says which fields follow).
public struct AccessLog {
    /// A line that is neither: its number and what is wrong.
    public struct Malformed: Sendable, Equatable {
        public var line: Int
        public var reason: String
    }

    public private(set) var requests: [LoggedRequest] = []
    public private(set) var malformed: [Malformed] = []

    /// - Parameter names: the file names to keep requests for (`feedback.html`), under any folder;
    ///   other lines are looked at only as far as the path they ask for, on bytes.
    public init(_ log: [UInt8], keeping names: [String]) {
        let wanted = names.map { Array($0.utf8) }
        log.withUnsafeBufferPointer { bytes in
            var fields: [String]?, stem: Int?
            var start = 0, number = 0
            while start < bytes.count {
                let end = Self.lineEnd(bytes, from: start)
                number += 1
                let last = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
                defer { start = end + 1 }
                guard last > start else { continue }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<last])
                if line[0] == 0x23 {
                    let text = String(decoding: line, as: UTF8.self)
                    if text.hasPrefix("#Fields:") {
                        fields = text.dropFirst(8).split(separator: " ").map(String.init)
                        stem = fields?.firstIndex(of: "cs-uri-stem")
                    }
                    continue
                }
                guard let path = fields == nil ? Self.combinedPath(line) : stem.flatMap({ Self.field($0, of: line) }) else {
                    malformed.append(Malformed(line: number, reason: fields == nil ? "not a line of the combined log format" : "no cs-uri-stem"))
                    continue
                }
                guard wanted.contains(where: { Self.path(path, endsWith: $0) }) else { continue }
                let parsed = fields.map { W3C.request(Substring(String(decoding: line, as: UTF8.self)), fields: $0, number: number) }
                    ?? Combined.request(line, number: number)
                switch parsed {
                case .request(let request): requests.append(request)
                case .other: continue
                case .malformed(let reason): malformed.append(Malformed(line: number, reason: reason))
                }
            }
        }
    }

    /// Where the line that starts at `start` ends: its line feed, or the end.
    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress, let hit = memchr(base + start, 0x0A, bytes.count - start) else { return bytes.count }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// The path a combined-format line asks for: after the first quote and the method, up to a
    /// space, `?` or quote.
    static func combinedPath(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard let quote = line.firstIndex(of: 0x22), let space = line[(quote + 1)...].firstIndex(of: 0x20) else { return nil }
        let from = space + 1
        var to = from
        while to < line.count, line[to] != 0x20, line[to] != 0x3F, line[to] != 0x22 { to += 1 }
        return UnsafeBufferPointer(rebasing: line[from..<to])
    }

    /// The `index`-th space-separated field of a W3C line.
    static func field(_ index: Int, of line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var from = 0
        for _ in 0..<index {
            guard let space = line[from...].firstIndex(of: 0x20) else { return nil }
            from = space + 1
        }
        let to = line[from...].firstIndex(of: 0x20) ?? line.count
        return UnsafeBufferPointer(rebasing: line[from..<to])
    }

    /// True when `path` is `name`, or ends in `/name`.
    static func path(_ path: UnsafeBufferPointer<UInt8>, endsWith name: [UInt8]) -> Bool {
        guard path.count >= name.count, path.suffix(name.count).elementsEqual(name) else { return false }
        return path.count == name.count || path[path.count - name.count - 1] == 0x2F
    }

    enum Parsed {
        case request(LoggedRequest)
        case other
        case malformed(String)
    }

    /// The parts of a query string, `+` and percent-escapes decoded.
    public static func queryValues(_ query: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decoded(parts[0]), value = parts.count > 1 ? decoded(parts[1]) : ""
            if values[key] == nil { values[key] = value }
        }
        return values
    }

    static func decoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let b = utf8.first {
            utf8 = utf8.dropFirst()
            if b == 0x2B { bytes.append(0x20); continue }
            if b == 0x25, utf8.count >= 2, let high = hex(utf8[utf8.startIndex]), let low = hex(utf8[utf8.startIndex + 1]) {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
                continue
            }
            bytes.append(b)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x37
        case 0x61...0x66: return b - 0x57
        default: return nil
        }
    }

    /// Days since 1970 of a calendar day (the proleptic Gregorian calendar).
    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func dayText(_ year: Int, _ month: Int, _ day: Int) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// The UTC day of a time.
    static func dayText(seconds: Int) -> String {
        let z = seconds / 86400 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return dayText(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// `client - user [03/Dec/2026:10:00:00 +0100] "GET /path?query HTTP/1.1" 200 512 "referer" "agent"`,
/// read on bytes: a log has millions of lines.
enum Combined {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map { Array($0.utf8) }

    static func request(_ line: UnsafeBufferPointer<UInt8>, number: Int) -> AccessLog.Parsed {
        guard let space = line.firstIndex(of: 0x20), let open = line.firstIndex(of: 0x5B),
              let close = line[open...].firstIndex(of: 0x5D), let quote = line[close...].firstIndex(of: 0x22) else {
            return .malformed("not a line of the combined log format")
        }
        guard let requestEnd = closingQuote(line, from: quote + 1) else { return .malformed("the request is not closed by a quote") }
        // The request: method, target, protocol.
        guard let methodEnd = line[(quote + 1)..<requestEnd].firstIndex(of: 0x20) else { return .other }
        let targetEnd = line[(methodEnd + 1)..<requestEnd].firstIndex(of: 0x20) ?? requestEnd
        let target = line[(methodEnd + 1)..<targetEnd]
        let mark = target.firstIndex(of: 0x3F)
        var i = requestEnd + 1
        while i < line.count, line[i] == 0x20 { i += 1 }
        var status = 0, digits = 0
        while i < line.count, line[i] >= 0x30, line[i] <= 0x39 { status = status * 10 + Int(line[i] - 0x30); digits += 1; i += 1 }
        guard digits == 3 else { return .malformed("no status after the request") }
        guard let (time, day) = timestamp(UnsafeBufferPointer(rebasing: line[(open + 1)..<close])) else {
            return .malformed("the time is not dd/Mon/yyyy:hh:mm:ss +zzzz")
        }
        // The user agent is the last quoted field.
        var agent = ""
        if line.count > requestEnd + 2, line[line.count - 1] == 0x22, let start = line[(requestEnd + 1)..<(line.count - 1)].lastIndex(of: 0x22) {
            agent = text(line[(start + 1)..<(line.count - 1)])
        }
        return .request(LoggedRequest(line: number, time: time, day: day, client: text(line[..<space]), agent: agent,
                                      path: text(line[target.startIndex..<(mark ?? target.endIndex)]),
                                      query: mark.map { text(line[($0 + 1)..<target.endIndex]) } ?? "", status: status))
    }

    static func text(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self)
    }

    /// The quote that ends a quoted field starting at `start` (a `\"` inside does not).
    static func closingQuote(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        while i < line.count {
            if line[i] == 0x5C { i += 2; continue }
            if line[i] == 0x22 { return i }
            i += 1
        }
        return nil
    }

    /// `03/Dec/2026:10:00:00 +0100` as seconds since 1970 and the UTC day.
    static func timestamp(_ t: UnsafeBufferPointer<UInt8>) -> (Int, String)? {
        guard t.count == 26, t[2] == 0x2F, t[6] == 0x2F, t[11] == 0x3A, t[14] == 0x3A, t[17] == 0x3A, t[20] == 0x20,
              t[21] == 0x2B || t[21] == 0x2D else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for k in range {
                guard t[k] >= 0x30, t[k] <= 0x39 else { return nil }
                n = n * 10 + Int(t[k] - 0x30)
            }
            return n
        }
        guard let day = number(0..<2), let year = number(7..<11), let h = number(12..<14), let m = number(15..<17),
              let s = number(18..<20), let zone = number(22..<26),
              let month = months.firstIndex(where: { $0.elementsEqual(t[3..<6]) }) else { return nil }
        let offset = (t[21] == 0x2D ? -1 : 1) * ((zone / 100) * 3600 + (zone % 100) * 60)
        let time = AccessLog.days(year, month + 1, day) * 86400 + h * 3600 + m * 60 + s - offset
        return (time, AccessLog.dayText(seconds: time))
    }
}

/// IIS's W3C extended format: space-separated fields named by the last `#Fields:` line, `-` for
/// none, `+` for spaces in the user agent, times in UTC.
enum W3C {
    static func request(_ line: Substring, fields: [String], number: Int) -> AccessLog.Parsed {
        let values = line.split(separator: " ", omittingEmptySubsequences: false)
        guard values.count == fields.count else { return .malformed("\(values.count) fields where #Fields: names \(fields.count)") }
        func value(_ name: String) -> Substring? {
            fields.firstIndex(of: name).map { values[$0] }.flatMap { $0 == "-" ? nil : $0 }
        }
        guard let path = value("cs-uri-stem") else { return .malformed("no cs-uri-stem") }
        guard let date = value("date"), let clock = value("time") else { return .malformed("no date or time") }
        let d = date.split(separator: "-").compactMap { Int($0) }, t = clock.split(separator: ":").compactMap { Int($0) }
        guard d.count == 3, t.count == 3, (1...12).contains(d[1]) else { return .malformed("the date or time is not yyyy-mm-dd hh:mm:ss") }
        guard let statusText = value("sc-status"), let status = Int(statusText) else { return .malformed("no sc-status") }
        let time = AccessLog.days(d[0], d[1], d[2]) * 86400 + t[0] * 3600 + t[1] * 60 + t[2]
        return .request(LoggedRequest(line: number, time: time, day: AccessLog.dayText(d[0], d[1], d[2]),
                                      client: String(value("c-ip") ?? ""), agent: (value("cs(User-Agent)") ?? "").replacingOccurrences(of: "+", with: " "),
                                      path: String(path), query: String(value("cs-uri-query") ?? ""), status: status))
    }
}
