public import Foundation

/// One item (RSS) or entry (Atom) of a feed.
///
/// Text fields are `nil` when the feed leaves them out or empty. `summary` and `content` keep the HTML the feed
/// carries as a string; `title` is plain text.
public struct FeedItem: Sendable, Equatable {
    /// RSS `<guid>`, Atom `<id>` or RSS 1.0 `rdf:about`, as written (trimmed).
    public var id: String?
    /// The article's URL: RSS `<link>`, an Atom alternate link, `atom:link`, or a permalink `<guid>`; absolute.
    public var link: String?
    /// Every link the item declares, enclosures included, hrefs resolved.
    public var links: [FeedLink]
    /// The headline as plain text: tags stripped, entities decoded, whitespace collapsed.
    public var title: String?
    /// RSS `<description>` or Atom `<summary>`, as written (usually HTML).
    public var summary: String?
    /// `content:encoded` or Atom `<content>`, as written (usually HTML).
    public var content: String?
    /// The media type of `content`: `text/html`, `text/plain` or `application/xhtml+xml`.
    public var contentType: String?
    /// `<author>`, `dc:creator` or Atom `author/name`.
    public var author: String?
    /// When the item was first published (`pubDate`, `dc:date`, Atom `published`/`issued`).
    public var published: Date?
    /// The date text `published` was read from, as written.
    public var publishedText: String?
    /// When the item last changed (Atom `updated`/`modified`, `dcterms:modified`).
    public var updated: Date?
    /// The date text `updated` was read from, as written.
    public var updatedText: String?
    /// Categories: RSS `<category>`, `dc:subject`, Atom `<category>`.
    public var tags: [FeedTag]
    /// Attached files: RSS `<enclosure>`, Atom `<link rel="enclosure">`.
    public var enclosures: [FeedEnclosure]

    /// An item with the given fields; all are optional or empty by default.
    public init(
        id: String? = nil, link: String? = nil, links: [FeedLink] = [], title: String? = nil, summary: String? = nil,
        content: String? = nil, contentType: String? = nil, author: String? = nil, published: Date? = nil,
        publishedText: String? = nil, updated: Date? = nil, updatedText: String? = nil, tags: [FeedTag] = [],
        enclosures: [FeedEnclosure] = []
    ) {
        self.id = id
        self.link = link
        self.links = links
        self.title = title
        self.summary = summary
        self.content = content
        self.contentType = contentType
        self.author = author
        self.published = published
        self.publishedText = publishedText
        self.updated = updated
        self.updatedText = updatedText
        self.tags = tags
        self.enclosures = enclosures
    }

    /// What makes this item the same item on the next poll: the GUID/id when present, else the link, else a
    /// content hash (FNV-1a 64 of title and summary, 16 lower-case hex digits).
    ///
    /// Stable across processes and polls: it never uses Swift's randomly seeded `hashValue`.
    public var identity: String {
        if let id, !id.isEmpty { return id }
        if let link, !link.isEmpty { return link }
        var hash = FNV1a64()
        hash.combine(title ?? "")
        hash.combine([0x1F])
        hash.combine(summary ?? "")
        return hash.hexDigest
    }
}
