internal import NewsdXML

/// What an element inherits from its ancestors: the base URL (`xml:base`, then the feed's own URL) and the
/// language (`xml:lang`).
struct ElementScope {
    /// The URL relative references resolve against.
    var base: String
    /// The inherited `xml:lang`, if any; empty when an element declared a blank one (no language).
    var language: String?

    /// The scope inside `node`, applying its `xml:base` (itself relative to the outer base) and `xml:lang`.
    /// An `xml:base` that cannot be resolved is ignored: the outer base stays, never the raw relative text.
    func entering(_ node: MarkupNode) -> ElementScope {
        var scope = self
        if let base = node.attribute("base", namespace: Namespace.xml)?.trimmingSpaces, !base.isEmpty,
           let resolved = URIReference.resolve(base, against: self.base) {
            scope.base = resolved
        }
        if let language = node.attribute("lang", namespace: Namespace.xml)?.trimmingSpaces {
            scope.language = Self.languageTag(language)
        }
        return scope
    }

    /// A language tag as BCP 47 writes it: `en_US` → `en-US`.
    static func languageTag(_ text: String) -> String {
        String(text.map { $0 == "_" ? "-" : $0 })
    }

    /// A reference made absolute against the base (spaces and non-ASCII characters percent-encoded); `nil` when
    /// it cannot be resolved, which callers treat as no link. Without a base the reference is returned as written.
    func resolve(_ reference: String) -> String? {
        let trimmed = reference.trimmingSpaces
        guard !trimmed.isEmpty else { return nil }
        guard !base.isEmpty, !Self.isPlainAbsoluteURL(trimmed) else { return trimmed }
        if trimmed.utf8.first == UInt8(ascii: "/"), let origin = Self.origin(of: base),
           Self.isPlainAbsoluteURL(origin + trimmed) {
            // An absolute path on a web base: the base's scheme and host, then the path (RFC 3986, 5.2.2).
            return origin + trimmed
        }
        return URIReference.resolve(trimmed, against: base)
    }

    /// `scheme://authority` of an http(s) or file URL, or `nil` for other URLs.
    static func origin(of url: String) -> String? {
        let utf8 = Array(url.utf8)
        if utf8.starts(with: "file:///".utf8) { return "file://" }
        let schemeLength = utf8.starts(with: "https://".utf8) ? 8 : utf8.starts(with: "http://".utf8) ? 7 : 0
        guard schemeLength > 0 else { return nil }
        let end = utf8[schemeLength...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?")
            || $0 == UInt8(ascii: "#") } ?? utf8.count
        guard end > schemeLength else { return nil }
        return String(decoding: utf8[..<end], as: UTF8.self)
    }

    /// Whether `reference` is an absolute http(s) or file URL of plain URL characters, which resolves to itself.
    static func isPlainAbsoluteURL(_ reference: String) -> Bool {
        let utf8 = reference.utf8
        guard utf8.starts(with: "http://".utf8) || utf8.starts(with: "https://".utf8)
            || utf8.starts(with: "file:///".utf8)
        else { return false }
        let excluded: [UInt8] = Array("\"<>\\^`{|}".utf8)
        guard utf8.allSatisfy({ (0x21...0x7E).contains($0) && !excluded.contains($0) }) else { return false }
        // No dot segments, which resolution would remove.
        for segment in utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst(3) {
            let name = Array(segment.prefix { $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") })
            if name == [0x2E] || name == [0x2E, 0x2E] { return false }
            if segment.contains(UInt8(ascii: "?")) || segment.contains(UInt8(ascii: "#")) { break }
        }
        return true
    }
}
