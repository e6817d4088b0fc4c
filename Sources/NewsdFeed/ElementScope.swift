internal import NewsdXML

/// What an element inherits from its ancestors: the base URL (`xml:base`, then the feed's own URL) and the
/// language (`xml:lang`).
struct ElementScope {
    /// The URL relative references resolve against.
    var base: String
    /// The inherited `xml:lang`, if any; empty when an element declared a blank one (no language).
    var language: String?

    /// The scope around a document's root element.
    init(base: String, language: String? = nil) {
        self.base = base
        self.language = language
    }

    /// The scope around the root of a document fetched from `url`, whose server may have named where the body
    /// lives (`Content-Location`, resolved against `url`; ignored when it cannot be resolved) and its language
    /// (`Content-Language`), which stand in for an `xml:base` and `xml:lang` around the root, as in feedparser.
    init(url: String, contentLocation: String?, contentLanguage: String?) {
        let location = contentLocation?.trimmingSpaces.nonEmpty
        base = location.flatMap { ElementScope(base: url).resolve($0) } ?? url
        language = contentLanguage?.trimmingSpaces.nonEmpty.map(Self.languageTag)
    }

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
        reference.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.starts(with: "http://".utf8) || bytes.starts(with: "https://".utf8)
                || bytes.starts(with: "file:///".utf8)
            else { return false }
            // A port must be digits (`http://host:port/` is no URL).
            let authorityStart = bytes.starts(with: "https://".utf8) ? 8 : 7
            let authority = bytes[authorityStart...].prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?")
                && $0 != UInt8(ascii: "#") }
            let hostAndPort = authority.split(separator: UInt8(ascii: "@")).last ?? authority[...]
            if let colon = hostAndPort.lastIndex(of: UInt8(ascii: ":")), hostAndPort.first != UInt8(ascii: "["),
               !hostAndPort[(colon + 1)...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                return false
            }
            var previous: UInt8 = 0
            for (index, byte) in bytes.enumerated() {
                guard plainURLBytes[Int(byte)] else { return false }
                if previous == UInt8(ascii: "/"), byte == UInt8(ascii: "."), index > 7 {
                    // A dot segment (`/./`, `/../`, or one at the end), which resolution would remove.
                    let rest = bytes[(index + 1)...].prefix(2)
                    if rest.isEmpty || rest.first == UInt8(ascii: "/") || rest.first == UInt8(ascii: "?")
                        || rest.first == UInt8(ascii: "#") || rest.elementsEqual([0x2E])
                        || rest.elementsEqual([0x2E, 0x2F]) {
                        return false
                    }
                }
                previous = byte
            }
            return true
        } ?? false
    }

    /// The bytes a URL may hold as written: printable ASCII but for `"<>\^`{|}` and the space.
    private static let plainURLBytes: [Bool] = (0..<256).map { byte in
        (0x21...0x7E).contains(byte) && !"\"<>\\^`{|}".utf8.contains(UInt8(byte))
    }
}
