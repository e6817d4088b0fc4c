public import Foundation

/// One parsed feed document: the channel's own fields and its items, in document order.
///
/// A value type so a pass over a source can hand it from the fetch thread to the story desk. Optional fields are
/// `nil` when the feed does not carry them; nothing is invented.
public struct Feed: Sendable, Equatable {
    /// The dialect the document was sniffed as (from its content, never from the HTTP `Content-Type`).
    public var format: FeedFormat
    /// Everything the channel says about itself.
    public var header: FeedHeader
    /// The items (entries), in document order. Items sharing an identity are all kept, the repeats told apart
    /// (see ``FeedItem/identity``).
    public var items: [FeedItem]
    /// Recoverable problems met while reading the document. Non-empty is feedparser's "bozo" flag.
    public var warnings: [String]
    /// The character encoding the bytes were read as (lower-cased, e.g. `utf-8`, `windows-1252`).
    public var encoding: String?

    /// Whether the document was not well-formed and was read in recovery mode (feedparser's `bozo`).
    public var isBozo: Bool { !warnings.isEmpty }

    /// The channel title as plain text.
    public var title: String? {
        get { header.titleDetail?.plainText.nonEmpty }
        set { header.titleDetail = newValue.map { FeedText(value: $0) } }
    }

    /// The site the feed belongs to, resolved to an absolute URL.
    public var link: String? {
        get { header.link }
        set { header.link = newValue }
    }

    /// Every link the channel declares (`<link>`, `atom:link`), hrefs resolved.
    public var links: [FeedLink] {
        get { header.links }
        set { header.links = newValue }
    }

    /// Atom `<id>` or RSS 1.0 `rdf:about`.
    public var id: String? {
        get { header.id }
        set { header.id = newValue }
    }

    /// RSS `<description>` or Atom `<subtitle>`/`<tagline>`, as HTML.
    public var subtitle: String? {
        get { header.subtitleDetail?.html.nonEmpty }
        set { header.subtitleDetail = newValue.map { FeedText(value: $0, type: "text/html") } }
    }

    /// `<language>`, `dc:language` or the root's `xml:lang`.
    public var language: String? {
        get { header.language }
        set { header.language = newValue }
    }

    /// The channel's first author, as `name (email)`.
    public var author: String? {
        get { header.authors.first?.display }
        set { header.authors = newValue.map { [FeedPerson(name: $0)] } ?? [] }
    }

    /// When the channel last changed; its publication date when it gives no other.
    public var updated: Date? {
        (header.updatedDetail ?? header.publishedDetail)?.date
    }

    /// The date text `updated` was read from, as written in the feed.
    public var updatedText: String? {
        (header.updatedDetail ?? header.publishedDetail)?.text
    }

    /// A feed with the given fields; everything but the format is optional or empty by default.
    public init(
        format: FeedFormat, header: FeedHeader = FeedHeader(), title: String? = nil, link: String? = nil,
        items: [FeedItem] = [], warnings: [String] = [], encoding: String? = nil
    ) {
        self.format = format
        self.header = header
        self.items = items
        self.warnings = warnings
        self.encoding = encoding
        if let title { self.title = title }
        if let link { self.link = link }
    }
}
