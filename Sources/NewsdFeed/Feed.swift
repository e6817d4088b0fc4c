public import Foundation

/// One parsed RSS or Atom document: the channel's own fields and its items, in document order.
///
/// A value type so a pass over a source can hand it from the fetch thread to the story desk. Optional fields are
/// `nil` when the feed does not carry them; nothing is invented.
public struct Feed: Sendable, Equatable {
    /// The dialect the document was sniffed as (from its content, never from the HTTP `Content-Type`).
    public var format: FeedFormat
    /// The channel title as plain text.
    public var title: String?
    /// The site the feed belongs to, resolved to an absolute URL.
    public var link: String?
    /// Every link the channel declares (`<link>`, `atom:link`), hrefs resolved.
    public var links: [FeedLink]
    /// Atom `<id>` or RSS 1.0 `rdf:about`.
    public var id: String?
    /// RSS `<description>` or Atom `<subtitle>`/`<tagline>`, as written (it may hold HTML).
    public var subtitle: String?
    /// `<language>`, `dc:language` or the root's `xml:lang`.
    public var language: String?
    /// The channel's author: `managingEditor`, `dc:creator` or Atom `author/name`.
    public var author: String?
    /// When the channel last changed (`lastBuildDate`, `dc:date`, `pubDate`, Atom `updated`/`modified`).
    public var updated: Date?
    /// The date text `updated` was read from, as written in the feed.
    public var updatedText: String?
    /// The items (entries), in document order, each identity kept once (the first occurrence wins).
    public var items: [FeedItem]
    /// Recoverable problems met while reading the document. Non-empty is feedparser's "bozo" flag.
    public var warnings: [String]
    /// The character encoding the bytes were read as (lower-cased, e.g. `utf-8`, `windows-1252`).
    public var encoding: String?

    /// Whether the document was not well-formed and was read in recovery mode (feedparser's `bozo`).
    public var isBozo: Bool { !warnings.isEmpty }

    /// A feed with the given fields; everything but the format is optional or empty by default.
    public init(
        format: FeedFormat, title: String? = nil, link: String? = nil, links: [FeedLink] = [], id: String? = nil,
        subtitle: String? = nil, language: String? = nil, author: String? = nil, updated: Date? = nil,
        updatedText: String? = nil, items: [FeedItem] = [], warnings: [String] = [], encoding: String? = nil
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.links = links
        self.id = id
        self.subtitle = subtitle
        self.language = language
        self.author = author
        self.updated = updated
        self.updatedText = updatedText
        self.items = items
        self.warnings = warnings
        self.encoding = encoding
    }
}
