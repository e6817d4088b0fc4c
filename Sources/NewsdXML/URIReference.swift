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
        var result = ""
        result.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "%") {
                let isEscape = index + 2 < bytes.count && bytes[index + 1].isHexDigit && bytes[index + 2].isHexDigit
                result += isEscape ? "%" : "%25"
            } else if byte <= 0x20 || byte >= 0x7F || Self.unsafeASCII.contains(byte) {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            } else {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return result
    }

    private static let unsafeASCII: Set<UInt8> = Set("\"<>\\^`{|}".utf8)
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
