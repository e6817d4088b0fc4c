import CLibXML2

/// Resolution of relative references (RFC 3986), as libxml2 does it for `xml:base`.
public enum URIReference {
    /// Resolves `reference` against `base`: `articles/a.html` against `https://x.org/feed.xml` gives
    /// `https://x.org/articles/a.html`.
    ///
    /// Real feeds and pages carry references libxml2's strict parser refuses — spaces, non-ASCII paths
    /// (`/café/x`), a stray `%` — so those bytes are percent-encoded first, as browsers do. Returns `nil` when the
    /// reference still cannot be resolved; callers treat that as "no link", never as a relative URL.
    public static func resolve(_ reference: String, against base: String) -> String? {
        guard let built = xmlBuildURI(percentEncoded(reference.trimmingWhitespace),
                                      percentEncoded(base.trimmingWhitespace))
        else { return nil }
        defer { cxml_free(built) }
        return String(cString: built)
    }

    /// Percent-encodes the bytes RFC 3986 never allows raw in a URI — controls, space, non-ASCII, the backquote
    /// and `"<>\\^{|}` — and a `%` that does not start a valid escape. Everything else, reserved characters
    /// included, is kept.
    static func percentEncoded(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let needsEncoding = bytes.indices.contains { index in
            let byte = bytes[index]
            return byte == UInt8(ascii: "%") ? !isEscape(bytes, at: index) : mustEncode(byte)
        }
        guard needsEncoding else { return text }
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / 2)
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") ? !isEscape(bytes, at: index) : mustEncode(byte) {
                result.append(contentsOf: [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Whether the `%` at `index` starts a valid escape (two hexadecimal digits follow).
    private static func isEscape(_ bytes: [UInt8], at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index + 1].isHexDigit && bytes[index + 2].isHexDigit
    }

    /// Whether a byte other than `%` is never allowed raw in a URI.
    private static func mustEncode(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte >= 0x7F || unsafeASCII.contains(byte)
    }

    private static let unsafeASCII: Set<UInt8> = Set("\"<>\\^`{|}".utf8)
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
