/// Normalisation and hashing of single paragraphs.
///
/// Two copies of one paragraph differ in typography more than in words: curly or straight quotes, dashes, spacing,
/// case. Normalisation keeps only lower-cased letters and digits separated by single spaces, so those differences
/// vanish, and the hash is a fixed FNV-1a 64 (never Swift's per-process seeded `Hasher`), so it can be stored.
public enum ParagraphFingerprint {
    /// Lower-cases letters, keeps letters and digits, and turns every other run of characters into one space.
    ///
    /// ASCII, nearly all of most pages' text, is classified on its bytes; only other scalars consult Unicode's
    /// properties (which dominated extraction and the story desk's time when every scalar went through them).
    public static func normalize(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let keep: Bool
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                if byte == UInt8(ascii: "'") { continue }
                keep = (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
            } else {
                // An apostrophe joins a word ("don't"), it does not split it.
                if scalar == "\u{2019}" { continue }
                keep = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            }
            guard keep else {
                pendingSpace = true
                continue
            }
            if pendingSpace, !result.isEmpty { result.append(UInt8(ascii: " ")) }
            pendingSpace = false
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                result.append(byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte)
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// FNV-1a, 64 bits, over the UTF-8 bytes.
    public static func hash(_ normalized: String) -> UInt64 {
        hash(bytes: normalized.utf8)
    }

    /// FNV-1a, 64 bits, over `bytes`: newsd's one fixed hash for what is persisted (paragraph and template keys,
    /// story ids, source-file fingerprints), the same in every process, unlike Swift's seeded `Hasher`.
    ///
    /// - Parameter seed: the hash of bytes that come before these (FNV-1a has no finalisation, so hashing `a` and
    ///   then continuing with `b` gives the hash of `a` followed by `b`); by default nothing comes before.
    @inlinable
    public static func hash<Bytes: Sequence<UInt8>>(bytes: Bytes, continuing seed: UInt64 = fnvOffsetBasis)
        -> UInt64
    {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= fnvPrime
        }
        return hash
    }

    /// FNV-1a's 64-bit parameters; ``WordShingles`` hashes words with them inline, byte by byte.
    @usableFromInline static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    @usableFromInline static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3
}
