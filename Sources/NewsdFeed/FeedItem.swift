public import Foundation

/// One item (RSS) or entry (Atom, JSON Feed) of a feed.
///
/// The `…Detail` fields keep what the feed wrote with its type, language and base; the plain properties
/// (`title`, `summary`, `content`, `author`, `published`) are the forms the rest of newsd uses.
public struct FeedItem: Sendable, Equatable {
    /// RSS `<guid>`, Atom `<id>`, RSS 1.0 `rdf:about` or JSON Feed `id`, as written (trimmed).
    public var id: String?
    /// Whether the link was taken from a permalink `<guid>` (feedparser's `guidislink`); `nil` without a guid.
    public var guidIsLink: Bool?
    /// The article's URL: RSS `<link>`, an Atom alternate link, `atom:link`, or a permalink `<guid>`; absolute.
    public var link: String?
    /// Every link the item declares, enclosures included, hrefs resolved.
    public var links: [FeedLink]
    /// The headline.
    public var titleDetail: FeedText?
    /// RSS `<description>`, Atom `<summary>` (or the content, when the entry has no summary).
    public var summaryDetail: FeedText?
    /// `content:encoded`, `xhtml:body`, Atom `<content>`s.
    public var contents: [FeedText]
    /// `<rights>`, `dc:rights`.
    public var rightsDetail: FeedText?
    /// Atom `<author>`s, RSS `<author>`, `dc:creator`.
    public var authors: [FeedPerson]
    /// Atom `<contributor>`s, `dc:contributor`.
    public var contributors: [FeedPerson]
    /// `dc:publisher`.
    public var publisher: FeedPerson?
    /// `pubDate`, `dc:date`-less `published`/`issued`, `dcterms:issued`.
    public var publishedDetail: FeedDate?
    /// Atom `updated`/`modified`, `dc:date`, `dcterms:modified`.
    public var updatedDetail: FeedDate?
    /// `dcterms:created`, Atom 0.3 `created`.
    public var createdDetail: FeedDate?
    /// RSS `expirationDate`.
    public var expiredDetail: FeedDate?
    /// Categories: RSS `<category>`, `dc:subject`, Atom `<category>`.
    public var tags: [FeedTag]
    /// Attached files: RSS `<enclosure>`, Atom `<link rel="enclosure">`, `media:content`.
    public var enclosures: [FeedEnclosure]
    /// Pictures for the item: `media:thumbnail`.
    public var thumbnails: [String]
    /// The feed an Atom entry was copied from (`<source>`), or an RSS `<source>`'s title and URL.
    public var source: FeedHeader?
    /// Other elements, keyed as feedparser names them (`comments`, `wfw_comment`, …).
    public var extensions: [String: FeedExtension]

    /// An item with the given fields; all are optional or empty by default.
    public init(
        id: String? = nil, link: String? = nil, links: [FeedLink] = [], title: String? = nil, summary: String? = nil,
        content: String? = nil, author: String? = nil, published: Date? = nil, updated: Date? = nil,
        tags: [FeedTag] = [], enclosures: [FeedEnclosure] = []
    ) {
        self.id = id
        self.link = link
        self.links = links
        self.contents = []
        self.authors = []
        self.contributors = []
        self.tags = tags
        self.enclosures = enclosures
        self.thumbnails = []
        self.extensions = [:]
        self.title = title
        self.summary = summary
        self.content = content
        self.author = author
        self.publishedDetail = published.map { FeedDate(text: "", date: $0) }
        self.updatedDetail = updated.map { FeedDate(text: "", date: $0) }
    }

    /// The headline as plain text: tags stripped, entities decoded, whitespace collapsed.
    public var title: String? {
        get { titleDetail?.plainText.nonEmpty }
        set { titleDetail = newValue.map { FeedText(value: $0) } }
    }

    /// The summary as HTML.
    public var summary: String? {
        get { summaryDetail?.html.nonEmpty }
        set { summaryDetail = newValue.map { FeedText(value: $0, type: "text/html") } }
    }

    /// The first full content as HTML.
    public var content: String? {
        get { contents.first(where: { $0.source == nil })?.html.nonEmpty }
        set { contents = newValue.map { [FeedText(value: $0, type: "text/html")] } ?? [] }
    }

    /// The media type of the first content as the feed declared it.
    public var contentType: String? {
        contents.first(where: { $0.source == nil })?.type
    }

    /// The first author, as `name (email)`.
    public var author: String? {
        get { authors.first?.display }
        set { authors = newValue.map { [FeedPerson(name: $0)] } ?? [] }
    }

    /// When the item was first published; `nil` when the feed gives no valid date.
    public var published: Date? { publishedDetail?.date }
    /// The date text `published` was read from, as written.
    public var publishedText: String? { publishedDetail?.text }
    /// When the item last changed.
    public var updated: Date? { updatedDetail?.date }
    /// The date text `updated` was read from, as written.
    public var updatedText: String? { updatedDetail?.text }

    /// What makes this item the same item on the next poll: the GUID/id when present, else the link, else a
    /// content hash (FNV-1a 64 of title and summary, 16 lower-case hex digits).
    ///
    /// Stable across processes and polls: it never uses Swift's randomly seeded `hashValue`. When one feed repeats
    /// an identity, the parser keeps every item and gives the repeats distinct identities (see
    /// ``FeedParser/distinguishingRepeats(_:)``).
    public var identity: String {
        if let assignedIdentity { return assignedIdentity }
        if let id, !id.isEmpty { return id }
        if let link, !link.isEmpty { return link }
        return contentHash
    }

    /// FNV-1a 64 of title and summary, as 16 lower-case hex digits.
    var contentHash: String {
        var hash = FNV1a64()
        hash.combine(title ?? "")
        hash.combine([0x1F])
        hash.combine(summary ?? "")
        return hash.hexDigest
    }

    /// An identity the parser assigned to tell a repeated GUID apart.
    var assignedIdentity: String?
}
