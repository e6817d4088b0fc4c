public import Foundation

/// A text construct (a title, subtitle, summary, content or rights statement) with what a reader needs to
/// interpret it: its media type, the `xml:lang` and `xml:base` in force where it was written.
///
/// `value` follows feedparser: plain text for `text/plain`; for `text/html` and `application/xhtml+xml`, markup
/// re-serialised with relative URLs made absolute. ``plainText`` and ``html`` give the two forms newsd uses.
public struct FeedText: Sendable, Equatable {
    /// The text, or markup for an HTML or XHTML type.
    public var value: String
    /// `text/plain`, `text/html`, `application/xhtml+xml`, or the media type the feed declared.
    public var type: String
    /// The `xml:lang` in force, if any.
    public var language: String?
    /// The base URL relative references inside the value were resolved against.
    public var base: String?
    /// For Atom out-of-line content, the URL of the content (`value` is then empty).
    public var source: String?

    /// A text construct; plain text by default.
    public init(value: String, type: String = "text/plain", language: String? = nil, base: String? = nil,
                source: String? = nil) {
        self.value = value
        self.type = type
        self.language = language
        self.base = base
        self.source = source
    }

    /// Whether `value` is markup (HTML, XHTML or another XML type) rather than plain text.
    public var isMarkup: Bool {
        type.contains("html") || type.hasSuffix("xml")
    }

    /// The text without markup: tags stripped, references decoded, whitespace collapsed.
    public var plainText: String {
        isMarkup ? PlainText.fromHTML(value) : PlainText.collapsingWhitespace(value)
    }

    /// The value as HTML: markup as is, plain text with `&`, `<` and `>` escaped.
    public var html: String {
        isMarkup ? value : MarkupWriter.escapingText(value)
    }
}

/// A person: Atom's `author`/`contributor`, or an RSS `author`, `managingEditor` or `dc:creator` read as
/// `name (email)` or `email (name)`.
public struct FeedPerson: Sendable, Equatable {
    /// The person's name.
    public var name: String?
    /// The e-mail address.
    public var email: String?
    /// The person's home page (Atom `uri`, Atom 0.3 `url`/`homepage`), resolved.
    public var href: String?
    /// The text the feed wrote, for a person written as one string (RSS `author`, `dc:creator`).
    public var written: String?

    /// A person with any of the three fields.
    public init(name: String? = nil, email: String? = nil, href: String? = nil) {
        self.name = name
        self.email = email
        self.href = href
    }

    /// A person written as one string: the e-mail address found in it, the rest (without brackets) as the name.
    public init(written text: String) {
        written = text
        guard let range = Self.emailRange(in: text) else {
            name = text.nonEmpty
            return
        }
        email = String(text[range])
        var rest = text.replacingCharacters(in: range, with: "")
        for empty in ["()", "<>", "&lt;&gt;"] { rest = rest.replacingOccurrences(of: empty, with: "") }
        rest = rest.trimmingSpaces
        if rest.hasPrefix("(") { rest.removeFirst() }
        if rest.hasSuffix(")") { rest.removeLast() }
        name = rest.trimmingSpaces.nonEmpty
    }

    /// Where an e-mail address (`local@domain.tld`) is in `text`.
    private static func emailRange(in text: String) -> Range<String.Index>? {
        guard let at = text.firstIndex(of: "@") else { return nil }
        func isLocal(_ character: Character) -> Bool {
            character.isASCII && (character.isLetter || character.isNumber || "_-.+".contains(character))
        }
        func isDomain(_ character: Character) -> Bool {
            character.isASCII && (character.isLetter || character.isNumber || "-.".contains(character))
        }
        var start = at
        while start > text.startIndex, isLocal(text[text.index(before: start)]) { start = text.index(before: start) }
        var end = text.index(after: at)
        while end < text.endIndex, isDomain(text[end]) { end = text.index(after: end) }
        while end > text.index(after: at), text[text.index(before: end)] == "." { end = text.index(before: end) }
        guard start < at, text[text.index(after: at)..<end].contains(".") else { return nil }
        return start..<end
    }

    /// How feedparser writes the person in one string: as written, else `name (email)`, or whichever exists.
    public var display: String? {
        if let written { return written }
        return switch (name, email) {
        case let (name?, email?): "\(name) (\(email))"
        case let (name?, nil): name
        case let (nil, email?): email
        case (nil, nil): nil
        }
    }
}

