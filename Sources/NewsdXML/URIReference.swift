import CLibXML2

/// Resolution of relative references (RFC 3986), as libxml2 does it for `xml:base`.
public enum URIReference {
    /// Resolves `reference` against `base`: `articles/a.html` against `https://x.org/feed.xml` gives
    /// `https://x.org/articles/a.html`. Returns `nil` when either cannot be parsed.
    public static func resolve(_ reference: String, against base: String) -> String? {
        let trimmed = reference.trimmingWhitespace
        guard let built = xmlBuildURI(trimmed, base) else { return nil }
        defer { cxml_free(built) }
        return String(cString: built)
    }
}
