/// A document that could not be read as a feed, with the URL it came from and what to do about it.
public struct FeedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The document is something else: an HTML page, JSON that is no JSON Feed, or XML with another root.
        case notAFeed
        /// The bytes are not XML at all (empty, binary, truncated before the root element), or broken JSON.
        case unparsable
    }

    /// What went wrong.
    public var kind: Kind
    /// The URL (or file) the bytes came from.
    public var url: String
    /// What the document turned out to be: its root element's name (`html`, `opml`), or `JSON`.
    public var found: String?
    /// Further detail from the parser, if any.
    public var detail: String

    /// An error about the document at `url`.
    public init(kind: Kind, url: String, found: String? = nil, detail: String = "") {
        self.kind = kind
        self.url = url
        self.found = found
        self.detail = detail
    }

    /// What went wrong, where, and what to check.
    public var description: String {
        switch kind {
        case .notAFeed:
            switch found?.lowercased() {
            case "html":
                return "\(url): got an HTML page, not a feed: is the feed URL right? (the page may name its feed "
                    + "in a <link rel=\"alternate\" type=\"application/rss+xml\">)"
            case "json":
                let reason = detail.isEmpty ? "" : " (\(detail))"
                return "\(url): got JSON that is not a JSON Feed\(reason): is the feed URL right?"
            case let root?:
                return "\(url): the document's root element is <\(root)>, not <rss>, <rdf:RDF>, <feed> or <channel>: "
                    + "is the feed URL right?"
            case nil:
                return "\(url): the document is not an RSS or Atom feed: is the feed URL right?"
            }
        case .unparsable where found == "JSON":
            return "\(url): could not read the document as JSON (\(detail)): check that the URL serves a feed"
        case .unparsable:
            let reason = detail.isEmpty ? "" : " (\(detail))"
            return "\(url): could not read the document as XML\(reason): check that the URL serves RSS or Atom"
        }
    }
}
