/// A link an item or channel declares: RSS `<link>` and `<enclosure>`, or an Atom `<link>`.
public struct FeedLink: Sendable, Equatable {
    /// The relation: `alternate` (the default), `enclosure`, `self`, `related`, …
    public var rel: String
    /// The target, resolved against `xml:base` and the feed's URL.
    public var href: String
    /// The declared media type, if any.
    public var type: String?
    /// The declared title, if any.
    public var title: String?
    /// The declared size in bytes, as written (feeds often put junk here).
    public var length: String?
    /// The language of the target, if declared.
    public var hreflang: String?

    /// A link; `rel` defaults to `alternate`, as in Atom.
    public init(rel: String = "alternate", href: String, type: String? = nil, title: String? = nil,
                length: String? = nil, hreflang: String? = nil) {
        self.rel = rel
        self.href = href
        self.type = type
        self.title = title
        self.length = length
        self.hreflang = hreflang
    }
}
