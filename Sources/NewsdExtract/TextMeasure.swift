import Glibc

/// Text helpers shared by the passes: whitespace collapsing, counting, and the key used to spot repeats.
enum TextMeasure {
    /// Whether a scalar is white space as a reader sees it, including no-break and zero-width spaces.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F,
             0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// ``isSpace(_:)`` for an ASCII byte.
    @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// Collapses every run of white space to one space and trims both ends.
    ///
    /// On the UTF-8 bytes: ASCII bytes are copied or dropped as they stand, and only the scalars of other bytes are
    /// decoded (to recognise the non-ASCII spaces).
    static func collapse(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            // Never longer than the text: characters are copied or dropped, a run of spaces becomes one byte.
            String(unsafeUninitializedCapacity: bytes.count) { storage in
                collapse(bytes, into: storage)
            }
        }
    }

    /// Writes the collapsed text into `result` (with room for all of `bytes`) and returns its length.
    private static func collapse(_ bytes: UnsafeBufferPointer<UInt8>, into result: UnsafeMutableBufferPointer<UInt8>)
        -> Int
    {
        var count = 0
        var pendingSpace = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var end = index + 1
            if byte < 0x80 {
                if isASCIISpace(byte) {
                    pendingSpace = count > 0
                    index = end
                    continue
                }
            } else {
                let (scalar, length) = UTF8Bytes.scalar(in: bytes, at: index)
                end = index + length
                if isSpace(scalar) {
                    pendingSpace = count > 0
                    index = end
                    continue
                }
            }
            if pendingSpace {
                result[count] = 0x20
                count += 1
                pendingSpace = false
            }
            // The visible ASCII bytes that follow are copied with this character in one go.
            while end < bytes.count, bytes[end] < 0x80, !isASCIISpace(bytes[end]) { end += 1 }
            for offset in index..<end {
                result[count] = bytes[offset]
                count += 1
            }
            index = end
        }
        return count
    }

    /// Whether `text` contains any of `needles`, compared byte for byte in UTF-8 (no Foundation, no Unicode
    /// normalisation: callers pass lower-cased text and lower-case needles).
    static func contains(_ text: String, anyOf needles: [String]) -> Bool {
        var text = text
        return text.withUTF8 { haystack in
            needles.contains { needle in
                var needle = needle
                return needle.withUTF8 { contains(haystack, $0) }
            }
        }
    }

    /// Byte-for-byte substring search: the C library's `memchr` finds each candidate first byte (with vector
    /// instructions) and `memcmp` checks the rest, rather than comparing at every position.
    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count, let text = haystack.baseAddress, let wanted = needle.baseAddress else {
            return false
        }
        let rest = needle.count - 1
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            guard let found = memchr(text + start, Int32(first), last - start + 1) else { return false }
            let position = text.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if rest == 0 || memcmp(text + position + 1, wanted + 1, rest) == 0 { return true }
            start = position + 1
        }
        return false
    }

    /// The visible characters (non-space scalars) and commas of a run of text, counted in one pass.
    ///
    /// On the UTF-8 bytes: a scalar is counted at its lead byte, and only lead bytes of the few non-ASCII spaces and
    /// commas (`C2`, `E1`, `E2`, `E3`, `EF`) decode the scalar.
    static func count(_ text: String) -> (visible: Int, commas: Int) {
        var visible = 0
        var commas = 0
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    index += 1
                    if isASCIISpace(byte) { continue }
                    visible += 1
                    if byte == UInt8(ascii: ",") { commas += 1 }
                    continue
                }
                guard byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3 || byte == 0xEF else {
                    index += byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    visible += 1
                    continue
                }
                let (scalar, length) = UTF8Bytes.scalar(in: bytes, at: index)
                index += length
                guard !isSpace(scalar) else { continue }
                visible += 1
                if scalar == "\u{FF0C}" || scalar == "\u{3001}" { commas += 1 }
            }
        }
        return (visible, commas)
    }

    /// Lower-cased letters and digits only: two texts with the same key say the same thing, whatever their
    /// punctuation, spacing or case.
    ///
    /// On the UTF-8 bytes: only the scalars of non-ASCII bytes are decoded and asked for their properties.
    static func key(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            if UTF8Bytes.isASCII(bytes) {
                return UTF8Bytes.mapASCII(bytes, keyByte)
            }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            UTF8Bytes.forEachScalar(in: bytes) { scalar, encoded in
                if scalar.isASCII {
                    if let byte = keyByte(encoded[0]) { result.append(byte) }
                } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    UTF8Bytes.appendLowercase(of: scalar, encoded: encoded, to: &result)
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// An ASCII byte of a key: a letter lower-cased, a digit as it is, anything else `nil`.
    @inline(__always)
    private static func keyByte(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte | 0x20
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): byte
        default: nil
        }
    }

    /// `text.count` (characters), counted on the bytes when the text is ASCII, where every byte is a character
    /// except the LF of a CR LF pair.
    static func characterCount(_ text: String) -> Int {
        var text = text
        let ascii = text.withUTF8 { bytes -> Int? in
            var count = bytes.count
            var previous: UInt8 = 0
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte == 0x0A, previous == 0x0D { count -= 1 }
                previous = byte
            }
            return count
        }
        return ascii ?? text.count
    }

    /// The number of words: space-separated tokens, plus one for every two characters of Chinese or Japanese
    /// script (U+3000–U+9FFF), which does not separate words by spaces.
    static func wordCount(_ collapsed: String) -> Int {
        guard !collapsed.isEmpty else { return 0 }
        var collapsed = collapsed
        return collapsed.withUTF8 { bytes in
            var spaces = 0
            var ideographs = 0
            for byte in bytes {
                if byte == 0x20 {
                    spaces += 1
                } else if byte >= 0xE3, byte <= 0xE9 {
                    ideographs += 1
                }
            }
            return spaces + 1 + ideographs / 2
        }
    }
}

