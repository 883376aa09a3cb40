#if canImport(Glibc)
import Glibc

@_silgen_name("malloc_trim")
private func malloc_trim(_ pad: Int) -> Int32
#endif

/// Hands memory the last stage freed back to the system. An allocator keeps freed memory for
/// reuse, so without this a stage's short-lived data (search term counts, say) stays in the
/// process's footprint while the next stage adds its own on top.
///
/// The kbgen command runs on jemalloc (linked by its target), which is asked to purge every
/// arena; anything else that runs the stages (the tests) has glibc's malloc, which is trimmed.
enum FreedMemory {
    static func giveBack() {
        #if canImport(Glibc)
        typealias MallCtl = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?,
                                            UnsafeMutableRawPointer?, Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallctl") {
            // 4096 is MALLCTL_ARENAS_ALL.
            _ = unsafeBitCast(symbol, to: MallCtl.self)("arena.4096.purge", nil, nil, nil, 0)
        } else {
            _ = malloc_trim(0)
        }
        #endif
    }
}