/// The software that wrote the feed (Atom `generator`, RSS `generator`, `admin:generatorAgent`).
public struct FeedGenerator: Sendable, Equatable {
    /// The product's name.
    public var name: String?
    /// Its home page, resolved.
    public var href: String?
    /// Its version.
    public var version: String?

    /// A generator with any of the three fields.
    public init(name: String? = nil, href: String? = nil, version: String? = nil) {
        self.name = name
        self.href = href
        self.version = version
    }
}

/// A channel's picture: RSS `<image>` with its `url`, `title`, `link`, `width`, `height` and `description`.
public struct FeedImage: Sendable, Equatable {
    /// The picture's URL (`<url>`), resolved.
    public var href: String?
    /// Its alternative text.
    public var title: String?
    /// The page the picture links to, resolved.
    public var link: String?
    /// Its size in pixels, when given as a number.
    public var width: Int?
    public var height: Int?
    /// Its longer description (RSS 0.91).
    public var description: String?

    /// An image with any of its fields.
    public init(href: String? = nil, title: String? = nil, link: String? = nil, width: Int? = nil,
                height: Int? = nil, description: String? = nil) {
        self.href = href
        self.title = title
        self.link = link
        self.width = width
        self.height = height
        self.description = description
    }
}

/// An element newsd does not model, kept as feedparser keeps it: its text, or its attributes when it has some.
public enum FeedExtension: Sendable, Equatable {
    /// The element's text (trimmed).
    case text(String)
    /// The element's attributes, names lower-cased.
    case attributes([String: String])
}

/// A date as written in the feed, and the instant it stands for (`nil` when it is not a valid date).
public struct FeedDate: Sendable, Equatable {
    /// The text as written, trimmed.
    public var text: String
    /// The instant, or `nil` for an invalid date (never a rolled-over one).
    public var date: Date?

    /// A date text and its parsed value.
    public init(text: String, date: Date?) {
        self.text = text
        self.date = date
    }
}

/// What a channel says about itself; Atom entries carry the same fields for the feed they were copied from
/// (`<source>`).
public struct FeedHeader: Sendable, Equatable {
    /// The channel's title.
    public var titleDetail: FeedText?
    /// The page the channel stands for, resolved.
    public var link: String?
    /// Every link declared, hrefs resolved.
    public var links: [FeedLink] = []
    /// Atom `<id>` or RSS 1.0 `rdf:about`.
    public var id: String?
    /// An RSS `<source>`'s `url`: the feed the item was taken from.
    public var href: String?
    /// RSS `<description>`, Atom `<subtitle>` or `<tagline>`.
    public var subtitleDetail: FeedText?
    /// Atom 0.3 `<info>`, feedburner's `browserFriendly`.
    public var infoDetail: FeedText?
    /// `<rights>`, `<copyright>`, `dc:rights`.
    public var rightsDetail: FeedText?
    /// `<language>`, `dc:language` or `xml:lang`.
    public var language: String?
    /// Atom `<author>`s, `managingEditor`, `dc:creator`, `dc:author`.
    public var authors: [FeedPerson] = []
    /// Atom `<contributor>`s, `dc:contributor`.
    public var contributors: [FeedPerson] = []
    /// `dc:publisher` or `webMaster`.
    public var publisher: FeedPerson?
    /// The software that wrote the feed.
    public var generator: FeedGenerator?
    /// Atom `icon`, resolved.
    public var icon: String?
    /// Atom `logo`, resolved.
    public var logo: String?
    /// RSS `<image>`.
    public var image: FeedImage?
    /// `<textInput>`'s fields, keyed `title`, `description`, `name`, `link`.
    public var textInput: [String: String] = [:]
    /// When the channel last changed: `updated`, `modified`, `lastBuildDate`, `dc:date`, `dcterms:modified`.
    public var updatedDetail: FeedDate?
    /// `pubDate`, `published`, `issued`, `dcterms:issued`.
    public var publishedDetail: FeedDate?
    /// `dcterms:created`, Atom 0.3 `created`.
    public var createdDetail: FeedDate?
    /// Categories: `<category>`, `dc:subject`.
    public var tags: [FeedTag] = []
    /// Other elements, keyed as feedparser names them (`ttl`, `docs`, `cloud`, `wfw_comment`, …).
    public var extensions: [String: FeedExtension] = [:]

    /// An empty header.
    public init() {}
}

