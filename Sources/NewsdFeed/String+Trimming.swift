#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// The string without leading and trailing whitespace and newlines.
    var trimmingSpaces: String {
        // Fast path: ASCII, non-space at both ends (most feed text).
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return self
        }
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }

    /// Whether the UTF-8 form contains `byte` (an ASCII character), without Foundation's locale-aware search.
    func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        } ?? utf8.contains(byte)
    }

    /// The string, or `nil` when it is empty.
    var nonEmpty: String? {
        isEmpty ? nil : self
    }
}
