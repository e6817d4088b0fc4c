/// A file attached to an item: RSS `<enclosure>` or an Atom `<link rel="enclosure">`.
public struct FeedEnclosure: Sendable, Equatable {
    /// The file's URL, resolved against `xml:base` and the feed's URL.
    public var href: String
    /// The declared media type, if any.
    public var type: String?
    /// The declared size in bytes, as written.
    public var length: String?

    /// An attachment with its optional media type and size.
    public init(href: String, type: String? = nil, length: String? = nil) {
        self.href = href
        self.type = type
        self.length = length
    }
}
