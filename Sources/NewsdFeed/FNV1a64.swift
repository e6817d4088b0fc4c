/// The 64-bit FNV-1a hash: fixed, fast and identical in every process, for identities that are persisted.
struct FNV1a64: Sendable {
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    private(set) var value: UInt64 = FNV1a64.offsetBasis

    /// Feeds bytes into the hash.
    mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= Self.prime
        }
    }

    /// Feeds a string's UTF-8 bytes into the hash.
    mutating func combine(_ text: String) {
        combine(text.utf8)
    }

    /// The hash as 16 lower-case hexadecimal digits.
    var hexDigest: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
