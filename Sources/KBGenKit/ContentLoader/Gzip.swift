import CZlib

/// gzip through zlib, for access logs that web servers rotate compressed. The decoder and the
/// encoder (which tests and the benchmark make logs with) are kept side by side.
public enum Gzip {
    /// True when the bytes start as a gzip stream does.
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The bytes of every member of a gzip stream, one after the other (as `zcat` gives them);
    /// nil when the stream is damaged or cut short.
    public static func decompress(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var input = bytes[...]
        while !input.isEmpty {
            guard let (member, used) = member(input) else { return nil }
            out += member
            input = input.dropFirst(used)
            // Some writers pad the end with zeros.
            if input.allSatisfy({ $0 == 0 }) { break }
        }
        return out
    }

    /// One member: its bytes and how many input bytes it took.
    private static func member(_ input: ArraySlice<UInt8>) -> ([UInt8], Int)? {
        var stream = z_stream()
        // 16 + 15: a gzip header and the largest window.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        return input.withUnsafeBufferPointer { source -> ([UInt8], Int)? in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                out += chunk[..<(chunk.count - Int(stream.avail_out))]
                if status == Z_STREAM_END { return (out, source.count - Int(stream.avail_in)) }
                guard status == Z_OK, stream.avail_in > 0 || stream.avail_out == 0 else { return nil }
            }
        }
    }

    /// The bytes as one gzip member.
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                             ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return [] }
        defer { deflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        bytes.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            var status = Z_OK
            repeat {
                status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return deflate(&stream, Z_FINISH)
                }
                out += chunk[..<(chunk.count - Int(stream.avail_out))]
            } while status == Z_OK
        }
        return out
    }
}
