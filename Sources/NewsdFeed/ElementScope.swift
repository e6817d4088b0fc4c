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
        guard !base.isEmpty else { return trimmed }
        return URIReference.resolve(trimmed, against: base)
    }
}