/// Decoding single scalars out of valid UTF-8 (a Swift string's own bytes) where byte loops meet non-ASCII text.
enum UTF8Bytes {
    /// Whether every byte is ASCII.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for byte in bytes { any |= byte }
        return any < 0x80
    }

    /// A string of all-ASCII `bytes` mapped one by one (`nil` drops a byte), written straight into its storage: it is
    /// never longer than `bytes`.
    @inline(__always)
    static func mapASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ transform: (UInt8) -> UInt8?) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { result in
            var count = 0
            for byte in bytes {
                guard let mapped = transform(byte) else { continue }
                result[count] = mapped
                count += 1
            }
            return count
        }
    }

    /// Appends the lower case of `scalar`, whose UTF-8 is `encoded`: those bytes as they stand when lower-casing does
    /// not change the scalar, without building the `String` of `lowercaseMapping`.
    static func appendLowercase(of scalar: Unicode.Scalar, encoded: UnsafeBufferPointer<UInt8>, to result: inout [UInt8]) {
        if scalar.properties.changesWhenLowercased {
            for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                UTF8.encode(lower) { result.append($0) }
            }
        } else {
            result.append(contentsOf: encoded)
        }
    }

    /// An ASCII byte lower-cased.
    @inline(__always)
    static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Calls `body` with every scalar of `bytes` and its UTF-8, in order; ASCII bytes are not decoded.
    @inline(__always)
    static func forEachScalar(in bytes: UnsafeBufferPointer<UInt8>,
                              _ body: (Unicode.Scalar, UnsafeBufferPointer<UInt8>) -> Void) {
        var index = 0
        while index < bytes.count {
            let (scalar, length) = bytes[index] < 0x80 ? (Unicode.Scalar(bytes[index]), 1) : scalar(in: bytes, at: index)
            body(scalar, UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
            index += length
        }
    }

    /// The scalar whose lead byte is at `index`, and its length in bytes.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}
