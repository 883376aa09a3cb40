#if canImport(Glibc)
import Glibc

@_silgen_name("malloc_trim")
private func malloc_trim(_ pad: Int) -> Int32
#endif

/// Hands memory the last stage freed back to the system. glibc keeps freed memory in each
/// thread's heap for reuse, so without this a stage's short-lived data (search term counts, say)
/// stays in the process's footprint while the next stage adds its own on top.
enum FreedMemory {
    static func giveBack() {
        #if canImport(Glibc)
        _ = malloc_trim(0)
        #endif
    }
}
